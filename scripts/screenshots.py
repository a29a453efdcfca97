"""The whole product in a minute: every page, as each of its people sees it, at 360 px
(a cheap phone) and 1440 px, in Vietnamese and English, into var/screenshots/ with an
index.html to flip through.

    make screenshots            (the same as: .venv/bin/python scripts/screenshots.py)
    .venv/bin/python scripts/screenshots.py approver ioc      (only these people)

It builds a scratch demo installation of its own (var/screenshots/site, SQLite), gives
the demo people a password made for this run and an authenticator, serves it with
Django's development server on a free loopback port and walks it with Debian's
Chromium through Playwright. Nothing leaves the machine; nothing is downloaded.
"""

from __future__ import annotations

import html
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import free_port, wait_for_port  # noqa: E402
from tests.browser import ARGS, CHROMIUM  # noqa: E402

OUT = ROOT / "var" / "screenshots"
SITE = OUT / "site"
WIDTHS = (360, 1440)
LANGUAGES = ("vi", "en")


def prepare_site(env: dict[str, str]) -> None:
    if SITE.exists():
        shutil.rmtree(SITE)
    SITE.mkdir(parents=True)
    python = [sys.executable, "manage.py"]
    print("screenshots: a scratch demo installation (migrate, load_demo) …", flush=True)
    # The axis's queue delivered and sealed once, so its pages show traffic.
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo"],
        ["deliver_exchange_messages"],
        ["seal_exchange_log"],
        ["check_exchange_providers"],
    ):
        subprocess.run([*python, *command], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are
    # plain and short (a code, a token), which Django allows with this flag.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()


class People:
    """The demo people this run signs in as, with a password and an authenticator
    made now (the demo prints new passwords on each run; none is in the repository)."""

    ROLES = {
        "citizen": "+84912000001",
        "receptionist": "+84901000011",
        "specialist": "+84901000012",
        "approver": "+84901000013",
        "clerk": "+84901000015",
        "ioc": "+84901000002",
        "traffic": "+84901000006",
        "warning": "+84901000007",
        "admin": "+84901000001",
    }

    def __init__(self) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from tinhso.accounts.models import User

        self.password = secrets.token_urlsafe(16)
        self.devices = {}
        for role, phone in self.ROLES.items():
            user = User.objects.get(phone=phone)
            user.set_password(self.password)
            user.save()
            if user.is_official or user.is_staff:
                TOTPDevice.objects.filter(user=user).delete()
                self.devices[role] = TOTPDevice.objects.create(
                    user=user, name="screenshots", confirmed=True
                )

    def code(self, role: str) -> str:
        from django_otp.oath import TOTP

        device = self.devices[role]
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        return f"{totp.token():0{device.digits}d}"


def pages_of(role: str) -> list[tuple[str, str]]:
    """(name, path) of what each person looks at, from the demo's own records."""
    from tinhso.accounts.models import Membership
    from tinhso.ioc.models import Indicator
    from tinhso.reports.models import Question, Report
    from tinhso.services.models import Dossier, DossierDocument, Procedure
    from tinhso.services.views_desk import available_actions
    from tinhso.traffic.models import Violation

    procedure = Procedure.objects.filter(is_active=True).order_by("code").first()
    dossier = Dossier.objects.order_by("-submitted_at").first()
    result = DossierDocument.objects.filter(kind="result").exclude(verify_token="").first()
    report = Report.objects.filter(is_public=True).order_by("-created_at").first()
    question = Question.objects.exclude(answer="").first()
    violation = Violation.objects.order_by("-occurred_at").first()
    plate = Violation.objects.filter(status__in=("verified", "notice_issued")).first()
    indicator = Indicator.objects.filter(is_active=True, derived="").order_by("code").first()
    if role == "public":
        found = [
            ("home", "/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("catalogue", "/services/"),
            ("catalogue-search", "/services/?" + urlencode({"q": "bằng lái xe máy bị mất"})),
            ("assistant", "/assistant/"),
            ("assistant-conversation", CONVERSATION),
            ("lookup", "/services/lookup/"),
            ("reports", "/reports/"),
            ("questions", "/reports/questions/"),
            ("traffic-lookup", "/traffic/lookup/"),
            ("verify-unknown", "/verify/khong-co-ma-nay/"),  # a 404 on purpose
            ("verify-upload", "/verify/"),
            ("documents-public", "/van-ban/"),
            ("resolutions", "/nghi-quyet/"),
            ("resolutions-search", "/nghi-quyet/?" + urlencode({"q": "ke hoach", "term": ""})),
        ]
        from tinhso.meetings.models import Publication

        published = Publication.objects.first()
        if published:
            found.append(("resolution", f"/nghi-quyet/{published.pk}/"))
        if procedure:
            found.append(("procedure", f"/services/p/{procedure.code}/"))
        if report:
            found.append(("report", f"/reports/{report.public_id}/"))
        if question:
            found.append(("question", f"/reports/questions/{question.public_id}/"))
        if result:
            found.append(("verify", f"/verify/{result.verify_token}/"))
        from tinhso.documents.models import OutgoingDocument

        issued = OutgoingDocument.objects.filter(public=True).exclude(verify_token=None).first()
        if issued:
            found.append(("document-check", f"/van-ban/check/{issued.verify_token}/"))
        if plate:
            found.append(
                (
                    "traffic-lookup-found",
                    f"/traffic/lookup/?plate={plate.plate}&colour={plate.plate_colour}",
                )
            )
        return found
    if role == "citizen":
        found = [
            ("my-items", "/my/"),
            ("inbox", "/inbox/"),
            ("my-dossiers", "/services/my/"),
            ("my-reports", "/reports/mine/"),
            ("report-new", "/reports/new/"),
            ("ask", "/reports/questions/ask/"),
            ("profile", "/accounts/profile/"),
        ]
        if procedure:
            found.append(("submit", f"/services/p/{procedure.code}/submit/"))
        mine = Dossier.objects.filter(applicant__phone=People.ROLES["citizen"]).first()
        if mine:
            found.append(("my-dossier", f"/services/my/{mine.code}/"))
        return found
    if role in ("receptionist", "specialist", "approver"):
        # Records in the commune these officials work for (others' are 404 to them).
        member = Membership.objects.filter(user__phone=People.ROLES[role]).first()
        unit = member.org_unit
        # A dossier waiting for this official, so that the page shows its actions.
        mine = Dossier.objects.filter(agency__path__startswith=unit.path).order_by("-pk")[:60]
        waiting = [d for d in mine if available_actions(member.user, d)]
        dossier = (waiting or list(mine) or [dossier])[0]
        report = Report.objects.filter(unit__path__startswith=unit.path).first() or report
        found = [("console", "/console/"), ("dossiers", "/console/dossiers/")]
        if role == "receptionist":
            found.append(("intake", "/console/dossiers/new/"))
        if role == "approver":
            found.append(("statistics", "/console/statistics/"))
        if dossier:
            found.append(("dossier", f"/console/dossiers/{dossier.code}/"))
            if role == "receptionist":
                found.append(("dossier-population", f"/console/dossiers/{dossier.code}/{CHECKED}"))
        found.append(("report-desk", "/console/reports/"))
        if report:
            found.append(("report-handling", f"/console/reports/{report.public_id}/"))
        if role in ("specialist", "approver"):
            found += documents_pages(unit.path)
            found += meetings_pages(member.user)
            found += broadcast_pages(unit.path)
        return found
    if role == "clerk":
        from tinhso.documents.models import ArrivedPackage

        member = Membership.objects.filter(user__phone=People.ROLES[role]).first()
        unit = member.org_unit
        found = [
            ("documents-register", "/console/documents/incoming/"),
            ("documents-new", "/console/documents/incoming/new/"),
            *documents_pages(unit.path),
        ]
        arrival = ArrivedPackage.objects.filter(unit=unit).first()
        if arrival:
            found.append(("documents-arrival", f"/console/documents/arrivals/{arrival.pk}/"))
        found += meetings_pages(member.user)
        found.append(("meeting-new", "/meetings/new/"))
        return found
    if role == "ioc":
        found = [("board", "/console/ioc/"), ("alerts", "/console/ioc/alerts/")]
        found.append(("board-system", "/console/ioc/?sector=system"))
        if indicator:
            found.append(("indicator", f"/console/ioc/i/{indicator.code}/"))
        return found
    if role == "warning":  # the province's disaster-prevention command
        return [("radio-dispatch-new", "/console/broadcast/dispatches/new/"), *dispatch_pages()]
    if role == "traffic":
        found = [("queue", "/console/traffic/"), ("cameras", "/console/traffic/cameras/")]
        found.append(("registry", "/console/traffic/registry/"))
        if violation:
            found.append(("review", f"/console/traffic/{violation.public_id}/"))
        return found
    return [
        ("audit", "/console/audit/"),
        ("staff", "/console/staff/"),
        ("exchange", "/console/exchange/"),
        ("exchange-registry", "/console/exchange/registry/"),
        ("exchange-log", "/console/exchange/log/"),
        ("exchange-queue", "/console/exchange/queue/"),
        ("assistant-questions", "/console/assistant/"),
        ("catalogue-import", "/console/catalogue/import/"),
        *radio_install_pages(),
    ]


def radio_install_pages() -> list[tuple[str, str]]:
    """The IT administrator's radio pages: open a station, add and correct a speaker."""
    from tinhso.broadcast.models import Speaker

    found = [("radio-station-new", "/console/broadcast/stations/new/")]
    speaker = Speaker.objects.in_service().order_by("pk").first()
    if speaker:
        found += [
            ("radio-station-install", f"/console/broadcast/stations/{speaker.station_id}/"),
            (
                "radio-speaker-new",
                f"/console/broadcast/stations/{speaker.station_id}/speakers/new/",
            ),
            ("radio-speaker", f"/console/broadcast/speakers/{speaker.pk}/"),
        ]
    return found


def documents_pages(unit_path: str) -> list[tuple[str, str]]:
    """Documents: the work list, the overdue list, a document being handled, the
    outgoing register and one outgoing document at each step."""
    from tinhso.documents.models import IncomingDocument, OutgoingDocument

    found = [
        ("documents-mine", "/console/documents/"),
        ("documents-late", "/console/documents/incoming/?late=on"),
        ("outgoing", "/console/documents/outgoing/"),
        ("outgoing-new", "/console/documents/outgoing/new/"),
    ]
    for state in ("draft", "in_review", "to_sign", "to_issue", "issued"):
        one = OutgoingDocument.objects.filter(unit__path__startswith=unit_path, state=state)
        if one.exists():
            found.append((f"outgoing-{state}", f"/console/documents/outgoing/{one.first().pk}/"))
    held = (
        IncomingDocument.objects.filter(unit__path__startswith=unit_path, secrecy="none")
        .exclude(deadline=None)
        .order_by("deadline")
        .first()
    )
    if held:
        found.append(("document", f"/console/documents/incoming/{held.pk}/"))
    return found


def meetings_pages(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The meetings list, a meeting's page and one of its documents, page by page — of
    the meetings this person may see (the others are 404 to them)."""
    from tinhso.meetings.permissions import visible_meetings

    found = [("meetings", "/meetings/"), ("meeting-tasks", "/meetings/tasks/")]
    meetings = visible_meetings(user)
    meeting = meetings.filter(state="planned").first()
    if meeting:
        found.append(("meeting", f"/meetings/{meeting.pk}/"))
        document = meeting.documents.filter(superseded_by__isnull=True).first()
        if document:
            found.append(("meeting-document", f"/meetings/documents/{document.pk}/"))
    session = meetings.filter(state="closed").first()  # the council's, held and signed
    if session:
        found += [
            ("session", f"/meetings/{session.pk}/"),
            ("session-screen", f"/meetings/{session.pk}/screen/"),
            ("session-minutes", f"/meetings/{session.pk}/minutes/"),
            ("session-search", f"/meetings/{session.pk}/search/?q=ngan+sach"),
        ]
    return found


def broadcast_pages(unit_path: str) -> list[tuple[str, str]]:
    """The commune radio: its bulletins, a new one, one waiting for approval, the
    station's page (speakers on the map, schedule, log)."""
    from tinhso.broadcast.models import Bulletin, Station

    found = [("broadcast", "/console/broadcast/"), ("broadcast-new", "/console/broadcast/new/")]
    waiting = Bulletin.objects.filter(
        station__unit__path__startswith=unit_path, state="submitted"
    ).first()
    if waiting:
        found.append(("bulletin", f"/console/broadcast/{waiting.pk}/"))
    station = Station.objects.filter(unit__path__startswith=unit_path).first()
    if station:
        found.append(("radio-station", f"/console/broadcast/stations/{station.pk}/"))
    return found + dispatch_pages()


def dispatch_pages() -> list[tuple[str, str]]:
    """Bulletins sent from above: the list and the newest one, station by station."""
    from tinhso.broadcast.models import Dispatch

    found = [("radio-dispatches", "/console/broadcast/dispatches/")]
    newest = Dispatch.objects.order_by("-created_at").first()
    if newest:
        found.append(("radio-dispatch", f"/console/broadcast/dispatches/{newest.pk}/"))
    return found


# A dossier's page after the desk looked the applicant up through the exchange axis.
CHECKED = "?after=population-check"

# The assistant's page after a conversation (asked anew in each language and width).
CONVERSATION = "/assistant/?after=conversation"
QUESTIONS = ["làm hộ chiếu mất bao lâu", "có nộp online được không", "khai sinh mất bao lâu"]


def converse(page, base: str) -> None:
    page.goto(base + "/assistant/")
    if page.locator(".turn").count():
        page.locator("form[action$='/assistant/forget/'] button").click()
        page.wait_for_load_state()
    for number, question in enumerate(QUESTIONS, start=1):
        page.fill("#chat-q", question)
        page.locator("#chat-form button[type=submit]").click()
        page.locator(f"#turn-{number}").wait_for()


def sign_in(page, base: str, people: People, role: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", People.ROLES[role])
    page.fill("input[name=password]", people.password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    if role in people.devices:
        page.fill("input[name=token]", people.code(role))
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()


def shot(
    role: str, name: str, path: str, language: str, width: int, file: Path, status: int
) -> dict[str, str]:
    return {
        "role": role,
        "name": name,
        "path": path,
        "language": language,
        "width": str(width),
        "file": str(file.relative_to(OUT)),
        "status": str(status),
    }


def capture(browser, base: str, people: People) -> list[dict[str, str]]:
    shots = []
    only = set(sys.argv[1:])  # e.g. `scripts/screenshots.py approver ioc`: just those
    for role in ("public", *People.ROLES):
        if only and role not in only:
            continue
        pages = pages_of(role)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        if role != "public":
            sign_in(page, base, people, role)
        for language in LANGUAGES:
            context.add_cookies([{"name": "tinhso_language", "value": language, "url": base}])
            for name, path in pages:
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 740 if width < 800 else 900})
                    if path == CONVERSATION:
                        converse(page, base)
                    answer = page.goto(base + path)
                    if path.endswith(CHECKED):
                        with page.expect_navigation():
                            page.locator("#population button[type=submit]").click()
                    page.wait_for_load_state("networkidle")
                    folder = OUT / f"{language}-{width}"
                    folder.mkdir(parents=True, exist_ok=True)
                    file = folder / f"{role}-{name}.png"
                    page.screenshot(path=str(file), full_page=True)
                    status = answer.status if answer else 0
                    shots.append(shot(role, name, path, language, width, file, status))
        if role == "ioc":  # the wall: one 1920×1080 screen, nothing cut off
            page.set_viewport_size({"width": 1920, "height": 1080})
            page.goto(base + "/console/ioc/?wall=1")
            page.wait_for_load_state("networkidle")
            file = OUT / "wall-1920x1080.png"
            page.screenshot(path=str(file))
            height = page.evaluate("document.documentElement.scrollHeight")
            label = f"wall (page height {height} px)"
            shots.append(shot(role, label, "/console/ioc/?wall=1", "vi", 1920, file, 200))
        context.close()
        print(f"screenshots: {role}: {len(pages)} page(s)", flush=True)
    return shots


def write_index(shots: list[dict[str, str]]) -> Path:
    rows = []
    for item in shots:
        flag = "" if item["status"] == "200" else f" <b>HTTP {item['status']}</b>"
        file, what = html.escape(item["file"]), html.escape(f"{item['role']} · {item['name']}")
        rows.append(
            f'<figure><a href="{file}"><img loading="lazy" src="{file}" alt=""></a>'
            f"<figcaption>{what} · {item['language']} · {item['width']} px{flag}<br>"
            f"<code>{html.escape(item['path'])}</code></figcaption></figure>"
        )
    index = OUT / "index.html"
    index.write_text(
        "<!doctype html><meta charset=utf-8><title>Tỉnh số — screenshots</title>"
        "<style>body{font:14px sans-serif;margin:1rem}main{display:grid;gap:1rem;"
        "grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}img{width:100%;max-height:420px;"
        "object-fit:cover;object-position:top;border:1px solid #ccc}</style>"
        f"<h1>Tỉnh số — {len(shots)} screenshots</h1><main>{''.join(rows)}</main>",
        encoding="utf-8",
    )
    return index


def demo_axis(provider_port: int) -> dict[str, str]:
    """The exchange axis's settings as scripts/demo.sh sets them."""
    return {
        "EXCHANGE_DEMO_PROVIDER_URL": f"http://127.0.0.1:{provider_port}",
        "OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32",
        "EXCHANGE_SIGNING_UNIT": "000.00.00.H99",
        "EXCHANGE_DESK_SUBSYSTEM": "TINHSO/GOV/000.00.00.H99/MOTCUA",
        "EXCHANGE_IOC_SUBSYSTEM": "TINHSO/GOV/000.00.00.H99/IOC",
        "POPULATION_SERVICE": "TINHSO/GOV/000.00.50.H99/CSDLDANCU/population",
        "PORTAL_SYNC_SERVICE": "TINHSO/GOV/000.00.00.G22/DVCQG/sync",
        "DOCUMENTS_EXCHANGE_SUBSYSTEM": "TINHSO/GOV/000.00.00.H99/QLVB",
    }


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make system-deps`")
    OUT.mkdir(parents=True, exist_ok=True)
    provider_port = free_port()
    env = {
        **os.environ,
        "TINHSO_VAR_DIR": str(SITE),
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{SITE / 'tinhso.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        **demo_axis(provider_port),
    }
    # The other members' demo systems on the exchange axis, as `make demo` runs them.
    provider = subprocess.Popen(  # noqa: S603
        [
            *(str(ROOT / ".venv/bin/gunicorn"), "tinhso.exchange.demo_provider:app"),
            *("-b", f"127.0.0.1:{provider_port}", "-w", "1", "--log-level", "warning"),
        ],
        cwd=ROOT,
    )
    wait_for_port(provider_port, 30)
    prepare_site(env)
    setup_django(env)
    people = People()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, 60)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            shots = capture(browser, base, people)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        provider.terminate()
        provider.wait(timeout=10)
    index = write_index(shots)
    bad = [s for s in shots if s["status"] != "200" and s["name"] != "verify-unknown"]
    print(f"screenshots: {len(shots)} in {index}" + (f"; {len(bad)} not 200" if bad else ""))
    for item in bad:
        print(f"  HTTP {item['status']}: {item['role']} {item['path']}")


if __name__ == "__main__":
    main()

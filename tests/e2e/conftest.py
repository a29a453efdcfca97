"""Headless Debian Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.browser import ARGS, CHROMIUM

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the test still uses
# the ORM synchronously (fixtures, assertions), which Django allows with this flag.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Content-Security-Policy violations that Chromium reported on any page of a test.
CSP_VIOLATIONS: list[str] = []


def _watch_for_csp_violations(context) -> None:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", on_console)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            _watch_for_csp_violations(context)
            return context

        browser.new_context = watched_context  # every context a test opens is watched
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """Issue 11, finding 19: no page the e2e tests visit breaks the CSP."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "\n".join(CSP_VIOLATIONS[:10])


@pytest.fixture
def phone_page(browser):
    """A page the size of a cheap phone (360 × 740)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def official_page(browser, base: str, person, steps_ahead: int = 0):
    """A phone-sized page of an official signed in with password and TOTP.

    Each sign-in of the same person needs a fresh code: pass the next time step.
    The caller closes ``page.context``.
    """
    from tests.conftest import PASSWORD, enrol_totp, totp_token

    device = person.totpdevice_set.first() or enrol_totp(person)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/accounts/login/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(person.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã 6 số trong ứng dụng xác thực").fill(
        totp_token(device, steps_ahead=steps_ahead)
    )
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Bàn làm việc").wait_for()
    return page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# Fixtures of the flows: the demo province's boundaries, categories and Bình An's
# staff (report flow); a procedure and a commune's staff (dossier flow).
from tests.ioc.conftest import pm25  # noqa: E402, F401
from tests.meetings.conftest import council  # noqa: E402, F401
from tests.reports.conftest import binh_an_staff, province  # noqa: E402, F401
from tests.services.conftest import _keys, birth_registration, ward_staff  # noqa: E402, F401

import pytest
from django.core.management import call_command

from tinhso.accounts.choices import Role
from tinhso.accounts.models import Membership, User
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier, Procedure
from tinhso.traffic.models import Violation


@pytest.mark.django_db
def test_load_demo_fills_a_fresh_database_and_can_run_again(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (AdminUnit.objects.count(), OrgUnit.objects.count(), User.objects.count())
    assert AdminUnit.objects.filter(parent__code="99").count() == 10
    assert all(u.boundary for u in AdminUnit.objects.all())
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Procedure.objects.count() >= 20
    assert Procedure.objects.values("field").distinct().count() >= 5
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {
        S.NEW,
        S.RECEIVED,
        S.IN_PROGRESS,
        S.SUPPLEMENT_REQUESTED,
        S.FINISHED,
        S.RESULT_RETURNED,
    } <= statuses
    dossier_count = Dossier.objects.count()
    # The demo camera's recording went through the worker: violations wait for review.
    assert Violation.objects.filter(camera__code="nga-tu-demo", status="detected").count() >= 2
    # The People's Council session of the first commune, held, signed and published;
    # a department's working meeting ahead.
    from tinhso.meetings.models import Meeting

    session = Meeting.objects.get(body__kind="peoples_council", session_number=9)
    assert session.documents.count() == 8 and session.state == "closed"
    assert sorted(session.votes.values_list("secret", "passed")) == [(False, True), (True, True)]
    assert session.minutes.state == "signed" and session.publications.count() == 2
    assert session.speeches.filter(state="done").count() == 4
    assert Meeting.objects.filter(body__kind="department", state="planned").exists()
    # The province's source system sent one bulletin to both communes' stations.
    from tinhso.broadcast.models import Dispatch

    sent = Dispatch.objects.get(reference="TTN-DEMO-001")
    assert sent.bulletins.filter(state="submitted").count() == 2
    call_command("load_demo")
    second = capsys.readouterr().out
    assert (AdminUnit.objects.count(), OrgUnit.objects.count(), User.objects.count()) == counts
    assert Dossier.objects.count() == dossier_count
    # Fresh random passwords each run, printed once; never a fixed one.
    line = next(x for x in first.splitlines() if "0901000001" in x)
    again = next(x for x in second.splitlines() if "0901000001" in x)
    assert line.split()[1] != again.split()[1]
    admin = User.objects.get(phone="+84901000001")
    assert admin.check_password(again.split()[1])

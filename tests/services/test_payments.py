import pytest
from django.test import Client

from tests.conftest import citizen_client
from tinhso.core.errors import ActionError
from tinhso.services import actions
from tinhso.services.choices import DocumentKind, EventKind
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier, Payment
from tinhso.services.payments import SimulatorProvider


@pytest.fixture
def fee_requested(submit, ward_staff):
    r, s = ward_staff["receptionist"], ward_staff["specialist"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    return actions.do_request_fee(dossier, acting_user=s, amount=8000)


def callback(payment, result="success", amount=None, signature=None):
    fields = [str(payment.reference), result, str(amount or payment.amount), f"SIM{payment.pk}"]
    return {
        "reference": fields[0],
        "result": result,
        "amount": fields[2],
        "transaction": fields[3],
        "signature": signature or SimulatorProvider.sign(*fields),
    }


def start(client, dossier):
    response = client.post(f"/services/my/{dossier.code}/pay/")
    assert response.status_code == 302 and "/services/pay/simulator/" in response["Location"]
    return Payment.objects.latest("created_at"), response["Location"]


def test_the_citizen_pays_through_the_simulator(fee_requested, citizen):
    client = citizen_client(citizen)
    payment, page_url = start(client, fee_requested)
    page = client.get(page_url).content.decode()
    assert "8.000 đồng" in page and "Thanh toán thành công" in page
    response = client.post("/services/pay/callback/simulator/", callback(payment))
    assert response["Location"] == f"/services/my/{fee_requested.code}/"
    dossier = Dossier.objects.get(pk=fee_requested.pk)
    assert dossier.status == S.IN_PROGRESS and dossier.fee_paid_at is not None
    receipt = dossier.documents.get(kind=DocumentKind.RECEIPT)
    assert receipt.file.open("rb").read().startswith(b"%PDF")
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED


def test_a_replayed_callback_changes_nothing(fee_requested, citizen):
    client = citizen_client(citizen)
    payment, _ = start(client, fee_requested)
    for _ in range(3):
        Client().post("/services/pay/callback/simulator/", callback(payment))
    dossier = Dossier.objects.get(pk=fee_requested.pk)
    assert dossier.events.filter(kind=EventKind.FEE_PAID).count() == 1
    assert dossier.documents.filter(kind=DocumentKind.RECEIPT).count() == 1


def test_a_forged_or_tampered_callback_is_refused(fee_requested, citizen):
    payment, _ = start(citizen_client(citizen), fee_requested)
    forged = callback(payment, signature="0" * 64)
    assert Client().post("/services/pay/callback/simulator/", forged).status_code == 400
    cheaper = callback(payment)
    cheaper["amount"] = "1"  # changed after signing
    assert Client().post("/services/pay/callback/simulator/", cheaper).status_code == 400
    assert Client().post("/services/pay/callback/unknown/", callback(payment)).status_code == 404
    assert Dossier.objects.get(pk=fee_requested.pk).fee_paid_at is None


def test_a_failed_payment_leaves_the_fee_due_and_can_be_retried(fee_requested, citizen):
    client = citizen_client(citizen)
    payment, _ = start(client, fee_requested)
    page = client.post(
        "/services/pay/callback/simulator/", callback(payment, "failure"), follow=True
    )
    assert "không thành công" in page.content.decode()
    assert Dossier.objects.get(pk=fee_requested.pk).status == S.FEE_REQUESTED
    retry, _ = start(client, fee_requested)
    client.post("/services/pay/callback/simulator/", callback(retry))
    assert Dossier.objects.get(pk=fee_requested.pk).status == S.IN_PROGRESS


def test_a_wrong_amount_is_not_accepted(fee_requested, citizen):
    payment, _ = start(citizen_client(citizen), fee_requested)
    Client().post("/services/pay/callback/simulator/", callback(payment, amount=100))
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert Dossier.objects.get(pk=fee_requested.pk).fee_paid_at is None


def test_two_payments_cannot_both_succeed(fee_requested, citizen):
    client = citizen_client(citizen)
    first, _ = start(client, fee_requested)
    second, _ = start(client, fee_requested)
    Client().post("/services/pay/callback/simulator/", callback(first))
    Client().post("/services/pay/callback/simulator/", callback(second))
    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == ["failed", "succeeded"]


def test_nothing_to_pay_and_strangers_are_refused(submit, citizen, fee_requested):
    with pytest.raises(ActionError, match="không có khoản phí"):
        actions.do_start_payment(submit(), acting_user=citizen, provider="simulator")
    from tests.conftest import make_user

    stranger = make_user("+84912000888", "Người Lạ", "citizen")
    assert (
        citizen_client(stranger).post(f"/services/my/{fee_requested.code}/pay/").status_code == 404
    )


def test_an_unknown_reference_is_404(fee_requested):
    data = {
        "reference": "00000000-0000-0000-0000-000000000000",
        "result": "success",
        "amount": "8000",
        "transaction": "X",
    }
    data["signature"] = SimulatorProvider.sign(*data.values())
    assert Client().post("/services/pay/callback/simulator/", data).status_code == 404


def test_without_debug_the_simulator_cannot_mark_a_fee_paid(fee_requested, citizen, settings):
    """Issue 11, finding 9: a citizen 'paid' 100,000 ₫ through the simulator's form."""
    client = citizen_client(citizen)
    payment, page_url = start(client, fee_requested)  # started while it was on
    settings.PAYMENT_SIMULATOR = False
    settings.PAYMENT_PROVIDERS = {}
    settings.PAYMENT_DEFAULT_PROVIDER = ""
    assert client.get(page_url).status_code == 404
    response = client.post("/services/pay/callback/simulator/", callback(payment))
    assert response.status_code in (400, 404)
    dossier = Dossier.objects.get(pk=fee_requested.pk)
    assert dossier.fee_paid_at is None and dossier.status == S.FEE_REQUESTED
    page = client.post(f"/services/my/{fee_requested.code}/pay/", follow=True).content.decode()
    assert "Bộ phận Một cửa" in page
    assert Payment.objects.count() == 1


def test_check_deploy_fails_while_the_simulator_is_on_without_debug(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.DEBUG = False
    settings.PAYMENT_SIMULATOR = True
    with pytest.raises(SystemCheckError, match=r"tinhso\.E002"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_the_settings_keep_the_simulator_off_without_debug():
    import subprocess
    import sys

    env = {"DEBUG": "0", "PATH": "/usr/bin:/bin", "TINHSO_VAR_DIR": "/tmp/tinhso-settings-test"}
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tinhso.settings');"
        "from django.conf import settings;"
        "print(repr((settings.PAYMENT_SIMULATOR, settings.PAYMENT_PROVIDERS,"
        " settings.PAYMENT_DEFAULT_PROVIDER)))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "(False, {}, '')", out.stderr

"""The incoming register numbers from 1 each year with no gap and no repeat, even when
clerks press "Vào sổ" at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from tests.documents.conftest import register
from tinhso.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_clerks_get_consecutive_numbers(office):
    count = 8
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            register(office, notation=f"{index + 1}/TB-UBND")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(IncomingDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, count + 1))


def test_a_registration_that_fails_gives_its_number_back(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        register(office)
        raise RuntimeError("the disk filled up")
    assert not IncomingDocument.objects.exists()
    assert register(office).number == 1


def test_each_unit_counts_on_its_own(office, places):
    from tests.conftest import grant
    from tinhso.accounts.choices import Role

    grant(office["clerk"], places["commune_ubnd"], Role.CLERK)
    assert register(office).number == 1
    assert register(office, unit=places["commune_ubnd"]).number == 1
    assert register(office, notation="16/QĐ-UBND").number == 2


def test_parallel_clerks_issuing_get_consecutive_outgoing_numbers(office, settings, signing_keys):
    """Four signed decisions issued at the same moment by two clerks: 01 to 04 of the
    Quyết định register, no gap, no repeat."""
    from tests.conftest import enrol_totp, grant, make_user
    from tests.documents.test_outgoing import signed
    from tinhso.accounts.choices import Role
    from tinhso.core.pki import issue_person_certificate, person_key
    from tinhso.documents import outgoing
    from tinhso.documents.models import OutgoingDocument

    leader = office["leader"]
    issue_person_certificate(person_key(leader), leader.full_name, "Tỉnh Test")
    device = enrol_totp(leader)
    documents = [signed(office, device) for _ in range(4)]
    second = grant(make_user("+84901000298", "Lê Thị Văn Thư Hai"), office["unit"], Role.CLERK)
    clerks = [office["clerk"], second]
    barrier = threading.Barrier(len(documents))
    errors: list[Exception] = []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outgoing.do_issue_outgoing(
                documents[index], recipients=[], emails=[], acting_user=clerks[index % 2]
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(documents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    notations = sorted(OutgoingDocument.objects.values_list("notation", flat=True))
    assert notations == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND", "04/QĐ-UBND"]


def test_an_issue_that_fails_gives_its_outgoing_number_back(office, signing_keys):
    """The organisation's certificate is missing: nothing is issued, and once it is
    back the document still gets 01."""
    from tests.conftest import enrol_totp
    from tests.documents.test_outgoing import signed
    from tinhso.core.errors import ActionError
    from tinhso.core.pki import issue_person_certificate, person_key, unit_p12_path
    from tinhso.documents import outgoing

    leader = office["leader"]
    issue_person_certificate(person_key(leader), leader.full_name, "Tỉnh Test")
    document = signed(office, enrol_totp(leader))
    held = unit_p12_path(office["unit"].identifier)
    kept = held.read_bytes()
    held.unlink()
    try:
        with pytest.raises(ActionError):
            outgoing.do_issue_outgoing(
                document, recipients=[], emails=[], acting_user=office["clerk"]
            )
    finally:
        held.write_bytes(kept)
    document.refresh_from_db()
    assert document.number is None and document.state == "to_issue"
    outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=office["clerk"])
    document.refresh_from_db()
    assert document.notation == "01/QĐ-UBND"

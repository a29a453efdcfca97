import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tinhso.core.audit import GENESIS_HASH, verify_chain, write_audit
from tinhso.core.models import AuditEntry


@pytest.fixture
def three_rows(citizen):
    write_audit("test.one", actor=citizen, obj=citizen, data={"n": 1})
    write_audit("test.two", actor=None, object_type="login", object_repr="+84912000101")
    write_audit("test.three", actor=citizen, obj=citizen, data={"fields": ["email"]})
    return list(AuditEntry.objects.order_by("id"))


def test_it_chains_each_row_to_the_previous(three_rows):
    assert three_rows[0].prev_hash == GENESIS_HASH
    assert three_rows[1].prev_hash == three_rows[0].entry_hash
    assert three_rows[2].prev_hash == three_rows[1].entry_hash
    assert list(verify_chain()) == []


def test_it_refuses_updates_and_deletes_through_django(three_rows):
    row = three_rows[0]
    row.action = "forged"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="x")


def test_verify_audit_finds_an_edit_made_in_sql(three_rows, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET object_repr = %s WHERE id = %s",
            ["someone else", three_rows[1].id],
        )
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")
    assert [b.entry_id for b in verify_chain()] == [three_rows[1].id]


def test_verify_audit_finds_a_deleted_row(three_rows):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [three_rows[1].id])
    breaks = list(verify_chain())
    assert [b.entry_id for b in breaks] == [three_rows[2].id]
    assert "removed" in breaks[0].reason


def test_it_keeps_the_actor_name_when_the_account_is_gone(citizen):
    entry = write_audit("test.keep", actor=citizen, obj=citizen)
    citizen.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert "Nguyễn Thị Dân" in entry.actor_label
    assert list(verify_chain()) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Several processes' worth of writers at once (threads, each its own connection)."""
    import threading

    from django.db import connections

    errors = []

    def writer(n):
        try:
            for i in range(10):
                write_audit("test.concurrent", object_type="thread", object_id=f"{n}-{i}")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 40
    assert list(verify_chain()) == []
    hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes))  # no two rows claim the same predecessor

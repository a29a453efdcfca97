"""A worker killed while it deletes a sent event leaves nothing half in ready/."""

from __future__ import annotations

import pytest

from tinhso.vision import outbox as outbox_module
from tinhso.vision.outbox import Outbox
from tinhso.vision.pipeline import Event


class Killed(BaseException):
    """Stands for SIGKILL arriving in the middle of the delete."""


def event(n: int) -> Event:
    return Event(
        event_id=f"E-{n}", camera="c", kind="red_light", occurred_at="2026-11-29T10:00:00+07:00",
        plate="51F12345", plate_colour="white", vehicle_kind="car", confidence=0.9,
        track=n, box=[0, 0, 10, 10], frames=[b"jpeg-1", b"jpeg-2", b"jpeg-3"],
    )  # fmt: skip


def test_a_kill_mid_delete_leaves_no_half_event_to_send(tmp_path, monkeypatch):
    box = Outbox(tmp_path, deliver=lambda folder: (201, "{}"))
    box.put(event(1))

    def delete_then_die(path, *args, **kwargs):
        (path / "event.json").unlink()  # the delete had begun…
        raise Killed

    monkeypatch.setattr(outbox_module.shutil, "rmtree", delete_then_die)
    with pytest.raises(Killed):
        box.flush()
    monkeypatch.undo()
    restarted = Outbox(tmp_path, deliver=lambda folder: (201, "{}"))
    assert restarted.pending() == []  # nothing half-deleted waits to be sent again
    assert list((tmp_path / "tmp").iterdir()) == []

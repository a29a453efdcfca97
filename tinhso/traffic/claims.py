"""Which vision worker analyses which camera: a lease in the camera's row (core/leases.py:
a compare-and-set UPDATE, so two workers never hold the same camera; renewed while the
worker runs, free again once a dead worker's lease ends)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tinhso.core import leases
from tinhso.traffic.choices import CameraStatus
from tinhso.traffic.models import Camera

LEASE = dt.timedelta(seconds=90)


def do_claim_cameras(
    worker: str, limit: int, lease: dt.timedelta = LEASE, exclude: set[int] | None = None
) -> list[Camera]:
    """Up to `limit` cameras in all for this worker; returns the newly claimed ones."""
    now = timezone.now()
    held = Camera.objects.filter(claimed_by=worker, claim_expires_at__gt=now).count()
    candidates = (
        Camera.objects.filter(is_active=True)
        .exclude(stream_url="")
        .exclude(pk__in=exclude or set())
    )
    taken = leases.take(candidates, worker, lease, limit=max(0, limit - held))
    return list(Camera.objects.filter(pk__in=taken).order_by("pk"))


def do_renew_claims(worker: str, lease: dt.timedelta = LEASE) -> set[int]:
    """Extend this worker's leases that are still its own; the cameras it still holds."""
    return leases.renew(Camera.objects.all(), worker, lease)


def do_release_claims(worker: str, pks: set[int] | None = None) -> None:
    cameras = Camera.objects.all() if pks is None else Camera.objects.filter(pk__in=pks)
    leases.release(cameras, worker, status=CameraStatus.OFFLINE)


def mark_frame(pk: int, when: dt.datetime | None = None) -> None:
    Camera.objects.filter(pk=pk).update(
        status=CameraStatus.ONLINE, last_frame_at=when or timezone.now()
    )


def mark_offline(pk: int) -> None:
    Camera.objects.filter(pk=pk).update(status=CameraStatus.OFFLINE)

"""Which vision worker analyses which camera: a lease in the camera's row.

A worker claims free cameras (no lease, or an expired one) with a compare-and-set
UPDATE, so two workers — on one host or many, on SQLite or PostgreSQL — never hold the
same camera; it renews its leases while it runs and releases them when it stops. A
worker that dies stops renewing, and its cameras are free again once the lease ends.
Leases are operational bookkeeping, not decisions by a person, so they are not audited.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from tinhso.traffic.choices import CameraStatus
from tinhso.traffic.models import Camera

LEASE = dt.timedelta(seconds=90)


def _free(now: dt.datetime) -> Q:
    return Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now)


def do_claim_cameras(
    worker: str, limit: int, lease: dt.timedelta = LEASE, exclude: set[int] | None = None
) -> list[Camera]:
    """Up to `limit` cameras in all for this worker; returns the newly claimed ones."""
    now = timezone.now()
    held = Camera.objects.filter(claimed_by=worker, claim_expires_at__gt=now).count()
    claimed: list[Camera] = []
    candidates = (
        Camera.objects.filter(_free(now), is_active=True)
        .exclude(stream_url="")
        .exclude(pk__in=exclude or set())
        .order_by("pk")
    )
    for camera in candidates[: max(0, limit - held) * 4]:
        if held + len(claimed) >= limit:
            break
        taken = (
            Camera.objects.filter(_free(now), pk=camera.pk)
            .update(claimed_by=worker, claim_expires_at=now + lease)
        )  # fmt: skip
        if taken:  # another worker may have been quicker
            camera.claimed_by, camera.claim_expires_at = worker, now + lease
            claimed.append(camera)
    return claimed


def do_renew_claims(worker: str, lease: dt.timedelta = LEASE) -> set[int]:
    """Extend this worker's leases that are still its own; the cameras it still holds."""
    now = timezone.now()
    mine = Camera.objects.filter(claimed_by=worker, claim_expires_at__gt=now)
    held = set(mine.values_list("pk", flat=True))
    Camera.objects.filter(pk__in=held, claimed_by=worker).update(claim_expires_at=now + lease)
    return held


def do_release_claims(worker: str, pks: set[int] | None = None) -> None:
    cameras = Camera.objects.filter(claimed_by=worker)
    if pks is not None:
        cameras = cameras.filter(pk__in=pks)
    cameras.update(claimed_by="", claim_expires_at=None, status=CameraStatus.OFFLINE)


def mark_frame(pk: int, when: dt.datetime | None = None) -> None:
    Camera.objects.filter(pk=pk).update(
        status=CameraStatus.ONLINE, last_frame_at=when or timezone.now()
    )


def mark_offline(pk: int) -> None:
    Camera.objects.filter(pk=pk).update(status=CameraStatus.OFFLINE)

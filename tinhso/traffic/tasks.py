from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from tinhso.traffic.models import Evidence, Violation


@task()
def make_public_evidence(violation_id: int) -> str:
    """Blur other vehicles' plates in a verified violation's frames (privacy.py). Safe to
    run twice: frames that have their public copy are skipped."""
    from tinhso.traffic.privacy import blur_other_plates

    violation = Violation.objects.filter(pk=violation_id).first()
    if violation is None or not violation.plate:
        return "nothing to do"
    made = 0
    for item in violation.evidence.filter(kind=Evidence.FRAME, public_file=""):
        with item.file.open("rb") as handle:
            data, _count = blur_other_plates(handle.read(), violation.plate)
        item.public_file.save(f"public-{item.order}.jpg", ContentFile(data), save=True)
        made += 1
    return f"{made} frames"

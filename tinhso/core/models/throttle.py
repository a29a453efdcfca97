from django.db import models


class RateCounter(models.Model):
    """One rate-limit counter (tinhso/core/throttle.py), shared by every process."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"

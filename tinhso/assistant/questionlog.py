"""The question log: every question asked in the chat or the API, personal data
masked, kept ASSISTANT_LOG_DAYS; and the catalogue team's view of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from tinhso.assistant.masking import EMAIL, NAME, NUMBER, mask
from tinhso.assistant.models import AskedQuestion
from tinhso.assistant.text import syllables
from tinhso.core.throttle import over_limit

# One question in PURGE_EVERY removes up to PURGE_AT_MOST rows past their time: the
# log stays bounded without a scheduler, and a question costs one INSERT.
PURGE_EVERY = 100
PURGE_AT_MOST = 1000
UNANSWERED = (AskedQuestion.Outcome.NOTHING, AskedQuestion.Outcome.QUESTIONS)


def record(
    question: str,
    channel: str,
    outcome: str,
    best_key: str,
    best_score: float,
    address: str | None = None,
) -> None:
    """Log one question, masked. An address past ASSISTANT_LOG_PER_HOUR is still
    answered but no longer logged: a script asking in a loop cannot fill the table."""
    if address and over_limit(f"assistant-log:{address}", settings.ASSISTANT_LOG_PER_HOUR, 3600):
        return
    text = mask(" ".join(question.split()))[:500]
    folded = " ".join(syllables(text))[:500]
    unmasked = syllables(text.replace(NUMBER, " ").replace(NAME, " ").replace(EMAIL, " "))
    if not any(w.isalpha() for w in unmasked):
        return  # only numbers and signs: nothing the catalogue team could learn from
    row = AskedQuestion.objects.create(
        text=text,
        folded=folded,
        channel=channel,
        outcome=outcome,
        best_key=best_key[:40],
        best_score=round(best_score, 3),
    )
    if row.pk % PURGE_EVERY == 0:
        purge()


def purge() -> int:
    cutoff = timezone.now() - dt.timedelta(days=settings.ASSISTANT_LOG_DAYS)
    old = AskedQuestion.objects.filter(asked_at__lt=cutoff).values("pk")[:PURGE_AT_MOST]
    deleted, _ = AskedQuestion.objects.filter(
        pk__in=list(old.values_list("pk", flat=True))
    ).delete()
    return deleted


def since(days: int) -> QuerySet[AskedQuestion]:
    return AskedQuestion.objects.filter(asked_at__gte=timezone.now() - dt.timedelta(days=days))


def summary(days: int) -> dict[str, int]:
    """How many questions ended each way over the last `days`."""
    counts = dict(since(days).values_list("outcome").annotate(n=Count("id")).order_by())
    return {outcome: counts.get(outcome, 0) for outcome in AskedQuestion.Outcome.values}


def top_unanswered(days: int, limit: int = 50) -> list[dict[str, Any]]:
    """The questions that found nothing, most asked first, the same words counted once;
    those the team dealt with left out."""
    return top(days, UNANSWERED, limit)


def top_clarified(days: int, limit: int = 20) -> list[dict[str, Any]]:
    """The questions the assistant had to ask back about: a phrasing may settle them."""
    return top(days, (AskedQuestion.Outcome.CLARIFIED,), limit)


def top(days: int, outcomes: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    rows = (
        since(days)
        .filter(outcome__in=outcomes, dealt_with=False)
        .values("folded")
        .annotate(times=Count("id"), last=Max("asked_at"), example_id=Max("id"))
        .order_by("-times", "-last")[:limit]
    )
    found = list(rows)
    texts = dict(
        AskedQuestion.objects.filter(pk__in=[r["example_id"] for r in found]).values_list(
            "pk", "text"
        )
    )
    return [{**r, "text": texts.get(r["example_id"], r["folded"])} for r in found]

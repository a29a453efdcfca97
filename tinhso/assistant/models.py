from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Phrasing(models.Model):
    """How people say something → how the catalogue writes it ("bằng lái" → "giấy phép
    lái xe"). Added by the catalogue team on top of the seed in phrasings.py."""

    said = models.CharField(_("cách người dân nói"), max_length=100, unique=True)
    means = models.CharField(_("cách danh mục viết"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cách nói")
        verbose_name_plural = _("bảng cách nói")
        ordering = ["said"]

    def __str__(self) -> str:
        return f"{self.said} → {self.means}"


class AskedQuestion(models.Model):
    """A question asked of the assistant, personal data masked (masking.py), kept
    ASSISTANT_LOG_DAYS: what people ask and what found nothing, for the catalogue team."""

    class Outcome(models.TextChoices):
        ANSWERED = "answer", _("Đã trả lời bằng một thủ tục")
        CLARIFIED = "clarify", _("Đã hỏi lại để chọn thủ tục")
        QUESTIONS = "questions", _("Chỉ tìm thấy hỏi đáp")
        NOTHING = "nothing", _("Không tìm thấy")

    class Channel(models.TextChoices):
        CHAT = "chat", _("Trò chuyện")
        API = "api", _("API")

    asked_at = models.DateTimeField(_("hỏi lúc"), auto_now_add=True, db_index=True)
    text = models.CharField(_("câu hỏi (đã che thông tin cá nhân)"), max_length=500)
    # The masked question folded (no diacritics, no punctuation): the same question
    # typed differently is counted once.
    folded = models.CharField(max_length=500, db_index=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    best_key = models.CharField(_("thủ tục xếp đầu"), max_length=40, blank=True)
    best_score = models.FloatField(default=0)
    # Set when the catalogue team has dealt with it (added a phrasing, or set it aside).
    dealt_with = models.BooleanField(_("đã xử lý"), default=False)

    class Meta:
        verbose_name = _("câu hỏi đã nhận")
        verbose_name_plural = _("câu hỏi đã nhận")
        indexes = [models.Index(fields=["outcome", "dealt_with", "asked_at"])]

    def __str__(self) -> str:
        return self.text

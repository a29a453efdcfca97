"""The catalogue team's changes to the assistant, each with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tinhso.assistant.models import AskedQuestion, Phrasing
from tinhso.assistant.text import syllables
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError

MAX_SAID = 100
MAX_MEANS = 200


@transaction.atomic
def do_add_phrasing(
    user: Any, said: str, means: str, *, request: HttpRequest | None = None
) -> Phrasing:
    """'How people say it' → 'how the catalogue writes it', used from the next question
    on; the logged questions holding those words are marked dealt with."""
    said = " ".join((said or "").split())
    means = " ".join((means or "").split())
    if not syllables(said):
        raise ActionError(_("Vui lòng nhập cách người dân nói."), field="said", code="required")
    if not syllables(means):
        raise ActionError(_("Vui lòng nhập cách danh mục viết."), field="means", code="required")
    if len(said) > MAX_SAID:
        raise ActionError(_("Cách nói dài quá %(n)d ký tự.") % {"n": MAX_SAID}, field="said")
    if len(means) > MAX_MEANS:
        raise ActionError(_("Cách viết dài quá %(n)d ký tự.") % {"n": MAX_MEANS}, field="means")
    if syllables(said) == syllables(means):
        raise ActionError(_("Hai cách viết giống nhau, không cần thêm."), field="means")
    if Phrasing.objects.filter(said__iexact=said).exists():
        raise ActionError(_("Cách nói này đã có trong bảng."), field="said", code="duplicate")
    phrasing = Phrasing.objects.create(said=said, means=means, added_by=user)
    folded = " ".join(syllables(said))
    holding = (  # the words as whole syllables, anywhere in the question
        Q(folded=folded)
        | Q(folded__startswith=f"{folded} ")
        | Q(folded__endswith=f" {folded}")
        | Q(folded__contains=f" {folded} ")
    )
    dealt = AskedQuestion.objects.filter(holding, dealt_with=False).update(dealt_with=True)
    write_audit(
        "assistant.phrasing_added",
        actor=user,
        obj=phrasing,
        request=request,
        data={"said": said, "means": means, "questions_dealt_with": dealt},
    )
    return phrasing


@transaction.atomic
def do_set_aside(user: Any, folded: str, *, request: HttpRequest | None = None) -> int:
    """A question that needs no phrasing (not a procedure, nonsense): off the list."""
    count = AskedQuestion.objects.filter(dealt_with=False, folded=folded[:500]).update(
        dealt_with=True
    )
    if not count:
        raise ActionError(_("Không còn câu hỏi này trong danh sách."), code="gone")
    write_audit(
        "assistant.question_set_aside",
        actor=user,
        request=request,
        object_type="assistant.askedquestion",
        object_repr=folded[:255],
        data={"questions": count},
    )
    return count

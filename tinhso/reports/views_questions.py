"""Online Q&A pages: public answers with search, asking, and the officials' desk."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import org_units_in_scope, role_required
from tinhso.core.choices import OrgUnitKind
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit, ProcedureField
from tinhso.reports import questions
from tinhso.reports.choices import QuestionStatus
from tinhso.reports.models import Question


class AskForm(forms.Form):
    unit = forms.ModelChoiceField(
        OrgUnit.objects.filter(
            is_active=True, kind__in=(OrgUnitKind.PEOPLES_COMMITTEE, OrgUnitKind.DEPARTMENT)
        ).order_by("path"),
        required=False,
        label=gettext_lazy("Hỏi đơn vị"),
        empty_label=gettext_lazy("— Theo lĩnh vực —"),
    )
    field: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Lĩnh vực"),
        empty_label=gettext_lazy("— Không chọn —"),
    )
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Câu hỏi"),
        max_length=4000,
        widget=forms.Textarea({"rows": 6, "maxlength": 4000}),
    )
    allow_publish = forms.BooleanField(
        label=gettext_lazy("Đồng ý công khai câu hỏi và câu trả lời (không công khai tên tôi)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Only fields someone answers: a field without a unit could not be routed.
        self.fields["field"].queryset = ProcedureField.objects.filter(  # type: ignore[attr-defined]
            unit__isnull=False, unit__is_active=True
        )
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": "/reports/questions/similar/",
                "hx-trigger": "keyup changed delay:400ms",
                "hx-target": "#similar",
                "autocomplete": "off",
            }
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Trả lời"), widget=forms.Textarea({"rows": 8}), max_length=10000
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Công khai câu hỏi và trả lời"), required=False, initial=True
    )


def public_questions(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    page = Paginator(questions.search_published(query), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/questions.html",
        {"page": page, "q": query, "query": f"q={query}" if query else ""},
    )


def question_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("unit", "field"), public_id=public_id
    )
    mine = request.user.is_authenticated and question.asker_id == request.user.pk
    if not (question.is_published or mine):
        raise Http404
    return render(request, "reports/question.html", {"question": question, "mine": mine})


def similar(request: HttpRequest) -> HttpResponse:
    """HTMX: published answers like what is being typed."""
    text = request.GET.get("title", "") or request.GET.get("q", "")
    return render(
        request, "reports/_similar.html", {"similar": questions.similar_published(text[:300])}
    )


@login_required
def ask(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = questions.do_ask_question(
                asker=request.user,
                title=data["title"],
                body=data["body"],
                unit=data["unit"],
                field=data["field"],
                allow_publish=data["allow_publish"],
                request=request,
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Đã gửi câu hỏi tới %(unit)s. Hạn trả lời: %(due)s.")
                % {
                    "unit": question.unit.name,
                    "due": timezone.localtime(question.due_at).strftime("%d/%m/%Y"),
                },
            )
            return redirect("reports:question", public_id=question.public_id)
    mine = (
        Question.objects.filter(asker=request.user).select_related("unit")[:10]
        if request.user.is_authenticated
        else []
    )
    return render(request, "reports/ask.html", {"form": form, "mine": mine})


@role_required(*questions.ANSWER_ROLES)
def desk_questions(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = request.GET.get("status", QuestionStatus.WAITING)
    if current not in QuestionStatus.values:
        current = QuestionStatus.WAITING
    mine = Question.objects.filter(
        unit__in=org_units_in_scope(request.user, questions.ANSWER_ROLES), status=current
    ).select_related("unit")
    mine = mine.order_by("due_at" if current == QuestionStatus.WAITING else "-answered_at")
    page = Paginator(mine, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/desk_questions.html",
        {
            "page": page,
            "current": current,
            "statuses": QuestionStatus.choices,
            "query": f"status={current}",
            "now": timezone.now(),
        },
    )


@role_required(*questions.ANSWER_ROLES)
def desk_question(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("unit", "field", "asker"), public_id=public_id
    )
    if not questions.can_answer(request.user, question):
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        try:
            if "reject" in request.POST:
                questions.do_reject_question(
                    question,
                    acting_user=request.user,
                    note=request.POST.get("answer", ""),
                    request=request,
                )
            elif form.is_valid():
                questions.do_answer_question(
                    question,
                    acting_user=request.user,
                    answer=form.cleaned_data["answer"],
                    publish=form.cleaned_data["publish"],
                    request=request,
                )
            else:
                raise ActionError(_("Vui lòng nhập câu trả lời."), field="answer")
        except ActionError as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Đã gửi trả lời."))
            return redirect("report_desk:questions")
    return render(request, "reports/desk_question.html", {"question": question, "form": form})

from typing import Any

from django import forms
from django.contrib import admin

from tinhso.core.admin import ReadOnlyAdmin
from tinhso.services.forms import validate_schema
from tinhso.services.models import (
    Dossier,
    Payment,
    Procedure,
    RequiredDocument,
    WorkflowStep,
)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 0
    raw_id_fields = ["org_unit"]


class ProcedureAdminForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "description",
            "field",
            "level",
            "agency",
            "processing_days",
            "fee",
            "fee_note",
            "online_level",
            "form_schema",
            "result_name",
            "legal_basis",
            "is_active",
        ]

    def clean_form_schema(self) -> Any:
        schema = self.cleaned_data["form_schema"]
        validate_schema(schema)  # a schema that cannot build the online form is refused here
        return schema


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureAdminForm
    list_display = ["code", "name", "field", "level", "processing_days", "fee", "is_active"]
    list_filter = ["field", "level", "online_level", "is_active"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["agency"]
    inlines = [RequiredDocumentInline, WorkflowStepInline]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    """Read-only: dossiers change through the desk, where every step is audited."""

    list_display = ["code", "procedure", "agency", "status", "submitted_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "dossier", "amount", "status", "provider", "created_at"]
    list_filter = ["status", "provider"]

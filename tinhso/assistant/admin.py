from __future__ import annotations

from typing import Any

from django.contrib import admin

from tinhso.assistant.models import Phrasing


@admin.register(Phrasing)
class PhrasingAdmin(admin.ModelAdmin):
    list_display = ["said", "means", "added_by", "added_at"]
    search_fields = ["said", "means"]
    readonly_fields = ["added_by", "added_at"]

    def save_model(self, request: Any, obj: Phrasing, form: Any, change: bool) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

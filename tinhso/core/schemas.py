"""Error bodies of the JSON API, one definition for every app (OpenAPI components)."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """4xx answers: what is wrong, and the field when one is to blame."""

    detail: str
    field: str | None = None


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    """422: the request did not match the operation's schema (field by field)."""

    detail: str
    errors: list[FieldErrorOut]

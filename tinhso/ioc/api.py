"""Push API for agencies and systems: observations as a JSON batch or a CSV body,
authenticated with the data source's key in the X-Api-Key header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NotRequired

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from typing_extensions import TypedDict  # pydantic refuses typing's before Python 3.12

from tinhso.core.apikeys import HolderKey
from tinhso.core.schemas import ValidationErrorOut
from tinhso.ioc import csvio
from tinhso.ioc.ingest import MAX_ROWS, ingest
from tinhso.ioc.models import DataSource


def SourceKey() -> HolderKey:
    return HolderKey(DataSource, "X-Api-Key")


router = Router(tags=["IOC"])


class ObservationIn(TypedDict):
    """A row as a plain dict: a batch of 1000 rows as pydantic models cost more to build
    and convert back than the checks that follow (ioc/ingest.py checks each row)."""

    indicator: str
    area: str
    time: str
    value: Any  # checked row by row, so one bad value does not refuse the batch
    quality: NotRequired[str | None]


class Batch(Schema):
    observations: list[ObservationIn]


class RowErrorOut(Schema):
    row: int
    message: str


class IngestOut(Schema):
    created: int
    replaced: int
    unchanged: int
    errors: list[RowErrorOut]


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    sector: str
    unit: str
    frequency: str
    level: str


def _source(request: HttpRequest) -> DataSource:
    return request.auth  # type: ignore[attr-defined, no-any-return]  # set by SourceKey


def _answer(source: DataSource, rows: Sequence[Mapping[str, Any]], csv_lines: bool = False) -> Any:
    result = ingest(rows, source_name=source.name, source=source)
    if csv_lines:
        result.errors = csvio.shift_rows(result.errors)
    body = result.as_dict()
    # Good rows are stored even when others are refused; 422 only when none was usable.
    if result.errors and not (result.created or result.replaced or result.unchanged):
        return Status(422, body)
    return body


@router.post(
    "/ioc/observations",
    auth=SourceKey(),
    response={200: IngestOut, 422: IngestOut | ValidationErrorOut},
    summary="Send observations (JSON batch)",
)
def post_observations(request: HttpRequest, batch: Batch) -> Any:
    if len(batch.observations) > MAX_ROWS:
        return Status(
            422,
            {
                "created": 0,
                "replaced": 0,
                "unchanged": 0,
                "errors": [{"row": 0, "message": _("Quá %(n)d dòng một lần.") % {"n": MAX_ROWS}}],
            },
        )
    return _answer(_source(request), batch.observations)


@router.post(
    "/ioc/observations.csv",
    auth=SourceKey(),
    response={200: IngestOut, 422: IngestOut | ValidationErrorOut},
    summary="Send observations as CSV (indicator,area,time,value[,quality])",
)
def post_observations_csv(request: HttpRequest) -> Any:
    rows, errors = csvio.read(request.body)
    if errors:
        return Status(
            422,
            {"created": 0, "replaced": 0, "unchanged": 0, "errors": [e.as_dict() for e in errors]},
        )
    return _answer(_source(request), rows, csv_lines=True)


@router.get("/ioc/indicators", auth=SourceKey(), response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> Any:
    """The indicators this source may send."""
    return _source(request).indicators.filter(is_active=True, derived="")

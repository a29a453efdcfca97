"""The demo province's IOC: indicators of every sector with three years of monthly
values (seasonality around Tết, year-end spending, a rainy-season dengue peak, a few
anomalies), air-quality stations minute by minute for the last two days, derived
indicators from dossiers and reports, alert rules, and a data source with a key."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.exchange.models import Service
from tinhso.ioc.choices import RuleKind
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import AlertRule, DataSource, Indicator, PullSource, Station

PROVINCE = "99"
INDICATORS_CSV = Path(__file__).with_name("data") / "demo_indicators.csv"
MONTHLY_REPORT = [
    "thu-ngan-sach",
    "chi-ngan-sach",
    "giai-ngan-dau-tu-cong",
    "tiem-chung-day-du",
    "sot-xuat-huyet",
    "ho-so-dung-han",
    "phan-anh-qua-han",
]


STATIONS = [
    ("qt-binh-an", "Trạm quan trắc Bình An", "99001", 11.300, 106.150),
    ("qt-an-lac", "Trạm quan trắc An Lạc", "99004", 11.290, 106.250),
    ("qt-long-dien", "Trạm quan trắc Long Điền", "99013", 11.190, 106.240),
]


def _months(n: int) -> list[dt.datetime]:
    first = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    out = []
    for back in range(n, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        out.append(first.replace(year=year, month=month + 1))
    return out


def _number(text: str) -> float | None:
    return float(text) if text else None


def _indicators(log: Any) -> dict[str, Indicator]:
    made = {}
    with INDICATORS_CSV.open(encoding="utf-8") as handle:
        for spec in csv.DictReader(handle):
            made[spec["code"]], _created = Indicator.objects.get_or_create(
                code=spec["code"],
                defaults=dict(
                    name=spec["name"],
                    name_en=spec["name_en"],
                    sector=spec["sector"],
                    unit=spec["unit"],
                    frequency=spec["frequency"],
                    time_aggregation=spec["time_aggregation"],
                    area_aggregation=spec["area_aggregation"],
                    level=spec["level"],
                    target=_number(spec["target"]),
                    warning=_number(spec["warning"]),
                    critical=_number(spec["critical"]),
                    direction=spec["direction"],
                    derived=spec["derived"],
                    owner=OrgUnit.objects.filter(identifier=spec["owner"]).first(),
                    source=_("Dữ liệu mô phỏng (demo)"),
                ),
            )
    log(f"Chỉ số IOC: {len(made)}")
    return made


def obs(indicator: str, area: str, when: dt.datetime, value: float) -> dict[str, Any]:
    return {"indicator": indicator, "area": area, "time": when.isoformat(), "value": value}


def _monthly_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    months = _months(36)
    communes = list(AdminUnit.objects.filter(parent__code=PROVINCE).values_list("code", flat=True))
    for i, month in enumerate(months):
        growth = 1.08 ** (i / 12)
        tet = {1: 1.25, 2: 0.85, 12: 1.3}.get(month.month, 1.0)
        revenue = 430 * growth * tet * rng.uniform(0.95, 1.05)
        if i == len(months) - 5:
            revenue *= 0.62  # an anomaly: a big taxpayer's payment slipped
        spending = 400 * growth * (1.8 if month.month == 12 else 1.0) * rng.uniform(0.93, 1.07)
        disbursed = min(100.0, 100 * (month.month / 12) ** 1.4 * rng.uniform(0.85, 1.05))
        rows += [
            obs("thu-ngan-sach", PROVINCE, month, round(revenue, 1)),
            obs("chi-ngan-sach", PROVINCE, month, round(spending, 1)),
            obs("giai-ngan-dau-tu-cong", PROVINCE, month, round(disbursed, 1)),
        ]
        if month.month in (1, 4, 7, 10):
            rows.append(obs("tang-truong-grdp", PROVINCE, month, round(rng.gauss(7.4, 0.9), 2)))
        rain = 1 + 2.5 * max(0.0, math.sin((month.month - 4) / 12 * 2 * math.pi))
        for n, commune in enumerate(communes):
            rows += [
                obs(
                    "tiem-chung-day-du",
                    commune,
                    month,
                    round(min(100, rng.gauss(95.5 - n % 4, 1.2)), 1),
                ),
                obs("sot-xuat-huyet", commune, month, max(0, round(rng.gauss(6 * rain, 3)))),
                obs("di-hoc-dung-tuoi", commune, month, round(min(100, rng.gauss(98.6, 0.6)), 1)),
            ]
    return rows


def _air_rows(rng: random.Random, hours: int = 48) -> list[dict[str, Any]]:
    now = timezone.localtime().replace(second=0, microsecond=0)
    rows: list[dict[str, Any]] = []
    for _code, _name, area, _lat, _lon in STATIONS:
        base = rng.uniform(18, 32)
        for minute in range(hours * 60, 0, -1):
            at = now - dt.timedelta(minutes=minute)
            rush = 1 + 0.6 * (
                math.exp(-((at.hour - 7.5) ** 2) / 2) + math.exp(-((at.hour - 17.5) ** 2) / 2)
            )
            pm25 = max(1.0, base * rush + rng.gauss(0, 3))
            when = at.isoformat()
            rows += [
                {"indicator": "pm25", "area": area, "time": when, "value": round(pm25, 1)},
                {"indicator": "pm10", "area": area, "time": when, "value": round(pm25 * 1.7, 1)},
                {"indicator": "aqi", "area": area, "time": when, "value": round(pm25 * 2.1)},
            ]
    return rows


def _pull_through_the_axis(log: Any) -> None:
    """The environment department's air service, read hourly through the data-exchange
    axis (registered by tinhso/exchange/demo.py)."""
    air = Service.objects.filter(code="air", subsystem__code="QUANTRAC").first()
    if air is None:
        return
    PullSource.objects.get_or_create(
        name="Quan trắc không khí qua trục liên thông",
        defaults={
            "axis_service": str(air.identifier),
            "axis_path": "/air/latest?area=99004",
            "mapping": {
                "items": "data.rows", "indicator": "=pm25", "area": "area", "time": "time",
                "value": "pm25",
            },
            "every_minutes": 60,
        },
    )  # fmt: skip
    log("Nguồn kéo qua trục liên thông: quan trắc không khí (manage.py pull_sources)")


def load(log: Any) -> None:
    if not AdminUnit.objects.filter(code=PROVINCE).exists():
        log("IOC demo: thiếu tỉnh demo, bỏ qua")
        return
    indicators = _indicators(log)
    Indicator.objects.filter(code__in=MONTHLY_REPORT).update(in_monthly_report=True)
    for code, name, area, lat, lon in STATIONS:
        Station.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name, area=AdminUnit.objects.get(code=area), latitude=lat, longitude=lon
            ),
        )
    for code in (
        "pm25",
        "aqi",
        "sot-xuat-huyet",
        "tiem-chung-day-du",
        "giai-ngan-dau-tu-cong",
        "he-thong-tien-trinh-chay",  # none at all: a worker stopped cleanly is not silent
        "he-thong-tien-trinh-im-lang",
        "he-thong-tac-vu-cho-lau-nhat",
    ):
        AlertRule.objects.get_or_create(indicator=indicators[code], kind=RuleKind.THRESHOLD)
    AlertRule.objects.get_or_create(
        indicator=indicators["pm25"], kind=RuleKind.MISSING, defaults={"missing_minutes": 15}
    )
    AlertRule.objects.get_or_create(
        indicator=indicators["thu-ngan-sach"], kind=RuleKind.CHANGE, defaults={"change_percent": 30}
    )
    if indicators["thu-ngan-sach"].observations.exists():
        log("Số liệu IOC demo: đã có, bỏ qua")
        return
    rng = random.Random(2026)  # noqa: S311 (made-up demo figures, repeatable)
    rows = _monthly_rows(rng) + _air_rows(rng)
    created = 0
    for start in range(0, len(rows), 5000):
        created += ingest(rows[start : start + 5000], source_name="demo").created
    log(f"Số liệu IOC demo: {created} quan sát")
    from tinhso.ioc.forecasts import compute

    province = AdminUnit.objects.get(code=PROVINCE)
    forecasts = [compute(indicators[c], province) for c in ("thu-ngan-sach", "chi-ngan-sach")]
    made_forecasts = sum(f is not None for f in forecasts)
    log(f"Dự báo IOC: {made_forecasts} (thêm: manage.py refresh_forecasts)")
    _pull_through_the_axis(log)
    source, made = DataSource.objects.get_or_create(
        name="Hệ thống quan trắc môi trường (demo)", defaults={"key_hash": "pending-demo"}
    )
    if made:
        from tinhso.core.apikeys import do_issue_key

        source.indicators.set([indicators[c] for c in ("pm25", "pm10", "aqi")])
        log(f"Khóa API nguồn quan trắc (X-Api-Key, chỉ hiện lần này): {do_issue_key(source)}")
    else:
        renew = f"manage.py issue_source_key '{source.name}'"
        log(f"Khóa API nguồn quan trắc: đã cấp ở lần chạy trước; cấp khóa mới: {renew}")

import pytest

from tinhso.core.apikeys import new_key
from tinhso.ioc.choices import Aggregation, Direction, Frequency, RuleKind, Sector
from tinhso.ioc.models import AlertRule, DataSource, Indicator


def air_indicator(code, name, **extra):
    """An air-quality indicator at stations, minute by minute, lower is better."""
    values = dict(
        name=name,
        name_en=name,
        sector=Sector.ENVIRONMENT,
        unit="µg/m³",
        frequency=Frequency.MINUTE,
        time_aggregation=Aggregation.MEAN,
        area_aggregation=Aggregation.MEAN,
        direction=Direction.LOWER_BETTER,
    )
    values.update(extra)
    return Indicator.objects.create(code=code, **values)


def monthly_sum(code, name, **extra):
    values = dict(
        name=name,
        name_en=name,
        sector=Sector.BUDGET,
        unit="tỷ đồng",
        frequency=Frequency.MONTH,
        time_aggregation=Aggregation.SUM,
        area_aggregation=Aggregation.SUM,
        level="province",
    )
    values.update(extra)
    return Indicator.objects.create(code=code, **values)


@pytest.fixture
def pm25(places):
    """Alerts above 50 (warning) and 100 µg/m³ (critical)."""
    indicator = air_indicator(
        "pm25", "Bụi mịn PM2.5", warning=50, critical=100, owner=places["ubnd"]
    )
    AlertRule.objects.create(indicator=indicator, kind=RuleKind.THRESHOLD)
    return indicator


@pytest.fixture
def revenue(places):
    return monthly_sum("thu-ngan-sach", "Thu ngân sách", name_en="Budget revenue")


@pytest.fixture
def source(pm25, revenue):
    key, prefix, digest = new_key()
    data_source = DataSource.objects.create(
        name="Trạm quan trắc", key_prefix=prefix, key_hash=digest
    )
    data_source.indicators.add(pm25)
    data_source.key = key  # the test's copy of the key handed over once
    return data_source


# The demo province (boundaries, committees, report categories) for derived indicators.
# The data-exchange axis and the demo sector systems behind it (issue 17).
from tests.exchange.conftest import axis, provider_process  # noqa: E402, F401
from tests.reports.conftest import binh_an_staff, province  # noqa: E402, F401

import pytest
from django.core.exceptions import ValidationError

from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import OrgUnit


@pytest.mark.parametrize("identifier", ["000.00.31.H56", "001.02.00.H99", "000.00.00.G01"])
def test_qcvn_102_identifiers_are_accepted(places, identifier):
    OrgUnit(
        identifier=identifier, name="Sở X", kind=OrgUnitKind.DEPARTMENT, area=places["province"]
    ).full_clean()


@pytest.mark.parametrize("identifier", ["H56", "000.00.31.h56", "000.0.31.H56", "000.00.31.H5", ""])
def test_malformed_identifiers_are_refused(places, identifier):
    with pytest.raises(ValidationError) as excinfo:
        OrgUnit(
            identifier=identifier, name="Sở X", kind=OrgUnitKind.DEPARTMENT, area=places["province"]
        ).full_clean()
    assert "identifier" in excinfo.value.message_dict


def test_a_unit_cannot_be_moved_under_its_own_child(places):
    ubnd = places["ubnd"]
    ubnd.parent = places["ward_one_stop"]
    with pytest.raises(ValidationError) as excinfo:
        ubnd.full_clean()
    assert "chính nó" in str(excinfo.value)

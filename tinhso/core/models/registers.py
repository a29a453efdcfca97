from django.db import models

from tinhso.core.models.places import OrgUnit


class IssueRegister(models.Model):
    """The last number an agency gave out in one register (sổ) in one year.

    Decree 30/2020/NĐ-CP numbers an agency's papers from 1 each calendar year, per
    register; ``tinhso.core.registers.next_number`` hands the numbers out.
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    book = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "book", "year"], name="one_register_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.book}/{self.year}: {self.last_number}"

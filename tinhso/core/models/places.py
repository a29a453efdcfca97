from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models.tree import TreeNode

# QCVN 102:2016/BTTTT electronic identifier of an agency: 000.00.31.H56.
qcvn102_validator = RegexValidator(
    r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$",
    _("Mã định danh phải theo QCVN 102:2016, ví dụ 000.00.31.H56."),
)
admin_code_validator = RegexValidator(
    r"^\d{2,5}$", _("Mã đơn vị hành chính gồm 2 đến 5 chữ số (mã thống kê).")
)


class AdminUnit(TreeNode):
    """An administrative unit: province → (historic district) → commune/ward."""

    code = models.CharField(
        _("mã đơn vị hành chính"), max_length=5, unique=True, validators=[admin_code_validator]
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=AdminUnitKind.choices)
    # A GeoJSON geometry (Polygon or MultiPolygon, WGS 84), used for maps and for
    # routing field reports to the commune that contains a point.
    boundary = models.JSONField(_("ranh giới (GeoJSON)"), null=True, blank=True)
    is_active = models.BooleanField(
        _("đang hiệu lực"),
        default=True,
        help_text=_("Bỏ chọn cho đơn vị đã sáp nhập hoặc giải thể (giữ cho dữ liệu lịch sử)."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(TreeNode):
    """An agency or part of one: People's Committee, department, office."""

    identifier = models.CharField(
        _("mã định danh điện tử"), max_length=13, unique=True, validators=[qcvn102_validator]
    )
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=30, choices=OrgUnitKind.choices)
    area = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="org_units",
        verbose_name=_("địa bàn phục vụ"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

"""A small materialised-path tree shared by administrative and organisation units.

Why not django-treebeard or django-mptt: both make every insert go through
their own API (add_root/add_child or tree rebuilds), which complicates bulk
imports from CSV/GeoJSON and fixtures. Our trees are small (a province has a
few hundred units), shallow and rarely re-parented, so a ``path`` column of
ancestor ids, kept up to date in ``save()``, is all we need: "this unit and
everything below it" is one indexed ``path__startswith`` query.
"""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class TreeNode(models.Model):
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cấp trên"),
    )
    # "/1/5/12/": the ids from the root down to this node, both ends closed so
    # that a prefix never matches a sibling whose id starts with the same digits.
    path = models.CharField(max_length=512, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    parent_id: int | None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            self._compute_path()
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.parent_id:
            parent = type(self)._default_manager.get(pk=self.parent_id)
            if f"/{self.pk}/" in parent.path:
                raise ValidationError({"parent": _("Không thể đặt một đơn vị dưới chính nó.")})

    def _compute_path(self) -> None:
        parent = self.parent if self.parent_id else None
        prefix = parent.path if parent else "/"
        self.path = f"{prefix}{self.pk}/"
        self.depth = self.path.count("/") - 2

    def _move_descendants(self, old_path: str) -> None:
        for node in (
            type(self)._default_manager.filter(path__startswith=old_path).exclude(pk=self.pk)
        ):
            node.path = self.path + node.path[len(old_path) :]
            node.depth = node.path.count("/") - 2
            models.Model.save(node, update_fields=["path", "depth"])

    def subtree(self) -> models.QuerySet[Self]:
        """This node and everything below it."""
        return type(self)._default_manager.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> models.QuerySet[Self]:
        """The chain from the root down to this node, itself included."""
        return type(self)._default_manager.filter(pk__in=self.ancestor_ids()).order_by("depth")

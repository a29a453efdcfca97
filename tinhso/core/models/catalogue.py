from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models.places import OrgUnit


class ProcedureField(models.Model):
    """Lĩnh vực: hộ tịch, chứng thực, đất đai, xây dựng, kinh doanh…

    The one classification every app shares: the procedure catalogue files its
    procedures under it, the Q&A routes questions by it, and the modules to come
    (documents, the procedure assistant) sort by it. It lives in core so that none
    of them has to reach into another.
    """

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    # Where a question about the field goes when the asker names no unit.
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị trả lời câu hỏi"),
    )

    class Meta:
        # The table was created by `services` before the model moved here.
        db_table = "services_procedurefield"
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

"""The axis's registry (members, subsystems, services, access rights) and its message
log.

The registry follows X-Road's shape (docs/exchange.md): a *member* is an organisation
(an agency of the province with its QCVN 102 code, or an outside one), a *subsystem* is
one of its information systems, and a *service* is what a subsystem offers at a base
URL. A consumer is always a subsystem; it calls with the OAuth client of our own SSO
that the registry ties to it.

The message log keeps identifiers as text, not foreign keys: a row says who called
what as it was at the time, and a member renamed or removed later changes nothing in
it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import OrgUnit
from tinhso.exchange.identifiers import ServiceId, SubsystemId


class MemberClass(models.TextChoices):
    GOV = "GOV", _("Cơ quan nhà nước")
    COM = "COM", _("Doanh nghiệp")
    ORG = "ORG", _("Tổ chức khác")


class Member(models.Model):
    member_class = models.CharField(_("loại thành viên"), max_length=8, choices=MemberClass)
    # An agency's QCVN 102 code (its OrgUnit's identifier); a company's tax code.
    code = models.CharField(_("mã thành viên"), max_length=64)
    name = models.CharField(_("tên"), max_length=255)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị trong cây tổ chức"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("thành viên trục liên thông")
        verbose_name_plural = _("thành viên trục liên thông")
        constraints = [
            models.UniqueConstraint(fields=["member_class", "code"], name="exchange_member_once")
        ]
        ordering = ["member_class", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.member_class}/{self.code})"


class Subsystem(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="subsystems", verbose_name=_("thành viên")
    )
    code = models.CharField(_("mã hệ thống"), max_length=64)
    name = models.CharField(_("tên hệ thống"), max_length=255)
    # The OAuth client (client credentials) this system calls the axis with. None: it
    # only provides services.
    client = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_subsystem",
        verbose_name=_("tài khoản gọi trục (OAuth)"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("hệ thống thông tin")
        verbose_name_plural = _("hệ thống thông tin")
        constraints = [
            models.UniqueConstraint(fields=["member", "code"], name="exchange_subsystem_once")
        ]
        ordering = ["member__code", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    @property
    def identifier(self) -> SubsystemId:
        return SubsystemId(
            settings.EXCHANGE_INSTANCE, self.member.member_class, self.member.code, self.code
        )


class Service(models.Model):
    subsystem = models.ForeignKey(
        Subsystem,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("hệ thống cung cấp"),
    )
    code = models.CharField(_("mã dịch vụ"), max_length=64)
    name = models.CharField(_("tên dịch vụ"), max_length=255)
    # Where the provider answers; checked by the SSRF guard at every call (and only
    # inside EXCHANGE_PROVIDER_NETWORKS when it is an internal address).
    base_url = models.URLField(_("địa chỉ gốc của dịch vụ"), max_length=500)
    openapi = models.JSONField(_("mô tả OpenAPI"), null=True, blank=True)
    timeout_seconds = models.PositiveSmallIntegerField(_("thời gian chờ tối đa (giây)"), default=10)
    per_minute = models.PositiveIntegerField(
        _("số lần gọi tối đa mỗi phút cho một hệ thống"), default=600
    )
    # Decree 13: bodies are personal data more often than not; kept only when the
    # provider's owner turns it on, and only for their days.
    keep_bodies = models.BooleanField(_("lưu nội dung yêu cầu và trả lời"), default=False)
    body_days = models.PositiveSmallIntegerField(_("số ngày lưu nội dung"), default=30)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The last health check (manage.py check_exchange_providers): None not yet checked.
    health_ok = models.BooleanField(_("đang trả lời"), null=True, blank=True)
    health_error = models.CharField(max_length=200, blank=True)
    health_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dịch vụ trên trục")
        verbose_name_plural = _("dịch vụ trên trục")
        constraints = [
            models.UniqueConstraint(fields=["subsystem", "code"], name="exchange_service_once")
        ]
        ordering = ["subsystem__code", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    @property
    def identifier(self) -> ServiceId:
        return ServiceId(self.subsystem.identifier, self.code)


class AccessRight(models.Model):
    """A consumer subsystem may call a service — every method and path, or one
    method and the paths under one prefix. Anything not granted is denied."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="rights", verbose_name=_("dịch vụ")
    )
    client = models.ForeignKey(
        Subsystem, on_delete=models.CASCADE, related_name="rights", verbose_name=_("hệ thống gọi")
    )
    method = models.CharField(_("phương thức"), max_length=8, blank=True)  # "": any
    # "/" or "" is the whole service; "/people" is /people and everything below it.
    path = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyền gọi dịch vụ")
        verbose_name_plural = _("quyền gọi dịch vụ")
        indexes = [models.Index(fields=["service", "client"])]

    def __str__(self) -> str:
        what = f"{self.method or '*'} {self.path or '/'}"
        return f"{self.client.identifier} → {self.service.identifier} {what}"

    def covers(self, method: str, path: str) -> bool:
        if self.revoked_at is not None or (self.method and self.method != method):
            return False
        prefix = self.path.rstrip("/")
        return not prefix or path == prefix or path.startswith(prefix + "/")


class Exchange(models.Model):
    """One request through the gateway, as the message log keeps it."""

    # X-Road-Id. Not unique: each attempt to deliver a queued message is a row of its
    # own, under the message's one id.
    message_id = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    at = models.DateTimeField(db_index=True)
    client = models.CharField(max_length=300)  # SubsystemId, or "" when unknown
    service = models.CharField(max_length=400, db_index=True)  # ServiceId
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=2000)
    status = models.PositiveSmallIntegerField()
    error = models.CharField(max_length=64, blank=True)  # the axis's error type, if it refused
    duration_ms = models.PositiveIntegerField()
    request_bytes = models.PositiveIntegerField(default=0)
    response_bytes = models.PositiveIntegerField(default=0)
    request_sha256 = models.CharField(max_length=64)
    response_sha256 = models.CharField(max_length=64)
    # False while a large answer is still being passed on (gateway.py): its hash, size
    # and duration are written when the last byte has gone; the sealer waits for it.
    complete = models.BooleanField(default=True)
    # Filled when the row is sealed into the chain (exchange/log.py): its place in the
    # chain, the hash of the one before and its own.
    seq = models.BigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt trao đổi")
        verbose_name_plural = _("nhật ký trao đổi")
        indexes = [
            models.Index(fields=["client", "at"]),
            models.Index(fields=["service", "at"]),
            # The sealer's queue: rows not yet in the chain.
            models.Index(
                fields=["id"], name="exchange_unsealed", condition=models.Q(seq__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.method} {self.service} {self.status}"

    # As a table shows them: without the instance and class every row shares.
    @property
    def client_short(self) -> str:
        return self.client.split("/", 2)[-1] if self.client.count("/") >= 3 else self.client

    @property
    def service_short(self) -> str:
        return self.service.split("/", 2)[-1] if self.service.count("/") >= 4 else self.service


class ExchangeBody(models.Model):
    """The bodies of an exchange, for a service whose owner keeps them, until
    ``expires_at`` (then purged by ``manage.py seal_exchange_log``)."""

    exchange = models.OneToOneField(Exchange, on_delete=models.CASCADE, related_name="body")
    request = models.BinaryField()
    response = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.exchange.message_id}"


class LogSeal(models.Model):
    """A batch of the chain, signed: the head hash after ``last_seq``, signed with the
    operator unit's certificate, so that an edit, a deletion or a forged row anywhere
    up to it is found by ``manage.py verify_exchange_log``."""

    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField(unique=True)
    head_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()
    signature = models.TextField()  # base64 of an RSA-SHA256 signature over the statement
    certificate = models.TextField()  # PEM of the signer

    class Meta:
        ordering = ["last_seq"]

    def __str__(self) -> str:
        return f"{self.first_seq}–{self.last_seq} {self.head_hash[:12]}"


class DeliveryState(models.TextChoices):
    WAITING = "waiting", _("Đang chờ gửi")
    DELIVERED = "delivered", _("Đã chuyển đến")
    DEAD = "dead", _("Không chuyển được")


class QueuedMessage(models.Model):
    """A one-way message (a document, a notification between systems) the axis keeps
    until the receiver has it: retried with back-off while the receiver is down or
    failing, for up to EXCHANGE_GIVE_UP_HOURS, then set aside as dead for an
    administrator to send again. The receiver tells a second delivery of the same
    ``message_id`` (its X-Road-Id) from a new message, so a delivery repeated after a
    crash counts once."""

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sender = models.ForeignKey(
        Subsystem, on_delete=models.PROTECT, related_name="+", verbose_name=_("hệ thống gửi")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("dịch vụ nhận")
    )
    method = models.CharField(max_length=8, default="POST")
    path = models.CharField(max_length=2000, default="/")
    content_type = models.CharField(max_length=200, default="application/json")
    body = models.BinaryField()
    created_at = models.DateTimeField(_("tạo lúc"), db_index=True)
    state = models.CharField(
        _("tình trạng"), max_length=12, choices=DeliveryState, default=DeliveryState.WAITING
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"))
    give_up_at = models.DateTimeField(_("ngừng thử lúc"))
    # A worker holds the row until then (a worker killed mid-delivery lets it go).
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("chuyển đến lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông điệp gửi qua trục")
        verbose_name_plural = _("thông điệp gửi qua trục")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.service_id} ({self.state})"


class ReceivedMessage(models.Model):
    """What a Tỉnh số app received from the axis, by X-Road-Id: the second delivery
    of a message is recognised and not acted on again (exchange/inbox.py)."""

    message_id = models.CharField(max_length=64, unique=True)
    receiver = models.CharField(max_length=64)  # which of our services got it
    received_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.receiver} {self.message_id}"

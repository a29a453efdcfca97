"""Every change someone makes in the operations centre: an official acknowledges or
resolves an alert, a data source deletes its NGSI-LD entity or subscription. One
transaction and one audit row each. (Observations themselves are not audited one
by one: each batch is logged by its ingestion run, see ingest.py.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.core.audit import write_audit
from tinhso.core.errors import clean_note
from tinhso.ioc import ngsi
from tinhso.ioc.access import can_see
from tinhso.ioc.choices import AlertStatus
from tinhso.ioc.models import Alert, DataSource, NgsiEntity, NgsiSubscription


@transaction.atomic
def do_acknowledge(alert: Alert, *, acting_user: User) -> Alert:
    alert = Alert.objects.select_for_update().select_related("area").get(pk=alert.pk)
    if not can_see(acting_user, alert.area):
        raise PermissionDenied
    if alert.status == AlertStatus.OPEN:
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.acknowledged_by, alert.acknowledged_at = acting_user, timezone.now()
        alert.save()
        write_audit("ioc.alert_acknowledged", actor=acting_user, obj=alert)
    return alert


@transaction.atomic
def do_resolve(alert: Alert, *, acting_user: User, note: str) -> Alert:
    alert = Alert.objects.select_for_update().select_related("area").get(pk=alert.pk)
    if not can_see(acting_user, alert.area):
        raise PermissionDenied
    if alert.status != AlertStatus.RESOLVED:
        alert.status = AlertStatus.RESOLVED
        alert.resolved_by, alert.resolved_at = acting_user, timezone.now()
        alert.resolve_note = clean_note(note, required=True)[:500]
        alert.save()
        write_audit("ioc.alert_resolved", actor=acting_user, obj=alert)
    return alert


@transaction.atomic
def do_delete_entity(entity: NgsiEntity, *, source: DataSource) -> None:
    """A source deletes an entity it owns or may write; its observations stay (history)."""
    entity = NgsiEntity.objects.select_for_update().get(pk=entity.pk)
    if not entity.writable_by(source):
        raise ngsi.not_yours(entity.entity_id)
    write_audit(
        "ioc.entity_deleted",
        obj=entity,
        data={"entity": entity.entity_id, "source": source.name},
    )
    entity.delete()


@transaction.atomic
def do_delete_subscription(subscription: NgsiSubscription, *, source: DataSource) -> None:
    if subscription.source_id != source.pk:
        raise PermissionDenied
    write_audit(
        "ioc.subscription_deleted",
        obj=subscription,
        data={"subscription": subscription.subscription_id, "source": source.name},
    )
    subscription.delete()

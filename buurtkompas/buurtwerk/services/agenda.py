"""Writes of the residents' agenda. Every write is atomic and audited; the audit data holds
field names and statuses only, never the text residents or workers typed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import AgendaItem, Initiative
from buurtkompas.buurtwerk.services.initiatives import initiative_create
from buurtkompas.residents.selectors import buurt_choices

FIELDS = ("title", "description", "buurt", "street", "channel", "supporters", "raised_on")


def check_buurt(workspace, buurt) -> None:
    if buurt is not None and not buurt_choices(workspace).filter(pk=buurt.pk).exists():
        raise ValidationError(_("Choose a buurt the team works in."))


@transaction.atomic
def agenda_item_create(*, actor, workspace, title: str, channel: str, raised_on, **fields):
    check_buurt(workspace, fields.get("buurt"))
    item = AgendaItem.objects.create(
        workspace=workspace,
        created_by=actor,
        title=title,
        channel=channel,
        raised_on=raised_on,
        **fields,
    )
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.agenda_item.created",
        obj=item,
        data={"fields": [f for f in FIELDS if getattr(item, f)], "channel": channel},
    )
    return item


@transaction.atomic
def agenda_item_update(*, actor, item: AgendaItem, **fields) -> AgendaItem:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_update() cannot change {sorted(unknown)}")
    check_buurt(item.workspace, fields.get("buurt"))
    changed = [k for k, v in fields.items() if getattr(item, k) != v]
    for key, value in fields.items():
        setattr(item, key, value)
    item.save()
    log_action(
        actor=actor,
        workspace=item.workspace,
        action="buurtwerk.agenda_item.changed",
        obj=item,
        data={"fields": changed},
    )
    return item


@transaction.atomic
def agenda_item_set_status(*, actor, item: AgendaItem, status: str, reason: str = ""):
    """Move an item along heard → discussed → picked up → done, or mark it not feasible,
    which needs a reason the residents can be told."""
    if status not in AgendaItem.Status.values:
        raise ValidationError(_("Choose a valid status."))
    reason = reason.strip()
    if status == AgendaItem.Status.NOT_FEASIBLE and not reason:
        raise ValidationError(
            _("Say why it is not feasible: the residents who raised it deserve an answer.")
        )
    previous = item.status
    item.status = status
    item.status_reason = reason if status == AgendaItem.Status.NOT_FEASIBLE else ""
    item.save(update_fields=["status", "status_reason"])
    log_action(
        actor=actor,
        workspace=item.workspace,
        action="buurtwerk.agenda_item.status_changed",
        obj=item,
        data={"from": previous, "to": status},
    )
    return item


@transaction.atomic
def agenda_item_take_up(*, actor, item: AgendaItem, title: str, chain_stage: str, goal: str = ""):
    """Turn an item into an initiative: create it, link the item and mark the item picked up."""
    initiative = initiative_create(
        actor=actor,
        workspace=item.workspace,
        title=title,
        goal=goal,
        chain_stage=chain_stage,
        agenda_items=[item],
    )
    if item.status != AgendaItem.Status.PICKED_UP:
        agenda_item_set_status(actor=actor, item=item, status=AgendaItem.Status.PICKED_UP)
    log_action(
        actor=actor,
        workspace=item.workspace,
        action="buurtwerk.agenda_item.taken_up",
        obj=item,
        data={"initiative": initiative.pk},
    )
    return initiative


@transaction.atomic
def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    """Delete an item. Initiatives and log entries that named it stay; only the links go."""
    linked = Initiative.objects.filter(workspace=item.workspace_id, agenda_items=item).count()
    log_action(
        actor=actor,
        workspace=item.workspace,
        action="buurtwerk.agenda_item.deleted",
        obj=item,
        data={"initiatives_unlinked": linked},
    )
    item.delete()

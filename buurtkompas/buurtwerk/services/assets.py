"""Writes of the krachtenkaart. Each is one transaction and writes the audit log, which records
the kind of asset and which fields changed, never a title, text or resident."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import Asset
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import ConsentMissing, require_consent

ASSET_FIELDS = (
    "kind",
    "title",
    "description",
    "skills",
    "contact",
    "buurt",
    "latitude",
    "longitude",
)


def checked_contact(*, workspace, kind: str, contact):
    """A talent names a resident of the team who consents to being listed; others name none."""
    if kind != Asset.Kind.TALENT:
        return None
    if contact is None:
        raise ValidationError({"contact": _("Choose the resident whose talent this is.")})
    if contact.workspace_id != workspace.pk or contact.is_anonymised:
        raise ValidationError({"contact": _("Choose a resident of this team.")})
    try:
        require_consent(contact, Purpose.VOLUNTEER)
    except ConsentMissing as error:
        raise ValidationError({"contact": error.messages}) from None
    return contact


def audit(*, actor, asset: Asset, verb: str, **data) -> None:
    log_action(
        actor=actor,
        workspace=asset.workspace,
        action=f"buurtwerk.asset.{verb}",
        obj=asset,
        data={"kind": asset.kind, **data},
    )


@transaction.atomic
def asset_create(*, actor, workspace, kind: str, title: str, contact=None, **fields) -> Asset:
    contact = checked_contact(workspace=workspace, kind=kind, contact=contact)
    asset = Asset.objects.create(
        workspace=workspace, created_by=actor, kind=kind, title=title, contact=contact, **fields
    )
    audit(actor=actor, asset=asset, verb="created")
    return asset


@transaction.atomic
def asset_update(*, actor, asset: Asset, **fields) -> Asset:
    kind = fields.get("kind", asset.kind)
    fields["contact"] = checked_contact(
        workspace=asset.workspace, kind=kind, contact=fields.get("contact", asset.contact)
    )
    changed = [key for key, value in fields.items() if getattr(asset, key) != value]
    for key, value in fields.items():
        setattr(asset, key, value)
    asset.save()
    audit(actor=actor, asset=asset, verb="changed", fields=changed)
    return asset


@transaction.atomic
def asset_delete(*, actor, asset: Asset) -> None:
    audit(actor=actor, asset=asset, verb="deleted", connections=asset.connects.count())
    asset.delete()


def same_team(asset: Asset, other: Asset) -> None:
    if other.workspace_id != asset.workspace_id or other.pk == asset.pk:
        raise ValidationError(_("Choose another asset of this team."))


@transaction.atomic
def asset_connect(*, actor, asset: Asset, other: Asset) -> None:
    same_team(asset, other)
    asset.connects.add(other)
    audit(actor=actor, asset=asset, verb="connected", other=other.pk)


@transaction.atomic
def asset_disconnect(*, actor, asset: Asset, other: Asset) -> None:
    same_team(asset, other)
    asset.connects.remove(other)
    audit(actor=actor, asset=asset, verb="disconnected", other=other.pk)

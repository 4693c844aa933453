"""Writes of the network app (members part): `<entity>_<verb>(*, ...)`, atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.network.models import Network, NetworkMember, NetworkRole


@transaction.atomic
def network_create(*, actor, name: str, coordinator, description: str = "", is_demo=False):
    """A new network with its first network coordinator."""
    name = name.strip()
    slug = slugify(name)[:60].strip("-")
    if not name or not slug:
        raise ValidationError({"name": _("Give the network a name.")})
    if Network.objects.filter(slug=slug).exists() or Network.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A network with this name already exists.")})
    network = Network.objects.create(
        name=name, slug=slug, description=description, created_by=actor, is_demo=is_demo
    )
    member_add(actor=actor, network=network, user=coordinator, role=NetworkRole.COORDINATOR)
    log_action(actor=actor, action="network.network.created", obj=network)
    return network


@transaction.atomic
def member_add(*, actor, network, user, role=NetworkRole.MEMBER) -> NetworkMember:
    member, created = NetworkMember.objects.get_or_create(
        network=network, user=user, defaults={"role": role}
    )
    if created:
        log_action(actor=actor, action="network.member.added", obj=member, data={"role": role})
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        log_action(
            actor=actor, action="network.member.role_changed", obj=member, data={"role": role}
        )
    return member

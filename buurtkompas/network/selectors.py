"""Reads of the network app with their visibility rules."""

from buurtkompas.network.models import Network, NetworkMember


def networks_of(user):
    """The networks `user` is a member of (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(members__user=user).order_by("name")


def other_networks(user):
    """Networks the visitor is not in (real ones; demonstration networks are not advertised)."""
    networks = Network.objects.filter(is_demo=False)
    if user.is_authenticated:
        networks = networks.exclude(members__user=user)
    return networks.order_by("name")


def coordinators(network):
    return NetworkMember.objects.filter(network=network, role="coordinator").select_related("user")

"""Who may do what with a knowledge item: the one place these rules live.

- A published public item: everyone reads it. A published network item: the network's
  members. An archived item: whoever could read it when it was published (with a notice).
- A draft or submitted item: its author, the network's coordinators and appointed reviewers
  (for the starting content, which has no network: the platform coordinators).
- Reviewing (comments, publishing, sending back, the quality level): coordinators and reviewers
  of the item's network; never the author alone.
- Editing: the author until it is archived; reviewers and coordinators once it is submitted.
- Using, asking, rating: a member of any network who may read the item.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from buurtkompas.core.params import ID_MAX
from buurtkompas.knowledge.models import Item, Reviewer, Status, Visibility
from buurtkompas.network.models import NetworkMember, NetworkRole


def network_ids(user) -> set[int]:
    """The networks the user is a member of; asked once per request (kept on the user)."""
    if user is None or not user.is_authenticated:
        return set()
    if not hasattr(user, "_knowledge_networks"):
        user._knowledge_networks = set(
            NetworkMember.objects.filter(user=user).values_list("network_id", flat=True)
        )
    return user._knowledge_networks


def is_member(user, network_id) -> bool:
    return user.is_authenticated and network_id in network_ids(user)


def reviews(user, network_id: int | None) -> bool:
    """Coordinator or appointed reviewer of the network (platform coordinator when None)."""
    if not user.is_authenticated:
        return False
    if network_id is None:
        return bool(user.is_platform_coordinator)
    known = user.__dict__.setdefault("_knowledge_reviews", {})  # once per request and network
    if network_id not in known:
        known[network_id] = (
            Reviewer.objects.filter(network_id=network_id, user=user).exists()
            or NetworkMember.objects.filter(
                network_id=network_id, user=user, role=NetworkRole.COORDINATOR
            ).exists()
        )
    return known[network_id]


def is_author(user, item: Item) -> bool:
    return user.is_authenticated and item.author_id == user.pk


def may_read(user, item: Item) -> bool:
    if item.status in (Status.PUBLISHED, Status.ARCHIVED):
        if item.visibility == Visibility.PUBLIC:
            return True
        return is_member(user, item.network_id) or reviews(user, item.network_id)
    return is_author(user, item) or reviews(user, item.network_id)


def may_review(user, item: Item) -> bool:
    return reviews(user, item.network_id)


def may_edit(user, item: Item) -> bool:
    if item.status == Status.ARCHIVED:
        return False
    if is_author(user, item):
        return True
    return item.status != Status.DRAFT and reviews(user, item.network_id)


def may_take_part(user, item: Item) -> bool:
    """Use, ask, rate: logged-in members of a network who may read a published item."""
    if not user.is_authenticated or item.status != Status.PUBLISHED:
        return False
    return bool(network_ids(user)) and may_read(user, item)


def item_for(request, item_id: int, *, need=may_read) -> Item:
    """The item of the URL if the visitor may read it (and pass `need`): anonymous visitors of a
    members-only item are sent to log in, others get 404; readers without the right get 403."""
    if not 0 < item_id <= ID_MAX:
        raise Http404
    item = get_object_or_404(Item.objects.select_related("network", "author"), pk=item_id)
    if not may_read(request.user, item):
        if not request.user.is_authenticated:
            raise LoginNeeded(request)
        raise Http404
    if need is not may_read and not need(request.user, item):
        raise PermissionDenied
    return item


class LoginNeeded(Exception):
    """Raised by `item_for`; the views turn it into a redirect to the log-in page."""

    def __init__(self, request):
        self.response = redirect_to_login(request.get_full_path())

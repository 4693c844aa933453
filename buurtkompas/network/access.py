"""The one access helper of the network pages (like `workspaces.access` for teams).

`@network_view(...)` resolves the `network_slug` of the URL into `request.network` and the
visitor's `request.network_member` (None for the public and for non-members):

- `public=True`: everyone gets the page (it shows only what is public to non-members);
- members only (default): anonymous visitors are sent to log in, logged-in non-members get
  404 (a network's members-only pages do not reveal themselves);
- `coordinator=True`: members who are not network coordinators get 403;
- `host_team=True` (with `coordinator=True`, on pages of one event): the event's host team may
  use the page too — network members who are a coordinator or opbouwwerker of the team that
  hosts the werkbezoek (check-in, feedback, the verslag).

Members-only and coordinator answers are marked `Cache-Control: no-store, private`.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from buurtkompas.core.params import ID_MAX
from buurtkompas.network.models import Event, Network, NetworkMember


def member_of(user, network) -> NetworkMember | None:
    if not user.is_authenticated:
        return None
    return NetworkMember.objects.filter(network=network, user=user).select_related("user").first()


HOST_ROLES = ("coordinator", "opbouwwerker")


def hosts(user, network, event_id) -> bool:
    """Is `user` a coordinator or opbouwwerker of the team that hosts this event?"""
    return Event.objects.filter(
        pk=event_id,
        network=network,
        host_workspace__memberships__user=user,
        host_workspace__memberships__role__in=HOST_ROLES,
    ).exists()


def may_host(request, event) -> bool:
    """For templates: may this visitor use the hosts' pages of this event?"""
    member = request.network_member
    if member is None:
        return False
    return member.is_coordinator or hosts(request.user, request.network, event.pk)


def network_view(*, public: bool = False, coordinator: bool = False, host_team: bool = False):
    def decorate(view):
        def answer(request, network_slug: str, *args, **kwargs):
            if any(k.endswith("_id") and not 0 < v <= ID_MAX for k, v in kwargs.items()):
                raise Http404  # an id no database column can hold: no such object
            network = get_object_or_404(Network, slug=network_slug)
            member = member_of(request.user, network)
            request.network, request.network_member = network, member
            if public:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if member is None:
                raise Http404
            if coordinator and not member.is_coordinator:
                if not (host_team and hosts(request.user, network, kwargs.get("event_id"))):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        @functools.wraps(view)
        def wrapper(request, network_slug: str, *args, **kwargs):
            response = answer(request, network_slug, *args, **kwargs)
            if request.user.is_authenticated:
                add_never_cache_headers(response)  # members see members-only data
            return response

        wrapper.network_public = public
        wrapper.network_coordinator = coordinator
        return wrapper

    return decorate

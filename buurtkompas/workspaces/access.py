"""The one access helper every workspace view uses.

An outsider gets 404 (a workspace's existence is not leaked); a member whose role may not do
the thing gets 403. Views declare what they need; they never compare roles themselves.
"""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from buurtkompas.workspaces.models import ALL, Membership

PERSONAL_DATA = "personal_data"


class TwoFactorRequired(PermissionDenied):
    """A coordinator of a team that requires 2FA has not set it up (still a 403 for callers
    of `check`; `workspace_view` sends them to the set-up page instead)."""


def membership_for(user, workspace_id: int) -> Membership:
    if not user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("workspace", "user").get(
            workspace_id=workspace_id, user=user
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def check(membership: Membership, roles, *, personal_data: bool = False) -> None:
    if membership.role not in roles:
        raise PermissionDenied
    if personal_data and not membership.can_see_personal_data:
        raise PermissionDenied
    workspace = membership.workspace
    if (
        workspace.require_2fa_for_coordinators
        and membership.role == "coordinator"
        and not membership.user.has_2fa
    ):
        raise TwoFactorRequired("two-factor authentication is required")


def two_factor_setup_redirect(request):
    messages.warning(
        request,
        _(
            "This team asks its coordinators to use two-step verification. "
            "Set it up first; then you can continue."
        ),
    )
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{resolve_url('accounts:two_factor')}?{query}")


def workspace_view(roles=ALL, *, personal_data: bool = False):
    """Decorate a view taking `workspace_id`: sets request.workspace and request.membership."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, workspace_id: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, workspace_id)
            try:
                check(membership, roles, personal_data=personal_data)
            except TwoFactorRequired:
                return two_factor_setup_redirect(request)
            request.workspace, request.membership = membership.workspace, membership
            return view(request, *args, **kwargs)

        wrapper.workspace_roles = roles
        wrapper.workspace_personal_data = personal_data
        return wrapper

    return decorate

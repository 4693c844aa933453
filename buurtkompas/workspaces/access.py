"""The one access helper every workspace view uses.

An outsider gets 404 (a workspace's existence is not leaked); a member whose role may not do
the thing gets 403. Views declare what they need; they never compare roles themselves.

A record of the team is fetched only through `record_for_reading` or `record_for_changing`:
404 when it is not this team's (or the id cannot exist), 403 when this member may not read or
change it. Who may change a record is `Membership.may_change` with the owners the record names
(`WorkspaceOwned.owner_ids`); `may_change(membership, record)` asks the same for a page's
links and buttons. Every answer of a team view is marked `Cache-Control: no-store, private`:
team pages show personal data, and no browser or proxy may keep a copy.
"""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from buurtkompas.workspaces.models import ALL, Membership

PERSONAL_DATA = "personal_data"
MAX_ID = 2**63 - 1  # the largest primary key any database column here can hold


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
        and membership.manages
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
        def answer(request, workspace_id: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, workspace_id)
            try:
                check(membership, roles, personal_data=personal_data)
            except TwoFactorRequired:
                return two_factor_setup_redirect(request)
            request.workspace, request.membership = membership.workspace, membership
            return view(request, *args, **kwargs)

        @functools.wraps(view)
        def wrapper(request, workspace_id: int, *args, **kwargs):
            response = answer(request, workspace_id, *args, **kwargs)
            add_never_cache_headers(response)  # team pages show personal data
            return response

        wrapper.workspace_roles = roles
        wrapper.workspace_personal_data = personal_data
        return wrapper

    return decorate


def team_records(request, model_or_queryset) -> QuerySet:
    """The records of request.workspace in a model or queryset (a queryset keeps its
    select_related and prefetches)."""
    if isinstance(model_or_queryset, QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    return queryset.filter(workspace=request.workspace)


def valid_id(pk) -> int:
    """`pk` as a positive integer a database can hold; 404 for anything else."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= MAX_ID:
        raise Http404
    return number


def may_read(membership: Membership, record: Model) -> bool:
    """Every member reads the team's records, except one that is itself personal data."""
    is_personal = getattr(record, "is_personal_data", None)
    return not (is_personal and is_personal()) or membership.can_see_personal_data


def owners_of(record: Model) -> set[int]:
    owner_ids = getattr(record, "owner_ids", None)
    return owner_ids() if owner_ids else set()


def may_change(membership: Membership, record: Model) -> bool:
    """Whether this member may change (edit, delete, add to) this record of their team: the
    rule of `Membership.may_change`, with the owners the record names, for a record this member
    may read at all. For a page's links and buttons and a list's flags."""
    return may_read(membership, record) and membership.may_change(record, owners=owners_of(record))


def record_for_reading(request, model_or_queryset, pk, **lookups) -> Model:
    """A record of this team (404 otherwise) that this member may read (403 otherwise).
    `lookups` narrow it further (e.g. `initiative=initiative` for a milestone)."""
    records = team_records(request, model_or_queryset)
    record = get_object_or_404(records, pk=valid_id(pk), **lookups)
    if not may_read(request.membership, record):
        raise PermissionDenied
    return record


def record_for_changing(request, model_or_queryset, pk, **lookups) -> Model:
    """A record of this team (404 otherwise) that this member may change (403 otherwise)."""
    record = record_for_reading(request, model_or_queryset, pk, **lookups)
    if not may_change(request.membership, record):
        raise PermissionDenied
    return record

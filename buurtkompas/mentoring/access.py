"""Who may use a mentoring page. Every view is a `network.access.network_view` (members only;
`coordinator=True` for the coordinators' pages); a trajectory's pages add `pair_view`:

- `@pair_view()`: the rookie and the master only; a network coordinator gets 403 (they know the
  pair exists, but this page holds what is the pair's own), any other member 404;
- `@pair_view(coordinator_reads=True)`: the coordinators too (the page then shows them only
  status, dates and counts).

Each view carries `mentoring_who` ("member", "coordinator", "pair", "pair_or_coordinator"),
which tests/test_mentoring_walker.py reads to know what every persona must get."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404

from buurtkompas.mentoring import selectors
from buurtkompas.network.access import network_view


def member_view(*, coordinator: bool = False):
    def decorate(view):
        wrapper = network_view(coordinator=coordinator)(view)
        wrapper.mentoring_who = "coordinator" if coordinator else "member"
        return wrapper

    return decorate


def pair_view(*, coordinator_reads: bool = False):
    def decorate(view):
        @functools.wraps(view)
        def with_trajectory(request, trajectory_id, *args, **kwargs):
            trajectory = selectors.trajectory_in(request.network, trajectory_id)
            role = trajectory.role_of(request.user)
            if not role:
                if not request.network_member.is_coordinator:
                    raise Http404
                if not coordinator_reads:
                    raise PermissionDenied
            request.trajectory, request.pair_role = trajectory, role
            return view(request, *args, **kwargs)

        wrapper = network_view()(with_trajectory)
        wrapper.mentoring_who = "pair_or_coordinator" if coordinator_reads else "pair"
        return wrapper

    return decorate

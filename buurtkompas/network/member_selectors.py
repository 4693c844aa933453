"""Reads of the member directory with its visibility rules: members see every profile that is
not hidden; the public sees only profiles with at least one public field, and of those only
the name and the public fields. A fixed number of queries per page."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from buurtkompas.network.models import MemberProfile, NetworkMember, Theme
from buurtkompas.regions.models import Region


@dataclass(frozen=True)
class Filters:
    q: str = ""
    theme: str = ""
    profession: str = ""
    region: str = ""  # a gemeente code (GMxxxx): members who work in it or in its wijken
    open_to: bool = False


def directory(network, *, public: bool, filters: Filters = Filters()):
    profiles = (
        MemberProfile.objects.filter(member__network=network, hidden=False)
        .select_related("member__user")
        .prefetch_related(Prefetch("regions", queryset=Region.objects.order_by("name")))
        .order_by("member__user__name", "pk")
    )
    if public:
        profiles = profiles.exclude(public_fields=[])
    if filters.q:
        profiles = profiles.filter(
            Q(member__user__name__icontains=filters.q)
            | _field_filter(public, "organisation", Q(organisation__icontains=filters.q))
            | _field_filter(public, "open_to", Q(open_to__icontains=filters.q))
        )
    if filters.profession:
        profiles = profiles.filter(
            _field_filter(public, "profession", Q(profession=filters.profession))
        )
    if filters.region:
        profiles = profiles.filter(
            _field_filter(public, "regions", Q(regions__gemeente_code=filters.region))
        ).distinct()
    if filters.theme in Theme.values:  # the JSON list holds the key in quotes
        theme = Q(themes__icontains=f'"{filters.theme}"')
        profiles = profiles.filter(_field_filter(public, "themes", theme))
    if filters.open_to:
        profiles = profiles.exclude(open_to="").filter(_field_filter(public, "open_to", Q()))
    return profiles


def _field_filter(public: bool, field: str, condition: Q) -> Q:
    """A filter on `field` counts for the public only where the member made `field` public
    (so a filter never reveals a field that is for members only)."""
    if not public:
        return condition
    return condition & Q(public_fields__icontains=f'"{field}"')


def where_members_work(network, *, public: bool) -> list[dict]:
    """Per gemeente of the regions members named: how many members work there (a member who
    named two wijken of one gemeente counts once). Two queries."""
    profiles = MemberProfile.objects.filter(member__network=network, hidden=False)
    if public:
        profiles = profiles.filter(public_fields__icontains='"regions"')
    pairs = profiles.filter(regions__isnull=False).values_list("pk", "regions__gemeente_code")
    counts: dict[str, set] = {}
    for profile_id, code in pairs:
        counts.setdefault(code, set()).add(profile_id)
    names = dict(
        Region.objects.filter(level="gemeente", code__in=counts)
        .order_by("code", "year")
        .values_list("code", "name")
    )
    return sorted(
        ({"code": c, "name": names.get(c, c), "members": len(p)} for c, p in counts.items()),
        key=lambda row: (-row["members"], row["name"]),
    )


def profile_of(member: NetworkMember) -> MemberProfile | None:
    return MemberProfile.objects.filter(member=member).first()

"""Reads of the knowledge base, with the reading rules of `access` as querysets."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from buurtkompas.knowledge import access, search
from buurtkompas.knowledge.models import (
    ChainStage,
    Item,
    ItemTheme,
    Kind,
    QualityLevel,
    Reviewer,
    Status,
    Theme,
    Visibility,
)
from buurtkompas.network.models import NetworkMember, NetworkRole
from buurtkompas.regions.models import Region

PER_PAGE = 20


def published_for(user):
    """Published items this visitor may read: public ones, and their networks' ones."""
    mine = access.network_ids(user)
    readable = Q(visibility=Visibility.PUBLIC)
    if mine:
        readable |= Q(network_id__in=mine)
    return Item.objects.filter(readable, status=Status.PUBLISHED)


def public_items():
    return Item.objects.filter(status=Status.PUBLISHED, visibility=Visibility.PUBLIC)


@dataclass
class Filters:
    query: str = ""
    kind: str = ""
    chain_stage: str = ""
    theme: str = ""
    quality: str = ""
    gemeente: str = ""  # a gemeente code: items that happened in it or in an area within it
    network: int | None = None

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass
class Facet:
    key: str
    label: str
    options: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count


@dataclass
class Result:
    items: list
    total: int
    page: int
    pages: int
    facets: list[Facet]
    any_word: bool = False  # no item had every word: these have some of them
    ranked: bool = False


def _filtered(base, filters: Filters, *, skip: str = ""):
    qs = base
    if filters.kind and skip != "kind":
        qs = qs.filter(kind=filters.kind)
    if filters.chain_stage and skip != "chain_stage":
        qs = qs.filter(chain_stage=filters.chain_stage)
    if filters.quality and skip != "quality":
        qs = qs.filter(quality_level=filters.quality)
    if filters.theme and skip != "theme":
        qs = qs.filter(pk__in=ItemTheme.objects.filter(theme=filters.theme).values("item_id"))
    if filters.gemeente and skip != "gemeente":
        qs = qs.filter(
            pk__in=Item.regions.through.objects.filter(
                region__gemeente_code=filters.gemeente
            ).values("item_id")
        )
    if filters.network:
        qs = qs.filter(network_id=filters.network)
    return qs


def _counts(qs, column: str) -> dict[str, int]:
    return dict(qs.order_by().values_list(column).annotate(n=Count("pk")))


def _facets(base, filters: Filters) -> list[Facet]:
    """Counts per option, each counted with the other facets' choices applied (so a choice
    shows what choosing it would give)."""
    kinds = _counts(_filtered(base, filters, skip="kind"), "kind")
    stages = _counts(_filtered(base, filters, skip="chain_stage"), "chain_stage")
    levels = _counts(_filtered(base, filters, skip="quality"), "quality_level")
    themes = dict(
        ItemTheme.objects.filter(item__in=_filtered(base, filters, skip="theme").values("pk"))
        .order_by()
        .values_list("theme")
        .annotate(n=Count("pk"))
    )
    through = Item.regions.through.objects.filter(
        item_id__in=_filtered(base, filters, skip="gemeente").values("pk")
    )
    per_gemeente = dict(
        through.order_by()
        .values_list("region__gemeente_code")
        .annotate(n=Count("item_id", distinct=True))
    )
    names = dict(
        Region.objects.filter(code__in=per_gemeente, level="gemeente")
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    return [
        Facet("kind", _("Kind"), _options(Kind.choices, kinds)),
        Facet("chain_stage", _("Stage on the chain"), _options(ChainStage.choices, stages)),
        Facet("theme", _("Theme"), _options(Theme.choices, themes)),
        Facet("quality", _("Quality level"), _options(QualityLevel.choices, levels)),
        Facet(
            "gemeente",
            _("Where"),
            sorted(
                ((code, names.get(code, code), n) for code, n in per_gemeente.items() if code),
                key=lambda option: (-option[2], option[1]),
            )[:30],
        ),
    ]


def _options(choices, counts) -> list[tuple[str, str, int]]:
    return [(value, label, counts[value]) for value, label in choices if counts.get(value)]


def search_items(user, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE) -> Result:
    """The published items this visitor may read that match, with facet counts."""
    base = published_for(user)
    any_word = False
    ranked_ids = None
    if search.query_words(filters.query):
        sql = search.match_sql(filters.query)
        matched = base.filter(pk__in=RawSQL(*sql))
        if not matched.exists() and len(search.query_words(filters.query)) > 1:
            sql, any_word = search.match_sql(filters.query, any_word=True), True
        base = base.filter(pk__in=RawSQL(*sql))
        ranked_ids = search.ranked_ids(filters.query, any_word=any_word)
    chosen = _filtered(base, filters)
    if ranked_ids is None:
        total = chosen.count()
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        rows = list(_with_details(chosen)[(page - 1) * per_page : page * per_page])
    else:
        allowed = set(chosen.values_list("pk", flat=True))
        ordered = [pk for pk in ranked_ids if pk in allowed]
        total = len(ordered)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        wanted = ordered[(page - 1) * per_page : page * per_page]
        found = {i.pk: i for i in _with_details(Item.objects.filter(pk__in=wanted))}
        rows = [found[pk] for pk in wanted if pk in found]
    return Result(
        items=rows,
        total=total,
        page=page,
        pages=pages,
        facets=_facets(base, filters),
        any_word=any_word,
        ranked=ranked_ids is not None,
    )


def _with_details(qs):
    return qs.select_related("network", "author").prefetch_related("themes")


def item_page(item: Item) -> Item:
    """The item with everything its page shows, in a few queries."""
    return (
        Item.objects.filter(pk=item.pk)
        .select_related("network", "author", "quality_by")
        .prefetch_related("themes", "regions", "attachments", "events")
        .get()
    )


def rating_of(item: Item) -> dict:
    return item.ratings.aggregate(average=Avg("score"), count=Count("pk"))


def similar(item: Item, user, limit: int = 5) -> list[Item]:
    """Readable published items that share the most themes with this one, then its stage and
    its words; never the item itself."""
    themes = item.theme_values
    candidates = published_for(user).exclude(pk=item.pk)
    if themes:
        shared = candidates.filter(themes__theme__in=themes).annotate(
            shared=Count("themes", distinct=True),
            same_stage=Count("pk", filter=Q(chain_stage=item.chain_stage)),
        )
        found = list(
            _with_details(shared.order_by("-shared", "-same_stage", "-published_at"))[:limit]
        )
    else:
        found = []
    if len(found) < limit and item.title:
        ids = search.ranked_ids(item.title, any_word=True)[: 5 * limit]
        more = candidates.filter(pk__in=ids).exclude(pk__in=[i.pk for i in found])
        by_id = {i.pk: i for i in _with_details(more)}
        found += [by_id[pk] for pk in ids if pk in by_id][: limit - len(found)]
    return found


def reviewer_emails(item: Item) -> list[str]:
    if item.network_id is None:
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_platform_coordinator=True)
        return list(users.values_list("email", flat=True))
    coordinators = NetworkMember.objects.filter(
        network_id=item.network_id, role=NetworkRole.COORDINATOR
    ).values_list("user__email", flat=True)
    reviewers = Reviewer.objects.filter(network_id=item.network_id).values_list(
        "user__email", flat=True
    )
    return sorted({*coordinators, *reviewers} - {item.author.email if item.author else ""})


def review_queue(user):
    """Submitted items (and drafts with comments) the visitor reviews."""
    reviewed = set(Reviewer.objects.filter(user=user).values_list("network_id", flat=True))
    reviewed |= set(
        NetworkMember.objects.filter(user=user, role=NetworkRole.COORDINATOR).values_list(
            "network_id", flat=True
        )
    )
    scope = Q(network_id__in=reviewed)
    if user.is_platform_coordinator:
        scope |= Q(network__isnull=True)
    return _with_details(Item.objects.filter(scope, status=Status.SUBMITTED)).order_by(
        "submitted_at"
    )


def own_items(user):
    return _with_details(Item.objects.filter(author=user)).order_by("-updated_at")


def usage_points(item: Item) -> list[dict]:
    """Where the item happened and where members used it, as points for the small map."""
    points = []
    for region in item.regions.all():
        if region.bbox:
            points.append(_point(region, "happened"))
    for usage in item.usages.select_related("region"):
        if usage.region.bbox:
            points.append(_point(usage.region, "used"))
    return points


def _point(region: Region, what: str) -> dict:
    west, south, east, north = region.bbox
    return {
        "lon": round((west + east) / 2, 5),
        "lat": round((south + north) / 2, 5),
        "name": region.name,
        "what": what,
    }


def items_in_region(region: Region, limit: int = 10) -> list[Item]:
    """Public items that happened in the region or in an area within it."""
    if region.level == "gemeente":
        where = Q(regions__gemeente_code=region.code)
    else:
        where = Q(regions__code__startswith=region.code.replace("WK", "BU", 1)) | Q(
            regions__code=region.code
        )
    return list(public_items().filter(where).distinct().order_by("-published_at")[:limit])


def networks_of(user):
    from buurtkompas.network.models import Network

    return Network.objects.filter(members__user=user).order_by("name")

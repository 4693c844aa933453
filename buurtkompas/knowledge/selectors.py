"""Reads of the knowledge base, with the reading rules of `access` as querysets."""

import heapq
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from itertools import chain

from django.db.models import Avg, Count, Max, Q
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


# --- The catalogue: what the list, its facets and "similar items" need, in memory ----------
#
# Counting facets in SQL over every published item costs five grouped queries on each search
# (measured: 50-80 ms each at 20,000 items). The facts they need are small and change only when
# an item changes, so each process keeps them in memory and reloads them when the table's
# version changes: the number of items and the latest `updated_at` (every service that changes
# an item, its themes or its regions saves the item). Two app servers see each other's changes
# on their next request.


@dataclass(frozen=True)
class Entry:
    pk: int
    kind: str
    chain_stage: str
    quality: str
    network_id: int | None
    public: bool
    published_at: float
    themes: frozenset
    gemeenten: frozenset


_catalogue: dict = {"version": None, "entries": {}, "ordered": []}
_lock = threading.Lock()  # the threads of one server process share the two caches
_building = threading.Lock()


def version() -> tuple:
    found = Item.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return found["n"], found["latest"]


def catalogue() -> dict[int, Entry]:
    """pk -> Entry of every published item (reloaded when an item changed)."""
    current = version()
    if _catalogue["version"] == current:
        return _catalogue["entries"]
    with _building:  # one thread builds it; the others wait for it instead of building too
        if _catalogue["version"] == current:
            return _catalogue["entries"]
        return _build(current)


def _build(current) -> dict[int, Entry]:
    rows = Item.objects.filter(status=Status.PUBLISHED).values_list(
        "pk", "kind", "chain_stage", "quality_level", "network_id", "visibility", "published_at"
    )
    themes: dict[int, set] = {}
    for pk, theme in ItemTheme.objects.filter(item__status=Status.PUBLISHED).values_list(
        "item_id", "theme"
    ):
        themes.setdefault(pk, set()).add(theme)
    gemeenten: dict[int, set] = {}
    for pk, code in Item.regions.through.objects.filter(item__status=Status.PUBLISHED).values_list(
        "item_id", "region__gemeente_code"
    ):
        gemeenten.setdefault(pk, set()).add(code)
    entries = {
        pk: Entry(
            pk,
            kind,
            stage,
            quality,
            network_id,
            visibility == Visibility.PUBLIC,
            published.timestamp() if published else 0.0,
            frozenset(themes.get(pk, ())),
            frozenset(c for c in gemeenten.get(pk, ()) if c),
        )  # fmt: skip
        for pk, kind, stage, quality, network_id, visibility, published in rows
    }
    ordered = sorted(entries.values(), key=lambda e: (-e.published_at, -e.pk))
    _catalogue.update(entries=entries, ordered=ordered, version=current)
    return entries


def readable_entries(user) -> list[Entry]:
    """The entries this visitor may read, the newest first."""
    catalogue()
    ordered = _catalogue["ordered"]
    mine = access.network_ids(user)
    if not mine:
        return [e for e in ordered if e.public]
    return [e for e in ordered if e.public or e.network_id in mine]


CHECKS = {
    "kind": lambda e, v: e.kind == v,
    "chain_stage": lambda e, v: e.chain_stage == v,
    "quality": lambda e, v: e.quality == v,
    "theme": lambda e, v: v in e.themes,
    "gemeente": lambda e, v: v in e.gemeenten,
    "network": lambda e, v: e.network_id == v,
}


def _passes(entry: Entry, chosen: dict, skip: str = "") -> bool:
    return all(CHECKS[key](entry, value) for key, value in chosen.items() if key != skip)


FACET_VALUES = {
    "kind": lambda e: (e.kind,),
    "chain_stage": lambda e: (e.chain_stage,),
    "quality": lambda e: (e.quality,),
    "theme": lambda e: e.themes,
    "gemeente": lambda e: e.gemeenten,
}


def _facets(entries: list[Entry], chosen: dict) -> list[Facet]:
    """Counts per option, each counted with the other facets' choices applied (so a choice
    shows what choosing it would give)."""
    counts = {}
    for key, values in FACET_VALUES.items():
        rows = [e for e in entries if _passes(e, chosen, skip=key)] if chosen else entries
        counts[key] = Counter(chain.from_iterable(map(values, rows)))
    names = dict(
        Region.objects.filter(code__in=list(counts["gemeente"]), level="gemeente")
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    return [
        Facet("kind", _("Kind"), _options(Kind.choices, counts["kind"])),
        Facet(
            "chain_stage",
            _("Stage on the chain"),
            _options(ChainStage.choices, counts["chain_stage"]),
        ),
        Facet("theme", _("Theme"), _options(Theme.choices, counts["theme"])),
        Facet("quality", _("Quality level"), _options(QualityLevel.choices, counts["quality"])),
        Facet(
            "gemeente",
            _("Where"),
            sorted(
                ((code, names.get(code, code), n) for code, n in counts["gemeente"].items()),
                key=lambda option: (-option[2], option[1]),
            )[:30],
        ),
    ]


def _options(choices, counts) -> list[tuple[str, str, int]]:
    return [(value, label, counts[value]) for value, label in choices if counts.get(value)]


# Results and facet counts of recent searches, per catalogue version: a search repeated (the
# next page, the same link shared) costs one version query and one page of items.
_answers: OrderedDict = OrderedDict()
ANSWERS_KEPT = 200


def _answer(user, filters: Filters) -> tuple[list[int], list[Facet], bool]:
    """(the matching pks in order, the facets, whether only some words matched)."""
    entries = readable_entries(user)  # refreshes the catalogue if an item changed
    chosen = {k: v for k, v in filters.active().items() if k in CHECKS}
    key = (
        _catalogue["version"],
        tuple(sorted(access.network_ids(user))),
        tuple(search.query_words(filters.query)),
        tuple(sorted(chosen.items())),
    )
    with _lock:
        if key in _answers:
            _answers.move_to_end(key)
            return _answers[key]
    any_word = False
    if key[2]:
        by_pk = {e.pk: e for e in entries}
        ids = search.ranked_ids(filters.query)
        if len(key[2]) > 1 and not any(pk in by_pk for pk in ids):
            ids, any_word = search.ranked_ids(filters.query, any_word=True), True
        entries = [by_pk[pk] for pk in ids if pk in by_pk]  # the most relevant first
    matching = [e.pk for e in entries if _passes(e, chosen)] if chosen else [e.pk for e in entries]
    answer = (matching, _facets(entries, chosen), any_word)
    with _lock:
        _answers[key] = answer
        while len(_answers) > ANSWERS_KEPT:
            _answers.popitem(last=False)
    return answer


def search_items(user, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE) -> Result:
    """The published items this visitor may read that match, with facet counts."""
    matching, facets, any_word = _answer(user, filters)
    total = len(matching)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    wanted = matching[(page - 1) * per_page : page * per_page]
    found = {i.pk: i for i in _with_details(Item.objects.filter(pk__in=wanted))}
    return Result(
        items=[found[pk] for pk in wanted if pk in found],
        total=total,
        page=page,
        pages=pages,
        facets=facets,
        any_word=any_word,
        ranked=bool(search.query_words(filters.query)),
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
    """Readable published items that share the most themes with this one, then its places, its
    stage and its kind; the newest first among equals; never the item itself."""
    themes = set(item.theme_values)
    here = {r.gemeente_code for r in item.regions.all()}

    def score(e: Entry) -> tuple:
        return (
            2 * len(themes & e.themes) + 2 * len(here & e.gemeenten)
            + (e.chain_stage == item.chain_stage) + (e.kind == item.kind),
            e.published_at,
        )  # fmt: skip

    candidates = [e for e in readable_entries(user) if e.pk != item.pk]
    best = heapq.nlargest(limit, candidates, key=score)
    best = [e for e in best if score(e)[0] >= 2]  # something in common beyond the kind
    found = {i.pk: i for i in _with_details(Item.objects.filter(pk__in=[e.pk for e in best]))}
    return [found[e.pk] for e in best if e.pk in found]


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


def item_places(user, limit: int = 500) -> list[dict]:
    """The newest readable items with a place, one row per item and place: the map's dots."""
    readable = [e.pk for e in readable_entries(user) if e.gemeenten][:limit]
    through = (
        Item.regions.through.objects.filter(item_id__in=readable)
        .select_related("item", "region")
        .order_by("-item__published_at", "region__name")
    )
    rows = []
    for link in through:
        if not link.region.bbox:
            continue
        point = _point(link.region, "happened")
        point.update(title=link.item.title, url=link.item.get_absolute_url())
        rows.append({"item": link.item, "region": link.region, "point": point})
    return rows


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

"""Public listings of community work: the one thing the atlas learns from the teams.

The atlas sits below `workspaces` and never imports it. Instead it offers this registry: an app
that has community work to show registers a *listing source* in its `AppConfig.ready()`
(`workspaces` registers its approved, non-demonstration teams). A source is a callable without
arguments that returns `Listing`s; only what a `Listing` holds ever reaches the atlas.

Listings are read on every request that needs them (not cached with the figures: teams change
without a new data version), so a listing that changes, is withdrawn or is refused is gone from
the next page. `updated` is a version marker for any future cache key."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Listing:
    key: str  # stable and unique per source, e.g. "workspace:12"
    name: str
    organisation: str  # the lead organisation's name
    areas: tuple[tuple[str, str], ...]  # (code, name) of each covered wijk or buurt
    updated: datetime | None = None  # changes whenever the listing changes


_SOURCES: list[Callable[[], Iterable[Listing]]] = []


def register_listing_source(source: Callable[[], Iterable[Listing]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def listings() -> list[Listing]:
    """Every listing of every source, by name."""
    found = [listing for source in _SOURCES for listing in source()]
    return sorted(found, key=lambda listing: (listing.name.casefold(), listing.key))


def covers(code: str, region_code: str) -> bool:
    """Whether a covered area (wijk or buurt code) makes `region_code` active: the area itself,
    a buurt within the wijk, or any area within the gemeente."""
    if code == region_code:
        return True
    if region_code.startswith("WK"):
        return code.startswith("BU" + region_code[2:])
    if region_code.startswith("GM"):
        return code[2:6] == region_code[2:6]
    return False


def active_codes() -> set[str]:
    """Codes of the covered areas, their wijken and their gemeenten."""
    result = set()
    for listing in listings():
        for code, _name in listing.areas:
            result.add(code)
            if code.startswith("BU"):
                result.add("WK" + code[2:8])
            result.add("GM" + code[2:6])
    return result

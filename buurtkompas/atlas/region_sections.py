"""Sections that other apps add to a region's public page (e.g. the knowledge base's practice
cases from the area), without the atlas importing them.

A feature calls `register(RegionSection(key, template, context, order))` from its
`AppConfig.ready()`; `context(region) -> dict | None` gives the template's context, or None
when the section has nothing to show for this region. Region pages are public: a section shows
only what everyone may read."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RegionSection:
    key: str
    template: str
    context: Callable
    order: int = 100


_SECTIONS: dict[str, RegionSection] = {}


def register(section: RegionSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[RegionSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))

"""Is a region of one indeling year the same area as the region with its code in another year?

CBS keeps a code when an area stays the same, but the names it prints differ between tables and
years without the area changing: a numbering prefix ("Wijk 11 Zaandam Zuid" / "Zaandam Zuid"),
titles cut at 40 characters in some exports ("… Scheveningse Bo" / "… Scheveningse Bosjes"),
and a province suffix that tells gemeenten of the same name apart ("Hengelo (O.)" / "Hengelo").
Two regions with the same code are the same area when their names are equal after removing
those three differences. Anything else with the same code (a renamed or redrawn area, an
abbreviation such as "Verspr.h." for "Verspreide huizen") is refused and reported, because the
name is the only sign left that the area did not change.

Pure functions; atlas.services uses them when it carries a figure to another indeling year and
reports every pair it joins and every pair it refuses.
"""

import re
from dataclasses import dataclass

from buurtkompas.pipeline.sources.base import norm_name

PREFIX = re.compile(r"^\s*(wijk|buurt)\s+\d+[a-z]?\b\s*", re.IGNORECASE)
# CBS's abbreviations of the provinces, as they follow a gemeente name: "Hengelo (O.)",
# "Bergen (NH.)", "Bergen (L.)", "Rijswijk (ZH.)", "Beek (L.)", "Middelburg (Z.)".
PROVINCE_SUFFIX = re.compile(
    r"\s*\((?:Gr|Fr|Dr|O|Ov|Gld|G|U|Ut|N\.?H|N-H|Z\.?H|Z-H|Z|Zl|N\.?B|N-B|L|Lb|Fl)\.?\)\s*$",
    re.IGNORECASE,
)
TRUNCATED_AT = 40  # CBS cuts region titles at 40 characters in some exports


@dataclass(frozen=True)
class Match:
    same: bool
    how: str  # "equal", "prefix", "province", "truncated", or why it was refused


def plain(name: str) -> str:
    """A name without numbering prefix and province suffix, compared as people read it."""
    text = PROVINCE_SUFFIX.sub("", name or "")
    stripped = PREFIX.sub("", text)
    return norm_name(stripped or text)


def match(name_a: str, name_b: str) -> Match:
    if norm_name(name_a) == norm_name(name_b):
        return Match(True, "equal")
    a, b = plain(name_a), plain(name_b)
    if a and a == b:
        kind = "prefix" if PREFIX.match(name_a or "") or PREFIX.match(name_b or "") else "province"
        return Match(True, kind)
    short, long_ = sorted((name_a or "", name_b or ""), key=len)
    if len(short.rstrip()) >= TRUNCATED_AT - 1 and len(short) <= TRUNCATED_AT < len(long_):
        if norm_name(long_).startswith(norm_name(short)) or (
            plain(long_).startswith(plain(short)) and plain(short)
        ):
            return Match(True, "truncated")
    return Match(False, "names differ")

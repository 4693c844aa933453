"""The national referral catalogue: schemes and services a coach can refer a household to.

``catalogue/referrals.csv`` holds one line per scheme or service, with the columns
``key, name_nl, name_en, purpose_nl, purpose_en, how_to_reach, url, phone, scope, source,
source_url, year``:

- ``purpose_nl`` is what the household reads (plain B1 Dutch: short sentences), ``purpose_en``
  the same in English; ``how_to_reach`` is the coach's note on how to get there (and whether a
  scheme is open at all: a closed fund says so instead of being left out silently);
- ``scope`` is ``national`` (one address for the whole country), ``regional`` (a desk per
  region) or ``local`` (every gemeente or landlord has its own: "ask your gemeente"). A national
  or regional line needs a web address or a phone number; a local line may have neither;
- ``source`` and ``source_url`` name the public page the line was checked against; ``year`` is
  that page's year, empty when the page is undated.

This module is pure (no database) and reuses the reader and checks of
:mod:`buurtkompas.visits.catalogue`: anything wrong raises
:class:`~buurtkompas.visits.catalogue.CatalogueError` naming the file, the line and the column,
and nothing is half-loaded.
"""

import csv
import re
from dataclasses import dataclass
from types import MappingProxyType

from buurtkompas.visits.catalogue import DATA_DIR, CatalogueError, _load, _Row

__all__ = ["REFERRALS_FILE", "CatalogueError", "Referral", "load_referrals"]

REFERRALS_FILE = DATA_DIR / "referrals.csv"
SCOPES = ("national", "regional", "local")
COLUMNS = (
    "key",
    "name_nl",
    "name_en",
    "purpose_nl",
    "purpose_en",
    "how_to_reach",
    "url",
    "phone",
    "scope",
    "source",
    "source_url",
    "year",
)
# A Dutch number as people dial it: 0800-8115, 0900-8020, 088 - 1 600 300, 030 232 64 10.
PHONE_RE = re.compile(r"^0[0-9](?:[ -]*[0-9]){6,9}$")
# Plain language (B1): short sentences. A longer one in purpose_nl is refused.
MAX_WORDS_PER_SENTENCE = 20


@dataclass(frozen=True)
class Referral:
    key: str
    name_nl: str
    name_en: str
    purpose_nl: str
    purpose_en: str
    how_to_reach: str
    url: str
    phone: str
    scope: str
    source: str
    source_url: str
    year: int | None

    def name(self, language: str = "nl") -> str:
        return self.name_en if language.startswith("en") else self.name_nl

    def purpose(self, language: str = "nl") -> str:
        return self.purpose_en if language.startswith("en") else self.purpose_nl

    @property
    def is_local(self) -> bool:
        """True when every gemeente or landlord has its own desk ("ask your gemeente")."""
        return self.scope == "local"


def _phone(row: _Row) -> str:
    value = row.text("phone")
    if value and not PHONE_RE.match(value):
        raise row.error("phone", f"{value!r} is not a Dutch phone number like 0800-8115")
    return value


def _plain(row: _Row, column: str) -> str:
    value = row.text(column, required=True)
    for sentence in re.split(r"(?<=[.!?])\s+", value):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            raise row.error(
                column,
                f"a sentence of {words} words; keep sentences to "
                f"{MAX_WORDS_PER_SENTENCE} words or fewer (plain language, B1)",
            )
    return value


def _referral(row: _Row) -> Referral:
    scope = row.choice("scope", SCOPES)
    url, phone = row.url("url"), _phone(row)
    if scope != "local" and not (url or phone):
        raise row.error("url", f"a {scope} referral needs a web address or a phone number")
    return Referral(
        key=row.key(),
        name_nl=row.text("name_nl", required=True),
        name_en=row.text("name_en", required=True),
        purpose_nl=_plain(row, "purpose_nl"),
        purpose_en=row.text("purpose_en", required=True),
        how_to_reach=row.text("how_to_reach", required=True),
        url=url,
        phone=phone,
        scope=scope,
        source=row.text("source", required=True),
        source_url=row.url(),
        year=row.year(required=False),
    )


def _check_header(path) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    extra = [c for c in header if c not in COLUMNS]
    if extra:
        raise CatalogueError(path, f"header has unknown column {extra[0]!r}", line=1)
    if tuple(header) != COLUMNS:
        raise CatalogueError(path, f"header must list exactly {','.join(COLUMNS)}", line=1)


def load_referrals(path=REFERRALS_FILE) -> MappingProxyType:
    """key -> Referral, in file order. The header must be exactly ``COLUMNS``."""
    referrals = _load(path, COLUMNS, _referral, "key")
    _check_header(path)
    return referrals

"""The national referral catalogue: schemes a coach can refer a household to, with what they
are for and how to reach them, one sourced line each (``catalogue/referrals.csv``).

Read lazily, on first use, and checked like the other catalogue files (a line without a source
or with a broken address raises ``CatalogueError`` naming the file, line and column). A team's
local services are ``ReferralService`` rows, not lines here.
"""

from dataclasses import dataclass
from types import MappingProxyType

from . import catalogue

REFERRALS_FILE = catalogue.DATA_DIR / "referrals.csv"
REFERRAL_COLUMNS = (
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
SCOPES = ("national", "regional", "local")


@dataclass(frozen=True)
class Scheme:
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


def _scheme(row) -> Scheme:
    return Scheme(
        key=row.key(),
        name_nl=row.text("name_nl", required=True),
        name_en=row.text("name_en", required=True),
        purpose_nl=row.text("purpose_nl", required=True),
        purpose_en=row.text("purpose_en", required=True),
        how_to_reach=row.text("how_to_reach"),
        url=row.url("url"),
        phone=row.text("phone"),
        scope=row.choice("scope", SCOPES),
        source=row.text("source", required=True),
        source_url=row.url(),
        year=row.year(required=False),
    )


def load_referrals(path=None) -> MappingProxyType:
    """key -> Scheme, in file order; empty when the file is not there (yet)."""
    path = REFERRALS_FILE if path is None else path
    if not path.exists():
        return MappingProxyType({})
    return catalogue._load(path, REFERRAL_COLUMNS, _scheme, "key")  # noqa: SLF001

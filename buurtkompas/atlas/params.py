"""Parse and check the atlas query parameters shared by pages, downloads and the API.

Every bad parameter raises BadParameter with a reason; views answer it with HTTP 400.
"""

from dataclasses import dataclass, field

from django.http import QueryDict

from buurtkompas.atlas.indicators import BY_KEY, INDICATORS
from buurtkompas.core.params import search_text
from buurtkompas.regions.codes import CodeError, normalise

LEVELS = ("gemeente", "wijk", "buurt")
SORTS = ("index", "name", "coverage")
MAX_WEIGHT = 10.0
PAGE_SIZES = (25, 50, 100, 500)


class BadParameter(ValueError):
    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


@dataclass
class AtlasQuery:
    level: str = "wijk"
    year: int | None = None
    gemeente: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    sort: str = "index"
    descending: bool = True
    page: int = 1
    per_page: int = 50
    indicator: str = "index"
    query: str = ""
    without_community_work: bool = False  # only areas where no publicly listed team works
    include_flagged: bool = False  # also rank small and mostly non-residential areas

    def weights_changed(self) -> dict[str, float]:
        return {k: w for k, w in self.weights.items() if w != BY_KEY[k].default_weight}

    def as_params(self, **overrides) -> dict[str, str]:
        """The query as URL parameters, with defaults left out (for links and sharing)."""
        params = {
            "level": self.level,
            "year": self.year,
            "gemeente": self.gemeente,
            "sort": None if self.sort == "index" else self.sort,
            "order": None if self.descending else "asc",
            "q": self.query,
            "indicator": None if self.indicator == "index" else self.indicator,
            "per_page": None if self.per_page == 50 else self.per_page,
            "without_community_work": "1" if self.without_community_work else None,
            "include_flagged": "1" if self.include_flagged else None,
        }
        params.update({f"w_{k}": fmt(w) for k, w in self.weights_changed().items()})
        for key, (low, high) in self.thresholds.items():
            params[f"min_{key}"], params[f"max_{key}"] = fmt(low), fmt(high)
        params.update(overrides)
        return {k: str(v) for k, v in params.items() if v not in (None, "")}


def fmt(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def default_weights() -> dict[str, float]:
    return {i.key: float(i.default_weight) for i in INDICATORS if i.in_index}


def parse(params: QueryDict) -> AtlasQuery:
    query = AtlasQuery(weights=default_weights())
    query.level = choice(params, "level", LEVELS, "wijk")
    query.year = integer(params, "year", None, low=1900, high=2100)
    query.gemeente = gemeente_code(params.get("gemeente", ""))
    query.query = search_text(params.get("q", ""))
    query.sort = sort_key(params.get("sort", "index"))
    query.descending = choice(params, "order", ("asc", "desc"), "desc") == "desc"
    query.page = integer(params, "page", 1, low=1, high=100_000)
    query.per_page = integer(params, "per_page", 50, low=1, high=500)
    query.indicator = indicator_key(params.get("indicator", "index"), "indicator")
    query.without_community_work = flag(params, "without_community_work")
    query.include_flagged = flag(params, "include_flagged")
    for name, raw in params.items():
        read_weight_or_threshold(query, name, raw)
    return query


def read_weight_or_threshold(query: AtlasQuery, name: str, raw: str) -> None:
    prefix, _, key = name.partition("_")
    if prefix not in ("w", "min", "max") or not key:
        return
    if key not in BY_KEY:
        raise BadParameter(name, f"unknown indicator {key!r}")
    value = number(name, raw)
    if prefix == "w":
        read_weight(query, name, key, value)
    elif value is not None:  # the form sends every bound; an empty one sets no threshold
        low, high = query.thresholds.get(key, (None, None))
        query.thresholds[key] = (value, high) if prefix == "min" else (low, value)


def read_weight(query: AtlasQuery, name: str, key: str, value: float | None) -> None:
    """Set a weight; an emptied form field keeps the default weight."""
    if not BY_KEY[key].in_index:
        raise BadParameter(name, f"{key} is context only and cannot be weighted")
    if value is None:
        return
    if not 0 <= value <= MAX_WEIGHT:
        raise BadParameter(name, f"a weight must be between 0 and {fmt(MAX_WEIGHT)}")
    query.weights[key] = value


def number(name: str, raw: str) -> float | None:
    if raw.strip() == "":
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadParameter(name, f"{raw!r} is not a number")
    return value


def choice(params, name: str, allowed, default: str) -> str:
    value = params.get(name, "") or default
    if value not in allowed:
        raise BadParameter(name, f"must be one of {', '.join(allowed)}")
    return value


def flag(params, name: str) -> bool:
    """A yes/no parameter: 1, true, yes or on (a ticked checkbox); 0, false, no or empty."""
    value = params.get(name, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no"):
        return False
    raise BadParameter(name, "must be 1 (yes) or 0 (no)")


def integer(params, name: str, default, *, low: int, high: int):
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def gemeente_code(raw: str) -> str:
    if not raw:
        return ""
    try:
        code = normalise(raw)
    except CodeError as exc:
        raise BadParameter("gemeente", str(exc)) from None
    if not code.startswith("GM"):
        raise BadParameter("gemeente", "must be a gemeente code such as GM0363")
    return code


def indicator_key(raw: str, name: str) -> str:
    if raw in ("", "index"):
        return "index"
    if raw not in BY_KEY:
        raise BadParameter(name, f"unknown indicator {raw!r}")
    return raw


def sort_key(raw: str) -> str:
    if raw in SORTS or raw in BY_KEY or raw.removeprefix("change_") in BY_KEY:
        return raw
    raise BadParameter(
        "sort",
        f"must be index, name, coverage, an indicator key or change_<indicator key>, not {raw!r}",
    )

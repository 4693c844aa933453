"""The need index ("aandachtsindex"), as pure functions.

In one paragraph, for a policy officer: for every indicator we rank all areas of the same level
(all wijken, say) from least to most need and express the position as a percentile from 0 (least
need of all) to 100 (most need); areas with the same value share the same percentile. An area's
index is the weighted mean of its percentiles over the indicators it has figures for. Nothing
is filled in: the share of all weights an area has figures for is its coverage; an area with
figures for less than half of the weight loaded for its level gets no index and no rank. Areas
too small or mostly non-residential are left out of the percentiles and the ranking by default
(atlas/quality.py).
"""

from dataclasses import dataclass, field

MIN_COVERAGE = 0.5


def need_percentiles(values: dict, higher_is_worse: bool) -> dict:
    """Percentile (0-100, 100 = most need) of each value among all; ties get their mean rank."""
    if not values:
        return {}
    ordered = sorted(values.items(), key=lambda kv: kv[1], reverse=not higher_is_worse)
    n = len(ordered)
    result, start = {}, 0
    while start < n:
        end = start
        while end + 1 < n and ordered[end + 1][1] == ordered[start][1]:
            end += 1
        mean_position = (start + end) / 2  # 0-based, least need first
        pct = 50.0 if n == 1 else 100.0 * mean_position / (n - 1)
        for key, _value in ordered[start : end + 1]:
            result[key] = pct
        start = end + 1
    return result


@dataclass
class Score:
    region: object
    score: float | None
    coverage: float  # weight of the indicators used / weight of every indicator in the index
    used: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # weighted, loaded here, no figure for area
    contributions: dict[str, float] = field(default_factory=dict)  # indicator -> weighted share
    rank: int | None = None
    level_coverage: float = 0.0  # weight used / weight of the indicators loaded for this level
    percentiles: dict[str, float] = field(default_factory=dict)  # indicator -> need percentile
    flags: frozenset = frozenset()  # atlas.quality flags of the area
    excluded: list[str] = field(default_factory=list)  # flags that keep it out of the ranking
    left_out: list[str] = field(default_factory=list)  # figures present but not used (students)

    @property
    def eligible(self) -> bool:
        return self.score is not None

    @property
    def single_indicator(self) -> bool:
        """The index rests on one indicator: every page, legend and download says so."""
        return self.eligible and len(self.used) == 1


def need_index(
    percentiles: dict[str, dict],
    weights: dict[str, float],
    min_coverage: float = MIN_COVERAGE,
    *,
    total_weight: float | None = None,
) -> dict[object, Score]:
    """percentiles: indicator -> {region: percentile}. Returns region -> Score, ranked.

    `coverage` is the share of `total_weight` (default: every positive weight, also of
    indicators with no figures at this level) the area has figures for; an area gets an index
    when it has at least `min_coverage` of the weight that *is* loaded for its level.
    """
    active = {k: w for k, w in weights.items() if w > 0 and percentiles.get(k)}
    available = sum(active.values())
    total = total_weight if total_weight is not None else sum(w for w in weights.values() if w > 0)
    regions = {r for k in active for r in percentiles[k]}
    scores = {r: score_of(r, percentiles, active, available, total, min_coverage) for r in regions}
    assign_ranks(scores.values())
    return scores


def score_of(region, percentiles, active, available, total, min_coverage) -> Score:
    used = [k for k in active if region in percentiles[k]]
    weight = sum(active[k] for k in used)
    result = Score(
        region,
        None,
        weight / total if total else 0.0,
        used,
        [k for k in active if k not in used],
        level_coverage=weight / available if available else 0.0,
    )
    result.percentiles = {k: percentiles[k][region] for k in used}
    if weight and result.level_coverage + 1e-9 >= min_coverage:
        result.score = sum(active[k] * percentiles[k][region] for k in used) / weight
        result.contributions = {k: active[k] * percentiles[k][region] / weight for k in used}
    return result


def assign_ranks(scores) -> None:
    """Standard competition ranking (1, 2, 2, 4) by score, most need first."""
    ranked = sorted((s for s in scores if s.eligible), key=lambda s: -s.score)
    previous, previous_rank = None, 0
    for position, item in enumerate(ranked, 1):
        if item.score != previous:
            previous, previous_rank = item.score, position
        item.rank = previous_rank

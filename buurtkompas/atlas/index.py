"""The need index ("aandachtsindex"), as pure functions.

In one paragraph, for a policy officer: for every indicator we rank all areas of the same level
(all wijken, say) from least to most need and express the position as a percentile from 0 (least
need of all) to 100 (most need); areas with the same value share the same percentile. An area's
index is the weighted mean of its percentiles over the indicators it has figures for. Nothing
is filled in: the share of the total weight an area has figures for is its coverage, and areas
whose coverage is below the threshold (default 50%) get no index and no rank.
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
    coverage: float
    used: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    contributions: dict[str, float] = field(default_factory=dict)  # indicator -> weighted share
    rank: int | None = None

    @property
    def eligible(self) -> bool:
        return self.score is not None


def need_index(
    percentiles: dict[str, dict], weights: dict[str, float], min_coverage: float = MIN_COVERAGE
) -> dict[object, Score]:
    """percentiles: indicator -> {region: percentile}. Returns region -> Score, ranked."""
    active = {k: w for k, w in weights.items() if w > 0 and percentiles.get(k)}
    total = sum(active.values())
    regions = {r for k in active for r in percentiles[k]}
    scores = {r: score_of(r, percentiles, active, total, min_coverage) for r in regions}
    assign_ranks(scores.values())
    return scores


def score_of(region, percentiles, active: dict[str, float], total: float, min_coverage) -> Score:
    used = [k for k in active if region in percentiles[k]]
    weight = sum(active[k] for k in used)
    coverage = weight / total if total else 0.0
    result = Score(region, None, coverage, used, [k for k in active if k not in used])
    if weight and coverage + 1e-9 >= min_coverage:
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

"""The need-index maths in buurtkompas.atlas.index: pure functions, no database."""

import pytest

from buurtkompas.atlas.index import MIN_COVERAGE, need_index, need_percentiles


def index_of(values: dict[str, dict], directions: dict[str, bool], weights, **kwargs):
    """Raw values per indicator -> scores, the way the atlas chains the two functions."""
    percentiles = {k: need_percentiles(v, directions[k]) for k, v in values.items()}
    return need_index(percentiles, weights, **kwargs)


# --- percentiles -------------------------------------------------------------------------------


def test_it_gives_the_highest_value_the_most_need_when_higher_is_worse():
    assert need_percentiles({"a": 10, "b": 20, "c": 30}, True) == {"a": 0, "b": 50, "c": 100}


def test_it_gives_the_lowest_value_the_most_need_when_lower_is_worse():
    assert need_percentiles({"a": 10, "b": 20, "c": 30}, False) == {"a": 100, "b": 50, "c": 0}


def test_it_spreads_percentiles_evenly_from_0_to_100():
    result = need_percentiles({r: v for r, v in zip("abcde", [5, 1, 4, 2, 3], strict=True)}, True)
    assert result == {"b": 0, "d": 25, "e": 50, "c": 75, "a": 100}


def test_it_gives_tied_values_the_mean_of_their_positions():
    result = need_percentiles({"a": 1, "b": 1, "c": 1, "d": 5, "e": 6}, True)
    assert result == {"a": 25, "b": 25, "c": 25, "d": 75, "e": 100}  # positions 0,1,2 -> 1


def test_it_gives_ties_the_same_percentile_in_either_direction():
    values = {"a": 3, "b": 7, "c": 7, "d": 9}
    up, down = need_percentiles(values, True), need_percentiles(values, False)
    assert up["b"] == up["c"] == pytest.approx(100 * 1.5 / 3)
    assert down["b"] == down["c"] == pytest.approx(100 * 1.5 / 3)
    assert (up["a"], up["d"], down["a"], down["d"]) == (0, 100, 100, 0)


def test_it_gives_all_equal_values_the_middle():
    assert need_percentiles({"a": 4.2, "b": 4.2, "c": 4.2}, True) == {"a": 50, "b": 50, "c": 50}


def test_it_gives_a_single_value_the_middle():
    assert need_percentiles({"a": 12.5}, True) == {"a": 50}
    assert need_percentiles({"a": 12.5}, False) == {"a": 50}


def test_it_gives_no_percentiles_for_no_values():
    assert need_percentiles({}, True) == {}


def test_it_keeps_a_zero_value_as_a_real_figure():
    assert need_percentiles({"a": 0.0, "b": 10.0}, True) == {"a": 0, "b": 100}
    assert need_percentiles({"a": 0.0, "b": 10.0}, False) == {"a": 100, "b": 0}


# --- weights and coverage ---------------------------------------------------------------------

PCT = {"x": {"a": 100.0, "b": 0.0, "c": 50.0}, "y": {"a": 0.0, "b": 100.0, "c": 50.0}}


def test_it_takes_the_weighted_mean_of_the_percentiles():
    scores = need_index(PCT, {"x": 3, "y": 1})
    assert scores["a"].score == pytest.approx(75)
    assert scores["b"].score == pytest.approx(25)
    assert scores["c"].score == pytest.approx(50)
    assert sum(scores["a"].contributions.values()) == pytest.approx(scores["a"].score)
    assert scores["a"].contributions == pytest.approx({"x": 75, "y": 0})


def test_it_scales_weights_without_changing_scores():
    small, large = need_index(PCT, {"x": 1, "y": 2}), need_index(PCT, {"x": 5, "y": 10})
    assert {r: s.score for r, s in small.items()} == pytest.approx(
        {r: s.score for r, s in large.items()}
    )


def test_it_removes_an_indicator_with_weight_zero():
    scores = need_index(PCT, {"x": 1, "y": 0})
    assert {r: s.score for r, s in scores.items()} == PCT["x"]
    assert all(s.used == ["x"] and s.missing == [] and s.coverage == 1 for s in scores.values())


def test_it_gives_no_scores_when_every_weight_is_zero():
    assert need_index(PCT, {"x": 0, "y": 0}) == {}


def test_it_scores_without_a_weighted_indicator_that_has_no_figures_but_counts_it_in_coverage():
    scores = need_index({**PCT, "z": {}}, {"x": 1, "y": 1, "z": 5})
    assert scores["a"].level_coverage == 1
    assert scores["a"].coverage == pytest.approx(2 / 7)  # x and y out of x, y and z
    assert scores["a"].score == pytest.approx(50)
    assert scores["a"].missing == []


def test_it_labels_an_index_resting_on_one_indicator():
    scores = need_index({"x": PCT["x"], "z": {}}, {"x": 1, "z": 5})
    assert all(s.single_indicator for s in scores.values())
    assert scores["a"].coverage == pytest.approx(1 / 6)
    two = need_index(PCT, {"x": 1, "y": 1})
    assert not any(s.single_indicator for s in two.values())


def test_it_lowers_the_coverage_of_a_region_missing_an_indicator():
    percentiles = {"x": {**PCT["x"], "d": 80.0}, "y": PCT["y"]}
    scores = need_index(percentiles, {"x": 1, "y": 3})
    d = scores["d"]
    assert d.coverage == pytest.approx(0.25)
    assert (d.used, d.missing) == (["x"], ["y"])
    assert d.score is None and d.rank is None and not d.eligible
    assert all(scores[r].coverage == 1 for r in "abc")


def test_it_scores_a_region_at_exactly_the_coverage_threshold():
    percentiles = {"x": {**PCT["x"], "d": 80.0}, "y": PCT["y"]}
    d = need_index(percentiles, {"x": 1, "y": 1})["d"]
    assert d.coverage == pytest.approx(MIN_COVERAGE)
    assert d.score == pytest.approx(80)  # its own figure only: nothing filled in for y


def test_it_scores_a_missing_indicator_by_leaving_it_out_never_as_zero():
    percentiles = {"x": {**PCT["x"], "d": 80.0}, "y": PCT["y"]}
    d = need_index(percentiles, {"x": 1, "y": 3}, min_coverage=0.2)["d"]
    assert d.score == pytest.approx(80)  # with a zero for y it would be 20
    assert d.contributions == {"x": pytest.approx(80)}


def test_it_follows_a_custom_coverage_threshold():
    percentiles = {"x": {**PCT["x"], "d": 80.0}, "y": PCT["y"]}
    assert need_index(percentiles, {"x": 1, "y": 1}, min_coverage=0.51)["d"].score is None
    assert need_index(percentiles, {"x": 1, "y": 1}, min_coverage=0)["d"].score == 80


def test_it_does_not_change_others_when_a_region_without_the_figure_is_added():
    values = {"x": {"a": 12.0, "b": 30.0, "c": 21.0}, "y": {"a": 5.0, "b": 1.0, "c": 3.0}}
    directions, weights = {"x": True, "y": False}, {"x": 2, "y": 1}
    before = index_of(values, directions, weights, min_coverage=0.5)
    # d has no x figure; its y figure ties with c in the middle, so y's percentiles of a, b and
    # c stay as they were. Had d's missing x been taken as 0, every x percentile would move.
    with_d = {"x": values["x"], "y": {**values["y"], "d": 3.0}}
    after = index_of(with_d, directions, weights, min_coverage=0.5)
    assert {r: (after[r].score, after[r].rank) for r in "abc"} == {
        r: (before[r].score, before[r].rank) for r in "abc"
    }
    assert after["d"].coverage == pytest.approx(1 / 3)
    assert (after["d"].score, after["d"].rank, after["d"].missing) == (None, None, ["x"])


def test_it_does_not_change_others_when_a_region_without_any_figure_is_added():
    values = {"x": {"a": 12.0, "b": 30.0, "c": 21.0}, "y": {"a": 5.0, "b": 1.0, "c": 3.0}}
    directions, weights = {"x": True, "y": False}, {"x": 2, "y": 1}
    before = index_of(values, directions, weights)
    after = index_of({**values, "z": {"d": 99.0}}, {**directions, "z": True}, weights)
    assert {r: (s.score, s.rank) for r, s in after.items()} == {
        r: (s.score, s.rank) for r, s in before.items()
    }


# --- ranks ------------------------------------------------------------------------------------


def test_it_ranks_most_need_first_with_competition_ranking_for_ties():
    percentiles = {"x": {"a": 90.0, "b": 80.0, "c": 80.0, "d": 70.0, "e": 80.0, "f": 10.0}}
    ranks = {r: s.rank for r, s in need_index(percentiles, {"x": 1}).items()}
    assert ranks == {"a": 1, "b": 2, "c": 2, "e": 2, "d": 5, "f": 6}


def test_it_gives_regions_with_equal_percentiles_the_same_score_and_rank():
    percentiles = {"x": {"a": 40.0, "b": 40.0, "c": 60.0}, "y": {"a": 75.0, "b": 75.0, "c": 0.0}}
    scores = need_index(percentiles, {"x": 2.5, "y": 1.5})
    assert scores["a"].score == scores["b"].score
    assert (scores["a"].rank, scores["b"].rank, scores["c"].rank) == (1, 1, 3)


def test_it_leaves_regions_below_the_threshold_out_of_the_rank_numbers():
    percentiles = {"x": {"a": 10.0, "b": 20.0, "c": 30.0}, "y": {"a": 90.0, "c": 30.0}}
    scores = need_index(percentiles, {"x": 1, "y": 3})
    assert scores["b"].rank is None  # coverage 25%
    assert (scores["a"].rank, scores["c"].rank) == (1, 2)


def test_it_ranks_nothing_when_no_region_has_enough_coverage():
    percentiles = {"x": {"a": 10.0}, "y": {"b": 20.0}}
    scores = need_index(percentiles, {"x": 1, "y": 3}, min_coverage=0.9)
    assert all(s.rank is None and s.score is None for s in scores.values())

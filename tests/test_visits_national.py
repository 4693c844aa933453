"""The national totals of household visits per gemeente (the feed of the national reports): over
every team, by the gemeente of the household's buurt, with small numbers suppressed and a row
for households without a buurt; a fixed number of queries."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buurtkompas.regions.models import Region
from buurtkompas.residents.models import Purpose
from buurtkompas.visits import services
from buurtkompas.visits.models import GemeenteVisitTotals
from buurtkompas.visits.selectors_national import (
    NationalTotals,
    count_by_gemeente,
    national_totals_by_gemeente,
)

pytestmark = pytest.mark.django_db
DAY = date(2025, 3, 3)


def buurt_of(gemeente_code: str) -> Region:
    return Region.objects.filter(level="buurt", gemeente_code=gemeente_code).order_by("-year")[0]


def household(make_resident, coordinator, buurt, *, measures=(), status="done", workspace=None):
    """A household with one visit; measures as (catalogue key, quantity, fitted or advised)."""
    contact = make_resident(Purpose.VISIT, workspace=workspace, actor=coordinator, buurt=buurt)
    visit = services.visit_plan(actor=coordinator, contact=contact, planned_for=DAY)
    for key, quantity, fitted in measures:
        services.measure_fit(
            actor=coordinator, visit=visit, catalogue_key=key, quantity=quantity, status=fitted
        )
    if status == "done":
        services.visit_complete(actor=coordinator, visit=visit, done_on=DAY)
    return visit


SHOWER = ("waterbesparende_douchekop", 1, "fitted")  # Milieu Centraal: 44 m³ gas a year
LED = ("led_vervangt_gloeilamp_40w", 2, "fitted")  # 18.7 kWh a year each


def test_it_adds_up_every_team_per_gemeente_and_suppresses_small_numbers(
    personas, team, other_team, resident_with_consent
):
    coordinator = personas["coordinator"]
    other = personas["outsider"]  # the coordinator of the other team
    leeuwarden, utrecht = buurt_of("GM0080"), buurt_of("GM0344")
    for _ in range(3):
        household(resident_with_consent, coordinator, leeuwarden, measures=[SHOWER, LED])
    for _ in range(3):  # another team, the same gemeente
        household(resident_with_consent, other, leeuwarden, measures=[SHOWER], workspace=other_team)
    household(resident_with_consent, coordinator, utrecht, measures=[SHOWER])
    household(resident_with_consent, coordinator, None, measures=[SHOWER])
    household(resident_with_consent, coordinator, leeuwarden, measures=[SHOWER], status="planned")
    household(
        resident_with_consent, coordinator, leeuwarden, measures=[("tochtstrips", 4, "advised")]
    )
    assert services.national_totals_refresh() == 3
    rows = {row.gemeente_code: row for row in national_totals_by_gemeente().rows}
    assert set(rows) == {"GM0080", "GM0344", ""}
    r = rows["GM0080"]
    assert r.gemeente_name == "Leeuwarden"
    # 7 done visits in 7 households (the planned one does not count); the advised strips are
    # no fitted measure: 6 shower heads + 3 x 2 LED lamps counted as 9 measures.
    assert (r.visits_done, r.households, r.measures_fitted) == (7, 7, 9)
    assert r.saving_m3_per_year == pytest.approx(6 * 44)
    assert r.saving_kwh_per_year == pytest.approx(3 * 2 * 18.7)
    assert r.suppressed == []
    u = rows["GM0344"]
    assert u.gemeente_name == "Utrecht"
    assert (u.visits_done, u.households, u.measures_fitted) == (None, None, None)
    assert u.saving_m3_per_year is None
    assert set(u.suppressed) == {
        "visits_done",
        "households",
        "measures_fitted",
        "saving_m3_per_year",
    }
    assert rows[""].gemeente_name == "" and rows[""].visits_done is None
    assert list(rows)[-1] == ""  # households without a buurt come last


def test_it_costs_the_same_queries_however_many_gemeenten(personas, team, resident_with_consent):
    coordinator = personas["coordinator"]
    household(resident_with_consent, coordinator, buurt_of("GM0080"), measures=[SHOWER])
    with CaptureQueriesContext(connection) as few_counted:
        count_by_gemeente()
    services.national_totals_refresh()
    with CaptureQueriesContext(connection) as few_read:
        national_totals_by_gemeente()
    for code in ("GM0344", "GM0307", "GM0059"):
        household(resident_with_consent, coordinator, buurt_of(code), measures=[SHOWER])
    with CaptureQueriesContext(connection) as more_counted:
        count_by_gemeente()
    services.national_totals_refresh()
    with CaptureQueriesContext(connection) as more_read:
        assert len(national_totals_by_gemeente().rows) == 4
    assert len(few_counted) == len(more_counted) == 3  # visits, measures, buurt -> gemeente
    assert len(few_read) == len(more_read) == 2  # the stored rows, the names


def test_the_totals_are_as_of_the_last_refresh_and_a_refresh_replaces_them(
    personas, team, resident_with_consent
):
    assert national_totals_by_gemeente() == NationalTotals([], None)
    coordinator = personas["coordinator"]
    for _ in range(5):
        household(resident_with_consent, coordinator, buurt_of("GM0080"), measures=[SHOWER])
    out = StringIO()
    call_command("national_visit_totals", stdout=out)
    assert "national visit totals: 1 gemeente row(s)" in out.getvalue()
    first = national_totals_by_gemeente()
    assert first.computed_at is not None and first.rows[0].visits_done == 5
    household(resident_with_consent, coordinator, buurt_of("GM0080"), measures=[SHOWER])
    assert national_totals_by_gemeente().rows[0].visits_done == 5  # not refreshed yet
    services.national_totals_refresh()
    assert national_totals_by_gemeente().rows[0].visits_done == 6
    assert GemeenteVisitTotals.objects.count() == 1


def test_without_visits_there_are_no_rows(db):
    services.national_totals_refresh()
    assert national_totals_by_gemeente().rows == []

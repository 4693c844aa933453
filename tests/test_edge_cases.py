"""Edge cases found in review: each was a crash or a privacy surprise."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from buurtkompas.buurtwerk.services.activities import occurrence_dates
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record, consent_withdraw, contact_create
from buurtkompas.visits.services import visit_plan
from buurtkompas.workspaces.selectors import area_choices


def test_it_cancels_planned_visits_when_the_visit_consent_is_withdrawn(personas, team):
    worker = personas["opbouwwerker"]
    contact = contact_create(actor=worker, workspace=team, name="Bewoner Edge")
    consent = consent_record(
        actor=worker,
        contact=contact,
        purpose=Purpose.VISIT,
        given_on=timezone.localdate(),
        method="spoken",
    )
    visit = visit_plan(
        actor=worker, contact=contact, planned_for=timezone.localdate() + timedelta(days=7)
    )
    consent_withdraw(actor=worker, consent=consent)
    visit.refresh_from_db()
    assert visit.status == "cancelled"


def test_it_keeps_visits_when_another_visit_consent_is_still_active(personas, team):
    worker = personas["opbouwwerker"]
    contact = contact_create(actor=worker, workspace=team, name="Bewoner Edge")
    first, _second = (
        consent_record(
            actor=worker,
            contact=contact,
            purpose=Purpose.VISIT,
            given_on=timezone.localdate(),
            method=method,
        )
        for method in ("spoken", "paper")
    )
    visit = visit_plan(
        actor=worker, contact=contact, planned_for=timezone.localdate() + timedelta(days=7)
    )
    consent_withdraw(actor=worker, consent=first)
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_it_ignores_area_ids_that_only_look_like_digits(db):
    assert list(area_choices("", ["²", "9" * 40])) == []


def test_it_refuses_a_series_that_runs_past_the_calendar():
    with pytest.raises(ValidationError):
        occurrence_dates(date(9999, 12, 20), "weekly", count=3)
    with pytest.raises(ValidationError):
        occurrence_dates(date(9999, 11, 20), "monthly", count=3)

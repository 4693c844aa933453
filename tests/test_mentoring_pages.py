# ruff: noqa: F811 (the fixtures imported from tests.mentoring_fixtures are parameters)
"""The mentoring pages: bad input gives field errors and keeps what was typed, the coordinator
sees suggestions with reasons and an overview without what the pair wrote, the network home
links here, and the demo has a running pair."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from buurtkompas.audit.labels import action_label
from buurtkompas.mentoring import audit_labels, services
from buurtkompas.mentoring.models import MasterOffer, RookieRequest, Trajectory
from tests.mentoring_fixtures import NOTE, gemeente, make_offer, make_request, mentors, running  # noqa: F401

pytestmark = pytest.mark.django_db


def url(network, name, *args):
    return reverse(f"mentoring:{name}", args=[network.slug, *args])


def test_a_bad_offer_shows_field_errors_and_keeps_what_was_typed(network, mentors, as_user):
    client = as_user(mentors["master"])
    response = client.post(
        url(network, "offer"),
        {
            "gemeenten": "Rotterdam, Atlantis",
            "capacity": "9",
            "years_experience": "-1",
            "preferences": "Liefst op dinsdag",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Choose at least one theme." in response.content.decode()
    assert errors["gemeenten"] == ["No gemeente named Atlantis."]
    assert set(errors) == {"themes", "gemeenten", "capacity", "years_experience"}
    page = response.content.decode()
    assert "Liefst op dinsdag" in page and "Rotterdam, Atlantis" in page
    assert not MasterOffer.objects.exists()


def test_a_member_offers_to_be_a_master_by_name_or_code(network, mentors, as_user):
    client = as_user(mentors["master"])
    response = client.post(
        url(network, "offer"),
        {
            "themes": ["energy_saving"],
            "gemeenten": "rotterdam, GM0363",
            "capacity": "2",
            "years_experience": "12",
            "retired": "on",
        },
    )
    assert response.status_code == 302
    offer = MasterOffer.objects.get()
    assert sorted(r.name for r in offer.regions.all()) == ["Amsterdam", "Rotterdam"]
    assert (offer.capacity, offer.retired) == (2, True)
    page = client.get(url(network, "offer")).content.decode()
    assert "Amsterdam, Rotterdam" in page


def test_a_bad_request_keeps_the_goals_typed(network, mentors, as_user):
    client = as_user(mentors["rookie"])
    response = client.post(
        url(network, "request"),
        {
            "learning_goals": "Bewonersavonden leiden",
            "region": "999999999",
            "availability": "",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"themes", "region", "availability"}
    assert "Bewonersavonden leiden" in response.content.decode()
    response = client.post(
        url(network, "request"),
        {
            "learning_goals": "Bewonersavonden leiden",
            "region": gemeente("Delft").pk,
            "availability": "maandag",
            "themes": ["abcd"],
        },
    )
    assert response.status_code == 302
    assert RookieRequest.objects.get().region.name == "Delft"


def test_a_bad_meeting_keeps_the_private_notes_typed(network, running, mentors, as_user):
    client = as_user(mentors["rookie"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url(network, "meeting_new", running.pk),
        {
            "date": tomorrow.isoformat(),
            "duration_minutes": "60",
            "topics": "Plan",
            "private_notes": NOTE,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "A meeting to log has taken place: choose today or an earlier day."
    ]
    assert NOTE in response.content.decode()
    response = client.post(
        url(network, "meeting_new", running.pk),
        {
            "date": "2026-02-30",
            "duration_minutes": "2",
            "topics": "",
            "private_notes": NOTE,
        },
    )
    assert set(response.context["form"].errors) == {"date", "duration_minutes", "topics"}
    assert not running.meetings.exists()


def test_the_coordinator_sees_ranked_suggestions_with_reasons_and_proposes(
    network, mentors, as_user
):
    make_offer(network, mentors["master"])
    wanted = make_request(network, mentors["rookie"])
    client = as_user(mentors["coordinator"])
    assert "Rookie" in client.get(url(network, "match_list")).content.decode()
    page = client.get(url(network, "match", wanted.pk)).content.decode()
    assert "Shared themes: energy saving" in page and "Both work in Rotterdam" in page
    offer = MasterOffer.objects.get()
    response = client.post(url(network, "match", wanted.pk), {"offer": offer.pk})
    trajectory = Trajectory.objects.get()
    assert response["Location"] == url(network, "trajectory", trajectory.pk)
    response = client.post(url(network, "match", wanted.pk), {"offer": "abc"})
    assert response.status_code == 200 and response.context["form"].errors["offer"]


def test_the_coordinator_sees_counts_but_not_the_intake(network, running, mentors, as_user):
    services.intake_save(
        actor=mentors["rookie"],
        trajectory=running,
        start_date=running.start_date,
        goals="Doel Q9",
        agreements="Afspraak Q9",
    )
    services.meeting_save(
        actor=mentors["rookie"],
        trajectory=running,
        date=running.start_date,
        duration_minutes=45,
        topics="Onderwerp Q9",
        private_notes=NOTE,
    )
    services.evaluation_save(
        actor=mentors["rookie"],
        trajectory=running,
        kind="midterm",
        goals_reached=4,
        comments="Commentaar Q9",
    )
    client = as_user(mentors["coordinator"])
    page = client.get(url(network, "trajectory", running.pk)).content.decode()
    overview = client.get(url(network, "overview")).content.decode()
    for shown in (page, overview):
        assert "done, score 4 of 5" in shown
        for secret in (NOTE, "Doel Q9", "Afspraak Q9", "Commentaar Q9", "Onderwerp Q9"):
            assert secret not in shown
    assert "Running (1)" in overview


def test_the_network_home_links_members_to_mentoring(network, mentors, as_user):
    home = reverse("network:home", args=[network.slug])
    assert url(network, "home") in as_user(mentors["member"]).get(home).content.decode()
    assert url(network, "home") not in as_user(None).get(home).content.decode()


def test_every_audit_code_has_a_label():
    for code in audit_labels.ACTION_LABELS:
        assert action_label(code) != code


def test_the_demo_has_a_running_pair_with_the_midterm_due(as_user):
    call_command("demo", stdout=io.StringIO())
    trajectory = Trajectory.objects.get(network__is_demo=True)
    assert trajectory.status == Trajectory.Status.RUNNING
    assert trajectory.meetings.count() == 5
    assert trajectory.midterm_due < timezone.localdate()
    page = as_user(trajectory.rookie).get(trajectory.get_absolute_url()).content.decode()
    assert "Example data: this pair was made for the demonstration." in page
    assert "due since" in page and "Fill in the midterm check" in page
    assert all(m.topics.startswith("(voorbeeld)") for m in trajectory.meetings.all())
    call_command("demo", stdout=io.StringIO())  # again: nothing new
    assert Trajectory.objects.count() == 1
    call_command("demo", "--reset", stdout=io.StringIO())
    assert not Trajectory.objects.exists()


def test_it_escapes_names_and_wishes_and_keeps_formulas_out_of_the_csv(network, mentors, as_user):
    mentors["master"].name = "=HYPERLINK(1)<script>x</script>"
    mentors["master"].save()
    make_offer(network, mentors["master"], preferences="<img src=x onerror=alert(1)>")
    wanted = make_request(network, mentors["rookie"])
    client = as_user(mentors["coordinator"])
    page = client.get(url(network, "match", wanted.pk)).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<img src=x" not in page
    services.trajectory_propose(
        actor=mentors["coordinator"], offer=MasterOffer.objects.get(), request=wanted
    )
    csv = client.get(url(network, "overview_csv")).content.decode()
    assert "'=HYPERLINK(1)" in csv


def test_dates_out_of_reach_are_field_errors_never_a_500(network, running, mentors, as_user):
    client = as_user(mentors["rookie"])
    for year in ("1999", "9999"):
        response = client.post(
            url(network, "intake", running.pk),
            {"start_date": f"{year}-12-31", "goals": "Leren", "agreements": "Elke maand"},
        )
        assert response.status_code == 200
        assert "start_date" in response.context["form"].errors
        assert client.get(url(network, "trajectory", running.pk)).status_code == 200
    response = client.post(
        url(network, "meeting_new", running.pk),
        {"date": "1900-01-01", "duration_minutes": "60", "topics": "Plan"},
    )
    assert response.status_code == 200 and "date" in response.context["form"].errors

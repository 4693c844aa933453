"""Bad input on the network's URLs gets a clear answer, never a 500: ids no database column
can hold, very long searches, forged or overlong personal links (both databases)."""

import pytest

pytestmark = pytest.mark.django_db
HUGE = "9" * 25


@pytest.mark.parametrize(
    "suffix",
    [
        f"bijeenkomsten/{HUGE}/",
        f"bijeenkomsten/{HUGE}/agenda.ics",
        f"bijeenkomsten/{HUGE}/deur/",
        f"leden/{HUGE}/",
        f"leden/{HUGE}/foto/",
        "leden/?q=" + "x" * 100_000,
        "leden/?region=" + "x" * 50 + "&theme=nonsense&profession=nonsense",
    ],
)
def test_it_answers_bad_ids_and_long_searches_without_an_error(
    network, network_personas, client_as, suffix
):
    client = client_as(network_personas["network_coordinator"])
    assert client.get(f"/netwerken/{network.slug}/{suffix}").status_code in (200, 404)


@pytest.mark.parametrize("path", ["inschrijving", "feedback", "uitnodiging"])
def test_it_answers_forged_personal_links_with_404(client, db, path):
    for token in (HUGE + ":abc", "x", "1:" + "a" * 5000, HUGE):
        assert client.get(f"/netwerken/{path}/{token}/").status_code == 404


@pytest.mark.parametrize(
    "start,end",
    [
        ("0000-01-01T10:00", "0001-01-01T11:00"),  # no year 0: a field error
        ("2027-01-01T10:00\x00", "2027-01-01T11:00"),  # a NUL byte: refused before the view
    ],
)
def test_impossible_dates_and_a_huge_title_get_a_clear_answer(
    network, network_personas, client_as, start, end
):
    from buurtkompas.network.models import Event

    client = client_as(network_personas["network_coordinator"])
    url = f"/netwerken/{network.slug}/bijeenkomsten/nieuw/"
    form = {"kind": "landelijk", "title": "x" * 100_000, "starts_at": start, "ends_at": end}
    assert client.post(url, form).status_code in (200, 400)
    assert client.post(url, form | {"title": "Dag"}).status_code in (200, 400)
    assert not Event.objects.exists()


def test_an_event_in_the_year_9999_works_everywhere(network, network_personas, client_as):
    from buurtkompas.network import event_services
    from buurtkompas.network.models import Event

    client = client_as(network_personas["network_coordinator"])
    base = f"/netwerken/{network.slug}/bijeenkomsten/"
    form = {"kind": "landelijk", "title": "Ver weg", "open_to_guests": "on"}
    form |= {"starts_at": "9999-12-31T10:00", "ends_at": "9999-12-31T23:59"}
    client.post(base + "nieuw/", form)
    event = Event.objects.get(title="Ver weg")
    client.post(f"{base}{event.pk}/publiceren/")
    for suffix in ("", "agenda.ics", "deur/", "feedback/resultaten/", "verslag/bewerken/"):
        assert client.get(f"{base}{event.pk}/{suffix}").status_code == 200, suffix
    assert client.get(f"/netwerken/{network.slug}/agenda.ics").status_code == 200
    assert client.post(f"{base}{event.pk}/aanmelden/").status_code == 302
    assert event_services.reminders_send() == 0 and event_services.answers_purge() == 0

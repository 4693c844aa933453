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

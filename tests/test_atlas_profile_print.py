"""A region profile to take to a meeting: the PDF download, and the print layout."""

import pytest

from tests.helpers import pdf_text

CHARLOIS = "/atlas/profiel/2024/WK059915.pdf"


def test_it_downloads_the_profile_as_a_pdf_with_index_rank_sources_and_national_figures(client, db):
    response = client.get(CHARLOIS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="buurtkompas-WK059915-2024.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Charlois" in text
    assert "Aandachtsindex:" in text
    assert "in 337 van de 342 gemeenten" in text
    assert "Deze index rust op één indicator" in text
    assert "40,0" in text  # the published national figure beside the lowest-40% share
    assert "CBS, Inkomen per" in text  # the source with every figure
    assert "heel Nederland" not in text


@pytest.mark.parametrize(
    "path", ["/atlas/profiel/2024/WK999999.pdf", "/atlas/profiel/1999/GM0599.pdf"]
)
def test_it_answers_404_for_an_area_that_does_not_exist(client, db, path):
    assert client.get(path).status_code == 404

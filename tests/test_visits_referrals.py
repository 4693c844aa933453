"""The national referral catalogue (visits/catalogue/referrals.csv), read without the database."""

from pathlib import Path

import pytest

from buurtkompas.visits import referral_catalogue
from buurtkompas.visits.catalogue import CatalogueError

BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.fixture(scope="module")
def referrals():
    return referral_catalogue.load_referrals()


def test_it_loads_the_reviewed_referral_catalogue_with_a_source_on_every_line(referrals):
    assert len(referrals) >= 10
    for referral in referrals.values():
        assert referral.source and referral.purpose_nl and referral.purpose_en
        assert referral.source_url.startswith("https://")
        assert referral.scope in ("national", "regional", "local")
        if not referral.is_local:
            assert referral.url or referral.phone, referral.key


def test_it_holds_the_referrals_a_coach_needs_after_a_visit(referrals):
    for key in (
        "tijdelijk_noodfonds_energie",
        "bijzondere_bijstand_energie",
        "schuldhulpverlening_gemeente",
        "geldfit",
        "energieloket",
        "reparatieverzoek_corporatie",
        "huurcommissie_gebreken",
        "nationaal_warmtefonds",
        "isde",
        "juridisch_loket",
    ):
        assert key in referrals


def test_it_says_the_noodfonds_is_closed_rather_than_leaving_it_out(referrals):
    fund = referrals["tijdelijk_noodfonds_energie"]
    assert "gesloten" in fund.purpose_nl
    assert fund.how_to_reach.startswith("Closed")
    assert fund.year == 2025


def test_it_tells_a_tenant_the_six_weeks_before_the_huurcommissie(referrals):
    huurcommissie = referrals["huurcommissie_gebreken"]
    assert "6 weken" in huurcommissie.purpose_nl
    assert "brief" in huurcommissie.purpose_nl
    assert huurcommissie.phone == "088 - 1 600 300"
    assert referrals["geldfit"].phone == "0800-8115"


def test_it_marks_gemeente_schemes_as_local_ask_your_gemeente(referrals):
    for key in ("bijzondere_bijstand_energie", "schuldhulpverlening_gemeente"):
        assert referrals[key].is_local
        assert "gemeente" in referrals[key].how_to_reach


def test_it_gives_name_and_purpose_in_the_reader_s_language(referrals):
    isde = referrals["isde"]
    assert isde.name("nl") == "ISDE-subsidie (woningeigenaren)"
    assert isde.name("en-gb") == "ISDE subsidy (home owners)"
    assert isde.purpose("en").startswith("Subsidy for owner-occupiers")


def test_it_keeps_purpose_nl_in_short_sentences(referrals):
    limit = referral_catalogue.MAX_WORDS_PER_SENTENCE
    for referral in referrals.values():
        for sentence in referral.purpose_nl.replace("?", ".").split(". "):
            assert len(sentence.split()) <= limit, (referral.key, sentence)


@pytest.mark.parametrize(
    ("name", "line", "column", "words"),
    [
        ("referrals_missing_purpose.csv", 3, "purpose_nl", "empty"),
        ("referrals_bad_scope.csv", 3, "scope", "'landelijk' is not one of national"),
        ("referrals_bad_phone.csv", 3, "phone", "'bel ons' is not a Dutch phone number"),
        ("referrals_bad_url.csv", 3, "url", "not a web address"),
        ("referrals_national_without_contact.csv", 3, "url", "web address or a phone number"),
        ("referrals_duplicate_key.csv", 4, "key", "already used on line 3"),
        ("referrals_long_sentence.csv", 3, "purpose_nl", "plain language"),
        ("referrals_bad_year.csv", 3, "year", "not a year"),
        ("referrals_missing_column.csv", 1, None, "lacks source_url"),
        ("referrals_unknown_column.csv", 1, None, "unknown column 'remark'"),
    ],
)
def test_it_refuses_a_bad_referral_file_naming_file_line_and_column(name, line, column, words):
    with pytest.raises(CatalogueError) as caught:
        referral_catalogue.load_referrals(BAD / name)
    error = caught.value
    assert (error.path.name, error.line, error.column) == (name, line, column)
    assert words in str(error)
    assert str(error).startswith(f"{name}, line {line}")


def test_it_refuses_a_referral_file_without_lines_or_that_is_missing():
    with pytest.raises(CatalogueError, match="referrals_header_only.csv: holds no data lines"):
        referral_catalogue.load_referrals(BAD / "referrals_header_only.csv")
    with pytest.raises(CatalogueError, match="cannot be read"):
        referral_catalogue.load_referrals(BAD / "no_such_referrals.csv")

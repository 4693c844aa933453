"""Dutch is the default language, every text is translated, and English can be switched on."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

PACKAGE = Path(__file__).resolve().parent.parent / "buurtkompas"
NL_PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = NL_PO.with_suffix(".mo")


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(lines: list[str]) -> str:
    text = "".join(line.strip()[1:-1] for line in lines)
    return re.sub(r"\\(.)", lambda match: ESCAPES[match.group(1)], text)


def po_entries(path: Path) -> list[dict]:
    """Each entry of a .po file: {"flags", "msgid", "msgid_plural"?, "msgstr"/"msgstr[0]"...}.
    Obsolete entries (#~) are left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set()}
        key = None
        parts: dict[str, list[str]] = {}
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                parts[key].append(line)
            else:
                key, _, rest = line.partition(" ")
                parts[key] = [rest]
        if "msgid" in parts:
            entry.update({key: unquote(lines) for key, lines in parts.items()})
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\([a-z_]+\)[sd]", text))


def test_the_dutch_catalogue_has_no_empty_or_fuzzy_translation():
    entries = [entry for entry in po_entries(NL_PO) if entry["msgid"]]
    assert len(entries) > 50
    empty = [entry["msgid"] for entry in entries if not all(translations(entry))]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert empty == []
    assert fuzzy == []


def test_the_dutch_catalogue_keeps_every_placeholder():
    for entry in po_entries(NL_PO):
        expected = placeholders(entry["msgid"]) | placeholders(entry.get("msgid_plural", ""))
        for text in translations(entry):
            assert placeholders(text) <= expected, entry["msgid"]
            if "msgid_plural" not in entry:
                assert placeholders(text) == expected, entry["msgid"]


def test_the_compiled_dutch_catalogue_matches_the_po_file():
    with NL_MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in po_entries(NL_PO):
        if entry["msgid"] and "msgid_plural" not in entry:
            if "msgctxt" in entry:  # pgettext: the same msgid may mean another thing elsewhere
                found = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                found = catalogue.gettext(entry["msgid"])
            assert found == entry["msgstr"], entry["msgid"]


def test_every_text_in_the_source_is_in_the_dutch_catalogue(tmp_path):
    """`makemessages` on a copy of the package finds no text that is missing from the catalogue."""
    copy = tmp_path / "buurtkompas"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [django_admin, "makemessages", "-l", "nl", "--no-obsolete", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    untranslated = [
        entry["msgid"]
        for entry in po_entries(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
        if entry["msgid"] and (not all(translations(entry)) or "fuzzy" in entry["flags"])
    ]
    assert untranslated == [], "run makemessages and translate these texts"


class LanguageForm(HTMLParser):
    """Reads the action, hidden fields and language choices of the language switch."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields: dict[str, str] = {}
        self.languages: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("action") or "").startswith("/taal/"):
            assert attrs.get("method") == "get", "the language switch is a link: no CSRF cookie"
            self.inside, self.action = True, attrs["action"]
        elif self.inside and tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "option":
            self.languages.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def language_form(html: str) -> LanguageForm:
    form = LanguageForm()
    form.feed(html)
    assert form.action, "the page has no language form"
    return form


def test_the_home_page_is_in_dutch_by_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="nl">' in html
    for dutch in ("Direct naar de inhoud", "Gemeenten", "Inwoners van Nederland", "Bronnen"):
        assert dutch in html
    assert "Skip to content" not in html


@pytest.mark.parametrize("path", ["/", "/regio/2024/WK001400/"])
def test_switching_to_english_with_the_language_form(db, path):
    browser = Client(enforce_csrf_checks=True)
    form = language_form(browser.get(path).content.decode())
    assert form.languages == ["nl", "en"]
    assert form.fields["next"] == path

    response = browser.get(form.action, {**form.fields, "language": "en"}, follow=True)
    assert response.redirect_chain == [(path, 302)]
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Municipalities" in html
    assert "Direct naar de inhoud" not in html

    form = language_form(html)
    html = browser.get(form.action, {**form.fields, "language": "nl"}, follow=True)
    assert '<html lang="nl">' in html.content.decode()


def test_english_pages_use_english_labels_and_units(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/regio/2024/WK001400/").content.decode()
    assert "District (wijk) in the municipality of" in html
    assert "Inhabitants" in html and "Population density" in html
    assert "10,907 residents per km²" in html.replace("\xa0", " ")


def test_the_not_found_page_is_in_dutch(client, db):
    response = client.get("/regio/2024/GM9999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and "Bekijk alle gemeenten" in html

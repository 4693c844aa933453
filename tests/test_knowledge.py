"""The knowledge base (issue 12): Dutch search on both databases, the workflow with reviewers
and versions, quality levels, edit conflicts, attachments, use and conversation, sharing a
practice case from a team without personal data, and the open data."""

import csv
import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from buurtkompas.knowledge import content, search, selectors, services
from buurtkompas.knowledge.models import Item, ItemVersion, Status
from tests.helpers import NAME, page, resident, text_of

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"knowledge:{name}", args=args)


def found_titles(user, query="", **filters):
    result = selectors.search_items(user, selectors.Filters(query=query, **filters))
    return [i.title for i in result.items]


# --- Search -------------------------------------------------------------------------------


def test_it_finds_a_case_by_other_dutch_word_forms(kb, make_item):
    make_item(
        title="Buren helpen buren",
        summary="Een huurder plakt een tochtstrip bij de benedenburen.",
    )
    make_item(title="Geveltuinen in de straat", summary="Groen voor de deur.", goal="Groen.")
    assert found_titles(kb["member"], "tochtstrips huurders") == ["Buren helpen buren"]
    assert found_titles(kb["member"], "TOCHTSTRIPS") == ["Buren helpen buren"]
    assert found_titles(kb["member"], "geveltuin") == ["Geveltuinen in de straat"]


def test_it_ranks_a_match_in_the_title_above_one_in_the_text(kb, make_item):
    make_item(title="Energiecafé", summary="Na afloop van de bewonersavond.")
    make_item(title="Bewonersavond in het buurthuis", summary="Koffie en uitleg.")
    assert found_titles(kb["member"], "bewonersavonden") == [
        "Bewonersavond in het buurthuis",
        "Energiecafé",
    ]
    assert found_titles(kb["member"], "energiecafe") == ["Energiecafé"]  # accents or not


def test_it_shows_items_with_some_of_the_words_when_none_has_all(kb, make_item, as_user):
    make_item(title="Radiatorfolie plaatsen", summary="Folie achter de radiator.")
    response = as_user(kb["member"]).get(url("index"), {"q": "radiatorfolie zonnepanelen"})
    assert "Radiatorfolie plaatsen" in text_of(response)
    assert "No item has all your words. These have some of them." in text_of(response)


def test_it_counts_the_facets_and_filters_by_them(kb, make_item, as_user):
    make_item(title="Fixbrigade", themes=["fix_teams"], chain_stage="saving")
    make_item(title="Groene daken", themes=["greening"], chain_stage="greening")
    make_item(title="Warmtenet", kind="background", themes=["heat_transition"],
              chain_stage="transition", goal="", approach="")  # fmt: skip
    result = selectors.search_items(kb["member"], selectors.Filters())
    kinds = {f.key: f.options for f in result.facets}["kind"]
    with translation.override("en"):
        assert ("case", "practice case", 2) in [(v, str(label), n) for v, label, n in kinds]
    assert found_titles(kb["member"], theme="greening") == ["Groene daken"]
    assert found_titles(kb["member"], chain_stage="transition", kind="background") == ["Warmtenet"]
    response = as_user(kb["member"]).get(url("index"), {"thema": "greening"})
    assert "Groene daken" in text_of(response) and "Fixbrigade" not in text_of(response)
    assert "remove filter “greening”" in page(response)


def test_it_filters_by_gemeente_and_lists_it_as_a_facet(kb, make_item):
    from buurtkompas.regions.models import Region

    wijk = Region.objects.filter(level="wijk", gemeente_code="GM0080").order_by("-year").first()
    make_item(title="Leeuwarder aanpak", regions=[wijk])
    make_item(title="Elders")
    assert found_titles(kb["member"], gemeente="GM0080") == ["Leeuwarder aanpak"]
    result = selectors.search_items(kb["member"], selectors.Filters())
    where = {f.key: f.options for f in result.facets}["gemeente"]
    assert [(code, n) for code, _label, n in where] == [("GM0080", 1)]


def test_it_suggests_similar_items_and_never_the_item_itself(kb, make_item):
    first = make_item(title="Fixbrigade A", themes=["fix_teams", "energy_saving"])
    make_item(title="Fixbrigade B", themes=["fix_teams", "energy_saving"])
    make_item(title="Iets anders", themes=["greening"], chain_stage="greening")
    titles = [i.title for i in selectors.similar(first, kb["member"])]
    assert titles[0] == "Fixbrigade B"
    assert "Fixbrigade A" not in titles


def test_it_keeps_the_search_index_up_to_date_on_a_change(kb, make_item):
    item = make_item(title="Wijkgesprek")
    services.item_update(
        actor=kb["author"],
        item=item,
        fields={"summary": "Over isolatie van portiekflats."},
        base_revision=item.revision,
    )
    assert found_titles(kb["member"], "portiekflat") == ["Wijkgesprek"]
    assert search.stem("huurders") == search.stem("huurder")


# --- Who reads what: the workflow ---------------------------------------------------------


def test_it_shows_a_draft_only_to_its_author_and_the_reviewers(kb, make_item, as_user):
    draft = make_item("draft", title="Mijn concept")
    answers = {p: as_user(u).get(url("item", draft.pk)).status_code for p, u in kb.items()}
    assert answers == {
        "author": 200,
        "reviewer": 200,
        "coordinator": 200,
        "member": 404,
        "outsider": 404,
        "public": 302,
    }
    assert found_titles(kb["member"]) == []


def test_it_publishes_to_the_network_or_to_everyone(kb, make_item, as_user):
    item = make_item(title="Voor leden")
    assert as_user(kb["member"]).get(url("item", item.pk)).status_code == 200
    assert as_user(kb["outsider"]).get(url("item", item.pk)).status_code == 404
    public = make_item(title="Voor iedereen", visibility="public")
    response = as_user(None).get(url("item", public.pk))
    assert response.status_code == 200
    assert "CC BY 4.0" in text_of(response)
    assert found_titles(kb["outsider"]) == ["Voor iedereen"]


def test_it_takes_a_submitted_item_through_review(kb, make_item, as_user):
    item = make_item("draft")
    mail.outbox.clear()
    client = as_user(kb["author"])
    client.post(url("submit", item.pk))
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert {"reviewer@example.org", "network_coordinator@example.org"} <= set(mail.outbox[0].to)
    assert "Tochtstrips plakken met huurders" in text_of(as_user(kb["reviewer"]).get(url("queue")))
    # the author cannot publish their own item; a reviewer sends it back with a comment
    assert as_user(kb["author"]).post(url("publish", item.pk)).status_code == 403
    as_user(kb["reviewer"]).post(url("send_back", item.pk), {"text": "Voeg de kosten toe."})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert "Voeg de kosten toe." in text_of(as_user(kb["author"]).get(url("item", item.pk)))
    as_user(kb["author"]).post(url("submit", item.pk))
    as_user(kb["reviewer"]).post(url("publish", item.pk))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.versions.count() == 1


def test_it_refuses_to_submit_a_case_without_goal_or_approach(kb, make_item, as_user):
    item = make_item("draft", goal="", approach="")
    with translation.override("en"):
        response = as_user(kb["author"]).post(url("submit", item.pk), follow=True)
    assert "A practice case or method needs this before review." in text_of(response)
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_it_archives_and_keeps_the_address(kb, make_item, as_user):
    item = make_item(visibility="public")
    as_user(kb["author"]).post(url("archive", item.pk))
    response = as_user(None).get(url("item", item.pk))
    assert response.status_code == 200
    assert "Archived on" in text_of(response)
    assert found_titles(None) == []


# --- Quality levels -----------------------------------------------------------------------


def test_it_lets_only_reviewers_and_coordinators_set_the_quality_level(kb, make_item, as_user):
    item = make_item()
    data = {"level": "well_described", "reason": "Doel en aanpak zijn helder."}
    for persona in ("author", "member"):
        assert as_user(kb[persona]).post(url("quality", item.pk), data).status_code == 403
        assert as_user(kb[persona]).get(url("quality", item.pk)).status_code == 403
    assert as_user(kb["outsider"]).post(url("quality", item.pk), data).status_code == 404
    item.refresh_from_db()
    assert item.quality_level == "not_assessed"
    assert as_user(kb["reviewer"]).post(url("quality", item.pk), data).status_code == 302
    shown = text_of(as_user(kb["member"]).get(url("item", item.pk)))
    assert "well described" in shown
    assert "assessed by Reviewer on" in shown and "Doel en aanpak zijn helder." in shown


def test_it_asks_why_a_quality_level_is_set(kb, make_item, as_user):
    item = make_item()
    response = as_user(kb["coordinator"]).post(url("quality", item.pk), {"level": "effective_good"})
    assert response.status_code == 200
    assert "Say why the item has this level." in text_of(response)


# --- Edits, versions and conflicts --------------------------------------------------------


def form_data(item, **changes):
    from buurtkompas.knowledge.forms import ITEM_FIELDS

    data = {name: getattr(item, name) for name in ITEM_FIELDS}
    data.update(revision=item.revision, themes=item.theme_values, region_codes="")
    data.update(changes)
    return data


def test_it_keeps_a_version_of_every_published_change_with_a_readable_diff(kb, make_item, as_user):
    item = make_item(summary="Bewoners plakken tochtstrips.")
    client = as_user(kb["author"])
    response = client.post(
        url("edit", item.pk),
        form_data(item, summary="Bewoners plakken tochtstrips en radiatorfolie.", note="folie"),
    )
    assert response.status_code == 302
    version = ItemVersion.objects.get(item=item, number=2)
    assert version.author == kb["author"] and version.note == "folie"
    diff = page(client.get(url("version", item.pk, 2)))
    assert "<ins> en radiatorfolie</ins>" in diff or "<ins>en radiatorfolie</ins>" in diff.replace(
        "<ins> ", "<ins>"
    )
    assert "Version 2" in text_of(client.get(url("versions", item.pk)))


def test_it_never_overwrites_a_newer_edit(kb, make_item, as_user):
    item = make_item(summary="Oud.")
    opened = form_data(item)  # both open the form at the same revision
    first = as_user(kb["reviewer"]).post(url("edit", item.pk), {**opened, "summary": "Nieuw A."})
    assert first.status_code == 302
    second = as_user(kb["author"]).post(url("edit", item.pk), {**opened, "summary": "Nieuw B."})
    assert second.status_code == 409
    item.refresh_from_db()
    assert item.summary == "Nieuw A."  # nothing overwritten
    shown = page(second)
    assert "Someone else saved a newer version while you were editing." in shown
    assert "Nieuw B." in shown  # what the author typed is kept in the form
    assert f'name="revision" value="{item.revision}"' in shown
    # saving again knowingly replaces the newer text
    again = as_user(kb["author"]).post(
        url("edit", item.pk), {**opened, "summary": "Nieuw B.", "revision": item.revision}
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.summary == "Nieuw B."


def test_it_shows_the_form_again_with_errors_and_nothing_lost(kb, make_item, as_user):
    item = make_item()
    response = as_user(kb["author"]).post(
        url("edit", item.pk),
        form_data(item, summary="Mijn lange tekst", region_codes="Nergensdorp", title=""),
    )
    assert response.status_code == 200
    shown = text_of(response)
    assert "No gemeente, wijk or buurt is known as: Nergensdorp." in shown
    assert "This field is required." in shown
    assert "Mijn lange tekst" in page(response)
    item.refresh_from_db()
    assert item.summary != "Mijn lange tekst"


def test_it_lets_only_the_author_edit_a_draft(kb, make_item, as_user):
    item = make_item("draft")
    assert as_user(kb["member"]).get(url("edit", item.pk)).status_code == 404
    assert as_user(kb["reviewer"]).get(url("edit", item.pk)).status_code == 403
    assert as_user(kb["author"]).get(url("edit", item.pk)).status_code == 200


# --- Attachments --------------------------------------------------------------------------


def test_it_refuses_oversized_and_wrong_type_attachments_naming_the_limit(
    kb, make_item, as_user, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES = 1024
    item = make_item()
    client = as_user(kb["author"])
    big = SimpleUploadedFile("groot.pdf", b"%PDF-1.4" + b"x" * 2000)
    response = client.post(url("attachment_add", item.pk), {"file": big}, follow=True)
    assert "The file is 2.0 KB; the limit is 1.0 KB." in text_of(response)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url("attachment_add", item.pk), {"file": fake}, follow=True)
    assert "This file is not a real .pdf file." in text_of(response)
    exe = SimpleUploadedFile("tool.exe", b"MZ")
    response = client.post(url("attachment_add", item.pk), {"file": exe}, follow=True)
    assert "Files of this type cannot be attached." in text_of(response)
    assert item.attachments.count() == 0


def test_it_serves_an_attachment_to_readers_only(kb, make_item, as_user, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    item = make_item()
    pdf = SimpleUploadedFile("checklist.pdf", b"%PDF-1.4 checklist")
    as_user(kb["author"]).post(url("attachment_add", item.pk), {"file": pdf})
    attachment = item.attachments.get()
    response = as_user(kb["member"]).get(url("attachment", item.pk, attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 checklist"
    assert 'attachment; filename="checklist.pdf"' in response["Content-Disposition"]
    assert as_user(kb["outsider"]).get(url("attachment", item.pk, attachment.pk)).status_code == 404


# --- Use and conversation -----------------------------------------------------------------


def test_it_records_where_a_member_used_it_and_shows_it(kb, make_item, as_user):
    item = make_item()
    client = as_user(kb["member"])
    response = client.post(url("usage", item.pk), {"place": "Leeuwarden", "note": "Goed"})
    assert response.status_code == 302
    shown = client.get(url("item", item.pk))
    assert "Leeuwarden" in text_of(shown) and 'id="knowledge-map"' in page(shown)
    bad = client.post(url("usage", item.pk), {"place": "Atlantis"})
    assert bad.status_code == 400
    assert "No gemeente or wijk is known by this name or code." in text_of(bad)


def test_it_mails_the_author_a_question_and_the_asker_the_answer(kb, make_item, as_user):
    item = make_item()
    mail.outbox.clear()
    with django_capture_on_commit():
        as_user(kb["member"]).post(url("ask", item.pk), {"text": "Waar koop je de strips?"})
    assert mail.outbox[-1].to == [kb["author"].email]
    assert "Waar koop je de strips?" in mail.outbox[-1].body
    question = item.questions.get()
    with django_capture_on_commit():
        as_user(kb["author"]).post(
            url("ask", item.pk), {"text": "Bij de bouwmarkt.", "parent": question.pk}
        )
    assert mail.outbox[-1].to == [kb["member"].email]
    shown = text_of(as_user(kb["reviewer"]).get(url("item", item.pk)))
    assert "Waar koop je de strips?" in shown and "Bij de bouwmarkt." in shown


def django_capture_on_commit():
    """Run the on-commit callbacks of the block (the e-mails) inside the test's transaction."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    class Run:
        def __enter__(self):
            self.before = len(connection.run_on_commit)

        def __exit__(self, *exc):
            callbacks = connection.run_on_commit[self.before :]
            del connection.run_on_commit[self.before :]
            for _sids, callback, _robust in callbacks:
                callback()

    return Run()


def test_it_averages_ratings_but_not_by_the_author(kb, make_item, as_user):
    item = make_item()
    as_user(kb["member"]).post(url("rate", item.pk), {"score": "4"})
    as_user(kb["reviewer"]).post(url("rate", item.pk), {"score": "5"})
    as_user(kb["member"]).post(url("rate", item.pk), {"score": "2"})  # changes their rating
    with translation.override("en"):
        response = as_user(kb["author"]).post(url("rate", item.pk), {"score": "5"}, follow=True)
    assert "You cannot rate your own item." in text_of(response)
    assert "3.5 of 5 (2 ratings)" in text_of(as_user(kb["member"]).get(url("item", item.pk)))
    assert as_user(kb["outsider"]).post(url("rate", item.pk), {"score": "1"}).status_code == 404


# --- From practice to knowledge -----------------------------------------------------------


def test_it_shares_an_initiative_as_a_draft_without_personal_data(
    kb, network, team, personas, as_user
):
    from buurtkompas.buurtwerk.services.activities import activity_create
    from buurtkompas.buurtwerk.services.initiatives import initiative_create, milestone_create

    author = kb["author"]
    lead = resident(team, author, NAME)
    initiative = initiative_create(
        actor=author,
        workspace=team,
        title="Fixbrigade Tarwewijk",
        chain_stage="saving",
        goal=f"Samen met {NAME} (zoe@example.org, 06-12345678) tocht aanpakken.",
        leads=[lead],
    )
    milestone_create(actor=author, initiative=initiative, title="Twintig woningen", progress_pct=50)
    from datetime import date

    activity_create(
        actor=author,
        workspace=team,
        initiative=initiative,
        kind="meeting",
        title="Klusmiddag",
        held_on=date(2026, 10, 3),
        participants=14,
        outcomes=f"{NAME} en Opbouwwerker deden mee.",
        notes="Geheime notitie uit het overleg",
    )
    client = as_user(author)
    detail = client.get(reverse("buurtwerk:initiative", args=[team.pk, initiative.pk]))
    assert "Share as practice case" in text_of(detail)
    share = reverse("knowledge_team:share_initiative", args=[team.pk, initiative.pk])
    preview = text_of(client.get(share))
    assert NAME not in preview and "[naam verwijderd]" in preview
    response = client.post(share, {"network": network.pk})
    item = Item.objects.get(title="Fixbrigade Tarwewijk")
    assert response.status_code == 302 and response["Location"] == url("edit", item.pk)
    text = json.dumps(services.snapshot(item), ensure_ascii=False)
    for secret in (
        NAME,
        "Zoë",
        "zoe@example.org",
        "06-12345678",
        "Geheime notitie",
        "Opbouwwerker",
    ):
        assert secret not in text, secret
    assert "Twintig woningen" in item.steps and "14 participants" in item.results
    assert item.status == Status.DRAFT and item.author == author
    assert list(item.initiatives.all()) == [initiative]


def test_it_offers_sharing_only_to_coordinators_and_opbouwwerkers(team, personas, as_user, kb):
    from buurtkompas.buurtwerk.services.initiatives import initiative_create

    initiative = initiative_create(
        actor=personas["coordinator"], workspace=team, title="Groen", chain_stage="greening"
    )
    share = reverse("knowledge_team:share_initiative", args=[team.pk, initiative.pk])
    assert as_user(personas["vrijwilliger"]).get(share).status_code == 403
    assert as_user(personas["outsider"]).get(share).status_code == 404
    detail = reverse("buurtwerk:initiative", args=[team.pk, initiative.pk])
    assert "Share as practice case" not in text_of(as_user(personas["vrijwilliger"]).get(detail))
    # an opbouwwerker who is in no network is told to join one first
    response = as_user(personas["opbouwwerker"]).get(share)
    assert "Join a network to share practice cases." in text_of(response)
    assert as_user(personas["opbouwwerker"]).post(share, {"network": 1}).status_code == 200
    assert not Item.objects.exists()


# --- Open data ----------------------------------------------------------------------------


def test_it_publishes_public_items_as_feed_json_and_csv_with_licence_and_citation(
    kb, make_item, as_user
):
    make_item(title="Open geval", visibility="public", licence="cc-by-sa-4.0")
    make_item(title="Alleen voor leden")
    client = as_user(None)
    feed = client.get(url("feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Open geval" in feed.content and b"Alleen voor leden" not in feed.content
    body = json.loads(client.get(url("export_json")).content)
    titles = [
        i["title"] for i in body["items"] if i["title"] in ("Open geval", "Alleen voor leden")
    ]
    assert titles == ["Open geval"]
    row = next(i for i in body["items"] if i["title"] == "Open geval")
    assert row["licence"] == "cc-by-sa-4.0" and "creativecommons.org" in row["licence_url"]
    assert row["url"].endswith(url("item", row["id"]))
    assert row["citation"].startswith("Coordinator (") and "Version 1" in row["citation"]
    rows = list(csv.DictReader(io.StringIO(client.get(url("export_csv")).content.decode())))
    assert "Alleen voor leden" not in [r["title"] for r in rows]
    assert "Open geval" in [r["title"] for r in rows]


def test_it_shows_public_items_on_the_region_page(kb, make_item, client):
    from buurtkompas.regions.models import Region

    gemeente = Region.objects.filter(level="gemeente", code="GM0080").order_by("-year").first()
    wijk = Region.objects.filter(level="wijk", parent=gemeente).first()
    make_item(title="Openbaar in Leeuwarden", visibility="public", regions=[wijk])
    make_item(title="Besloten in Leeuwarden", regions=[wijk])
    shown = text_of(client.get(reverse("regions:detail", args=[gemeente.year, gemeente.code])))
    assert "Openbaar in Leeuwarden" in shown and "Besloten in Leeuwarden" not in shown


def test_it_links_the_knowledge_base_from_the_network_home(network, client):
    response = client.get(reverse("network:home", args=[network.slug]))
    assert reverse("knowledge:network", args=[network.slug]) in page(response)


# --- The starting content -----------------------------------------------------------------


def write(folder, slug, **fields):
    data = {
        "slug": slug,
        "kind": "background",
        "title": "De RES",
        "summary": "Uitleg.",
        "body": "Tekst.",
        "chain_stage": "transition",
        "themes": ["heat_transition"],
        "sources": [{"title": "RES", "publisher": "NP RES", "year": 2023, "url": "https://x.nl"}],
        **fields,
    }
    (folder / f"{slug}.json").write_text(json.dumps(data), encoding="utf-8")


def test_it_loads_the_starting_content_once_and_versions_a_change(tmp_path):
    write(tmp_path, "de-res")
    first = content.load(tmp_path)
    again = content.load(tmp_path)
    assert (first.added, again.unchanged) == (["de-res"], ["de-res"])
    item = Item.objects.get(slug="de-res", network=None)
    assert item.is_public and item.credited == "Buurtkompas"
    assert item.sources == "RES. NP RES, 2023. https://x.nl"
    write(tmp_path, "de-res", body="Nieuwe tekst.")
    assert content.load(tmp_path).changed == ["de-res"]
    assert item.versions.count() == 2


def test_it_refuses_a_content_file_with_a_mistake_and_writes_nothing(tmp_path):
    write(tmp_path, "a-goed")
    write(tmp_path, "b-fout", kind="roman")
    with pytest.raises(content.ContentError, match=r"b-fout.json: kind 'roman' is not one of"):
        content.load(tmp_path)
    assert not Item.objects.filter(slug="a-goed").exists()


def test_it_ships_starting_content_that_loads():
    """The real files in knowledge/content/: every one valid, at least the background items
    and three methods the issue asks for, each with a source."""
    entries = [content.read(p) for p in sorted(content.FOLDER.glob("*.json"))]
    kinds = [e["fields"]["kind"] for e in entries]
    assert kinds.count("background") >= 7 and kinds.count("method") >= 3
    assert all(e["fields"]["sources"].strip() for e in entries)


def test_it_puts_items_with_a_place_on_the_map_page(kb, make_item, as_user):
    from buurtkompas.regions.models import Region

    wijk = Region.objects.filter(level="wijk", gemeente_code="GM0080").order_by("-year").first()
    make_item(title="Op de kaart", visibility="public", regions=[wijk])
    make_item(title="Zonder plaats", visibility="public")
    make_item(title="Besloten met plaats", regions=[wijk])
    shown = page(as_user(None).get(url("map")))
    assert "Op de kaart" in shown and '"url": "/kennisbank/' in shown
    assert "Zonder plaats" not in shown and "Besloten met plaats" not in shown
    assert "Besloten met plaats" in page(as_user(kb["member"]).get(url("map")))


def test_it_links_an_item_to_the_work_visits_it_grew_from(kb, make_item, network, as_user):
    from datetime import timedelta

    from django.utils import timezone

    from buurtkompas.network.models import Event

    start = timezone.now() - timedelta(days=10)
    visit = Event.objects.create(
        network=network, kind=Event.Kind.WORK_VISIT, title="Werkbezoek Tarwewijk",
        status=Event.Status.PUBLISHED, starts_at=start, ends_at=start + timedelta(hours=3),
    )  # fmt: skip
    item = make_item()
    client = as_user(kb["author"])
    response = client.post(url("edit", item.pk), form_data(item, work_visits=[visit.pk]))
    assert response.status_code == 302
    assert list(item.events.all()) == [visit]
    shown = text_of(client.get(url("item", item.pk)))
    assert "Grew from these work visits" in shown and "Werkbezoek Tarwewijk" in shown


def test_it_stores_an_attached_picture_without_its_metadata(
    kb, make_item, as_user, settings, tmp_path
):
    from io import BytesIO

    from PIL import Image

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera met locatie"
    Image.new("RGB", (40, 30), "green").save(buffer, format="JPEG", exif=exif)
    item = make_item()
    upload = SimpleUploadedFile("flyer.jpg", buffer.getvalue())
    as_user(kb["author"]).post(url("attachment_add", item.pk), {"file": upload})
    attachment = item.attachments.get()
    assert attachment.content_type == "image/jpeg" and attachment.name == "flyer.jpg"
    with attachment.file.open("rb") as stored:
        assert not Image.open(stored).getexif()


def test_it_answers_bad_input_with_a_clear_error_never_a_500(kb, make_item, as_user):
    item = make_item()
    client = as_user(kb["author"])
    huge = 10**30
    for path in (
        f"/kennisbank/{huge}/",
        f"/kennisbank/{item.pk}/versies/{huge}/",
        f"/kennisbank/{item.pk}/bijlagen/{huge}/",
    ):
        assert client.get(path).status_code == 404, path
    long_query = client.get(url("index"), {"q": "tochtstrip " * 10_000, "pagina": "-3"})
    assert long_query.status_code == 200
    assert client.get(url("index"), {"q": "tocht\x00strip"}).status_code == 400
    response = client.post(url("edit", item.pk), form_data(item, region_codes="x" * 100_000))
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in text_of(response)
    reviewers = reverse("knowledge:reviewers", args=[item.network.slug])
    assert as_user(kb["coordinator"]).post(reviewers, {"remove": "9" * 40}).status_code == 404

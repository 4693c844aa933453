"""The knowledge base's URL walker: every URL of the `knowledge` namespace, for every persona
(public, author, reviewer, network coordinator, member, outsider), by GET and by POST, answers
as its view declares with `knowledge_view(who=...)` — and never with a 500.

Patterns are found by introspecting the URL resolver, so a page added later is walked too; a
view without a declaration fails here. The item is a published members-only item with an
attachment and a question, in the `network` fixture."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import get_resolver, reverse

from tests.test_workspace_access import walk

pytestmark = pytest.mark.django_db

MEMBERS = {"author", "reviewer", "coordinator", "member"}
# who -> the personas that get the page; everyone else is refused
ALLOWED = {
    "public": MEMBERS | {"outsider", "public"},
    "login": MEMBERS | {"outsider"},
    "member": MEMBERS,
    "reader": MEMBERS,
    "participant": MEMBERS,
    "editor": {"author", "reviewer", "coordinator"},
    "reviewer": {"reviewer", "coordinator"},
    "review": {"author", "reviewer", "coordinator"},
    "author": {"author"},
    "coordinator": {"coordinator"},
}
ITEM_VIEWS = {"reader", "participant", "editor", "reviewer", "review", "author"}


def knowledge_urls():
    return [u for u in walk(get_resolver().url_patterns) if u[0].split(":")[0] == "knowledge"]


@pytest.fixture
def ids(kb, make_item, network, settings, tmp_path):
    from buurtkompas.knowledge import services

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    item = make_item()
    attachment = services.attachment_add(
        actor=kb["author"],
        item=item,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        name="a.pdf",
        content_type="application/pdf",
    )
    return {
        "item_id": item.pk,
        "attachment_id": attachment.pk,
        "number": 1,
        "network_slug": network.slug,
    }


def answer(client, method, path):
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def test_every_knowledge_view_declares_who_may_use_it():
    undeclared = [
        name for name, view, _k in knowledge_urls() if not hasattr(view, "knowledge_access")
    ]
    assert undeclared == [], "decorate these views with knowledge.views.knowledge_view(who=...)"


def test_it_answers_every_persona_as_each_view_declares(kb, ids, as_user):
    checked = 0
    for name, view, kwargs in knowledge_urls():
        path = reverse(name, kwargs={k: ids[k] for k in kwargs})
        who = view.knowledge_access
        for persona, user in kb.items():
            client = as_user(user)
            for method in ("get", "post"):
                response = answer(client, method, path)
                status = response.status_code
                where = f"{method.upper()} {name} as {persona}: {status}"
                assert status < 500, where
                if status == 405:
                    continue  # the view takes the other method
                checked += 1
                if persona in ALLOWED[who]:
                    assert status not in (403, 404), where
                    if who != "public":
                        assert response.get("Cache-Control", "").find("private") >= 0, where
                elif persona == "public":
                    assert status == 302 and "/account/inloggen/" in response["Location"], where
                elif persona == "outsider" and (who in ITEM_VIEWS or who == "coordinator"):
                    assert status == 404, where  # a members-only item does not reveal itself
                else:
                    assert status == 403, where
    assert checked > 150

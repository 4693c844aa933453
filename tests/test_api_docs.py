"""The `/api/` page explains every endpoint and parameter in the reader's language (issue 14);
`openapi.json` stays English for programs."""

import pytest
from django.utils import translation

from buurtkompas.atlas.openapi import spec
from buurtkompas.core.templatetags.openapi_texts import known
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def texts_of_the_spec() -> list[str]:
    operations = [item["get"] for item in spec()["paths"].values()]
    return [o["summary"] for o in operations] + [
        p["description"] for o in operations for p in o["parameters"]
    ]


def test_it_knows_every_text_of_the_api_description():
    unknown = [text for text in texts_of_the_spec() if known(text) is None]
    assert unknown == [], "add these to core/templatetags/openapi_texts.py (and translate them)"


def test_it_explains_the_endpoints_in_dutch(client):
    page = text_of(client.get("/api/"))
    with translation.override("nl"):
        dutch = {text: known(text) for text in texts_of_the_spec()}
    for english, shown in dutch.items():
        assert shown in page
        if english not in shown:  # a text the translation leaves as it is is not English
            assert english not in page
    assert "rows per page" not in page and "The need index, ranked" not in page

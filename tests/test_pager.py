"""The one pager partial (templates/core/_pager.html) that every list includes."""

import html

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def pager(query: str, number: int, **options) -> str:
    request = RequestFactory().get(f"/lijst/?{query}")
    page = Paginator(range(120), 50).get_page(number)
    with translation.override("en"):
        text = render_to_string("core/_pager.html", {"page": page, **options}, request=request)
    return html.unescape(text)


def test_it_keeps_the_filters_and_names_the_navigation_and_the_current_page():
    text = pager("status=open&sort=date&pagina=2", 2)
    assert '<nav class="pager" aria-label="Pages">' in text
    assert 'href="?status=open&sort=date&pagina=1" rel="prev">Previous</a>' in text
    assert 'href="?status=open&sort=date&pagina=3" rel="next">Next</a>' in text
    assert '<span aria-current="page">Page 2 of 3</span>' in text


def test_it_shows_nothing_for_a_single_page():
    request = RequestFactory().get("/lijst/")
    page = Paginator(range(3), 50).get_page(1)
    assert render_to_string("core/_pager.html", {"page": page}, request=request).strip() == ""


def test_it_sends_a_search_form_again_instead_of_putting_words_in_the_url():
    text = pager("", 2, pager_form="logbook-filter", pager_previous="Newer", pager_next="Older")
    assert 'form="logbook-filter" name="pagina" value="1" class="secondary">Newer</button>' in text
    assert 'form="logbook-filter" name="pagina" value="3" class="secondary">Older</button>' in text
    assert "href=" not in text

"""The open side of the knowledge base: an Atom feed of new public items and the public items
as JSON and CSV, each with its licence, its stable address and its suggested citation."""

import csv
import io
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buurtkompas.knowledge import citation, selectors
from buurtkompas.knowledge.models import TEXT_FIELDS
from buurtkompas.knowledge.views import knowledge_view

FEED_ITEMS = 50
EXPORT_COLUMNS = (
    "id",
    "url",
    "kind",
    *TEXT_FIELDS,
    "chain_stage",
    "themes",
    "regions",
    "quality_level",
    "quality_reason",
    "quality_assessed_on",
    "licence",
    "licence_url",
    "author",
    "network",
    "published_on",
    "updated_on",
    "citation",
)


def _rows():
    items = (
        selectors.public_items()
        .select_related("network", "author")
        .prefetch_related("themes", "regions", "versions")
        .order_by("pk")
    )
    for item in items:
        yield {
            "id": item.pk,
            "url": settings.SITE_URL + item.get_absolute_url(),
            "kind": item.kind,
            **{name: getattr(item, name) for name in TEXT_FIELDS},
            "chain_stage": item.chain_stage,
            "themes": item.theme_values,
            "regions": [r.code for r in item.regions.all()],
            "quality_level": item.quality_level,
            "quality_reason": item.quality_reason,
            "quality_assessed_on": item.quality_at.date().isoformat() if item.quality_at else None,
            "licence": item.licence,
            "licence_url": item.licence_url,
            "author": item.credited,
            "network": item.network.name if item.network_id else None,
            "published_on": item.published_at.date().isoformat() if item.published_at else None,
            "updated_on": item.updated_at.date().isoformat(),
            "citation": citation.suggested(item),
        }


@knowledge_view(who="public")
@require_GET
def export_json(request):
    body = {
        "title": "Buurtkompas kennisbank",
        "licence_note": "Each item has its own Creative Commons licence: licence, licence_url.",
        "items": list(_rows()),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="kennisbank.json"'
    return response


@knowledge_view(who="public")
@require_GET
def export_csv(request):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in _rows():
        writer.writerow({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kennisbank.csv"'
    return response


@knowledge_view(who="public")
@require_GET
def feed(request):
    atom = Atom1Feed(
        title=_("Buurtkompas knowledge base: new items"),
        link=settings.SITE_URL + "/kennisbank/",
        description=_("New public practice cases, methods, instruments and background items."),
        language="nl",
        feed_url=settings.SITE_URL + request.path,
    )
    items = selectors.public_items().select_related("network", "author").order_by("-published_at")
    for item in items[:FEED_ITEMS]:
        atom.add_item(
            title=item.title,
            link=settings.SITE_URL + item.get_absolute_url(),
            description=item.summary,
            unique_id=settings.SITE_URL + item.get_absolute_url(),
            pubdate=item.published_at,
            updateddate=item.updated_at,
            author_name=item.credited or "Buurtkompas",
            categories=[item.get_kind_display()],
            item_copyright=item.get_licence_display(),
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )

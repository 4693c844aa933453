"""The suggested citation of an item: who, year, title, kind, where, version, date, address."""

from django.conf import settings
from django.utils.translation import gettext as _

from buurtkompas.core.dates import show_date


def suggested(item) -> str:
    latest = item.versions.order_by("-number").first()
    when = (latest.created_at if latest else item.published_at) or item.updated_at
    where = _("Buurtkompas knowledge base")
    if item.network_id:
        where = f"{where}, {item.network.name}"
    parts = [
        f"{item.credited or 'Buurtkompas'} ({when.year}).",
        f"{item.title} [{item.get_kind_display()}].",
        f"{where}.",
    ]
    if latest:
        parts.append(_("Version %(n)s, %(date)s.") % {"n": latest.number, "date": show_date(when)})
    parts.append(settings.SITE_URL + item.get_absolute_url())
    return " ".join(parts)

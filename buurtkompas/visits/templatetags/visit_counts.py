"""`{{ n|small_count:suppress }}`: a count, or "fewer than 5" for partners (visits.overview)."""

from django import template
from django.utils.translation import gettext as _

from buurtkompas.visits.overview import SMALL, is_small

register = template.Library()


@register.filter
def small_count(count, suppress: bool):
    if suppress and is_small(count):
        return _("fewer than %(small)s") % {"small": SMALL}
    return count

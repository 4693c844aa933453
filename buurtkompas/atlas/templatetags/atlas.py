from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def atlas_url(query, **overrides) -> str:
    """The current atlas view's query string with some parameters changed."""
    params = query.as_params(**{k: v for k, v in overrides.items()})
    return "?" + urlencode(params)


@register.simple_tag
def sort_url(query, key: str) -> str:
    descending = not (query.sort == key and query.descending)
    if key == "name" and query.sort != "name":
        descending = False
    return atlas_url(
        query, sort=None if key == "index" else key, page=None, order=None if descending else "asc"
    )


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def weight_of(weights, key):
    value = weights.get(key, 0)
    return int(value) if float(value).is_integer() else value


@register.filter
def label_of(indicator, language: str = "nl") -> str:
    return indicator.label(language)

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


@register.simple_tag(takes_context=True)
def atlas_profile(context, region):
    """The atlas part of a region page: need index, rank, comparisons and a small map.

    Rendered once per region, language and data version (it holds no per-user content)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from buurtkompas.atlas.profile import neighbours, profile, svg_map
    from buurtkompas.atlas.selectors import data_version, remember
    from buurtkompas.core import public_cache

    version, language = data_version(), get_language()

    def render():
        result, small_map = remember(
            ("profile", region.pk, version),
            lambda: (profile(region), svg_map(region, neighbours(region))),
        )
        data = {"profile": result, "map": small_map, "LANGUAGE_CODE": language}
        return mark_safe(render_to_string("atlas/_profile.html", data))  # noqa: S308

    # the page part also names the listed teams, which change without a new data version
    listed = public_cache.current()[0]
    return remember(("profile-html", region.pk, version, listed, language), render)


@register.filter
def percent(share) -> str:
    """A share from 0 to 1 as a whole percentage ("6%")."""
    if share is None:
        return ""
    return f"{round(100 * share)}%"


@register.simple_tag
def flag_badges(flags, *only, short=False):
    """Badges that say why an area is flagged (atlas.quality), in plain words; `short` for
    table cells on a phone (the text above the table explains them)."""
    from django.conf import settings
    from django.utils.html import format_html, format_html_join
    from django.utils.translation import gettext as _

    if short:
        texts = {
            "small": _("small area"),
            "non_residential": _("few homes"),
            "students": _("mostly students"),
        }
    else:
        texts = {
            "small": _("fewer than %(n)s inhabitants") % {"n": settings.ATLAS_MIN_POPULATION},
            "non_residential": _("mostly not a residential area"),
            "students": _("mostly students: income figures that count students are left out"),
        }
    shown = [flag for flag in texts if flag in flags and (not only or flag in only)]
    return format_html_join(
        " ", '<span class="badge flag-badge">{}</span>', ((texts[f],) for f in shown)
    ) or format_html("")


@register.simple_tag(takes_context=True)
def region_sections(context, region):
    """The sections other apps add to a region page (`atlas.region_sections`)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from buurtkompas.atlas import region_sections as registry

    parts = []
    for section in registry.sections():
        extra = section.context(region)
        if extra is not None:
            parts.append(
                render_to_string(section.template, {"region": region, **extra}, context.request)
            )
    return mark_safe("".join(parts))

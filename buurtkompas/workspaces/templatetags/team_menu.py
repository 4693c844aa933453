"""`{% team_menu as links %}`: the registered team-menu links for this page (see navigation.py)."""

from django import template
from django.urls import NoReverseMatch, reverse

from buurtkompas.workspaces import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def team_menu(context) -> list[dict]:
    request = context["request"]
    match = request.resolver_match
    view_name, namespace = (match.view_name, match.namespace) if match else ("", "")
    links = []
    for item in navigation.items():
        if not item.is_visible(request.membership):
            continue
        try:
            url = reverse(item.url_name, args=[request.workspace.pk])
        except NoReverseMatch:  # a module whose pages are not mounted
            continue
        current = item.is_active(view_name, namespace)
        links.append({"url": url, "label": item.label, "current": current})
    return links

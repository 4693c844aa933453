"""The links on a network's home page that other apps add (the knowledge base, mentoring).

The network app never imports those apps; they call `register(NetworkLink(...))` from their
`AppConfig.ready()`. `url_name` is reversed with the network's slug as `network_slug`;
`visible(request)` decides per visitor (e.g. members only)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NetworkLink:
    url_name: str
    label: str  # a lazy translation
    order: int = 100
    visible: Callable | None = None  # visible(request) -> bool; None: everyone


_LINKS: dict[str, NetworkLink] = {}


def register(link: NetworkLink) -> None:
    _LINKS[link.url_name] = link


def links_for(request) -> list[dict]:
    """[{"url", "label"}] of the registered links this visitor may see, in order."""
    found = []
    for link in sorted(_LINKS.values(), key=lambda item: (item.order, item.url_name)):
        if link.visible is None or link.visible(request):
            found.append(
                {
                    "url": reverse(link.url_name, kwargs={"network_slug": request.network.slug}),
                    "label": link.label,
                }
            )
    return found

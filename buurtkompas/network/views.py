"""Network pages (HTTP glue only): the list of networks and a network's home page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from buurtkompas.network import navigation, selectors
from buurtkompas.network.access import network_view


@require_GET
def network_list(request):
    return render(
        request,
        "network/list.html",
        {
            "mine": selectors.networks_of(request.user),
            "others": selectors.other_networks(request.user),
        },
    )


@network_view(public=True)
@require_GET
def network_home(request):
    return render(
        request,
        "network/home.html",
        {
            "coordinators": selectors.coordinators(request.network),
            "links": navigation.links_for(request),
        },
    )

from django.urls import path

from buurtkompas.core.public_cache import cacheable
from buurtkompas.knowledge import open_views, views

app_name = "knowledge"
ITEM = "<int:item_id>/"
urlpatterns = [
    path("", cacheable(views.index), name="index"),
    path("feed.atom", cacheable(open_views.feed), name="feed"),
    path("export.json", cacheable(open_views.export_json), name="export_json"),
    path("export.csv", cacheable(open_views.export_csv), name="export_csv"),
    path("kaart/", cacheable(views.map_page), name="map"),
    path("nieuw/", views.new, name="new"),
    path("mijn-bijdragen/", views.mine, name="mine"),
    path("beoordelen/", views.queue, name="queue"),
    path("netwerk/<slug:network_slug>/", cacheable(views.network_items), name="network"),
    path("netwerk/<slug:network_slug>/beoordelaars/", views.reviewers, name="reviewers"),
    path(ITEM, cacheable(views.item), name="item"),
    path(ITEM + "bewerken/", views.edit, name="edit"),
    path(ITEM + "indienen/", views.submit, name="submit"),
    path(ITEM + "terugsturen/", views.send_back, name="send_back"),
    path(ITEM + "publiceren/", views.publish, name="publish"),
    path(ITEM + "archiveren/", views.archive, name="archive"),
    path(ITEM + "verwijderen/", views.delete, name="delete"),
    path(ITEM + "kwaliteit/", views.quality, name="quality"),
    path(ITEM + "opmerkingen/", views.comment, name="comment"),
    path(ITEM + "bijlagen/", views.attachment_add, name="attachment_add"),
    path(ITEM + "bijlagen/<int:attachment_id>/", views.attachment, name="attachment"),
    path(
        ITEM + "bijlagen/<int:attachment_id>/verwijderen/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(ITEM + "gebruikt/", views.usage, name="usage"),
    path(ITEM + "vragen/", views.ask, name="ask"),
    path(ITEM + "waardering/", views.rate, name="rate"),
    path(ITEM + "versies/", views.versions, name="versions"),
    path(ITEM + "versies/<int:number>/", views.version, name="version"),
]

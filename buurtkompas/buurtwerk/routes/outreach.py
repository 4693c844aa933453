from django.urls import path

from buurtkompas.buurtwerk.views import outreach as views

urlpatterns = [
    path("bereik/", views.campaign_list, name="outreach"),
    path("bereik/nieuw/", views.campaign_create, name="outreach_campaign_create"),
    path("bereik/<int:campaign_id>/", views.campaign_detail, name="outreach_campaign"),
    path(
        "bereik/<int:campaign_id>/wijzigen/",
        views.campaign_edit,
        name="outreach_campaign_edit",
    ),
    path(
        "bereik/<int:campaign_id>/verwijderen/",
        views.campaign_delete,
        name="outreach_campaign_delete",
    ),
    path("bereik/<int:campaign_id>/rondes/", views.tally_add, name="outreach_tally_add"),
    path(
        "bereik/<int:campaign_id>/rondes/<int:tally_id>/verwijderen/",
        views.tally_delete,
        name="outreach_tally_delete",
    ),
]

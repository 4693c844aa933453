from django.urls import path

from buurtkompas.buurtwerk.views import stakeholders as views

urlpatterns = [
    path("krachtenveld/", views.stakeholder_list, name="stakeholders"),
    path("krachtenveld/nieuw/", views.stakeholder_create, name="stakeholder_create"),
    path("krachtenveld/afspraken/", views.agreement_list, name="agreements"),
    path(
        "krachtenveld/afspraken/<int:agreement_id>/wijzigen/",
        views.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "krachtenveld/afspraken/<int:agreement_id>/verwijderen/",
        views.agreement_delete,
        name="agreement_delete",
    ),
    path("krachtenveld/<int:stakeholder_id>/", views.stakeholder_detail, name="stakeholder_detail"),
    path(
        "krachtenveld/<int:stakeholder_id>/wijzigen/",
        views.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "krachtenveld/<int:stakeholder_id>/verwijderen/",
        views.stakeholder_delete,
        name="stakeholder_delete",
    ),
    path(
        "krachtenveld/<int:stakeholder_id>/afspraken/nieuw/",
        views.agreement_create,
        name="agreement_create",
    ),
]

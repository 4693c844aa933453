from django.urls import path

from buurtkompas.residents import views

app_name = "residents"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("nieuw/", views.contact_create, name="create"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path("<int:contact_id>/wijzigen/", views.contact_edit, name="edit"),
    path("<int:contact_id>/toestemming/", views.consent_record, name="consent_record"),
    path(
        "<int:contact_id>/toestemming/<int:consent_id>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:contact_id>/export.json", views.contact_export_json, name="export_json"),
    path("<int:contact_id>/export.pdf", views.contact_export_pdf, name="export_pdf"),
    path("<int:contact_id>/wissen/", views.contact_erase, name="erase"),
]

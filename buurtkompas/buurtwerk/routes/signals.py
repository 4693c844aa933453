from django.urls import path

from buurtkompas.buurtwerk.views import signals as views

urlpatterns = [
    path("signalen/", views.signal_overview, name="signals"),
    path("signalen/nieuw/", views.signal_create, name="signal_create"),
    path("signalen/<int:signal_id>/wijzigen/", views.signal_edit, name="signal_edit"),
    path("signalen/<int:signal_id>/verwijderen/", views.signal_delete, name="signal_delete"),
    path("signalen/complex/", views.signal_complex, name="signal_complex"),
    path("signalen/complex/dossier.pdf", views.signals_pdf, name="signals_pdf"),
    path("signalen/complex/dossier.csv", views.signals_csv, name="signals_csv"),
]

from django.urls import path

from buurtkompas.network import checkin_views as door
from buurtkompas.network import event_views as events
from buurtkompas.network import feedback_views as feedback
from buurtkompas.network import member_views as members
from buurtkompas.network import report_views as reports
from buurtkompas.network import views, work_visit_views

app_name = "network"
E = "<slug:network_slug>/bijeenkomsten/<int:event_id>/"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("inschrijving/<str:token>/", events.registration_page, name="registration"),
    path("feedback/<str:token>/", feedback.feedback_guest, name="feedback"),
    path("uitnodiging/<str:invitation_token>/", members.invitation, name="invitation"),
    path("<slug:network_slug>/", views.network_home, name="home"),
    path("<slug:network_slug>/agenda.ics", events.network_feed, name="feed"),
    path("<slug:network_slug>/leden/", members.directory, name="directory"),
    path("<slug:network_slug>/leden/<int:member_id>/", members.profile, name="profile"),
    path(
        "<slug:network_slug>/leden/<int:member_id>/foto/",
        members.profile_photo,
        name="profile_photo",
    ),
    path("<slug:network_slug>/mijn-profiel/", members.my_profile, name="my_profile"),
    path(
        "<slug:network_slug>/mijn-profiel/wissen/",
        members.my_profile_delete,
        name="my_profile_delete",
    ),
    path("<slug:network_slug>/opzeggen/", members.leave, name="leave"),
    path("<slug:network_slug>/lid-worden/", members.join, name="join"),
    path("<slug:network_slug>/aanvragen/", members.requests, name="requests"),
    path("<slug:network_slug>/uitnodigingen/", members.invitations, name="invitations"),
    path("<slug:network_slug>/bijeenkomsten/", events.event_list, name="events"),
    path("<slug:network_slug>/werkbezoeken/", work_visit_views.work_visits, name="work_visits"),
    path("<slug:network_slug>/bijeenkomsten/nieuw/", events.event_new, name="event_new"),
    path(E, events.event_detail, name="event"),
    path(E + "wijzigen/", events.event_edit, name="event_edit"),
    path(E + "publiceren/", events.event_publish, name="event_publish"),
    path(E + "afgelasten/", events.event_cancel, name="event_cancel"),
    path(E + "programma/nieuw/", events.item_new, name="item_new"),
    path(E + "programma/<int:item_id>/", events.item_edit, name="item_edit"),
    path(E + "programma/<int:item_id>/verwijderen/", events.item_delete, name="item_delete"),
    path(E + "aanmelden/", events.register, name="register"),
    path(E + "afmelden/", events.unregister, name="unregister"),
    path(E + "gast/", events.guest_register, name="guest_register"),
    path(E + "gast/verstuurd/", events.guest_sent, name="guest_sent"),
    path(E + "inschrijvingen/", events.event_registrations, name="event_registrations"),
    path(E + "agenda.ics", events.event_ics, name="event_ics"),
    path(E + "deur/", door.door, name="door"),
    path(E + "deur/<int:registration_id>/", door.door_tick, name="door_tick"),
    path(E + "deur/binnenloper/", door.door_walk_in, name="door_walk_in"),
    path(E + "presentielijst.pdf", door.attendance, name="attendance"),
    path(E + "feedback/", feedback.feedback_member, name="feedback_member"),
    path(E + "feedback/vragen/", feedback.feedback_questions, name="feedback_questions"),
    path(E + "feedback/resultaten/", feedback.feedback_results, name="feedback_results"),
    path(E + "verslag/", reports.report, name="report"),
    path(E + "verslag/bewerken/", reports.report_edit, name="report_edit"),
    path(E + "verslag/publiceren/", reports.report_publish, name="report_publish"),
    path(E + "verslag/foto/", reports.report_photo_add, name="report_photo_add"),
    path(E + "verslag/foto/<int:photo_id>/", reports.report_photo, name="report_photo"),
    path(
        E + "verslag/foto/<int:photo_id>/wissen/",
        reports.report_photo_delete,
        name="report_photo_delete",
    ),
]

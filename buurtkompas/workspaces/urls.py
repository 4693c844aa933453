from django.urls import path

from buurtkompas.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.workspace_list, name="list"),
    path("nieuw/", views.workspace_create, name="create"),
    path("start/", views.landing, name="landing"),
    path("<int:workspace_id>/", views.workspace_detail, name="detail"),
    path("<int:workspace_id>/instellingen/", views.workspace_settings, name="settings"),
    path("<int:workspace_id>/leden/", views.member_list, name="members"),
    path("<int:workspace_id>/leden/uitnodigen/", views.invite, name="invite"),
    path("<int:workspace_id>/leden/overdragen/", views.hand_over, name="hand_over"),
    path("<int:workspace_id>/leden/verlaten/", views.leave, name="leave"),
    path("<int:workspace_id>/leden/<int:membership_id>/", views.member_change, name="member"),
    path(
        "<int:workspace_id>/leden/<int:membership_id>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<int:workspace_id>/uitnodigingen/<int:invitation_id>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]

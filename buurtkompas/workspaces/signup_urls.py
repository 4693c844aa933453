"""The invitation link, kept at its old address /account/uitnodiging/<token>/ (e-mails sent
before the move still work); mounted from the project's urls.py."""

from django.urls import path

from buurtkompas.workspaces import signup

app_name = "signup"
urlpatterns = [
    path("uitnodiging/<str:token>/", signup.invitation, name="invitation"),
]

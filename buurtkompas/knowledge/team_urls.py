from django.urls import path

from buurtkompas.knowledge import team_views

app_name = "knowledge_team"
urlpatterns = [
    path(
        "initiatief/<int:initiative_id>/delen/",
        team_views.share_initiative,
        name="share_initiative",
    ),
    path("activiteit/<int:activity_id>/delen/", team_views.share_activity, name="share_activity"),
]

from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "buurtkompas.workspaces"
    label = "workspaces"

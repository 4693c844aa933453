from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "buurtkompas.visits"
    label = "visits"

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "buurtkompas.regions"
    label = "regions"

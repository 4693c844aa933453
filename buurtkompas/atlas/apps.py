from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "buurtkompas.atlas"
    label = "atlas"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "buurtkompas.core"
    label = "core"

from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "buurtkompas.residents"
    label = "residents"

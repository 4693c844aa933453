from django.apps import AppConfig


class BuurtwerkConfig(AppConfig):
    name = "buurtkompas.buurtwerk"
    label = "buurtwerk"

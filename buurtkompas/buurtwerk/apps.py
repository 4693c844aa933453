from django.apps import AppConfig


class BuurtwerkConfig(AppConfig):
    name = "buurtkompas.buurtwerk"
    label = "buurtwerk"

    def ready(self):
        from buurtkompas.buurtwerk import privacy

        privacy.register_all()

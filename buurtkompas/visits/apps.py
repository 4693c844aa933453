from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "buurtkompas.visits"
    label = "visits"

    def ready(self):
        from buurtkompas.visits import privacy

        privacy.register_all()

from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "buurtkompas.residents"
    label = "residents"

    def ready(self):
        from buurtkompas.residents import privacy

        privacy.register_all()

from django.apps import AppConfig


class BuurtwerkConfig(AppConfig):
    name = "buurtkompas.buurtwerk"
    label = "buurtwerk"

    def ready(self):
        from buurtkompas.buurtwerk import demo, menu, privacy

        privacy.register_all()
        menu.register_all()
        demo.register_all()

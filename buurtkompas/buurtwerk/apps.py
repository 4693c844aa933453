from django.apps import AppConfig


class BuurtwerkConfig(AppConfig):
    name = "buurtkompas.buurtwerk"
    label = "buurtwerk"

    def ready(self):
        from buurtkompas.buurtwerk import demo, menu, privacy
        from buurtkompas.buurtwerk.services import signals
        from buurtkompas.workspaces import signals_registry

        privacy.register_all()
        menu.register_all()
        demo.register_all()
        signals_registry.register(signals.signal_from_elsewhere)
        signals_registry.register_reader(signals.signals_known)

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "buurtkompas.visits"
    label = "visits"

    def ready(self):
        from buurtkompas.audit import labels
        from buurtkompas.visits import audit_labels, demo, menu, panel, privacy

        privacy.register_all()
        menu.register_all()
        panel.register_all()
        demo.register_all()
        labels.register(audit_labels.ACTION_LABELS)

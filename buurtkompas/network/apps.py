from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "buurtkompas.network"
    label = "network"

    def ready(self):
        from buurtkompas.audit import labels
        from buurtkompas.network import audit_labels, demo

        labels.register(audit_labels.ACTION_LABELS)
        demo.register_all()

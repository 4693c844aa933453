from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "buurtkompas.residents"
    label = "residents"

    def ready(self):
        from buurtkompas.audit.labels import register as register_audit_labels
        from buurtkompas.residents import audit_labels, demo, menu, privacy

        privacy.register_all()
        demo.register_all()
        register_audit_labels(audit_labels.ACTIONS)
        menu.register_all()

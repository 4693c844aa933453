from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "buurtkompas.audit"
    label = "audit"

    def ready(self):
        from buurtkompas.accounts.events import register_recorder
        from buurtkompas.audit.services import log_action

        register_recorder(log_action)

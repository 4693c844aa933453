from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "buurtkompas.audit"
    label = "audit"

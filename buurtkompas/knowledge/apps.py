from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "buurtkompas.knowledge"
    label = "knowledge"

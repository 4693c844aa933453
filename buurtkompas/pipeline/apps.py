from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "buurtkompas.pipeline"
    label = "pipeline"

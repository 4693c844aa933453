from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "buurtkompas.mentoring"
    label = "mentoring"

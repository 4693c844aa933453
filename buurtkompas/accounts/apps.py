from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "buurtkompas.accounts"
    label = "accounts"

"""`buurtkompas network_create "<name>" <coordinator e-mail>`: a new network and its first
network coordinator (the account must exist)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from buurtkompas.network.services import network_create


class Command(BaseCommand):
    help = "Create a network of community workers with its first network coordinator."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("coordinator_email")

    def handle(self, *args, name, coordinator_email, **options):
        user = get_user_model().objects.filter(email__iexact=coordinator_email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {coordinator_email}.")
        try:
            network = network_create(actor=None, name=name, coordinator=user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Network {network.name} created: /netwerken/{network.slug}/")

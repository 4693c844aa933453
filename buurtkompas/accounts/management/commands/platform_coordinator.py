"""`buurtkompas platform_coordinator <e-mail> [--remove]`: make an account a platform
coordinator (approves teams' public listings and verifies organisations), or stop it being one.
The change is written to the audit log."""

from django.core.management.base import BaseCommand, CommandError

from buurtkompas.accounts.models import User
from buurtkompas.accounts.services import platform_coordinator_set


class Command(BaseCommand):
    help = "Make an account a platform coordinator, or (--remove) stop it being one."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the e-mail address of an existing account")
        parser.add_argument("--remove", action="store_true", help="take the role away")

    def handle(self, *args, email: str, remove: bool = False, **opts):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"no account with the e-mail address {email}")
        platform_coordinator_set(user=user, value=not remove)
        state = "is no longer" if remove else "is now"
        self.stdout.write(f"{user.email} {state} a platform coordinator.")

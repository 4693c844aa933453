"""`buurtkompas demo`: a demonstration team with invented data, to try Buurtkompas out.

What it makes and how the apps add their part: `buurtkompas/workspaces/demo.py`.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse

from buurtkompas.workspaces.demo import (
    DEFAULT_AREAS,
    USERS,
    demo_areas,
    demo_create,
    demo_password,
    demo_remove,
    demo_users,
)
from buurtkompas.workspaces.models import Role, Workspace


class Command(BaseCommand):
    help = "Create (or with --reset remove) a demonstration team with invented example data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas",
            default=",".join(DEFAULT_AREAS),
            help="comma-separated wijk or buurt codes (default: three wijken of Rotterdam-Zuid)",
        )
        parser.add_argument("--reset", action="store_true", help="remove the demo again")
        parser.add_argument("--password", help="password of the demo users (default: derived)")

    def handle(self, *args, areas: str, reset: bool, password: str | None, **options):
        if reset:
            removed = demo_remove()
            self.stdout.write(
                "Demo removed: {teams} team(s), {users} user(s), {organisations} "
                "organisation(s).".format(**removed)
            )
            return
        regions = demo_areas([c.strip().upper() for c in areas.split(",") if c.strip()])
        password = password or demo_password()
        users = demo_users(password)
        team = Workspace.objects.filter(is_demo=True).first()
        if team is not None:
            self.stdout.write(f"The demo team “{team.name}” already exists; nothing was added.")
        else:
            team = demo_create(users, regions)
            names = ", ".join(f"{r.name} ({r.code}, {r.year})" for r in regions)
            self.stdout.write(f"Demo team “{team.name}” created with invented data in {names}.")
        self.print_login(team, password)

    def print_login(self, team: Workspace, password: str) -> None:
        self.stdout.write(f"Log in at {reverse('accounts:login')} with one of:")
        for email, _name, role in USERS:
            self.stdout.write(f"  {email:40} ({Role(role).value})")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(
            f"The team: {reverse('workspaces:detail', args=[team.pk])} · "
            "remove it with: buurtkompas demo --reset"
        )

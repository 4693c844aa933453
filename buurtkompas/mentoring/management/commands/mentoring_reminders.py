"""`buurtkompas mentoring_reminders`: e-mail the rookie and the master of every running
trajectory without a logged meeting in the last six weeks (daily from cron). Safe to run
again: a trajectory reminded is not reminded again within six weeks."""

from django.core.management.base import BaseCommand

from buurtkompas.mentoring import services


class Command(BaseCommand):
    help = "Remind mentoring pairs who logged no meeting for six weeks."

    def handle(self, *args, **opts):
        self.stdout.write(f"reminders sent: {services.reminders_send()}")

"""`buurtkompas send_reminders`: the network events' scheduled jobs (hourly or daily from cron;
safe to run twice: each e-mail is marked as sent in the same transaction it is queued in).

Reminders a few days before an event, feedback requests after it, guest registrations whose
link was not followed in time lapse, and the answers to the optional questions are deleted a
set number of days after the event."""

from django.core.management.base import BaseCommand

from buurtkompas.network import event_services


class Command(BaseCommand):
    help = "Send event reminders and feedback requests; expire and purge what is due."

    def handle(self, *args, **opts):
        done = {
            "reminders sent": event_services.reminders_send(),
            "feedback requests sent": event_services.feedback_requests_send(),
            "unconfirmed guest registrations lapsed": event_services.unconfirmed_expire(),
            "registrations with answers deleted": event_services.answers_purge(),
        }
        for what, count in done.items():
            self.stdout.write(f"{what}: {count}")

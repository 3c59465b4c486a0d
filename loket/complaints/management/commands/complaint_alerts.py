"""Periodic: warn handlers when 75% of a complaint's time has run and escalate overdue
complaints to the head (an event in the timeline). Idempotent: run it as often as you like,
nobody is notified twice for the same deadline."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import send_due_alerts


class Command(BaseCommand):
    help = "Send due-soon warnings and overdue escalations for complaints (idempotent)."

    def handle(self, *args, **options):
        soon, overdue = send_due_alerts()
        if options["verbosity"]:
            self.stdout.write(f"complaint alerts: {soon} due soon, {overdue} overdue")

from django.core.management.base import BaseCommand

from workflow.reminders import send_due


class Command(BaseCommand):
    help = "Send the deadline reminders that are due (corrections, city review); each is sent once. Run daily."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due()} reminders sent")

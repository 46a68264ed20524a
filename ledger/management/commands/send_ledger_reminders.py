from django.core.management.base import BaseCommand

from ledger.reminders import send_due


class Command(BaseCommand):
    help = "提醒尚未报送上季度工作台账的单位（截止日前5天起，每单位每季度一次）。每日运行。"

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due()} units reminded")

"""Run daily: failed payments not corrected within the grace period are forfeited (视为放弃)."""

from django.core.management.base import BaseCommand

from finance.payments import forfeit_expired


class Command(BaseCommand):
    help = "拨付失败且逾期未更正收款账户的申报视为放弃，未拨付金额退回批次未分配预算（每日运行）"

    def handle(self, *args, **options):
        forfeited = forfeit_expired()
        for application in forfeited:
            self.stdout.write(f"forfeited {application.number}")
        self.stdout.write(self.style.SUCCESS(f"{len(forfeited)} forfeited"))

"""The jobs that run on a schedule, for every local: run it daily from cron or a loop
(`python manage.py run_scheduled`); running it twice in a day changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand

from unionhall.core.models import Affiliate
from unionhall.members.actions import apply_due_resignations


class Command(BaseCommand):
    help = "Run the daily jobs: resignations whose revocation window has opened take effect."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat,
                            help="run as of this day (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        applied = 0
        for local in Affiliate.objects.filter(kind=Affiliate.Kind.LOCAL).order_by("slug"):
            applied += apply_due_resignations(local, on=opts["date"])
        self.stdout.write(f"Resignations that took effect: {applied}.")

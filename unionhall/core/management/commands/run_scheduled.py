"""The jobs that run on a schedule, for every local: run it hourly from cron or a loop
(`python manage.py run_scheduled`); running it again changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand

from unionhall.comms.sending import resume_stalled
from unionhall.core.models import Affiliate
from unionhall.democracy.actions import run_due
from unionhall.events.reminders import send_due as send_event_reminders
from unionhall.grievances.actions import queue_reminders
from unionhall.members.actions import apply_due_resignations
from unionhall.mentoring import course_schedule, learning_schedule


class Command(BaseCommand):
    help = ("Run the scheduled jobs: resignations whose revocation window has opened take "
            "effect; voter rolls are frozen when voting opens; last-day reminders to vote; "
            "grievance deadline reminders; reminders the day before an event; bulk emails "
            "whose worker stopped are picked up again; the mentoring course's decisions on "
            "their day, its interest list when applications open, its modules when released.")

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat,
                            help="run as of this day (YYYY-MM-DD; default: today)")

    def handle(self, *args, **opts):
        applied = frozen = reminded = deadlines = events = 0
        for local in Affiliate.objects.filter(kind=Affiliate.Kind.LOCAL).order_by("slug"):
            applied += apply_due_resignations(local, on=opts["date"])
            deadlines += queue_reminders(local, opts["date"] or local.today())
            events += send_event_reminders(local, opts["date"] or local.today())
            if opts["date"] is None:  # elections run on the clock, not on a replayed day
                done = run_due(local)
                frozen, reminded = frozen + done["frozen"], reminded + done["reminded"]
        self.stdout.write(f"Resignations that took effect: {applied}.")
        self.stdout.write(f"Voter rolls frozen: {frozen}. Voting reminders sent: {reminded}.")
        self.stdout.write(f"Grievance deadline reminders queued: {deadlines}.")
        self.stdout.write(f"Event reminders queued: {events}.")
        self.stdout.write(f"Messages resumed: {resume_stalled()}.")
        # The course belongs to a national or state association, not to one local.
        self.stdout.write(f"Mentoring course emails (decisions, interest list): "
                          f"{course_schedule.send_due()}.")
        self.stdout.write(f"Course module release emails: {learning_schedule.send_due()}.")


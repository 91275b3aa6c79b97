"""Deadline reminders: three working days before each due date, one working day before, and
on the day. `queue_reminders` runs hourly (run_scheduled); each reminder is a row written in
the same transaction as its task, and the row is unique, so however often the scheduler runs
and however the worker restarts, a reminder is queued once and sent once."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q

from unionhall.core.permissions import Perm
from unionhall.grievances import calendar, queries
from unionhall.grievances.models import Grievance, Reminder

DAYS_BEFORE = (3, 1, 0)


def reminder_days(due: dt.date, closed) -> dict[int, dt.date]:
    return {n: calendar.working_days_before(due, n, closures=closed) for n in DAYS_BEFORE}


@transaction.atomic(durable=True)
def queue_reminders(local, today: dt.date) -> int:
    """Queue the reminders due `today` for the local's open cases; returns how many. When the
    scheduler missed a day, only the most pressing reminder goes out and the earlier ones are
    recorded as skipped (nobody needs "3 days left" on the last day)."""
    from unionhall.grievances.tasks import send_deadline_reminder

    cases = Grievance.objects.filter(local=local, status=Grievance.Status.OPEN)
    district = queries.district_calendar(local)
    done = {(r.grievance_id, r.position, r.days_before, r.due_on)
            for r in Reminder.objects.filter(grievance__in=cases, due_on__gte=today)}
    queued = 0
    for entry in queries.deadlines(cases, local=local):
        row = entry.pending
        if row is None or row.due.due < today:
            continue
        due, position = row.due.due, row.due.rule.position
        when = reminder_days(due, district.closed)
        reached = [n for n in DAYS_BEFORE if when[n] <= today]
        if not reached:
            continue
        latest = min(reached)
        for n in reached:
            key = (entry.case.pk, position, n, due)
            if key in done:
                continue
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        grievance=entry.case, position=position, days_before=n, due_on=due,
                        skipped=n != latest)
            except IntegrityError:  # another scheduler run got there first
                continue
            if n == latest:
                # In this transaction, not on commit: the task row and the reminder row are
                # written together or not at all.
                send_deadline_reminder.enqueue(reminder.pk)
                queued += 1
    return queued


def recipients(case: Grievance) -> list:
    """The case's stewards; a case with none (a steward who left) goes to the chair so a
    deadline is never missed for want of someone to tell."""
    from unionhall.core.permissions import access_for

    stewards = [u for u in case.stewards.filter(is_active=True).select_related("person")
                if access_for(u, case.local).can(Perm.HANDLE_GRIEVANCES)]
    if stewards:
        return stewards
    return list(queries.chairs(case.local).filter(is_active=True).select_related("person")
                .filter(~Q(email="")))

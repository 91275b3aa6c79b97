"""Reminders three working days before each deadline, one working day before, and on the
day: sent once each, whatever the scheduler and the worker do."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import make_user
from unionhall.grievances import actions
from unionhall.grievances.models import Reminder
from unionhall.grievances.tests.helpers import D, open_case, set_up_local

pytestmark = pytest.mark.django_db


def run_days(first: dt.date, last: dt.date, *, times: int = 1) -> dict:
    """Run the hourly scheduler `times` a day from `first` to `last`; the mail of each day."""
    sent = {}
    day = first
    while day <= last:
        before = len(mail.outbox)
        for _ in range(times):
            call_command("run_scheduled", f"--date={day}", stdout=io.StringIO())
        sent[day] = mail.outbox[before:]
        day += dt.timedelta(days=1)
    return sent


def subjects(sent: dict) -> dict:
    return {day: [m.subject for m in msgs] for day, msgs in sent.items() if msgs}


def test_three_reminders_across_winter_break_each_sent_once(world, today):
    set_up_local(world.local)
    case = open_case(world)  # learned Monday Dec 7: step 1 due Monday Jan 4, after the break
    sent = run_days(D(2026, 12, 1), D(2027, 1, 10), times=3)
    assert subjects(sent) == {
        D(2026, 12, 16): [f"Due in 3 working days: grievance {case.number}, Step 1: supervisor"],
        D(2026, 12, 18): [
            f"Due tomorrow (next working day): grievance {case.number}, Step 1: supervisor"],
        D(2027, 1, 4): [f"Due today: grievance {case.number}, Step 1: supervisor"],
    }
    assert all(m.to == ["steward@example.org"] for msgs in sent.values() for m in msgs)
    assert "Jan. 4, 2027" in sent[D(2027, 1, 4)][0].body
    assert "/l/lakeview/grievances/2026-001/" in sent[D(2027, 1, 4)][0].body
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 3


def test_filing_stops_the_reminders_and_the_next_step_gets_its_own(world, today):
    set_up_local(world.local)
    case = open_case(world)
    run_days(D(2026, 12, 14), D(2026, 12, 16))
    today(D(2026, 12, 17))
    actions.record_filing(case, 1, D(2026, 12, 17), by=world.users["steward"])
    actions.record_answer(case, 1, D(2026, 12, 17), "Denied.", by=world.users["steward"])
    # Step 2: 10 working days from Thursday Dec 17: Dec 18, then Jan 4 to 8, 11 to 14.
    sent = subjects(run_days(D(2026, 12, 17), D(2027, 1, 20)))
    assert sent == {
        D(2027, 1, 11): ["Due in 3 working days: grievance 2026-001, Step 2: human resources"],
        D(2027, 1, 13): ["Due tomorrow (next working day): grievance 2026-001, "
                         "Step 2: human resources"],
        D(2027, 1, 14): ["Due today: grievance 2026-001, Step 2: human resources"],
    }


def test_an_extension_gets_reminders_for_its_new_date(world, today):
    set_up_local(world.local)
    case = open_case(world)
    run_days(D(2026, 12, 14), D(2026, 12, 16))  # "3 days" for Jan 4 sent
    today(D(2026, 12, 17))
    actions.extend_deadline(case, 1, new_due=D(2027, 1, 15), agreed_on=D(2026, 12, 17),
                            agreed_with="Dana Ruiz, HR", by=world.users["steward"])
    sent = subjects(run_days(D(2026, 12, 17), D(2027, 1, 20)))
    assert sorted(sent) == [D(2027, 1, 12), D(2027, 1, 14), D(2027, 1, 15)]


def test_a_missed_day_sends_only_the_most_pressing_reminder(world, today):
    set_up_local(world.local)
    open_case(world)
    # The scheduler was down from Dec 15 to the first working day before the deadline.
    sent = subjects(run_days(D(2026, 12, 18), D(2026, 12, 18)))
    assert sent == {D(2026, 12, 18): [
        "Due tomorrow (next working day): grievance 2026-001, Step 1: supervisor"]}
    skipped = Reminder.objects.get(days_before=3)
    assert skipped.skipped and skipped.sent_at is None


def test_closed_and_overdue_cases_send_nothing(world, today):
    set_up_local(world.local)
    case = open_case(world)
    open_case(world, learned_on=D(2026, 12, 1), incident_on=D(2026, 12, 1))  # due Dec 15
    today(D(2026, 12, 11))
    actions.close_grievance(case, outcome="withdrawn", closed_on=D(2026, 12, 11), by=None)
    sent = subjects(run_days(D(2026, 12, 14), D(2027, 1, 10)))
    assert sent == {
        D(2026, 12, 14): ["Due tomorrow (next working day): grievance 2026-002, "
                          "Step 1: supervisor"],
        D(2026, 12, 15): ["Due today: grievance 2026-002, Step 1: supervisor"]}


def test_reminder_goes_in_the_stewards_language(world, today):
    set_up_local(world.local)
    world.people_a[2].language = "es"
    world.people_a[2].save()
    make_user("mayra@example.org", person=world.people_a[2],
              roles=[(world.local, "steward", [world.site_a])])
    from django.contrib.auth import get_user_model

    mayra = get_user_model().objects.get(email="mayra@example.org")
    case = open_case(world)
    actions.assign_stewards(case, [world.users["steward"], mayra], by=None)
    sent = run_days(D(2027, 1, 4), D(2027, 1, 4))[D(2027, 1, 4)]
    by_to = {m.to[0]: m.subject for m in sent}
    assert by_to["steward@example.org"].startswith("Due today")
    assert by_to["mayra@example.org"].startswith("Vence hoy")


def test_no_steward_left_means_the_chair_is_reminded(world, today):
    set_up_local(world.local)
    make_user("chair@example.org", roles=[(world.local, "grievance_chair")])
    case = open_case(world)
    world.users["steward"].role_assignments.all().delete()  # the steward left the role
    sent = run_days(D(2027, 1, 4), D(2027, 1, 4))[D(2027, 1, 4)]
    assert [m.to for m in sent] == [["chair@example.org"]]
    assert case.stewards.count() == 1


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_queued_reminders_survive_a_worker_restart(families, world, today, database_queue):
    """The scheduler writes the reminder and its task together; the worker is down for two
    days, then starts: each reminder goes out once, none is lost, none twice."""
    from django_tasks_db.models import DBTaskResult

    set_up_local(world.local)
    open_case(world)
    run_days(D(2026, 12, 16), D(2026, 12, 18), times=2)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2  # the 3-day and the 1-day reminders
    for _ in range(2):  # the worker starts, and starts again
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Due in 3 working days", "Due tomorrow (next working day)"]
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2

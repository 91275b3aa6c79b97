"""The day before an event, who answered yes or maybe gets a reminder, in their language; the
wait list hears it is still waiting; who said no or turned event emails off hears nothing. The
hourly scheduler sends each event's reminders once, however often it runs."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import PersonFactory
from unionhall.core.models import AuditEntry
from unionhall.events import reminders
from unionhall.events.models import RSVP, Event
from unionhall.members.models import EmailPreference, Topic

CHICAGO = ZoneInfo("America/Chicago")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHICAGO)


def make_event(local, starts: dt.datetime, title="Contract campaign kickoff",
               status=Event.Status.PUBLISHED, **fields) -> Event:
    values = {"place": "Union hall, 12 Elm St"}
    values.update(fields)
    return Event.objects.create(local=local, title=title, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=2), status=status,
                                **values)


def answer(event, person, value, *, waitlisted=False) -> RSVP:
    return RSVP.objects.create(event=event, person=person, answer=value, waitlisted=waitlisted,
                               answered_at=timezone.now())


@pytest.fixture
def day(world):
    """A day ten days ahead in the local's calendar: the scheduler is run "as of" it."""
    return world.local.today() + dt.timedelta(days=10)


@pytest.fixture
def answered(world, day):
    """An event the evening after `day`, with every kind of answer."""
    event = make_event(world.local, at(day + dt.timedelta(days=1), 18, 30))
    a, b = world.people_a, world.people_b
    spanish = b[0]
    spanish.language = "es"
    spanish.save()
    opted_out = PersonFactory(local=world.local, worksite=world.site_b)
    EmailPreference.objects.create(person=opted_out, topic=Topic.EVENTS, wants=False)
    # Turning another topic off changes nothing here.
    EmailPreference.objects.create(person=a[1], topic=Topic.BARGAINING, wants=False)
    answer(event, a[0], "yes")
    answer(event, a[1], "maybe")
    answer(event, a[2], "no")
    answer(event, b[1], "yes", waitlisted=True)
    answer(event, spanish, "yes")
    answer(event, opted_out, "yes")
    return event


def run(day, django_capture_on_commit_callbacks, times=1) -> list:
    before = len(mail.outbox)
    for _ in range(times):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled", f"--date={day}", stdout=out)
    return mail.outbox[before:]


def by_address(sent) -> dict:
    return {m.to[0]: m for m in sent}


def test_yes_and_maybe_get_one_reminder_however_often_the_scheduler_runs(
        world, day, answered, django_capture_on_commit_callbacks):
    a, b = world.people_a, world.people_b
    sent = run(day, django_capture_on_commit_callbacks, times=3)
    assert sorted(m.to[0] for m in sent) == sorted([
        a[0].personal_email, a[1].personal_email, b[1].personal_email, b[0].personal_email])
    assert run(day, django_capture_on_commit_callbacks) == []
    answered.refresh_from_db()
    assert answered.reminder_sent_at is not None
    entry = AuditEntry.objects.get(verb="event.reminders_sent")
    assert entry.object_id == str(answered.pk) and entry.changes["sent"] == [None, 4]


def test_what_each_answer_is_told(world, day, answered, django_capture_on_commit_callbacks):
    a, b = world.people_a, world.people_b
    mails = by_address(run(day, django_capture_on_commit_callbacks))
    yes = mails[a[0].personal_email]
    assert yes.subject == "Tomorrow: Contract campaign kickoff"
    assert f"Hello {a[0].first_name}," in yes.body
    # 6:30 in the evening in Chicago, whatever the server's time zone.
    tomorrow = day + dt.timedelta(days=1)
    assert f"tomorrow, {tomorrow:%A}, " in yes.body
    assert f" {tomorrow.day}, {tomorrow.year}, from" in yes.body
    assert "from 6:30 p.m. to 8:30 p.m." in yes.body
    assert "Where: Union hall, 12 Elm St" in yes.body
    assert "You said you would come." in yes.body
    assert f"/l/lakeview/events/{answered.pk}/" in yes.body
    assert "/l/lakeview/events/calendar/" in yes.body
    assert "wait list" not in yes.body.split("You said")[0]
    assert "You answered maybe." in mails[a[1].personal_email].body
    waiting = mails[b[1].personal_email].body
    assert "You are still on the wait list" in waiting and "You said you would" not in waiting


def test_each_in_their_language(world, day, answered, django_capture_on_commit_callbacks):
    mails = by_address(run(day, django_capture_on_commit_callbacks))
    tomorrow = day + dt.timedelta(days=1)
    weekdays_es = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    spanish = mails[world.people_b[0].personal_email].body
    assert weekdays_es[tomorrow.weekday()] in spanish
    assert f"{tomorrow:%A}" not in spanish
    assert f"{tomorrow:%A}" in mails[world.people_a[0].personal_email].body


def test_no_and_opted_out_hear_nothing(world, day, answered, django_capture_on_commit_callbacks):
    sent = by_address(run(day, django_capture_on_commit_callbacks))
    assert world.people_a[2].personal_email not in sent
    opted_out = RSVP.objects.get(event=answered, person__email_preferences__wants=False,
                                 person__email_preferences__topic=Topic.EVENTS).person
    assert opted_out.personal_email not in sent


def test_no_email_address_is_skipped_and_counted(world, day, django_capture_on_commit_callbacks):
    event = make_event(world.local, at(day + dt.timedelta(days=1), 9))
    nobody = PersonFactory(local=world.local, worksite=world.site_a, personal_email="")
    answer(event, nobody, "yes")
    # Without a personal email, the account's email is used.
    member = world.people_a[0]
    member.personal_email = ""
    member.save()
    answer(event, member, "yes")
    sent = run(day, django_capture_on_commit_callbacks)
    assert [m.to for m in sent] == [["member@example.org"]]
    entry = AuditEntry.objects.get(verb="event.reminders_sent")
    assert entry.changes == {"sent": [None, 1], "no_email": [None, 1]}


def test_only_the_day_before_in_the_locals_own_calendar(
        world, day, django_capture_on_commit_callbacks):
    tomorrow = day + dt.timedelta(days=1)
    early = make_event(world.local, at(tomorrow, 0, 30), title="Early breakfast")
    late = make_event(world.local, at(tomorrow, 23, 30), title="Night shift meeting")
    after = make_event(world.local, at(tomorrow + dt.timedelta(days=1), 0, 30),
                       title="Day after")
    for event in (early, late, after):
        answer(event, world.people_a[0], "yes")
    assert run(day - dt.timedelta(days=1), django_capture_on_commit_callbacks) == []
    sent = run(day, django_capture_on_commit_callbacks)
    assert sorted(m.subject for m in sent) == ["Tomorrow: Early breakfast",
                                               "Tomorrow: Night shift meeting"]
    sent = run(day + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert [m.subject for m in sent] == ["Tomorrow: Day after"]


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.CANCELLED])
def test_drafts_and_cancelled_events_send_nothing(
        world, day, status, django_capture_on_commit_callbacks):
    event = make_event(world.local, at(day + dt.timedelta(days=1), 18), status=status)
    answer(event, world.people_a[0], "yes")
    assert run(day, django_capture_on_commit_callbacks) == []
    event.refresh_from_db()
    assert event.reminder_sent_at is None


def test_another_locals_event_is_its_own(world, day, django_capture_on_commit_callbacks):
    event = make_event(world.other_local, at(day + dt.timedelta(days=1), 18),
                       title="Hilltop social")
    answer(event, world.outsider_person, "yes")
    sent = run(day, django_capture_on_commit_callbacks)
    assert [(m.to[0], m.subject) for m in sent] == [
        (world.outsider_person.personal_email, "Tomorrow: Hilltop social")]


def test_an_event_that_already_began_is_not_reminded(world, django_capture_on_commit_callbacks):
    """Replaying a past day with --date does not remind people of what is over."""
    past = world.local.today() - dt.timedelta(days=5)
    event = make_event(world.local, at(past + dt.timedelta(days=1), 18))
    answer(event, world.people_a[0], "yes")
    assert run(past, django_capture_on_commit_callbacks) == []


def test_a_second_run_that_lost_the_race_sends_nothing(world, day, answered,
                                                       django_capture_on_commit_callbacks):
    """Two schedulers at once: the event is claimed with a conditional update, so whoever
    comes second finds it taken."""
    Event.objects.filter(pk=answered.pk).update(reminder_sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(answered.pk) == 0
    assert not AuditEntry.objects.filter(verb="event.reminders_sent").exists()


def test_the_scheduler_reports_how_many(world, day, answered,
                                        django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduled", f"--date={day}", stdout=out)
    assert "Event reminders queued: 4." in out.getvalue()

"""A person's record of activity: the events they were checked in at and the messages the union
sent them, the latest first, with counts; a fixed number of queries whatever the numbers."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from unionhall.comms.models import Delivery, Message, Translation
from unionhall.events.models import CheckIn, Event
from unionhall.events.queries_activity import events_attended, messages_received


def make_event(local, title, days_ago):
    starts = timezone.now() - dt.timedelta(days=days_ago)
    return Event.objects.create(local=local, title=title, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=2),
                                status=Event.Status.PUBLISHED)


def make_message(local, subject, *, language="en"):
    return Message.objects.create(local=local, topic="events", subject=subject, body="Hello.",
                                  language=language, status=Message.Status.SENT)


def deliver(message, person, status=Delivery.Status.SENT, *, language="en", days_ago=1):
    sent = timezone.now() - dt.timedelta(days=days_ago) if status == "sent" else None
    return Delivery.objects.create(message=message, person=person, address="x@example.org",
                                   language=language, status=status, sent_at=sent)


def test_events_attended_latest_first_with_how(world):
    person = world.people_a[0]
    old = make_event(world.local, "Spring rally", 60)
    new = make_event(world.local, "Fall kickoff", 5)
    make_event(world.local, "Missed it", 3)
    CheckIn.objects.create(event=old, person=person, how=CheckIn.How.CODE)
    CheckIn.objects.create(event=new, person=person, how=CheckIn.How.MARKED,
                           by=world.users["steward"])
    CheckIn.objects.create(event=new, person=world.people_a[1], how=CheckIn.How.CODE)
    count, rows = events_attended(person)
    assert count == 2
    assert [(c.event.title, c.how) for c in rows] == [("Fall kickoff", "marked"),
                                                      ("Spring rally", "code")]


def test_only_the_latest_twenty_with_the_full_count(world):
    person = world.people_a[0]
    for n in range(25):
        CheckIn.objects.create(event=make_event(world.local, f"Meeting {n}", n + 1),
                               person=person, how="code")
    count, rows = events_attended(person)
    assert count == 25 and len(rows) == 20
    assert rows[0].event.title == "Meeting 0" and rows[-1].event.title == "Meeting 19"


def test_messages_received_are_the_sent_ones_in_the_language_they_went_in(world):
    person = world.people_a[0]
    wages = make_message(world.local, "Wage update")
    Translation.objects.create(message=wages, language="es", subject="Salarios: novedades",
                               body="Hola.")
    picnic = make_message(world.local, "Family picnic")
    failed = make_message(world.local, "Bounced")
    queued = make_message(world.local, "Still queued")
    deliver(wages, person, language="es", days_ago=2)
    deliver(picnic, person, days_ago=1)
    deliver(failed, person, Delivery.Status.FAILED)
    deliver(queued, person, Delivery.Status.QUEUED)
    deliver(picnic, world.people_a[1])
    count, rows = messages_received(person)
    assert count == 2
    assert [d.shown_subject for d in rows] == ["Family picnic", "Salarios: novedades"]


def test_a_fixed_number_of_queries(world):
    person = world.people_a[0]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            events_attended(person)
            messages_received(person)
        return len(ctx.captured_queries)

    few = count()
    for n in range(30):
        CheckIn.objects.create(event=make_event(world.local, f"E{n}", n + 1), person=person,
                               how="code")
        message = make_message(world.local, f"M{n}")
        Translation.objects.create(message=message, language="es", subject=f"M{n} es",
                                   body="Hola.")
        deliver(message, person, language="es" if n % 2 else "en")
    assert count() == few == 4

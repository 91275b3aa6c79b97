"""The wait list: a full event puts a new "yes" in line; a place that frees up goes to the
first in line, in order, in the same transaction, with an email; more places move the line up;
two answers at the same moment cannot both take the last place."""

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.matrix_events import make_event
from unionhall.core.models import AuditEntry
from unionhall.events import actions, links, queries
from unionhall.events.models import RSVP, Event


@pytest.fixture
def clock():
    """Answers a minute apart (the system's `now`), so the order of the line is plain."""
    start = timezone.now() - dt.timedelta(hours=6)
    ticks = iter(range(10_000))
    return lambda: start + dt.timedelta(minutes=next(ticks))


def answer(event, person, value, clock, **kwargs):
    return actions.answer_rsvp(event, person, value, by=None, now=clock(), **kwargs)


def state(event) -> dict:
    return {r.person_id: (r.answer, r.waitlisted) for r in RSVP.objects.filter(event=event)}


def line(event) -> list[int]:
    return list(RSVP.objects.filter(event=event, answer="yes", waitlisted=True)
                .order_by("answered_at", "id").values_list("person_id", flat=True))


def test_a_full_event_fills_its_wait_list_in_order(world, clock,
                                                   django_capture_on_commit_callbacks):
    a, b = world.people_a, world.people_b
    event = make_event(world, capacity=3)
    for person in a:
        assert not answer(event, person, "yes", clock).waitlisted
    waiting = [answer(event, person, "yes", clock) for person in b]
    assert all(r.waitlisted for r in waiting)
    assert [queries.place_in_line(r) for r in waiting] == [1, 2, 3]
    assert queries.counts(event).yes == 3 and queries.counts(event).waiting == 3

    # Two who had a place can no longer come: the first two in line get them, in order.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(event, a[0], "no", clock)
    assert line(event) == [b[1].pk, b[2].pk]
    with django_capture_on_commit_callbacks(execute=True):
        answer(event, a[1], "maybe", clock)
    assert line(event) == [b[2].pk]
    assert state(event)[b[0].pk] == state(event)[b[1].pk] == ("yes", False)
    assert queries.place_in_line(RSVP.objects.get(event=event, person=b[2])) == 1
    assert [m.to[0] for m in mail.outbox] == [b[0].personal_email, b[1].personal_email]
    message = mail.outbox[0]
    assert message.subject == "You have a place: Know your rights training"
    assert links.format_check_in_code(links.check_in_code(event.pk, b[0].pk)) in message.body
    promoted = AuditEntry.objects.filter(verb="rsvp.promoted").order_by("id")
    assert [e.changes["person"] for e in promoted] == [b[0].pk, b[1].pk]
    # Whoever moved up keeps the time they answered: the line's order is the answers' order.
    assert RSVP.objects.get(event=event, person=b[0]).answered_at == waiting[0].answered_at


def test_the_page_tells_the_place_in_line_and_then_the_good_news(world, as_user, clock):
    event = make_event(world, capacity=1)
    answer(event, world.people_b[1], "yes", clock)
    answer(event, world.people_b[2], "yes", clock)
    client = as_user("member")
    response = client.post(reverse("event_rsvp", args=["lakeview", event.pk]),
                           {"answer": "yes"}, follow=True)
    text = response.content.decode()
    assert "The event is full: you are number 2 on the wait list." in text
    assert "You are number 2 on the wait list." in text
    answer(event, world.people_b[1], "no", clock)
    text = client.get(reverse("event_detail", args=["lakeview", event.pk])).content.decode()
    assert "You are number 1 on the wait list." in text
    answer(event, world.people_b[2], "no", clock)
    text = client.get(reverse("event_detail", args=["lakeview", event.pk])).content.decode()
    assert "You&#x27;re going." in text or "You're going." in text
    assert "data-check-in-code" in text


def test_answering_yes_again_keeps_ones_place_or_place_in_line(world, clock):
    a = world.people_a
    event = make_event(world, capacity=1)
    first = answer(event, a[0], "yes", clock)
    answer(event, a[1], "yes", clock)
    answer(event, a[2], "yes", clock)
    again = answer(event, a[0], "yes", clock)
    assert (again.waitlisted, again.answered_at) == (False, first.answered_at)
    answer(event, a[1], "yes", clock)
    assert line(event) == [a[1].pk, a[2].pk]
    # Leaving the line and coming back is the back of the line.
    answer(event, a[1], "maybe", clock)
    answer(event, a[1], "yes", clock)
    assert line(event) == [a[2].pk, a[1].pk]


def test_a_maybe_or_a_no_takes_no_place(world, clock):
    event = make_event(world, capacity=1)
    answer(event, world.people_a[0], "maybe", clock)
    answer(event, world.people_a[1], "no", clock)
    assert not answer(event, world.people_a[2], "yes", clock).waitlisted


def test_more_places_move_the_line_up_in_order(world, clock,
                                               django_capture_on_commit_callbacks):
    a, b = world.people_a, world.people_b
    event = make_event(world, capacity=1)
    for person in [a[0], b[2], b[1], a[2], a[1]]:
        answer(event, person, "yes", clock)
    assert line(event) == [b[2].pk, b[1].pk, a[2].pk, a[1].pk]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_event(event, capacity=3, by=world.users["officer"])
    assert line(event) == [a[2].pk, a[1].pk]
    assert [m.to[0] for m in mail.outbox] == [b[2].personal_email, b[1].personal_email]
    actions.update_event(event, capacity=None, by=world.users["officer"])
    assert line(event) == [] and queries.confirmed_count(event) == 5


def test_no_one_moves_up_before_the_event_is_published(world, clock):
    """A draft takes no answers; its places change freely."""
    event = make_event(world, capacity=1, publish=False)
    actions.update_event(event, capacity=2, by=None)
    assert Event.objects.get(pk=event.pk).capacity == 2


def test_the_answer_locks_the_event_row_first(world, monkeypatch):
    """Every change of answers starts by locking the event's row (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's transactions are serialised anyway), so the count of places and the
    new answer cannot interleave with another answer's."""
    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append((self.model, kwargs.get("of")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    event = make_event(world, capacity=1)
    locked.clear()
    actions.answer_rsvp(event, world.people_a[0], "yes", by=None)
    assert locked[0] == (Event, ("self",))
    locked.clear()
    actions.update_event(event, capacity=2, by=None)
    assert locked[0] == (Event, ("self",))


@pytest.mark.django_db(transaction=True)
def test_many_answers_at_the_same_moment_fill_exactly_the_places(families, world):
    """Twelve people press "yes" at once for three places: three get them, nine wait in line,
    whatever the order the database lets them in."""
    people = PersonFactory.create_batch(12, local=world.local, worksite=world.site_a)
    event = make_event(world, capacity=3)
    barrier = threading.Barrier(len(people))
    errors = []

    def press(person):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    actions.answer_rsvp(event, person, "yes", by=None)
                    return
                except OperationalError as exc:
                    # The suite's in-memory SQLite refuses a second writer at once instead of
                    # waiting for it (PostgreSQL waits on the row lock): try again.
                    if "locked" not in str(exc) or connection.vendor != "sqlite":
                        raise
                    time.sleep(0.01)
            raise AssertionError("never got in")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    counts = queries.counts(event)
    assert (counts.yes, counts.waiting) == (3, 9)
    assert [queries.place_in_line(r) for r in RSVP.objects.filter(
        event=event, waitlisted=True).order_by("answered_at", "id")] == list(range(1, 10))

"""The person page shows the events the person attended and the messages they received, to
whoever may see that page: the person themself, a rep for their worksite, the officers."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from unionhall.comms.models import Delivery, Message
from unionhall.events.models import CheckIn, Event


def make_event(local, title, starts):
    return Event.objects.create(local=local, title=title, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=2),
                                status=Event.Status.PUBLISHED)


def received(person, subject, status=Delivery.Status.SENT):
    message = Message.objects.create(local=person.local, topic="events", subject=subject,
                                     body="Hello.", status=Message.Status.SENT)
    return Delivery.objects.create(message=message, person=person, address="x@example.org",
                                   language="en", status=status,
                                   sent_at=timezone.now() if status == "sent" else None)


@pytest.fixture
def activity(world):
    """The member (site A) went to a rally; their coworker at site A went nowhere. An evening
    event in Chicago is on the day it is there, not the next day in UTC."""
    person = world.people_a[0]
    rally = make_event(world.local, "Bus drivers' safety rally",
                       dt.datetime(2026, 3, 5, 19, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6))))
    CheckIn.objects.create(event=rally, person=person, how=CheckIn.How.CODE)
    received(person, "Contract vote this Thursday")
    received(person, "Never delivered", Delivery.Status.FAILED)
    return person


def page(client, person):
    return client.get(reverse("person_detail", args=["lakeview", person.pk]))


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


@pytest.mark.parametrize("persona", ["member", "rep", "officer", "admin", "state"])
def test_who_may_see_the_page_sees_the_activity(world, as_user, activity, persona):
    response = page(as_user(persona), activity)
    assert response.status_code == 200
    html = response.content.decode()
    events = section(html, "attended-h")
    assert "Checked in at 1 event." in events
    assert "Bus drivers&#x27; safety rally" in events
    assert "March 5, 2026" in events  # 7:30 p.m. in Chicago: 1:30 a.m. on the 6th in UTC
    assert "Their code, at the door" in events
    messages = section(html, "received-h")
    assert "1 message from the union." in messages
    assert "Contract vote this Thursday" in messages and "Never delivered" not in messages
    assert "<a " not in messages


@pytest.mark.parametrize("persona,status", [("steward", 404), ("outsider", 403)])
def test_who_may_not_see_the_page_sees_nothing(world, as_user, activity, persona, status):
    response = page(as_user(persona), activity)
    assert response.status_code == status
    assert b"safety rally" not in response.content
    assert b"Contract vote" not in response.content


def test_a_member_sees_only_their_own(world, as_user, activity):
    assert page(as_user("member"), world.people_a[2]).status_code == 404


def test_anonymous_is_sent_to_sign_in(world, as_user, activity):
    response = page(as_user(None), activity)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_nothing_yet_says_so(world, as_user):
    html = page(as_user("rep"), world.people_a[2]).content.decode()
    assert "No events attended yet." in section(html, "attended-h")
    assert "No messages received yet." in section(html, "received-h")


def test_only_ones_own_page_offers_the_calendar(world, as_user, activity):
    settings_url = reverse("event_feed_settings", args=["lakeview"])
    assert settings_url in page(as_user("member"), activity).content.decode()
    assert settings_url not in page(as_user("rep"), activity).content.decode()


def test_many_show_the_latest_twenty_and_the_count(world, as_user, activity):
    person = activity
    for n in range(24):
        event = make_event(world.local, f"Site meeting {n}",
                           timezone.now() - dt.timedelta(days=n + 1))
        CheckIn.objects.create(event=event, person=person, how=CheckIn.How.MARKED)
        received(person, f"Update {n}")
    html = page(as_user("officer"), person).content.decode()
    events = section(html, "attended-h")
    assert "Checked in at 25 events. The latest 20 are below." in events
    assert events.count("<tr>") == 21  # the head and twenty rows
    messages = section(html, "received-h")
    assert "25 messages from the union. The latest 20 are below." in messages
    assert messages.count("<tr>") == 21


def test_the_page_does_not_grow_in_queries(world, as_user, activity):
    client = as_user("officer")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert page(client, activity).status_code == 200
        return len(ctx.captured_queries)

    count()
    before = count()
    for n in range(30):
        event = make_event(world.local, f"Meeting {n}",
                           timezone.now() - dt.timedelta(days=n + 1))
        CheckIn.objects.create(event=event, person=activity, how=CheckIn.How.CODE)
        received(activity, f"Update {n}")
    assert count() == before

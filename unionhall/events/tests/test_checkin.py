"""Check-in at the door: a steward types the code on a member's phone or finds them by name; a
member checks themself in with the code shown in the room. Once is once; walk-ins are welcome
at the door; every POST is checked on the server for each role; the door page's queries do not
grow with the crowd."""

import datetime as dt
import html

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.matrix_events import make_event
from unionhall.core import attempts
from unionhall.core.models import AuditEntry
from unionhall.events import actions, links
from unionhall.events.models import CheckIn


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def page(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def code_of(event, person) -> str:
    return links.format_check_in_code(links.check_in_code(event.pk, person.pk))


def door(event) -> str:
    return reverse("event_door", args=["lakeview", event.pk])


# --- The codes --------------------------------------------------------------------------------


def test_a_check_in_code_is_short_plain_and_personal(world):
    event, other = make_event(world), make_event(world)
    codes = {links.check_in_code(event.pk, p.pk) for p in world.people_a + world.people_b}
    assert len(codes) == 6
    for code in codes:
        assert len(code) == 6 and set(code) <= set(links.CHECK_IN_ALPHABET)
        assert not set(code) & set("0O1IL25S8B")
    person = world.people_a[0]
    assert links.check_in_code(event.pk, person.pk) == links.check_in_code(event.pk, person.pk)
    assert links.check_in_code(event.pk, person.pk) != links.check_in_code(other.pk, person.pk)


def test_the_door_code_is_made_when_the_event_is_published(world):
    draft = make_event(world, publish=False)
    assert draft.door_code == ""
    published = actions.publish_event(draft, by=None)
    assert len(published.door_code) == 6 and published.door_code.isdigit()


# --- A steward at the door --------------------------------------------------------------------


def test_steward_checks_in_by_the_code_on_the_phone(world, as_user):
    event = make_event(world)
    member = world.people_a[0]
    actions.answer_rsvp(event, member, "yes", by=None)
    client = as_user("steward")
    code = code_of(event, member)
    response = client.post(door(event), {"code": f" {code.lower()} "}, follow=True)
    assert f"{member.display_name} is checked in." in messages_of(response)
    check_in = CheckIn.objects.get()
    assert (check_in.person, check_in.how, check_in.by) == (member, "code",
                                                              world.users["steward"])
    entry = AuditEntry.objects.get(verb="event.checked_in")
    assert entry.changes == {"person": member.pk, "how": "code"}
    assert f"{member.legal_last_name}, {member.first_name}" in page(response)
    # Twice: no error, no second row.
    response = client.post(door(event), {"code": code}, follow=True)
    assert f"{member.display_name} was already checked in." in messages_of(response)
    assert CheckIn.objects.count() == 1 and AuditEntry.objects.filter(
        verb="event.checked_in").count() == 1


def test_a_wrong_code_is_a_message_and_checks_no_one_in(world, as_user):
    event = make_event(world)
    actions.answer_rsvp(event, world.people_a[0], "yes", by=None)
    # A code of another event, and a code of someone who did not answer this one.
    other = make_event(world)
    for code in (code_of(other, world.people_a[0]), code_of(event, world.people_a[1])):
        response = as_user("steward").post(door(event), {"code": code}, follow=True)
        assert ("No one who answered this event has that code. Check it, or search for them by "
                "name.") in messages_of(response)
    assert not CheckIn.objects.exists()


def test_the_door_notes_who_had_not_a_place(world, as_user):
    event = make_event(world, capacity=1)
    actions.answer_rsvp(event, world.people_a[0], "yes", by=None)
    actions.answer_rsvp(event, world.people_a[1], "yes", by=None)
    response = as_user("steward").post(door(event), {"code": code_of(event, world.people_a[1])},
                                       follow=True)
    assert (f"{world.people_a[1].display_name} is checked in. Note: they were on the wait "
            "list.") in messages_of(response)


def test_steward_finds_someone_by_name_and_checks_them_in(world, as_user):
    event = make_event(world)
    person = world.people_b[2]
    client = as_user("steward")
    response = client.get(door(event), {"q": person.legal_last_name})
    text = page(response)
    assert f"Check in: {person.first_name} {person.legal_last_name}" in text
    assert "No answer" in text
    response = client.post(door(event), {"person": person.pk, "q": person.legal_last_name})
    assert response.status_code == 302
    assert response["Location"] == door(event) + f"?q={person.legal_last_name}"
    response = client.get(response["Location"])
    assert f"{person.display_name} is checked in." in messages_of(response)
    assert "✓ Checked in" in page(response)
    check_in = CheckIn.objects.get()
    assert (check_in.person, check_in.how) == (person, "marked")


def test_a_walk_in_who_was_not_invited_is_welcome_at_the_door(world, as_user):
    event = make_event(world, audience="worksites", worksites=[world.site_a])
    walk_in = world.people_b[1]
    response = as_user("rep").get(door(event), {"q": walk_in.legal_last_name})
    assert "Not invited" in page(response)
    as_user("rep").post(door(event), {"person": walk_in.pk})
    assert CheckIn.objects.get().person == walk_in


def test_the_door_refuses_someone_of_another_local(world, as_user):
    event = make_event(world)
    response = as_user("steward").post(door(event), {"person": world.outsider_person.pk})
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="not in the local"):
        actions.check_in_person(event, world.outsider_person, by=world.users["steward"])


@pytest.mark.parametrize("state,message", [
    ("draft", "not published yet"), ("cancelled", "cancelled"),
    ("early", "Check-in opens two hours before the event starts.")])
def test_check_in_only_for_a_published_event_from_two_hours_before(world, state, message):
    if state == "early":
        event = make_event(world, starts_in=dt.timedelta(days=2))
    else:
        event = make_event(world, publish=state != "draft")
        if state == "cancelled":
            event = actions.cancel_event(event, by=None)
    with pytest.raises(ValidationError, match=message):
        actions.check_in_person(event, world.people_a[0], by=world.users["steward"])


def test_a_steward_records_attendance_after_the_event(world):
    event = make_event(world, starts_in=-dt.timedelta(hours=5), publish=False)
    actions.publish_event(event, by=None, now=event.starts_at - dt.timedelta(days=2))
    check_in = actions.check_in_person(event, world.people_a[0], by=world.users["steward"])
    assert check_in.created


@pytest.mark.parametrize("persona", ["member", "state", "outsider"])
def test_only_the_door_checks_others_in(world, persona):
    event = make_event(world)
    with pytest.raises(PermissionDenied):
        actions.check_in_person(event, world.people_a[2], by=world.users[persona])
    with pytest.raises(PermissionDenied):
        actions.check_in_by_code(event, code_of(event, world.people_a[2]),
                                 by=world.users[persona])


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("member", 403), ("rep", 302), ("steward", 302), ("officer", 302),
    ("admin", 302), ("state", 403), ("outsider", 403)])
def test_who_may_post_at_the_door(world, as_user, persona, status):
    event = make_event(world)
    actions.answer_rsvp(event, world.people_a[2], "yes", by=None)
    client = as_user(None if persona == "anonymous" else persona)
    for data in ({"person": world.people_a[1].pk}, {"code": code_of(event, world.people_a[2])},
                 {}):
        response = client.post(door(event), data)
        assert response.status_code == status
    expected = 2 if status == 302 and persona != "anonymous" else 0
    assert CheckIn.objects.count() == expected


def test_an_empty_post_at_the_door_is_a_message(world, as_user):
    event = make_event(world)
    response = as_user("steward").post(door(event), {"code": "  "}, follow=True)
    assert ("Type the code on the member's phone, or search for them by name."
            in messages_of(response))


# --- A member checks themself in --------------------------------------------------------------


def self_check_in(client, event, code):
    return client.post(reverse("event_check_in", args=["lakeview", event.pk]), {"code": code},
                       follow=True)


def test_member_checks_in_with_the_code_shown_in_the_room(world, as_user):
    event = make_event(world)
    client = as_user("member")
    detail = page(client.get(reverse("event_detail", args=["lakeview", event.pk])))
    assert "Check yourself in" in detail
    response = self_check_in(client, event, links.format_door_code(event.door_code))
    assert "You're checked in. Welcome!" in messages_of(response)
    check_in = CheckIn.objects.get()
    assert (check_in.person, check_in.how, check_in.by) == (world.people_a[0], "code",
                                                              world.users["member"])
    assert "You're checked in." in page(response)
    assert "Check yourself in" not in page(response)
    response = self_check_in(client, event, event.door_code)
    assert "You were already checked in." in messages_of(response)
    assert CheckIn.objects.count() == 1


def test_a_wrong_door_code_and_then_too_many(world, as_user):
    event = make_event(world)
    client = as_user("member")
    wrong = "000000" if event.door_code != "000000" else "111111"
    for _ in range(attempts.LIMIT):
        response = self_check_in(client, event, wrong)
        assert ("That is not the code shown in the room. Check it and try again."
                in messages_of(response))
    response = self_check_in(client, event, event.door_code)
    assert any("Too many wrong codes" in m for m in messages_of(response))
    assert not CheckIn.objects.exists()


def test_self_check_in_needs_an_invitation_and_a_place(world, as_user, client):
    not_mine = make_event(world, audience="roles", roles=["officer"])
    # The member does not even see it; the action says why.
    assert self_check_in(as_user("member"), not_mine, not_mine.door_code).status_code == 404
    with pytest.raises(ValidationError, match="not invited"):
        actions.check_in_with_door_code(not_mine, not_mine.door_code, by=world.users["member"])
    full = make_event(world, capacity=1)
    actions.answer_rsvp(full, world.people_b[1], "yes", by=None)
    response = self_check_in(as_user("member"), full, full.door_code)
    assert any("limit of places and you do not have one" in m for m in messages_of(response))
    actions.answer_rsvp(full, world.people_a[0], "yes", by=None)  # on the wait list
    response = self_check_in(as_user("member"), full, full.door_code)
    assert any("limit of places" in m for m in messages_of(response))
    assert not CheckIn.objects.exists()


def test_self_check_in_is_only_around_the_event(world, as_user):
    later = make_event(world, starts_in=dt.timedelta(days=1))
    response = self_check_in(as_user("member"), later, later.door_code)
    assert "Check-in opens two hours before the event starts." in messages_of(response)
    past = make_event(world, starts_in=-dt.timedelta(hours=6), publish=False)
    past = actions.publish_event(past, by=None, now=past.starts_at - dt.timedelta(days=1))
    response = self_check_in(as_user("member"), past, past.door_code)
    assert any("Check-in for this event is closed." in m for m in messages_of(response))


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("member", 302), ("rep", 302), ("officer", 302), ("steward", 403),
    ("admin", 403), ("state", 404), ("outsider", 403)])
def test_who_may_check_themself_in(world, as_user, persona, status):
    event = make_event(world)
    client = as_user(None if persona == "anonymous" else persona)
    response = client.post(reverse("event_check_in", args=["lakeview", event.pk]),
                           {"code": event.door_code})
    assert response.status_code == status
    mine = {"member": world.people_a[0], "rep": world.people_a[1], "officer": world.people_b[0]}
    assert list(CheckIn.objects.values_list("person_id", flat=True)) == (
        [mine[persona].pk] if persona in mine else [])


def test_check_in_is_on_the_persons_record(world):
    event = make_event(world)
    actions.check_in_person(event, world.people_a[0], by=world.users["rep"])
    assert [c.event for c in world.people_a[0].check_ins.all()] == [event]


# --- The door page's queries ------------------------------------------------------------------


def test_door_page_queries_do_not_grow(world, as_user):
    event = make_event(world)
    client = as_user("steward")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(door(event), {"q": "Last"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        people = PersonFactory.create_batch(n, local=world.local, worksite=world.site_b)
        for i, person in enumerate(people):
            actions.answer_rsvp(event, person, ("yes", "maybe", "no")[i % 3], by=None)
            if i % 2:
                actions.check_in_person(event, person, by=world.users["officer"])

    grow(3)
    count()
    before = count()
    grow(20)
    assert count() == before
    text = page(client.get(door(event), {"q": "Last"}))
    assert "Checked in: 11 people" in text and "Marked by" in text

"""Answers: who may answer for whom, answering on the event's page, and the one-click link in
the invitation email (which works signed out, changes nothing until its button is pressed, and
is a clear 404 when it has been tampered with)."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.matrix_events import make_event
from unionhall.core.models import AuditEntry
from unionhall.events import actions, links
from unionhall.events.models import RSVP


def page(response) -> str:
    return html.unescape(response.content.decode())


def chosen(response) -> str | None:
    """The answer preselected on the link's page."""
    match = re.search(r'<input type="radio" name="answer" value="(\w+)"[^>]* checked',
                      response.content.decode())
    return match.group(1) if match else None


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Who may answer ---------------------------------------------------------------------------


def test_a_person_answers_for_themself(world):
    event = make_event(world)
    rsvp = actions.answer_rsvp(event, world.people_a[0], "yes", by=world.users["member"])
    assert (rsvp.answer, rsvp.waitlisted, rsvp.via) == ("yes", False, "page")
    entry = AuditEntry.objects.get(verb="rsvp.answered")
    assert entry.actor == world.users["member"]
    assert entry.changes["answer"] == [None, "yes"] and entry.changes["person"] == \
        world.people_a[0].pk


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_no_one_else_answers_for_a_person_but_who_runs_events(world, persona):
    event = make_event(world)
    with pytest.raises(PermissionDenied):
        actions.answer_rsvp(event, world.people_b[2], "yes", by=world.users[persona])


@pytest.mark.parametrize("persona", ["officer", "admin"])
def test_who_runs_events_answers_for_an_invited_person(world, persona):
    event = make_event(world)
    rsvp = actions.answer_rsvp(event, world.people_b[2], "maybe", by=world.users[persona],
                               via="office")
    assert (rsvp.answer, rsvp.via) == ("maybe", "office")


def test_only_invited_people_answer(world):
    event = make_event(world, audience="worksites", worksites=[world.site_b])
    with pytest.raises(ValidationError, match="not invited"):
        actions.answer_rsvp(event, world.people_a[0], "yes", by=world.users["member"])
    with pytest.raises(ValidationError, match="not invited"):
        actions.answer_rsvp(event, world.outsider_person, "yes", by=None)


@pytest.mark.parametrize("state,message", [
    ("draft", "not published yet"), ("cancelled", "cancelled"), ("over", "is over")])
def test_answers_only_while_the_event_is_published_and_not_over(world, state, message):
    if state == "draft":
        event = make_event(world, publish=False)
    elif state == "cancelled":
        event = actions.cancel_event(make_event(world), by=None)
    else:
        event = make_event(world, starts_in=-dt.timedelta(hours=3), publish=False)
        actions.publish_event(event, by=None, now=event.starts_at - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match=message):
        actions.answer_rsvp(event, world.people_a[0], "yes", by=None)


def test_an_answer_is_yes_no_or_maybe(world):
    with pytest.raises(ValidationError, match="yes, no or maybe"):
        actions.answer_rsvp(make_event(world), world.people_a[0], "perhaps", by=None)


def test_changing_ones_answer_keeps_one_row(world):
    event = make_event(world)
    for answer in ("maybe", "yes", "no", "no"):
        actions.answer_rsvp(event, world.people_a[0], answer, by=None)
    assert list(RSVP.objects.filter(event=event).values_list("answer", flat=True)) == ["no"]
    assert AuditEntry.objects.filter(verb="rsvp.answered").count() == 3  # "no" twice is one


# --- On the event's page ----------------------------------------------------------------------


def test_member_answers_on_the_page_and_sees_their_code(world, as_user):
    event = make_event(world)
    client = as_user("member")
    detail = reverse("event_detail", args=["lakeview", event.pk])
    response = client.post(reverse("event_rsvp", args=["lakeview", event.pk]),
                           {"answer": "yes"})
    assert response.status_code == 302 and response["Location"] == detail + "#rsvp"
    response = client.get(detail)
    text = page(response)
    assert "You're going. Your check-in code is on the event's page." in messages_of(response)
    code = links.format_check_in_code(links.check_in_code(event.pk, world.people_a[0].pk))
    assert "You're going." in text and code in text
    assert 'aria-pressed="true"' in text
    response = client.post(reverse("event_rsvp", args=["lakeview", event.pk]),
                           {"answer": "no"}, follow=True)
    assert "Thanks for letting us know: you're not going." in messages_of(response)
    assert code not in page(response)


def test_a_bad_answer_on_the_page_is_a_message(world, as_user):
    event = make_event(world)
    response = as_user("member").post(reverse("event_rsvp", args=["lakeview", event.pk]),
                                      {"answer": "sure"}, follow=True)
    assert "Choose yes, no or maybe." in messages_of(response)
    assert not RSVP.objects.exists()


def test_a_refused_answer_comes_back_as_a_message(world, as_user):
    event = make_event(world, starts_in=-dt.timedelta(hours=3), publish=False)
    actions.publish_event(event, by=None, now=event.starts_at - dt.timedelta(days=1))
    response = as_user("member").post(reverse("event_rsvp", args=["lakeview", event.pk]),
                                      {"answer": "yes"}, follow=True)
    assert response.status_code == 200
    assert "This event is over: answers are closed." in messages_of(response)


@pytest.mark.parametrize("persona,status", [
    ("anonymous", 302), ("member", 302), ("rep", 302), ("officer", 302), ("steward", 403),
    ("admin", 403), ("state", 404), ("outsider", 403)])
def test_who_may_post_an_answer_on_the_page(world, as_user, persona, status):
    event = make_event(world)
    client = as_user(None if persona == "anonymous" else persona)
    response = client.post(reverse("event_rsvp", args=["lakeview", event.pk]),
                           {"answer": "yes"})
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    mine = {"member": world.people_a[0], "rep": world.people_a[1], "officer": world.people_b[0]}
    assert set(RSVP.objects.values_list("person_id", flat=True)) == (
        {mine[persona].pk} if persona in mine else set())


def test_rsvp_is_post_only(world, as_user):
    event = make_event(world)
    assert as_user("member").get(reverse("event_rsvp", args=["lakeview", event.pk])
                                 ).status_code == 405


# --- The link in the email --------------------------------------------------------------------


def _link(event, person, answer=None):
    return links.rsvp_path(event.pk, person.pk, answer)


def test_opening_the_link_changes_nothing_pressing_the_button_does(world, client):
    event = make_event(world)
    person = world.people_a[2]
    url = _link(event, person, "yes")
    response = client.get(url)
    assert response.status_code == 200
    text = page(response)
    assert person.display_name in text and "Know your rights training" in text
    assert chosen(response) == "yes"
    assert "Nothing changes until you press the button." in text
    assert response["Referrer-Policy"] == "same-origin"
    assert not RSVP.objects.exists()
    response = client.post(_link(event, person), {"answer": "yes"})
    assert response.status_code == 302 and response["Location"] == _link(event, person)
    rsvp = RSVP.objects.get()
    assert (rsvp.person, rsvp.answer, rsvp.via) == (person, "yes", "email")
    assert AuditEntry.objects.get(verb="rsvp.answered").actor is None
    response = client.get(response["Location"])
    text = page(response)
    assert "You're going." in text
    assert links.format_check_in_code(links.check_in_code(event.pk, person.pk)) in text
    assert "Sign in to see the event's page" in text


def test_the_link_from_the_email_itself_works(world, client, django_capture_on_commit_callbacks):
    event = make_event(world, publish=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_event(event, by=None)
    message = next(m for m in mail.outbox if m.to == [world.people_b[1].personal_email])
    maybe = next(line.split(": ", 1)[1] for line in message.body.splitlines()
                 if line.startswith("Maybe: "))
    path = maybe.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
    assert chosen(client.get(path)) == "maybe"
    client.post(path.split("?")[0], {"answer": "maybe"})
    assert RSVP.objects.get(person=world.people_b[1]).answer == "maybe"


@pytest.mark.parametrize("persona", ["member", "outsider", "officer"])
def test_the_link_works_whoever_is_signed_in(world, as_user, persona):
    """It answers for the person it was sent to, not for whoever holds the browser."""
    event = make_event(world)
    client = as_user(persona)
    response = client.post(_link(event, world.people_b[2]), {"answer": "no"})
    assert response.status_code == 302
    assert RSVP.objects.get().person == world.people_b[2]


def test_a_tampered_link_is_a_clear_404(world, client):
    event = make_event(world)
    token = links.rsvp_token(event.pk, world.people_a[2].pk)
    value, signature = token.split(":")
    other = f"{event.pk}.{world.people_a[1].pk}:{signature}"
    for bad in (other, token[:-2], "garbage", f"{value}:"):
        url = reverse("event_rsvp_link", kwargs={"token": bad})
        for response in (client.get(url), client.post(url, {"answer": "yes"})):
            assert response.status_code == 404
            assert "This link does not work" in page(response)
    assert not RSVP.objects.exists()


def test_a_link_to_a_deleted_event_or_another_locals_person_is_a_404(world, client):
    event = make_event(world)
    assert client.get(links.rsvp_path(event.pk + 1000, world.people_a[0].pk)).status_code == 404
    assert client.get(links.rsvp_path(event.pk, world.outsider_person.pk)).status_code == 404


def test_the_link_of_a_cancelled_or_past_event_says_so(world, client):
    event = make_event(world)
    actions.cancel_event(event, by=None)
    response = client.get(_link(event, world.people_a[0], "yes"))
    assert "This event was cancelled." in page(response)
    response = client.post(_link(event, world.people_a[0]), {"answer": "yes"})
    assert response.status_code == 400 and "This event was cancelled." in page(response)
    assert not RSVP.objects.exists()


def test_the_link_of_someone_no_longer_invited_says_so(world, client):
    event = make_event(world, audience="worksites", worksites=[world.site_a])
    person = world.people_a[2]
    person.worksite = world.site_b
    person.save()
    assert "You are no longer invited" in page(client.get(_link(event, person, "yes")))
    response = client.post(_link(event, person), {"answer": "yes"})
    assert response.status_code == 400 and not RSVP.objects.exists()


def test_the_link_page_shows_the_place_in_line(world):
    event = make_event(world, capacity=1)
    actions.answer_rsvp(event, world.people_a[0], "yes", by=None)
    client = Client()
    client.post(_link(event, world.people_a[1]), {"answer": "yes"})
    response = client.get(_link(event, world.people_a[1]))
    assert "You are number 1 on the wait list." in page(response)
    assert any("you are number 1 on the wait list" in m for m in messages_of(response))


def test_the_link_page_shows_times_in_the_locals_zone(world, client):
    starts = dt.datetime(2031, 3, 6, 23, 30, tzinfo=dt.UTC)
    event = make_event(world, starts_in=starts - timezone.now())
    assert "5:30 p.m.–7:30 p.m. CST" in page(client.get(_link(event, world.people_a[0])))


def test_a_person_of_another_local_with_the_same_ids_cannot_be_guessed(world):
    """A token is bound to its (event, person): the same person id on another event fails."""
    first, second = make_event(world), make_event(world)
    person = PersonFactory(local=world.local, worksite=world.site_a)
    token = links.rsvp_token(first.pk, person.pk)
    value, signature = token.split(":")
    assert links.read_rsvp_token(f"{second.pk}.{person.pk}:{signature}") is None
    assert links.read_rsvp_token(token) == (first.pk, person.pk)

"""Events: creating and changing them, who is invited, publishing with the invitation email,
cancelling, and the list and event pages for each kind of viewer."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, WorksiteFactory, job_class, make_user
from tests.matrix_events import make_event
from unionhall.core.models import AuditEntry, JobFamily
from unionhall.events import actions, links, queries
from unionhall.events.models import RSVP, Event
from unionhall.members.models import EmailPreference, Person, Topic

SOON = dt.timedelta(days=3)


def page(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def values(**extra):
    starts = timezone.now() + SOON
    return {"title": "Paraeducator training", "place": "Union hall", "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2), **extra}


# --- Creating and changing --------------------------------------------------------------------


def test_officer_creates_a_draft_and_the_audit_log_says_so(world):
    event = actions.create_event(world.local, by=world.users["officer"], **values(
        description="Bring your **badge**.", capacity=25))
    assert (event.status, event.capacity, event.door_code) == ("draft", 25, "")
    entry = AuditEntry.objects.get(verb="event.created")
    assert entry.actor == world.users["officer"] and entry.object_id == str(event.pk)


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_who_runs_events_creates_them(world, persona):
    with pytest.raises(PermissionDenied):
        actions.create_event(world.local, by=world.users[persona], **values())


@pytest.mark.parametrize("change,field,message", [
    ({"title": "  "}, "title", "Give the event a title."),
    ({"ends_at": timezone.now()}, "ends_at", "The event must end after it starts."),
    ({"place": "", "video_url": ""}, "place", "Say where the event is"),
    ({"video_url": "javascript:alert(1)"}, "video_url", "A video link starts with https://."),
    ({"capacity": 0}, "capacity", "Places: a whole number"),
    ({"audience": "worksites"}, "worksites", "Choose at least one worksite."),
    ({"audience": "job_families"}, "job_families", "Choose at least one job family."),
    ({"audience": "roles"}, "roles", "Choose at least one role."),
    ({"audience": "roles", "roles": ["state_staff"]}, "roles", "Choose from the list."),
])
def test_a_mistake_is_refused_with_a_clear_message(world, change, field, message):
    with pytest.raises(ValidationError) as caught:
        actions.create_event(world.local, by=None, **values(**change))
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


def test_a_worksite_of_another_local_is_refused(world):
    foreign = WorksiteFactory(local=world.other_local)
    with pytest.raises(ValidationError):
        actions.create_event(world.local, by=None, **values(audience="worksites",
                                                             worksites=[foreign]))


def test_update_keeps_capacity_above_who_already_has_a_place(world):
    event = make_event(world, capacity=3)
    for person in world.people_a:
        actions.answer_rsvp(event, person, "yes", by=None)
    with pytest.raises(ValidationError, match="3 people already have a place"):
        actions.update_event(event, capacity=2, by=world.users["officer"])
    event = actions.update_event(event, capacity=4, title="Rights training",
                                 by=world.users["officer"])
    entry = AuditEntry.objects.filter(verb="event.updated").latest("id")
    assert entry.changes["capacity"] == [3, 4]
    assert entry.changes["title"] == ["Know your rights training", "Rights training"]


def test_a_cancelled_event_cannot_be_changed_or_published(world):
    event = actions.cancel_event(make_event(world), by=None)
    with pytest.raises(ValidationError, match="cancelled"):
        actions.update_event(event, title="Again", by=None)
    with pytest.raises(ValidationError, match="cancelled"):
        actions.publish_event(event, by=None)


# --- Who is invited ---------------------------------------------------------------------------


@pytest.fixture
def mixed(world):
    """Beside the world: a non-member at site A, a food-service worker at site B, and a
    retiree outside the unit who holds the steward role."""
    non_member = PersonFactory(local=world.local, worksite=world.site_a, status="non_member",
                               job_class=world.people_a[0].job_class)
    cook = PersonFactory(local=world.local, worksite=world.site_b,
                         job_class=job_class(world.local, "Cook I", "food"))
    retiree = PersonFactory(local=world.local, worksite=None, in_unit=False)
    make_user("retiree@example.org", person=retiree,
              roles=[(world.local, "steward", [world.site_a])])
    return {"non_member": non_member, "cook": cook, "retiree": retiree}


def _audiences(world):
    paras = JobFamily.objects.get(code="paraeducators")
    return {
        "everyone": {},
        "members": {"audience": "members"},
        "worksites": {"audience": "worksites", "worksites": [world.site_a]},
        "job_families": {"audience": "job_families", "job_families": [paras]},
        "roles": {"audience": "roles", "roles": ["steward", "officer"]},
    }


def test_who_each_audience_invites(world, mixed):
    events = {name: make_event(world, **extra) for name, extra in _audiences(world).items()}
    a, b = world.people_a, world.people_b
    invited = {name: set(queries.invited(e)) for name, e in events.items()}
    unit = set(a) | set(b) | {mixed["non_member"], mixed["cook"]}
    assert invited["everyone"] == unit
    assert invited["members"] == unit - {mixed["non_member"]}
    assert invited["worksites"] == set(a) | {mixed["non_member"]}
    assert invited["job_families"] == set(a) | set(b) | {mixed["non_member"]}
    # The officer's person and the retired steward (outside the unit, holding the role).
    assert invited["roles"] == {b[0], mixed["retiree"]}


def test_the_list_rule_agrees_with_the_audience_query(world, mixed):
    """`queries.invites` (in Python, for the list page) says the same as `queries.invited`
    (comms.audience.people) for every person and every kind of audience."""
    events = [make_event(world, **extra) for extra in _audiences(world).values()]
    everyone = list(Person.objects.filter(local=world.local))
    for event in events:
        event = Event.objects.prefetch_related("worksites", "job_families").get(pk=event.pk)
        expected = set(queries.invited(event).values_list("pk", flat=True))
        for person in everyone:
            who = queries.invitee(world.local, person.pk)
            assert queries.invites(event, who) == (person.pk in expected), (event.audience,
                                                                            person)
            assert queries.is_invited(event, person) == (person.pk in expected)


def test_is_invited_is_one_query(world):
    event = make_event(world)
    with CaptureQueriesContext(connection) as ctx:
        assert queries.is_invited(event, world.people_a[0])
    assert len(ctx.captured_queries) == 1


# --- Publishing: the invitation ---------------------------------------------------------------


def test_publishing_emails_each_invited_person_once_with_three_links(
        world, django_capture_on_commit_callbacks):
    event = make_event(world, publish=False, capacity=10)
    EmailPreference.objects.create(person=world.people_a[1], topic=Topic.EVENTS, wants=False)
    EmailPreference.objects.create(person=world.people_a[2], topic=Topic.BARGAINING, wants=False)
    no_email = PersonFactory(local=world.local, worksite=world.site_a, personal_email="")
    account_only = PersonFactory(local=world.local, worksite=world.site_b, personal_email="")
    make_user("account.only@example.org", person=account_only, mfa=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = actions.publish_event(event, by=world.users["officer"])
    assert event.status == "published" and re.fullmatch(r"\d{6}", event.door_code)
    to = sorted(m.to[0] for m in mail.outbox)
    expected = sorted([p.personal_email for p in world.people_a + world.people_b
                       if p != world.people_a[1]] + ["account.only@example.org"])
    assert to == expected and event.invitations == len(expected)
    assert no_email.pk not in [m.to for m in mail.outbox]
    message = next(m for m in mail.outbox if m.to == [world.people_a[0].personal_email])
    assert message.subject == "You're invited: Know your rights training"
    assert f"Hi {world.people_a[0].first_name}," in message.body
    for answer in ("yes", "no", "maybe"):
        url = links.rsvp_url(event.pk, world.people_a[0].pk, answer)
        assert url in message.body
        assert html.escape(url) in message.alternatives[0][0]
    assert reverse("event_detail", args=["lakeview", event.pk]) in message.body
    entry = AuditEntry.objects.get(verb="event.published")
    assert entry.changes["invitations"] == [None, len(expected)]


def test_the_invitation_is_in_the_persons_language(world, django_capture_on_commit_callbacks):
    spanish = world.people_b[1]
    spanish.language = "es"
    spanish.save()
    starts = dt.datetime(2031, 3, 6, 23, 30, tzinfo=dt.UTC)  # a Thursday, 5:30 pm in Chicago
    event = make_event(world, publish=False, starts_in=starts - timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_event(event, by=None)
    english = next(m for m in mail.outbox if m.to == [world.people_a[0].personal_email])
    in_spanish = next(m for m in mail.outbox if m.to == [spanish.personal_email])
    assert "Thu, March 6, 2031, 5:30 p.m." in english.body
    assert 'lang="es"' in in_spanish.alternatives[0][0]
    assert "marzo" in in_spanish.body and "marzo" not in english.body
    # Each email has its own person's links, even when the text was rendered once.
    assert links.rsvp_token(event.pk, spanish.pk) in in_spanish.body
    assert links.rsvp_token(event.pk, world.people_a[0].pk) not in in_spanish.body
    # And its own one-click unsubscribe, in the body and in the header mail clients use.
    stop = in_spanish.extra_headers["List-Unsubscribe"].strip("<>")
    assert stop in in_spanish.body and stop not in english.body
    assert in_spanish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_query_finds_the_recipients_whatever_their_number(world):
    event = make_event(world, publish=False)

    def recipients():
        with CaptureQueriesContext(connection) as ctx:
            found = list(actions.invitation_recipients(event))
        return len(found), len(ctx.captured_queries)

    few = recipients()
    PersonFactory.create_batch(25, local=world.local, worksite=world.site_b)
    many = recipients()
    assert many[0] == few[0] + 25 and many[1] == few[1] == 1


def test_publishing_is_for_who_runs_events_and_only_once(world):
    event = make_event(world, publish=False)
    for persona in ("member", "steward", "rep"):
        with pytest.raises(PermissionDenied):
            actions.publish_event(event, by=world.users[persona])
    actions.publish_event(event, by=world.users["admin"])
    with pytest.raises(ValidationError, match="already published"):
        actions.publish_event(event, by=world.users["admin"])


def test_cancelling_tells_who_said_yes_or_maybe_and_keeps_the_answers(
        world, django_capture_on_commit_callbacks):
    event = make_event(world, capacity=1)
    a, b = world.people_a, world.people_b
    actions.answer_rsvp(event, a[0], "yes", by=None)
    actions.answer_rsvp(event, a[1], "yes", by=None)  # waiting
    actions.answer_rsvp(event, a[2], "maybe", by=None)
    actions.answer_rsvp(event, b[1], "no", by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = actions.cancel_event(event, by=world.users["officer"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.personal_email for p in a)
    assert all(m.subject == "Cancelled: Know your rights training" for m in mail.outbox)
    assert RSVP.objects.filter(event=event).count() == 4 and event.told == 3
    with pytest.raises(ValidationError, match="cancelled"):
        actions.answer_rsvp(event, b[2], "yes", by=None)


# --- The pages --------------------------------------------------------------------------------


def test_member_lists_the_events_they_are_invited_to_with_their_answer(world, as_user):
    mine = make_event(world, title="Site A visit", audience="worksites",
                      worksites=[world.site_a])
    other = make_event(world, title="Site B visit", audience="worksites",
                       worksites=[world.site_b])
    draft = make_event(world, title="Secret draft", publish=False)
    past = make_event(world, title="Last month's rally", starts_in=-dt.timedelta(days=30),
                      publish=False)
    actions.publish_event(past, by=None, now=past.starts_at - dt.timedelta(days=7))
    actions.answer_rsvp(mine, world.people_a[0], "yes", by=None)
    response = as_user("member").get(reverse("event_list", args=["lakeview"]))
    text = page(response)
    assert "Site A visit" in text and "You're going" in text
    assert "Site B visit" not in text and "Secret draft" not in text
    assert text.index("Past events") < text.index("Last month's rally")
    response = as_user("officer").get(reverse("event_list", args=["lakeview"]))
    text = page(response)
    assert all(t in text for t in ("Site A visit", "Site B visit", "Secret draft",
                                   "Draft: not published", "1 going · 0 on the wait list"))
    assert other.pk and draft.pk


def test_an_event_one_is_not_invited_to_does_not_exist_for_them(world, as_user):
    event = make_event(world, audience="worksites", worksites=[world.site_b])
    url = reverse("event_detail", args=["lakeview", event.pk])
    assert as_user("member").get(url).status_code == 404  # site A
    assert as_user("officer").get(url).status_code == 200  # runs events
    assert as_user("steward").get(url).status_code == 200  # at the door
    assert as_user("state").get(url).status_code == 404


def test_a_draft_is_only_for_who_runs_events(world, as_user):
    event = make_event(world, publish=False)
    url = reverse("event_detail", args=["lakeview", event.pk])
    assert as_user("member").get(url).status_code == 404
    assert as_user("steward").get(url).status_code == 404
    assert as_user("admin").get(url).status_code == 200


def test_an_invited_non_member_sees_and_answers_the_event(world, client):
    worker = PersonFactory(local=world.local, worksite=world.site_a, status="non_member")
    client.force_login(make_user("worker@example.org", person=worker, mfa=False))
    event = make_event(world)
    url = reverse("event_detail", args=["lakeview", event.pk])
    assert client.get(url).status_code == 200
    response = client.post(reverse("event_rsvp", args=["lakeview", event.pk]),
                           {"answer": "yes"}, follow=True)
    assert "You're going." in page(response)
    members_only = make_event(world, audience="members")
    assert client.get(reverse("event_detail", args=["lakeview", members_only.pk])
                      ).status_code == 404


def test_event_page_shows_local_time_safe_markdown_and_the_viewers_status(world, as_user):
    starts = dt.datetime(2031, 3, 6, 23, 30, tzinfo=dt.UTC)
    event = make_event(world, starts_in=starts - timezone.now(), capacity=30,
                       video_url="https://video.example.org/rally",
                       description="Bring **your badge**.\n\n<script>alert(1)</script>\n\n"
                                   "[Map](https://maps.example.org/hall)")
    actions.answer_rsvp(event, world.people_a[1], "maybe", by=None)
    response = as_user("member").get(reverse("event_detail", args=["lakeview", event.pk]))
    raw = response.content.decode()
    text = page(response)
    assert "Thu, March 6, 2031, 5:30 p.m.–7:30 p.m. CST" in text
    assert "<strong>your badge</strong>" in raw and "<script>alert" not in raw
    assert 'href="https://maps.example.org/hall"' in raw
    assert 'href="https://video.example.org/rally"' in raw
    assert "You haven't answered yet." in text and "30 places" in text
    assert world.people_a[1].legal_last_name not in text  # no one's name for a member
    officer = page(as_user("officer").get(reverse("event_detail", args=["lakeview", event.pk])))
    assert f"{world.people_a[1].legal_last_name}, {world.people_a[1].first_name}" in officer


def test_officer_creates_edits_publishes_and_cancels_through_the_pages(world, as_user,
                                                                       django_capture_on_commit_callbacks):
    client = as_user("officer")
    paras = JobFamily.objects.get(code="paraeducators")
    response = client.post(reverse("event_new", args=["lakeview"]), {
        "title": "Para training", "starts_at": "2031-03-06T17:30", "ends_at": "2031-03-06T17:00",
        "place": "", "audience": "job_families"})
    assert response.status_code == 400
    text = page(response)
    assert "The event must end after it starts." in text
    assert "Choose at least one job family." in text and "Say where the event is" in text
    response = client.post(reverse("event_new", args=["lakeview"]), {
        "title": "Para training", "starts_at": "2031-03-06T17:30", "ends_at": "2031-03-06T19:00",
        "place": "Birch MS library", "audience": "job_families", "job_families": [paras.pk],
        "capacity": "25", "description": "Learn the new **IEP** rules."})
    event = Event.objects.get(title="Para training")
    assert response.status_code == 302 and response["Location"].endswith(f"/events/{event.pk}/")
    # Entered in Chicago time.
    assert event.starts_at == dt.datetime(2031, 3, 6, 23, 30, tzinfo=dt.UTC)
    assert list(event.job_families.all()) == [paras] and event.capacity == 25
    edit = reverse("event_edit", args=["lakeview", event.pk])
    assert 'value="2031-03-06T17:30"' in client.get(edit).content.decode()
    response = client.post(edit, {
        "title": "Para training", "starts_at": "2031-03-06T17:30", "ends_at": "2031-03-06T19:30",
        "place": "Birch MS library", "audience": "job_families", "job_families": [paras.pk],
        "capacity": "30"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 30
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("event_publish", args=["lakeview", event.pk]),
                               follow=True)
    assert "Published. Invitations are on their way to 6 people." in messages_of(response)
    response = client.post(reverse("event_cancel", args=["lakeview", event.pk]), follow=True)
    assert any("The event is cancelled." in m for m in messages_of(response))
    response = client.post(reverse("event_cancel", args=["lakeview", event.pk]), follow=True)
    assert "This event is already cancelled." in messages_of(response)


def _grow(world, n: int) -> None:
    site = WorksiteFactory(local=world.local, name=f"Extra {n}")
    people = PersonFactory.create_batch(n, local=world.local, worksite=site)
    for i in range(n):
        event = make_event(world, title=f"Event {n}-{i}", capacity=2,
                           audience="worksites" if i % 2 else "everyone",
                           worksites=[world.site_a, site] if i % 2 else [])
        for person in people[:3] + [world.people_a[0]]:
            actions.answer_rsvp(event, person, "yes", by=None)
        past = make_event(world, title=f"Past {n}-{i}", starts_in=-dt.timedelta(days=9 + i),
                          publish=False)
        actions.publish_event(past, by=None, invite=False,
                              now=past.starts_at - dt.timedelta(days=3))
        actions.answer_rsvp(past, world.people_a[0], "yes", by=None,
                            now=past.starts_at - dt.timedelta(days=1))
        actions.check_in_person(past, world.people_a[0], by=None, now=past.starts_at)


@pytest.mark.parametrize("persona", ["member", "steward", "officer"])
def test_event_list_queries_do_not_grow(world, as_user, persona):
    client = as_user(persona)
    url = reverse("event_list", args=["lakeview"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _grow(world, 2)
    count()
    before = count()
    _grow(world, 6)
    assert count() == before


def test_each_invitation_carries_its_own_stop_link_when_comms_has_one(
        world, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(actions, "stop_url", lambda pk: f"https://union.example.org/stop/{pk}/")
    event = make_event(world, publish=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_event(event, by=None)
    for person in world.people_a + world.people_b:
        message = next(m for m in mail.outbox if m.to == [person.personal_email])
        stop = f"https://union.example.org/stop/{person.pk}/"
        assert f"No more emails about events: {stop}" in message.body
        assert f'href="{stop}"' in message.alternatives[0][0]


# --- Demo -------------------------------------------------------------------------------------


def test_demo_events(world):
    import random

    from unionhall.events.demo import seed_events

    paras = world.people_a[0].job_class
    PersonFactory.create_batch(40, local=world.local, worksite=world.site_b, job_class=paras)
    events = seed_events(world.local, random.Random(7))
    assert len(events) == 6 and all(e.status == "published" for e in events)
    now = timezone.now()
    past = [e for e in events if e.ends_at < now]
    upcoming = [e for e in events if e.starts_at > now]
    assert len(past) == 2 and all(e.check_ins.exists() for e in past)
    assert all(e.starts_at < now + dt.timedelta(days=21) for e in upcoming)
    assert {e.audience for e in events} == {"everyone", "members", "roles", "worksites",
                                            "job_families"}
    training = next(e for e in events if e.capacity)
    counts = queries.counts(training)
    assert counts.yes == 25 and counts.waiting >= 4
    waiting = list(RSVP.objects.filter(event=training, waitlisted=True)
                   .order_by("answered_at", "id"))
    assert [queries.place_in_line(r) for r in waiting] == list(range(1, len(waiting) + 1))
    for event in events:
        invited = queries.invited(event).count()
        answered = event.rsvps.count()
        assert answered <= invited
        assert event.published_at < event.starts_at
        assert all(r.answered_at <= max(now, event.starts_at) for r in event.rsvps.all())
    assert not mail.outbox  # a demo emails no one


def test_who_answered_is_for_officers_signed_in_with_two_factor(world, client):
    event = make_event(world)
    actions.answer_rsvp(event, world.people_a[1], "yes", by=None)
    client.force_login(make_user("new.officer@example.org", mfa=False,
                                 roles=[(world.local, "officer")]))
    text = page(client.get(reverse("event_detail", args=["lakeview", event.pk])))
    assert "Set up two-factor sign-in to see who answered." in text
    assert world.people_a[1].legal_last_name not in text


RUNS = {"officer", "admin"}


@pytest.mark.parametrize("persona", ["anonymous", "member", "rep", "steward", "officer", "admin",
                                     "state", "outsider"])
def test_every_post_that_runs_events_is_checked_on_the_server(world, as_user, persona):
    """Creating, changing, publishing and cancelling: officers and the admin only; the others
    are refused (anonymous: sent to sign in) and nothing changes."""
    client = as_user(None if persona == "anonymous" else persona)
    form = {"title": "Bus drivers' meeting", "starts_at": "2031-03-06T17:30",
            "ends_at": "2031-03-06T19:00", "place": "Bus yard", "audience": "everyone"}
    draft = make_event(world, publish=False)
    published = make_event(world)
    runs = persona in RUNS
    refused = 302 if persona == "anonymous" else 403
    responses = [
        client.post(reverse("event_new", args=["lakeview"]), form),
        client.post(reverse("event_edit", args=["lakeview", draft.pk]), form),
        client.post(reverse("event_publish", args=["lakeview", draft.pk])),
        client.post(reverse("event_cancel", args=["lakeview", published.pk])),
    ]
    assert [r.status_code for r in responses] == [302 if runs else refused] * 4
    draft.refresh_from_db()
    published.refresh_from_db()
    assert Event.objects.filter(title="Bus drivers' meeting").count() == (2 if runs else 0)
    assert draft.status == ("published" if runs else "draft")
    assert published.status == ("cancelled" if runs else "published")

"""A person's private calendar feed and each event's .ics file: the address is a secret shown
once and stored only as a hash; the feed holds exactly the events the person is invited to
(cancelled ones marked), in a form calendar apps read; the .ics is for who may see the event."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import PersonFactory, job_class, make_user
from unionhall.core.audit import record
from unionhall.core.models import AuditEntry, JobFamily
from unionhall.events import feeds, queries, queries_activity
from unionhall.events.models import Event, PersonalFeed

NOW = timezone.now()


def make_event(local, title="Chapter meeting", *, days=7, status=Event.Status.PUBLISHED,
               audience=Event.Audience.EVERYONE, worksites=(), families=(), roles=(),
               **fields) -> Event:
    """An event written directly (its actions belong to the events core and are tested there)."""
    starts = (NOW + dt.timedelta(days=days)).replace(microsecond=0)
    values = {"place": "Union hall, 12 Elm St", "description": "Bring a **coworker**."}
    values.update(fields)
    event = Event.objects.create(local=local, title=title, starts_at=starts,
                                 ends_at=starts + dt.timedelta(hours=2), status=status,
                                 audience=audience, roles=list(roles), **values)
    event.worksites.set(worksites)
    event.job_families.set(families)
    return event


def feed_path(token: str) -> str:
    return reverse("event_feed_ics", args=[token])


def read_feed(token: str, client=None):
    response = (client or Client()).get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return {str(c["summary"]): c for c in cal.walk("VEVENT")}


# --- the address: hashed, shown once, replaced, revoked ----------------------------------------


def test_the_token_is_kept_only_as_its_hash(world):
    person = world.people_a[0]
    token = feeds.create_feed(person, by=world.users["member"])
    feed = PersonalFeed.objects.get(person=person)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash and len(token) >= 40
    entry = AuditEntry.objects.get(verb="event_feed.created")
    assert entry.actor == world.users["member"] and entry.affiliate == world.local
    assert token not in str(entry.changes)


def test_a_new_address_replaces_the_old_one(world):
    person = world.people_a[0]
    old = feeds.create_feed(person, by=world.users["member"])
    new = feeds.create_feed(person, by=world.users["member"])
    assert old != new
    assert PersonalFeed.objects.filter(person=person).count() == 1
    assert Client().get(feed_path(old)).status_code == 404
    assert Client().get(feed_path(new)).status_code == 200


def test_revoking_stops_the_address(world):
    person = world.people_a[0]
    token = feeds.create_feed(person, by=world.users["member"])
    assert feeds.revoke_feed(person, by=world.users["member"]) is True
    assert Client().get(feed_path(token)).status_code == 404
    assert AuditEntry.objects.filter(verb="event_feed.revoked").count() == 1
    assert feeds.revoke_feed(person, by=world.users["member"]) is False
    assert AuditEntry.objects.filter(verb="event_feed.revoked").count() == 1


@pytest.mark.parametrize("persona", ["rep", "officer", "admin", "outsider"])
def test_only_the_person_themself_makes_or_revokes_it(world, persona):
    person = world.people_a[0]
    with pytest.raises(PermissionDenied):
        feeds.create_feed(person, by=world.users[persona])
    token = feeds.create_feed(person, by=None)  # the system may
    with pytest.raises(PermissionDenied):
        feeds.revoke_feed(person, by=world.users[persona])
    assert Client().get(feed_path(token)).status_code == 200


@pytest.mark.parametrize("token", ["nope", "x" * 43, "", "a" * 500])
def test_an_unknown_token_is_a_404_for_everyone(world, token):
    feeds.create_feed(world.people_a[0], by=None)
    url = f"/events/ical/{token}.ics"
    assert Client().get(url).status_code == 404
    member = Client()
    member.force_login(world.users["member"])
    assert member.get(url).status_code == 404


def test_a_deactivated_account_loses_the_feed(world):
    token = feeds.create_feed(world.people_a[0], by=world.users["member"])
    user = world.users["member"]
    user.is_active = False
    user.save()
    assert Client().get(feed_path(token)).status_code == 404


# --- the settings page ---------------------------------------------------------------------------


def test_the_page_shows_the_address_once_then_revokes_it(world, as_user):
    client = as_user("member")
    page = reverse("event_feed_settings", args=["lakeview"])
    html = client.get(page).content.decode()
    assert "You have no private address yet." in html and "Revoke" not in html

    response = client.post(page, {"action": "create"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    url = response.context["url"]
    assert url.startswith("http://testserver/events/ical/") and url.endswith(".ics")
    assert url in html and "shown only once" in html
    assert 'href="webcal://testserver/events/ical/' in html
    assert '<label for="feed-url">' in html
    token = url.rsplit("/", 1)[1][: -len(".ics")]
    assert feeds.feed_for_token(token).person == world.people_a[0]

    html = client.get(page).content.decode()
    assert token not in html and "You have a private address" in html

    response = client.post(page, {"action": "revoke"}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "revoked" in response.content.decode()
    assert not PersonalFeed.objects.exists()
    assert Client().get(feed_path(token)).status_code == 404


def test_an_empty_post_changes_nothing(world, as_user):
    client = as_user("member")
    page = reverse("event_feed_settings", args=["lakeview"])
    response = client.post(page)
    assert response.status_code == 302 and response["Location"] == page
    assert not PersonalFeed.objects.exists()


@pytest.mark.parametrize("persona,status", [
    ("member", 200), ("rep", 200), ("officer", 200),
    ("steward", 403), ("admin", 403), ("state", 403), ("outsider", 403)])
def test_the_page_is_for_who_has_a_person_in_the_local(world, as_user, persona, status):
    page = reverse("event_feed_settings", args=["lakeview"])
    assert as_user(persona).get(page).status_code == status
    assert as_user(persona).post(page, {"action": "create"}).status_code == status
    assert PersonalFeed.objects.count() == (1 if status == 200 else 0)


def test_anonymous_is_sent_to_sign_in(world, as_user):
    response = as_user(None).get(reverse("event_feed_settings", args=["lakeview"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- what the feed holds --------------------------------------------------------------------------


@pytest.fixture
def calendar_world(world):
    """Events of every audience, status and date; the member works at site A as a
    paraeducator."""
    local, other = world.local, world.other_local
    custodians = JobFamily.objects.get(code="custodial")
    paras = world.people_a[0].job_class.family
    make_event(local, "Everyone: chapter meeting", days=3)
    make_event(local, "Members: budget vote", days=4, audience=Event.Audience.MEMBERS)
    make_event(local, "Alder site meeting", days=5, audience=Event.Audience.WORKSITES,
               worksites=[world.site_a])
    make_event(local, "Birch site meeting", days=5, audience=Event.Audience.WORKSITES,
               worksites=[world.site_b])
    make_event(local, "Para caucus", days=6, audience=Event.Audience.JOB_FAMILIES,
               families=[paras])
    make_event(local, "Custodians caucus", days=6, audience=Event.Audience.JOB_FAMILIES,
               families=[custodians])
    make_event(local, "Officers retreat", days=8, audience=Event.Audience.ROLES,
               roles=["officer"])
    make_event(local, "Draft picnic", days=9, status=Event.Status.DRAFT)
    make_event(local, "Rained-out picnic", days=10, status=Event.Status.CANCELLED)
    make_event(local, "Last month's meeting", days=-20)
    make_event(local, "Too long ago", days=-40)
    make_event(local, "Next year's convention", days=400)
    make_event(other, "Hilltop meeting", days=3)
    return world


def test_the_feed_holds_only_the_events_the_person_is_invited_to(calendar_world):
    world = calendar_world
    token = feeds.create_feed(world.people_a[0], by=None)
    events = read_feed(token)
    assert set(events) == {
        "Everyone: chapter meeting", "Members: budget vote", "Alder site meeting",
        "Para caucus", "Cancelled: Rained-out picnic", "Last month's meeting"}


def test_each_person_gets_their_own_events(calendar_world):
    world = calendar_world
    officer = world.users["officer"].person  # at site B, holds the officer role
    events = read_feed(feeds.create_feed(officer, by=None))
    assert "Officers retreat" in events and "Birch site meeting" in events
    assert "Alder site meeting" not in events and "Hilltop meeting" not in events
    outsider = read_feed(feeds.create_feed(world.outsider_person, by=None))
    assert set(outsider) == {"Hilltop meeting"}


def test_a_non_member_is_not_invited_to_members_only_events(calendar_world):
    world = calendar_world
    person = PersonFactory(local=world.local, worksite=world.site_a,
                           job_class=world.people_a[0].job_class, status="non_member")
    events = read_feed(feeds.create_feed(person, by=None))
    assert "Everyone: chapter meeting" in events and "Members: budget vote" not in events


def test_someone_who_left_the_unit_sees_only_their_roles_events(calendar_world):
    world = calendar_world
    person = world.users["officer"].person
    person.in_unit = False
    person.save()
    events = read_feed(feeds.create_feed(person, by=None))
    assert set(events) == {"Officers retreat"}


def test_a_cancelled_event_is_marked_and_the_entries_are_complete(calendar_world):
    world = calendar_world
    events = read_feed(feeds.create_feed(world.people_a[0], by=None))
    cancelled = events["Cancelled: Rained-out picnic"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert "This event is cancelled." in str(cancelled["description"])
    meeting = events["Everyone: chapter meeting"]
    event = Event.objects.get(title="Everyone: chapter meeting")
    assert str(meeting["status"]) == "CONFIRMED"
    assert str(meeting["uid"]) == f"event-{event.pk}@127.0.0.1"
    assert meeting.decoded("dtstart") == event.starts_at
    assert meeting.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert meeting.decoded("dtend") == event.ends_at
    assert str(meeting["location"]) == "Union hall, 12 Elm St"
    page = f"/l/lakeview/events/{event.pk}/"
    assert str(meeting["url"]).endswith(page)
    description = str(meeting["description"])
    assert "Bring a coworker." in description and "**" not in description
    assert page in description


def test_a_video_event_gives_its_link_as_the_location(world):
    make_event(world.local, "Online training", place="", video_url="https://meet.example.org/x")
    events = read_feed(feeds.create_feed(world.people_a[0], by=None))
    assert str(events["Online training"]["location"]) == "https://meet.example.org/x"


def test_each_recorded_change_bumps_the_sequence(world):
    event = make_event(world.local, "Moved meeting")
    token = feeds.create_feed(world.people_a[0], by=None)
    assert int(read_feed(token)["Moved meeting"]["sequence"]) == 0
    with transaction.atomic():
        record("event.updated", by=None, affiliate=world.local, obj=event)
        record("event.updated", by=None, affiliate=world.local, obj=event)
    assert int(read_feed(token)["Moved meeting"]["sequence"]) == 2


def test_the_feed_does_not_need_a_query_per_event(world):
    token = feeds.create_feed(world.people_a[0], by=None)
    make_event(world.local, "One")
    client = Client()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(feed_path(token)).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        make_event(world.local, f"Everyone {n}", days=n + 1)
        make_event(world.local, f"Site {n}", days=n + 1, audience=Event.Audience.WORKSITES,
                   worksites=[world.site_a])
        make_event(world.local, f"Family {n}", days=n + 1,
                   audience=Event.Audience.JOB_FAMILIES,
                   families=[world.people_a[0].job_class.family])
        make_event(world.local, f"Cancelled {n}", days=n + 1, status=Event.Status.CANCELLED)
    assert len(read_feed(token)) == 41
    assert count() == before <= 7  # feed, person, roles, events, sites, families, changes


def test_the_feed_agrees_with_who_each_event_invites(calendar_world):
    """The feed asks "which events invite this person" for a whole calendar at once; the
    event's page asks "does this event invite this person". Both must agree."""
    world = calendar_world
    extra = PersonFactory(local=world.local, worksite=world.site_b,
                          job_class=job_class(world.local, "Custodian I", "custodial"),
                          status="non_member")
    now = timezone.now()
    window = Event.objects.filter(status__in=queries_activity.ON_CALENDAR,
                                  starts_at__gte=now - queries_activity.FEED_PAST,
                                  starts_at__lte=now + queries_activity.FEED_AHEAD)
    for person in [*world.people_a, *world.people_b, extra, world.outsider_person]:
        mine = {e.pk for e in queries_activity.calendar_events(person, now=now)}
        assert mine == {e.pk for e in window if queries.is_invited(e, person)}, person.pk


# --- one event's .ics -----------------------------------------------------------------------------


# As for the event's page: who is invited, who runs events, who checks people in at the door.
ICS_STATUS = {"member": 200, "rep": 200, "steward": 200, "officer": 200, "admin": 200,
              "state": 404, "outsider": 403}


@pytest.mark.parametrize("persona", sorted(ICS_STATUS))
def test_the_ics_file_is_for_who_may_see_the_event(world, as_user, persona):
    event = make_event(world.local, "Know your contract: paras")
    response = as_user(persona).get(reverse("event_ics", args=["lakeview", event.pk]))
    assert response.status_code == ICS_STATUS[persona]
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="know-your-contract-paras.ics"')
        [item] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(item["summary"]) == "Know your contract: paras"


@pytest.mark.parametrize("persona,status", [
    ("member", 404), ("rep", 200), ("steward", 200), ("officer", 200), ("admin", 200),
    ("state", 404)])
def test_an_event_for_another_site(world, as_user, persona, status):
    """The member (site A) is not invited; the door (reps, stewards) and who runs events see
    it."""
    birch = make_event(world.local, "Birch only", audience=Event.Audience.WORKSITES,
                       worksites=[world.site_b])
    response = as_user(persona).get(reverse("event_ics", args=["lakeview", birch.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("persona,status", [
    ("member", 404), ("rep", 404), ("steward", 404), ("officer", 200), ("admin", 200),
    ("state", 404)])
def test_a_draft_only_for_who_runs_events(world, as_user, persona, status):
    draft = make_event(world.local, "Draft", status=Event.Status.DRAFT)
    response = as_user(persona).get(reverse("event_ics", args=["lakeview", draft.pk]))
    assert response.status_code == status


def test_another_locals_event_is_a_404(world, as_user):
    event = make_event(world.other_local, "Hilltop meeting")
    assert as_user("officer").get(
        reverse("event_ics", args=["lakeview", event.pk])).status_code == 404


def test_a_cancelled_event_file_says_so(world, as_user):
    event = make_event(world.local, "Picnic", status=Event.Status.CANCELLED)
    response = as_user("member").get(reverse("event_ics", args=["lakeview", event.pk]))
    [item] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["status"]) == "CANCELLED" and str(item["summary"]) == "Cancelled: Picnic"


def test_running_events_without_two_factor_is_sent_to_set_it_up(world):
    event = make_event(world.local, "Birch only", audience=Event.Audience.WORKSITES,
                       worksites=[world.site_b])
    client = Client()
    client.force_login(make_user("new-officer@example.org", mfa=False,
                                 roles=[(world.local, "officer")]))
    response = client.get(reverse("event_ics", args=["lakeview", event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_required"))

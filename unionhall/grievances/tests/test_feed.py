"""A steward's private calendar address for their deadlines: shown once, one all-day event per
open case's next due date, named by case number and step and never by grievant, and dead as
soon as it is replaced, revoked, or its owner no longer handles grievances."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tests.factories import make_user
from unionhall.core.models import RoleAssignment
from unionhall.grievances import actions
from unionhall.grievances.models import CalendarFeed
from unionhall.members.models import Person

PROCEDURE = [
    {"name": "Step 1 supervisor", "days": 10, "kind": "calendar", "starts_from": "incident"},
    {"name": "Step 2 human resources", "days": 10, "kind": "working", "starts_from": "answer"},
]
FEED_URL = re.compile(r"http://testserver(/grievances/ical/[A-Za-z0-9_-]+\.ics)")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def open_case(world, grievant, steward, *, days_ago, title):
    return actions.open_grievance(
        world.local, by=None, grievants=[grievant], stewards=[steward],
        grievant_kind="person", title=title, what_happened="What happened.",
        remedy_sought="Make whole.", articles=[],
        incident_on=world.local.today() - dt.timedelta(days=days_ago))


@pytest.fixture
def cases(world):
    """The steward's two open cases (one with an extension) and a closed one; another
    steward's open case; distinctive grievant names to look for in the feed."""
    for n, person in enumerate([*world.people_a, *world.people_b]):
        Person.objects.filter(pk=person.pk).update(legal_first_name=f"Griselda{n}",
                                                   legal_last_name=f"Vandermeer{n}",
                                                   preferred_name=f"Gigi{n}")
    actions.set_procedure(world.local, PROCEDURE, by=None)
    today = world.local.today()
    steward = world.users["steward"]
    other = make_user("steward-a@example.org", roles=[(world.local, "steward",
                                                       [world.site_a])])
    first = open_case(world, world.people_b[1], steward, days_ago=3,
                      title="Sent home for Gigi4's uniform")
    second = open_case(world, world.people_b[2], steward, days_ago=5, title="Overtime")
    actions.extend_deadline(second, 1, new_due=today + dt.timedelta(days=20), agreed_on=today,
                            agreed_with="HR", by=None)
    closed = open_case(world, world.people_b[1], steward, days_ago=4, title="Closed one")
    actions.close_grievance(closed, outcome="withdrawn", closed_on=today, by=None)
    others = open_case(world, world.people_a[0], other, days_ago=1, title="Someone else's")
    return {
        "steward": steward, "other": other,
        "first": first, "second": second, "closed": closed, "others": others,
        "due": {first.number: today + dt.timedelta(days=7),
                second.number: today + dt.timedelta(days=20),
                others.number: today + dt.timedelta(days=9)},
    }


def make_feed(client) -> str:
    """POST action=create on the feed page; the path of the address it shows."""
    response = client.post(reverse("grievance_feed", args=["lakeview"]), {"action": "create"})
    assert response.status_code == 200
    found = FEED_URL.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def events(client, path) -> list:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return [e for e in calendar.walk("VEVENT")]


def test_the_address_is_shown_once(world, cases):
    client = client_for(cases["steward"])
    page = reverse("grievance_feed", args=["lakeview"])
    assert "/grievances/ical/" not in client.get(page).content.decode()
    path = make_feed(client)
    again = client.get(page).content.decode()
    assert "/grievances/ical/" not in again
    assert path.rsplit("/", 1)[1].removesuffix(".ics") not in again
    assert "You have a private address since" in again
    # Only a hash of the token is kept.
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=cases["steward"])
    assert token not in feed.token_hash


def test_one_all_day_event_per_open_case_and_no_names(world, cases):
    client = client_for(cases["steward"])
    path = make_feed(client)
    # The calendar app does not sign in.
    found = events(Client(), path)
    mine = {cases["first"].number, cases["second"].number}
    assert len(found) == 2
    by_number = {}
    for event in found:
        summary = str(event["SUMMARY"])
        number = re.search(r"\d{4}-\d{3}", summary).group(0)
        by_number[number] = event
        assert "Step 1 supervisor" in summary
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all day
        assert start == cases["due"][number] and end == start + dt.timedelta(days=1)
    assert set(by_number) == mine
    text = Client().get(path).content.decode().replace("\r\n ", "")  # unfolded
    for person in Person.objects.filter(local=world.local):
        for name in (person.legal_first_name, person.legal_last_name, person.preferred_name,
                     person.employee_id):
            assert name not in text
    for title in ("Sent home", "Overtime", "Closed one", "Someone else"):
        assert title not in text
    assert cases["closed"].number not in text and cases["others"].number not in text
    assert CalendarFeed.objects.get(user=cases["steward"]).last_used_at is not None


def test_a_new_address_ends_the_old_one(world, cases):
    client = client_for(cases["steward"])
    old = make_feed(client)
    new = make_feed(client)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=cases["steward"]).count() == 1


def test_revoke(world, cases):
    client = client_for(cases["steward"])
    path = make_feed(client)
    response = client.post(reverse("grievance_feed", args=["lakeview"]), {"action": "revoke"})
    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    assert not CalendarFeed.objects.filter(user=cases["steward"]).exists()
    assert "You have no private address yet." in client.get(
        reverse("grievance_feed", args=["lakeview"])).content.decode()


def test_a_steward_who_loses_the_role_loses_the_feed(world, cases):
    path = make_feed(client_for(cases["steward"]))
    RoleAssignment.objects.filter(user=cases["steward"], role="steward").delete()
    assert Client().get(path).status_code == 404


def test_a_deactivated_user_loses_the_feed(world, cases):
    path = make_feed(client_for(cases["steward"]))
    cases["steward"].is_active = False
    cases["steward"].save()
    assert Client().get(path).status_code == 404


def test_the_chairs_feed_has_every_open_case(world, cases):
    chair = make_user("chair@example.org", roles=[(world.local, "grievance_chair")])
    found = events(Client(), make_feed(client_for(chair)))
    numbers = {re.search(r"\d{4}-\d{3}", str(e["SUMMARY"])).group(0) for e in found}
    assert numbers == {cases["first"].number, cases["second"].number, cases["others"].number}
    assert cases["closed"].number not in numbers


def test_a_closed_case_leaves_the_feed(world, cases):
    client = client_for(cases["steward"])
    path = make_feed(client)
    actions.close_grievance(cases["first"], outcome="settled",
                            closed_on=world.local.today(), by=None)
    numbers = {re.search(r"\d{4}-\d{3}", str(e["SUMMARY"])).group(0)
               for e in events(Client(), path)}
    assert numbers == {cases["second"].number}


def test_a_case_with_no_due_date_yet_has_no_event(world, cases):
    """Filed at step 1 and waiting for the employer's answer: nothing is due."""
    actions.record_filing(cases["first"], 1, world.local.today(), by=None)
    numbers = {re.search(r"\d{4}-\d{3}", str(e["SUMMARY"])).group(0)
               for e in events(Client(), make_feed(client_for(cases["steward"])))}
    assert numbers == {cases["second"].number}


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["unknown", "x" * 43, "-_-_"])
def test_an_unknown_token_is_not_found(client, token):
    assert client.get(reverse("grievance_feed_ics", args=[token])).status_code == 404


def test_who_may_not_handle_grievances_gets_no_feed_page(world):
    for name in ("member", "rep", "admin", "state"):
        client = client_for(world.users[name])
        page = reverse("grievance_feed", args=["lakeview"])
        assert client.get(page).status_code == 403
        assert client.post(page, {"action": "create"}).status_code == 403
    assert not CalendarFeed.objects.exists()

"""A building rep's list of coworkers, its filters and sort, and the printable walk list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from unionhall.organizing.actions import assess, log_conversation, set_next_step
from unionhall.organizing.models import Contact


@pytest.fixture
def site_a(world):
    """site_a: the rep (people_a[1]) and five coworkers in different states."""
    a = world.people_a
    extra = [PersonFactory(local=world.local, worksite=world.site_a, legal_last_name=name,
                           status=status)
             for name, status in (("Quinn", "non_member"), ("Ruiz", "non_member"),
                                  ("Stone", "lapsed"))]
    today = timezone.localdate()
    assess(a[0], 1, by=None)
    log_conversation(a[0], on=today - dt.timedelta(days=3), channel="phone", issues=[], by=None)
    assess(a[2], 3, by=None)
    log_conversation(a[2], on=today - dt.timedelta(days=60), channel="phone", issues=[],
                     by=None)
    assess(extra[0], 3, by=None)
    log_conversation(extra[0], on=today - dt.timedelta(days=10), channel="text", issues=[],
                     by=None)
    set_next_step(extra[1], owner=None, next_step="Talk at the bus yard", due=None,
                  follow_up=True, by=None)
    world.extra = extra
    return world


def names(response):
    return [p.pk for p in response.context["page"]]


def list_url(**params):
    from urllib.parse import urlencode

    return reverse("organizer_list", args=["lakeview"]) + ("?" + urlencode(params)
                                                          if params else "")


def test_sorted_by_assessment_then_oldest_contact(site_a, as_user):
    a, extra = site_a.people_a, site_a.extra
    order = names(as_user("rep").get(list_url()))
    # 1 first; the two 3s with the longest-ago contact first; then the unassessed.
    assert order[:3] == [a[0].pk, a[2].pk, extra[0].pk]
    assert set(order[3:]) == {extra[1].pk, extra[2].pk}
    assert site_a.people_a[1].pk not in order  # the rep themself


def test_sorted_by_last_contact_never_contacted_first(site_a, as_user):
    a, extra = site_a.people_a, site_a.extra
    order = names(as_user("rep").get(list_url(sort="last_contact")))
    assert set(order[:2]) == {extra[1].pk, extra[2].pk}
    assert order[2:] == [a[2].pk, extra[0].pk, a[0].pk]


def test_filters(site_a, as_user):
    a, extra = site_a.people_a, site_a.extra
    client = as_user("rep")
    assert names(client.get(list_url(assessment="3"))) == [a[2].pk, extra[0].pk]
    assert set(names(client.get(list_url(assessment="none")))) == {extra[1].pk, extra[2].pk}
    assert set(names(client.get(list_url(status="non_member")))) == {extra[0].pk, extra[1].pk}
    assert names(client.get(list_url(follow_up="on"))) == [extra[1].pk]
    assert set(names(client.get(list_url(days="30")))) == {a[2].pk, extra[1].pk, extra[2].pk}
    assert names(client.get(list_url(worksite=site_a.site_a.pk, status="lapsed"))) == [
        extra[2].pk]


def test_worksite_filter_cannot_reach_outside_scope(site_a, as_user):
    response = as_user("rep").get(list_url(worksite=site_a.site_b.pk))
    # Not a choice for the rep: the filter is ignored, and site_b stays out of the list.
    assert all(p.worksite_id == site_a.site_a.pk for p in response.context["page"])


def test_officer_sees_the_whole_local(site_a, as_user):
    order = names(as_user("officer").get(list_url(sort="name")))
    assert len(order) == 3 + 3 + 3 - 1  # everyone but the officer themself


def test_list_shows_level_last_contact_and_next_step(site_a, as_user):
    html = as_user("rep").get(list_url()).content.decode()
    assert "1 · Union leader" in html and "Talk at the bus yard" in html
    assert "Follow up" in html and "Never" in html
    assert reverse("organizer_person", args=["lakeview", site_a.people_a[0].pk]) in html


def test_walk_list_is_printable(site_a, as_user):
    response = as_user("rep").get(reverse("walk_list", args=["lakeview"]), {"status": "non_member"})
    html = response.content.decode()
    assert response.status_code == 200 and "@media print" in html
    assert "Quinn" in html and "Ruiz" in html and "Stone" not in html
    assert "555-0100" in html  # reps see their coworkers' phones


def test_walk_list_hides_phones_from_who_may_not_see_contacts(site_a, as_user):
    site_a.local.state_sees_organizing = True
    site_a.local.save()
    html = as_user("state").get(reverse("walk_list", args=["lakeview"])).content.decode()
    assert "Quinn" in html and "555-0100" not in html


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["organizer_list", "walk_list"])
def test_queries_do_not_grow_with_people(name, site_a, as_user):
    client = as_user("rep")
    url = reverse(name, args=["lakeview"])
    count(client, url)
    before = count(client, url)
    for i in range(30):
        p = PersonFactory(local=site_a.local, worksite=site_a.site_a)
        assess(p, 1 + i % 5, by=None)
        if i % 2:
            log_conversation(p, on=timezone.localdate(), channel="phone", issues=[],
                             by=site_a.users["rep"])
            set_next_step(p, owner=site_a.users["rep"], next_step="x", due=None,
                          follow_up=True, by=None)
    assert Contact.objects.count() > 30
    assert count(client, url) == before

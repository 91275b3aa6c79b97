"""Meetings: either of the pair logs one on a day of the term, not in the future; the hours add
up for the pair and for the mentor; a closed cycle's record is read-only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.matrix_mentoring_pairs import enrol, make_pair, match, today_in
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import pairs as a
from unionhall.mentoring.models import PairMeeting


def post(client, pair, **data):
    return client.post(reverse("pair_meeting_add", args=["lakeview", pair.pk]), data)


def valid(world, **extra):
    return {"held_on": today_in(world).isoformat(), "minutes": "45", "how": "in_person",
            "topics": "Radio codes on the route", **extra}


@pytest.mark.parametrize("persona, person_index", [("member", 0), ("rep", 1)])
def test_either_of_the_pair_logs_a_meeting(world, as_user, persona, person_index):
    pair = make_pair(world)
    response = post(as_user(persona), pair, **valid(world))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/mentoring/pairs/{pair.pk}/#meetings")
    meeting = PairMeeting.objects.get()
    assert (meeting.minutes, meeting.how, meeting.topics) == (45, "in_person",
                                                              "Radio codes on the route")
    assert meeting.logged_by == world.people_a[person_index]
    entry = AuditEntry.objects.get(verb="pair_meeting.logged")
    assert entry.actor == world.users[persona] and entry.changes["minutes"] == [None, 45]


@pytest.mark.parametrize("persona", ["coordinator", "officer", "admin"])
def test_who_runs_the_program_cannot_log_for_the_pair(world, as_user, persona):
    pair = make_pair(world)
    assert post(as_user(persona), pair, **valid(world)).status_code == 403
    assert not PairMeeting.objects.exists()
    with pytest.raises(PermissionDenied):
        a.log_meeting(pair, by=world.users[persona], held_on=today_in(world), minutes=30,
                      how="phone")


def test_not_in_the_future(world, as_user):
    pair = make_pair(world)
    tomorrow = today_in(world) + dt.timedelta(days=1)
    response = post(as_user("member"), pair, **valid(world, held_on=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "the day is in the future" in response.content.decode()
    assert not PairMeeting.objects.exists()


def test_not_before_the_term_started(world, as_user):
    pair = make_pair(world, starts_days=-10)
    before = pair.cycle.starts_on - dt.timedelta(days=1)
    response = post(as_user("member"), pair, **valid(world, held_on=before.isoformat()))
    assert response.status_code == 200
    assert "a meeting before that does not count" in response.content.decode()
    # The first day of the term is fine.
    assert post(as_user("member"), pair, **valid(
        world, held_on=pair.cycle.starts_on.isoformat())).status_code == 302


def test_not_after_the_term_ended(world):
    pair = make_pair(world, starts_days=-60, ends_days=-2)
    with pytest.raises(ValidationError) as caught:
        a.log_meeting(pair, by=world.users["member"], held_on=today_in(world), minutes=30,
                      how="phone")
    assert "held_on" in caught.value.message_dict


@pytest.mark.parametrize("minutes", ["0", "4", "601", "abc", ""])
def test_length_is_five_to_six_hundred_minutes(world, as_user, minutes):
    pair = make_pair(world)
    response = post(as_user("member"), pair, **valid(world, minutes=minutes))
    assert response.status_code == 200
    assert not PairMeeting.objects.exists()
    with pytest.raises(ValidationError):
        a.log_meeting(pair, by=world.users["member"], held_on=today_in(world),
                      minutes=minutes, how="phone")


def test_how_must_be_one_of_the_choices(world, as_user):
    pair = make_pair(world)
    assert post(as_user("member"), pair, **valid(world, how="carrier pigeon")).status_code == 200
    with pytest.raises(ValidationError):
        a.log_meeting(pair, by=world.users["member"], held_on=today_in(world), minutes=30,
                      how="carrier pigeon")


def test_an_empty_form_comes_back_with_its_errors(world, as_user):
    pair = make_pair(world)
    response = post(as_user("member"), pair)
    html = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in html and "<details open" in html


def test_hours_add_up_for_the_pair_and_for_the_mentor(world, as_user):
    pair = make_pair(world)
    today = today_in(world)
    for minutes in (30, 45, 90):
        a.log_meeting(pair, by=world.users["member"], held_on=today, minutes=minutes,
                      how="in_person")
    other = match(pair.cycle, enrol(pair.cycle, world.people_b[1], "mentee"), pair.mentor)
    a.log_meeting(other, by=world.users["rep"], held_on=today, minutes=60, how="phone")
    html = as_user("rep").get(reverse("pair_detail", args=["lakeview", pair.pk])).content.decode()
    assert '<span class="stat">3</span> meetings' in html
    assert '<span class="stat">2.75</span> hours together' in html  # 165 minutes
    assert "with all your mentees: 3.75." in html  # 225 minutes over both mentees


def test_either_of_the_pair_removes_a_meeting(world, as_user):
    pair = make_pair(world)
    meeting = a.log_meeting(pair, by=world.users["member"], held_on=today_in(world),
                            minutes=30, how="phone")
    response = as_user("rep").post(
        reverse("pair_meeting_remove", args=["lakeview", pair.pk, meeting.pk]))
    assert response.status_code == 302
    assert not PairMeeting.objects.exists()
    assert AuditEntry.objects.filter(verb="pair_meeting.removed").exists()


def test_a_meeting_of_another_pair_is_404(world, as_user):
    pair = make_pair(world)
    other = match(pair.cycle, enrol(pair.cycle, world.people_b[1], "mentee"),
                  enrol(pair.cycle, world.people_b[2], "mentor"))
    meeting = a.log_meeting(other, by=None, person=world.people_b[1], held_on=today_in(world),
                            minutes=30, how="phone")
    response = as_user("member").post(
        reverse("pair_meeting_remove", args=["lakeview", pair.pk, meeting.pk]))
    assert response.status_code == 404
    assert PairMeeting.objects.filter(pk=meeting.pk).exists()


def test_a_closed_cycle_is_read_only(world, as_user):
    pair = make_pair(world)
    meeting = a.log_meeting(pair, by=world.users["member"], held_on=today_in(world),
                            minutes=30, how="phone")
    a.close_cycle(pair.cycle, by=world.users["coordinator"])
    client = as_user("member")
    response = post(client, pair, **valid(world))
    assert response.status_code == 302
    assert PairMeeting.objects.count() == 1
    follow = client.get(response["Location"])
    html = follow.content.decode()
    assert "This cycle is closed" in html and "Log the meeting" not in html
    client.post(reverse("pair_meeting_remove", args=["lakeview", pair.pk, meeting.pk]))
    assert PairMeeting.objects.count() == 1

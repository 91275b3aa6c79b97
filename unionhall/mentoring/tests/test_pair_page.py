"""The pair page: who sees it, what each sees (the pair: each other's contact details and their
notes; the coordinator: meetings, hours and goals, nothing private), and its query count."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, make_user
from tests.matrix_mentoring_pairs import enrol, make_cycle, make_pair, match, today_in
from unionhall.mentoring.actions import pairs as a


def url(pair, name="pair_detail"):
    return reverse(name, kwargs={"local_slug": "lakeview", "pk": pair.pk})


def page(client, pair) -> str:
    response = client.get(url(pair))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def pair(world):
    pair = make_pair(world)
    mentee, mentor = world.people_a[0], world.people_a[1]
    mentor.mobile_phone = "555-0199"
    mentor.save()
    a.log_meeting(pair, by=None, person=mentee, held_on=today_in(world), minutes=50,
                  how="phone", topics="First week on the bus route")
    goal = a.add_goal(pair, by=None, person=mentor, standard="reporting",
                      text="Write incident reports the office accepts")
    a.add_check_in(goal, "Two reports done, both accepted", by=None, person=mentee)
    a.add_reflection(pair, "I felt out of my depth on Tuesday", by=None, person=mentee)
    return pair


def test_the_mentee_sees_the_mentor_and_how_to_reach_them(world, as_user, pair):
    html = page(as_user("member"), pair)
    mentor = world.people_a[1]
    assert f"Mentor: {mentor.display_name}" in html
    assert mentor.personal_email in html and "555-0199" in html
    # Never a home address, and the mentee's own contact is not repeated to them.
    assert mentor.street not in html and mentor.postal_code not in html
    assert world.people_a[0].personal_email not in html
    assert "Same job family: Paraeducators" in html  # why they were matched
    assert "First week on the bus route" in html
    assert "Write incident reports the office accepts" in html
    assert "Two reports done, both accepted" in html
    assert "I felt out of my depth on Tuesday" in html
    assert "Log the meeting" in html and "Save the note" in html


def test_the_mentor_sees_the_mentee_their_hours_and_the_cap(world, as_user, pair):
    html = page(as_user("rep"), pair)
    mentee = world.people_a[0]
    assert f"Mentee: {mentee.display_name}" in html
    assert mentee.personal_email in html
    assert "I felt out of my depth on Tuesday" in html
    assert "Your hours as a mentor this term, with all your mentees: 0.83." in html
    assert "The program pays up to 20 hours per mentor and term: 0.83 paid." in html


def test_the_coordinator_sees_meetings_and_goals_never_notes_or_contacts(world, as_user, pair):
    html = page(as_user("coordinator"), pair)
    assert "First week on the bus route" in html
    assert "Write incident reports the office accepts" in html
    assert "Two reports done, both accepted" in html
    assert "I felt out of my depth on Tuesday" not in html
    assert "Reflection notes" not in html
    for person in (world.people_a[0], world.people_a[1]):
        assert person.personal_email not in html
    assert "555-0199" not in html
    # Looking, not writing.
    assert "Log the meeting" not in html and "Add the goal" not in html
    assert reverse("mentoring_results", args=["lakeview", pair.cycle_id]) in html


@pytest.mark.parametrize("persona", ["officer", "admin"])
def test_officers_and_the_admin_see_what_the_coordinator_sees(world, as_user, pair, persona):
    html = page(as_user(persona), pair)
    assert "First week on the bus route" in html
    assert "I felt out of my depth on Tuesday" not in html


@pytest.mark.parametrize("persona, status", [("steward", 404), ("state", 404), ("course", 404),
                                             ("outsider", 403), ("facilitator", 403)])
def test_nobody_else(world, as_user, pair, persona, status):
    assert as_user(persona).get(url(pair)).status_code == status


def test_anonymous_is_sent_to_sign_in(world, as_user, pair):
    response = as_user(None).get(url(pair))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_member_of_the_local_finds_no_such_pair(world, pair):
    client = Client()
    client.force_login(make_user("third@example.org", person=world.people_a[2], mfa=False))
    assert client.get(url(pair)).status_code == 404


def test_a_proposed_match_is_nobodys_page_yet(world, as_user):
    proposed = make_pair(world, status="proposed")
    for persona in ("member", "rep", "coordinator"):
        assert as_user(persona).get(url(proposed)).status_code == 404


def test_a_pair_of_another_local_is_404_for_lakeviews_coordinator(world, as_user):
    hilltop = world.other_local
    program_cycle = make_cycle(world, name="Hilltop term", program=_program(hilltop))
    p1 = PersonFactory(local=hilltop)
    p2 = PersonFactory(local=hilltop)
    other = match(program_cycle, enrol(program_cycle, p1, "mentee"),
                  enrol(program_cycle, p2, "mentor"))
    response = as_user("coordinator").get(
        reverse("pair_detail", kwargs={"local_slug": "lakeview", "pk": other.pk}))
    assert response.status_code == 404


def _program(local):
    from unionhall.mentoring.models import MentoringProgram

    return MentoringProgram.objects.create(local=local, name="Hilltop mentoring")


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up(world, pair, settings):
    settings.UNIONHALL_REQUIRE_MFA = True
    user = make_user("newcoord@example.org", roles=[(world.local, "mentoring_coordinator")],
                     mfa=False)
    client = Client()
    client.force_login(user)
    response = client.get(url(pair))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_required"))


def test_the_mentor_of_two_sees_the_other_mentee_and_hours_over_both(world, as_user, pair):
    second = match(pair.cycle, enrol(pair.cycle, world.people_b[1], "mentee"), pair.mentor)
    a.log_meeting(second, by=None, person=world.people_a[1], held_on=today_in(world),
                  minutes=70, how="in_person")
    html = page(as_user("rep"), pair)
    assert world.people_b[1].display_name in html
    assert reverse("pair_detail", args=["lakeview", second.pk]) in html
    assert "with all your mentees: 2." in html  # 50 + 70 minutes
    # The mentee of the first pair sees only their own pair.
    html = page(as_user("member"), pair)
    assert world.people_b[1].display_name not in html


def test_over_the_cap_is_said_in_words(world, as_user):
    pair = make_pair(world, cap=1, starts_days=-30)
    for day in range(3):
        a.log_meeting(pair, by=None, person=world.people_a[0],
                      held_on=today_in(world) - dt.timedelta(days=day), minutes=30,
                      how="in_person")
    html = page(as_user("rep"), pair)
    assert "0.5" not in html.split("paid.")[0][-10:]
    assert "pays up to 1 hours per mentor and term: 1 paid." in html
    assert "Over the cap: hours past it are not paid." in html


def test_user_text_is_escaped(world, as_user):
    pair = make_pair(world)
    mentee = world.people_a[0]
    a.log_meeting(pair, by=None, person=mentee, held_on=today_in(world), minutes=30,
                  how="video", topics="<script>alert(1)</script>")
    goal = a.add_goal(pair, by=None, person=mentee, standard="ethics",
                      text="<img src=x onerror=alert(2)>")
    a.add_check_in(goal, "<b onclick=x>bold</b>", by=None, person=mentee)
    a.add_reflection(pair, "<iframe src=evil>", by=None, person=mentee)
    for persona in ("member", "coordinator"):
        html = page(as_user(persona), pair)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html and "<b onclick" not in html
        assert "<iframe src=evil>" not in html


def test_query_count_does_not_grow_with_meetings_goals_and_notes(
        world, as_user, django_assert_max_num_queries):
    pair = make_pair(world)
    mentee, mentor = world.people_a[0], world.people_a[1]
    client = as_user("rep")
    client.get(url(pair))  # warm up the session and the caches

    def add(n):
        for i in range(n):
            a.log_meeting(pair, by=None, person=mentee, how="in_person", minutes=30,
                          held_on=today_in(world) - dt.timedelta(days=i % 20))
            goal = a.add_goal(pair, by=None, person=mentor, standard="ethics", text=f"Goal {i}")
            a.add_check_in(goal, f"Check {i}", by=None, person=mentee)
            a.add_reflection(pair, f"Note {i}", by=None, person=mentor)

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    coordinator.get(url(pair))
    counts = {}
    for name, c in (("rep", client), ("coordinator", coordinator)):
        with CaptureQueriesContext(connection) as few:
            assert c.get(url(pair)).status_code == 200
        counts[name] = len(few)
    add(15)
    for name, c in (("rep", client), ("coordinator", coordinator)):
        with django_assert_max_num_queries(counts[name]):
            assert c.get(url(pair)).status_code == 200

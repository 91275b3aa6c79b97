"""Goals by standard, their status, and check-ins: either of the pair writes them; who runs the
program reads them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.matrix_mentoring_pairs import make_pair, today_in
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import pairs as a
from unionhall.mentoring.models import CheckIn, Goal


def test_the_mentee_adds_a_goal_by_standard(world, as_user):
    pair = make_pair(world)
    response = as_user("member").post(reverse("pair_goal_add", args=["lakeview", pair.pk]), {
        "standard": "health_safety", "text": "Lift safely with the new chair lift"})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.standard, goal.status, goal.created_by) == ("health_safety", "open",
                                                             world.people_a[0])
    assert AuditEntry.objects.filter(verb="goal.saved").count() == 1


def test_the_goal_form_offers_the_mentees_own_standards_first(world, as_user):
    pair = make_pair(world)  # the mentee chose reporting and communication
    html = as_user("rep").get(reverse("pair_detail", args=["lakeview", pair.pk])).content.decode()
    select = html[html.index('name="standard"'):html.index("</select>", html.index(
        'name="standard"'))]
    values = [part.split('"')[0] for part in select.split('value="')[1:]]
    assert values[:2] == ["communication", "reporting"]
    assert len(values) == 8


@pytest.mark.parametrize("data", [{"standard": "juggling", "text": "x"},
                                  {"standard": "ethics", "text": "   "},
                                  {"standard": "ethics", "text": "x" * 301}])
def test_a_goal_needs_a_standard_and_words(world, as_user, data):
    pair = make_pair(world)
    response = as_user("member").post(reverse("pair_goal_add", args=["lakeview", pair.pk]), data)
    assert response.status_code == 200
    assert not Goal.objects.exists()
    with pytest.raises(ValidationError):
        a.add_goal(pair, by=world.users["member"], **data)


def test_a_goal_met_gets_todays_date_and_can_be_reopened(world, as_user):
    pair = make_pair(world)
    goal = a.add_goal(pair, by=world.users["member"], standard="reporting", text="Reports")
    status_url = reverse("pair_goal_status", args=["lakeview", pair.pk, goal.pk])
    assert as_user("rep").post(status_url, {"status": "met"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.met_on) == ("met", today_in(world))
    as_user("member").post(status_url, {"status": "dropped"})
    goal.refresh_from_db()
    assert (goal.status, goal.met_on) == ("dropped", None)
    entry = AuditEntry.objects.filter(verb="goal.saved").order_by("-id").first()
    assert entry.changes == {"status": ["met", "dropped"]}


def test_a_bad_status_is_refused_with_a_message(world, as_user):
    pair = make_pair(world)
    goal = a.add_goal(pair, by=world.users["member"], standard="reporting", text="Reports")
    client = as_user("member")
    response = client.post(reverse("pair_goal_status", args=["lakeview", pair.pk, goal.pk]),
                           {"status": "done-ish"}, follow=True)
    assert "Choose where the goal stands." in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "open"


def test_check_ins_on_a_goal(world, as_user):
    pair = make_pair(world)
    goal = a.add_goal(pair, by=world.users["member"], standard="reporting", text="Reports")
    check_url = reverse("pair_check_in_add", args=["lakeview", pair.pk, goal.pk])
    response = as_user("rep").post(check_url, {"note": "Went over two reports together"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    check_in = CheckIn.objects.get()
    assert (check_in.note, check_in.by) == ("Went over two reports together", world.people_a[1])
    # An empty one is refused with a message.
    response = as_user("member").post(check_url, {"note": "  "}, follow=True)
    assert "Write how it is going" in response.content.decode()
    assert CheckIn.objects.count() == 1
    # The coordinator reads it, but cannot add one.
    html = as_user("coordinator").get(
        reverse("pair_detail", args=["lakeview", pair.pk])).content.decode()
    assert "Went over two reports together" in html
    assert as_user("coordinator").post(check_url, {"note": "hi"}).status_code == 403


def test_a_goal_of_another_pair_is_404(world, as_user):
    from tests.matrix_mentoring_pairs import enrol, match

    pair = make_pair(world)
    other = match(pair.cycle, enrol(pair.cycle, world.people_b[1], "mentee"),
                  enrol(pair.cycle, world.people_b[2], "mentor"))
    goal = a.add_goal(other, by=None, person=world.people_b[1], standard="ethics", text="x")
    for name in ("pair_goal_status", "pair_check_in_add"):
        response = as_user("member").post(reverse(name, args=["lakeview", pair.pk, goal.pk]),
                                          {"status": "met", "note": "x"})
        assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == "open" and not CheckIn.objects.exists()


def test_the_system_writes_for_one_of_the_pair_only(world):
    pair = make_pair(world)
    with pytest.raises(ValueError):
        a.add_goal(pair, by=None, standard="ethics", text="x")
    with pytest.raises(ValueError):
        a.add_goal(pair, by=None, person=world.people_b[0], standard="ethics", text="x")

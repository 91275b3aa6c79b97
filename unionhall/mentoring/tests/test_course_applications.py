"""A local's team applies: the window to the second, the deadline told in the applicant's own
time zone, the team's size and people, one application per local, changing and withdrawing
it, who may apply for which local, and what the local's people see on the offering's page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PersonFactory
from tests.matrix_mentoring_course import (
    DEADLINE,
    OPENS,
    fixed_offering,
    make_offering,
    make_team_application,
)
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import TeamApplication

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def at(monkeypatch):
    """Stand at a moment: the actions and pages take it as now."""

    def stand(moment):
        monkeypatch.setattr(actions, "clock", lambda: moment)

    return stand


def team(world, n=2):
    people = (world.people_a + world.people_b)[:n]
    return [{"person": p, "role": "lead" if i == 0 else "member"} for i, p in enumerate(people)]


def apply(world, offering, by="coordinator", **extra):
    values = {"members": team(world), "why": "New paras learn alone.",
              "situation": "900 ESPs.", "state_contact_name": "Robin Vale",
              "state_contact_email": "rvale@example.org", **extra}
    return actions.submit_application(offering, world.local, by=world.users[by], **values)


# --- the window ------------------------------------------------------------------------------


def test_one_second_before_the_deadline_is_in_time(world, at):
    offering = fixed_offering(world)
    at(DEADLINE - SECOND)
    application = apply(world, offering)
    assert application.status == "submitted" and application.team_members.count() == 2
    assert application.submitted_at == DEADLINE - SECOND
    assert AuditEntry.objects.filter(verb="course_application.submitted",
                                     affiliate=world.local).exists()


@pytest.mark.parametrize("late", [dt.timedelta(0), SECOND, dt.timedelta(days=3)])
def test_at_or_after_the_deadline_is_refused_in_the_locals_time(world, at, late):
    offering = fixed_offering(world)
    at(DEADLINE + late)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering)
    # Lakeview is in Chicago: the 10:00 AM EDT deadline was 9:00 there.
    assert exc.value.messages == ["The deadline was Monday, June 7, 2027, 9:00 AM CDT."]
    assert not TeamApplication.objects.exists()


def test_an_applicant_in_another_zone_sees_their_own_time(world, at):
    world.local.time_zone = "America/Los_Angeles"
    world.local.save()
    offering = fixed_offering(world)
    at(DEADLINE)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering)
    assert exc.value.messages == ["The deadline was Monday, June 7, 2027, 7:00 AM PDT."]


def test_before_the_window_opens_is_refused(world, at):
    offering = fixed_offering(world)
    at(OPENS - SECOND)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering)
    assert exc.value.messages == ["Applications open Saturday, May 1, 2027, 8:00 AM CDT."]
    at(OPENS)
    assert apply(world, offering).pk


def test_the_system_may_not_be_told_a_false_now_by_a_user(world, at):
    """`now` is for the system only: a user's call is checked against the real clock."""
    offering = fixed_offering(world)
    at(DEADLINE + SECOND)
    with pytest.raises(ValidationError):
        apply(world, offering, now=DEADLINE - dt.timedelta(days=1))


def test_a_draft_takes_no_application(world):
    offering = make_offering(world, publish=False)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering)
    assert "not open" in exc.value.messages[0]


# --- the team --------------------------------------------------------------------------------


def test_team_size_limits(world, at):
    offering = fixed_offering(world, min_team_size=2, max_team_size=3)
    at(OPENS)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering, members=team(world, 1))
    assert exc.value.messages == ["A team has from 2 to 3 members; yours has 1."]
    with pytest.raises(ValidationError):
        apply(world, offering, members=team(world, 4))
    assert apply(world, offering, members=team(world, 3)).team_members.count() == 3


def test_the_team_needs_a_lead_and_each_person_once(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    members = team(world, 2)
    members[0]["role"] = "officer"
    with pytest.raises(ValidationError) as exc:
        apply(world, offering, members=members)
    assert "lead" in exc.value.messages[0]
    twice = [team(world, 1)[0], {"person": world.people_a[0], "role": "member"}]
    with pytest.raises(ValidationError) as exc:
        apply(world, offering, members=twice)
    assert "twice" in exc.value.messages[0]


def test_team_members_are_people_of_the_local_with_or_without_an_account(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    stranger = [team(world, 1)[0], {"person": world.outsider_person, "role": "member"}]
    with pytest.raises(ValidationError) as exc:
        apply(world, offering, members=stranger)
    assert "people of your local" in exc.value.messages[0]
    no_account = PersonFactory(local=world.local, worksite=world.site_a,
                               job_class=world.people_a[0].job_class)
    application = apply(world, offering, members=[
        team(world, 1)[0], {"person": no_account.pk, "role": "officer", "job_title": ""}])
    member = application.team_members.get(person=no_account)
    assert member.role == "officer" and member.job_title == "Paraeducator I"  # on record


def test_a_state_contact_where_the_offering_asks(world, at):
    asks = fixed_offering(world)
    at(OPENS)
    with pytest.raises(ValidationError) as exc:
        apply(world, asks, state_contact_name="", state_contact_email="")
    assert "state staff contact" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        apply(world, asks, state_contact_email="nope")
    not_asked = fixed_offering(world, asks_state_contact=False)
    application = apply(world, not_asked)
    assert application.state_contact_name == ""


def test_one_application_per_local(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    apply(world, offering)
    with pytest.raises(ValidationError) as exc:
        apply(world, offering, by="officer")
    assert "already applied" in exc.value.messages[0]
    assert TeamApplication.objects.count() == 1


def test_changing_until_the_deadline_then_not(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    application = apply(world, offering)
    at(DEADLINE - SECOND)
    actions.update_application(application, by=world.users["officer"], members=team(world, 3),
                               why="Changed.", situation="Changed too.",
                               state_contact_name="Robin Vale",
                               state_contact_email="rvale@example.org")
    application.refresh_from_db()
    assert application.why == "Changed." and application.team_members.count() == 3
    at(DEADLINE)
    with pytest.raises(ValidationError) as exc:
        actions.update_application(application, by=world.users["officer"],
                                   members=team(world, 2), why="Late", situation="Late",
                                   state_contact_name="R", state_contact_email="r@example.org")
    assert exc.value.messages == ["The deadline was Monday, June 7, 2027, 9:00 AM CDT."]


def test_withdrawing_and_applying_again(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    application = apply(world, offering)
    actions.review_application(application, by=world.users["facilitator"], score=4)
    actions.withdraw_application(application, by=world.users["coordinator"])
    application.refresh_from_db()
    assert application.status == "withdrawn"
    with pytest.raises(ValidationError):
        actions.withdraw_application(application, by=world.users["coordinator"])
    again = apply(world, offering, why="We are ready after all.")
    assert again.pk == application.pk and again.status == "submitted"
    assert not again.reviews.exists()  # scored afresh


def test_who_may_apply_for_which_local(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    for persona in ("member", "rep", "steward", "state", "course", "facilitator", "outsider"):
        with pytest.raises(PermissionDenied):
            apply(world, offering, by=persona)
    # The outsider manages hilltop's mentoring, but hilltop's people are not lakeview's team.
    hilltop = [{"person": world.outsider_person, "role": "lead"},
               {"person": PersonFactory(local=world.other_local), "role": "member"}]
    application = actions.submit_application(
        offering, world.other_local, by=world.users["outsider"], members=hilltop, why="W",
        situation="S", state_contact_name="R", state_contact_email="r@example.org")
    assert application.local == world.other_local
    # A state offering is not for a local of another state.
    from tests.factories import make_local

    far = make_local("far", state=type(world.local.parent).objects.create(
        kind="state", slug="far-state", name="Far EA", parent=world.local.parent.parent))
    state_offering = make_offering(world, affiliate=world.local.parent)
    with pytest.raises(PermissionDenied):
        actions.submit_application(state_offering, far, by=None, members=[], why="W",
                                   situation="S")


def test_only_the_locals_managers_withdraw(world, at):
    offering = fixed_offering(world)
    at(OPENS)
    application = apply(world, offering)
    for persona in ("member", "outsider", "course", "facilitator"):
        with pytest.raises(PermissionDenied):
            actions.withdraw_application(application, by=world.users[persona])


# --- the pages -------------------------------------------------------------------------------


def form(world, offering, members, **extra):
    data = {"team-TOTAL_FORMS": str(offering.max_team_size), "team-INITIAL_FORMS": "0",
            "team-MIN_NUM_FORMS": "0", "team-MAX_NUM_FORMS": str(offering.max_team_size),
            "why": "Our new paras learn alone.", "situation": "900 ESPs in 40 schools.",
            "state_contact_name": "Robin Vale", "state_contact_email": "rvale@example.org"}
    for i, (label, role) in enumerate(members):
        data.update({f"team-{i}-person": label, f"team-{i}-role": role,
                     f"team-{i}-job_title": ""})
    for i in range(len(members), offering.max_team_size):
        data.update({f"team-{i}-person": "", f"team-{i}-role": "member"})
    data.update(extra)
    return data


def label(person):
    from unionhall.mentoring.course_forms import person_label

    return person_label(person)


def test_applying_on_the_page(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS + dt.timedelta(days=3))
    client = as_user("coordinator")
    url = reverse("course_apply", args=[offering.slug, "lakeview"])
    page = client.get(url).content.decode()
    assert 'list="local-people"' in page and label(world.people_a[2]) in page
    assert "Monday, June 7, 2027, 9:00 AM CDT" in page
    a, b = world.people_a[0], world.people_b[1]
    response = client.post(url, form(world, offering, [
        (label(a), "lead"), (b.display_name, "member")]))
    assert response.status_code == 302
    application = TeamApplication.objects.get()
    assert sorted(application.team_members.values_list("person_id", "role")) == sorted(
        [(a.pk, "lead"), (b.pk, "member")])
    assert application.submitted_by == world.users["coordinator"]
    # Back on the page: the team is filled in and can change.
    page = client.get(url).content.decode()
    assert label(a) in page and "Save changes" in page
    c = world.people_b[2]
    response = client.post(url, form(world, offering, [(label(c), "lead"), (label(a), "officer")],
                                     why="Changed"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.why == "Changed"
    assert sorted(application.team_members.values_list("person_id", "role")) == sorted(
        [(c.pk, "lead"), (a.pk, "officer")])


def test_a_name_not_on_the_list_is_a_form_error(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS)
    response = as_user("coordinator").post(
        reverse("course_apply", args=[offering.slug, "lakeview"]),
        form(world, offering, [("Somebody Else", "lead"), (label(world.people_a[0]), "member")]))
    assert response.status_code == 200
    assert "Choose someone from your local" in response.content.decode()
    assert not TeamApplication.objects.exists()


def test_a_late_application_on_the_page_shows_the_deadline_in_the_locals_zone(
        world, as_user, at):
    offering = fixed_offering(world)
    at(DEADLINE + SECOND)
    url = reverse("course_apply", args=[offering.slug, "lakeview"])
    client = as_user("officer")
    assert "The deadline was Monday, June 7, 2027, 9:00 AM CDT." in client.get(url).content \
        .decode()
    response = client.post(url, form(world, offering, [
        (label(world.people_a[0]), "lead"), (label(world.people_a[1]), "member")]))
    assert response.status_code == 200
    assert "The deadline was Monday, June 7, 2027, 9:00 AM CDT." in response.content.decode()
    assert not TeamApplication.objects.exists()


def test_the_apply_page_is_404_for_a_local_not_below_the_association(world, as_user):
    from tests.factories import make_local

    far = make_local("far", state=type(world.local.parent).objects.create(
        kind="state", slug="far-state", name="Far EA", parent=world.local.parent.parent))
    state_offering = make_offering(world, affiliate=world.local.parent)
    assert as_user("course").get(
        reverse("course_apply", args=[state_offering.slug, far.slug])).status_code == 404
    assert as_user("coordinator").get(
        reverse("course_apply", args=[state_offering.slug, "nowhere"])).status_code == 404


def test_a_coordinator_sees_only_their_locals_application(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS)
    actions.submit_application(
        offering, world.other_local, by=None,
        members=[{"person": world.outsider_person, "role": "lead"},
                 {"person": PersonFactory(local=world.other_local), "role": "member"}],
        why="Hilltop's secret reasons", situation="S", state_contact_name="R",
        state_contact_email="r@example.org")
    client = as_user("coordinator")
    assert client.get(reverse("course_apply", args=[offering.slug, "hilltop"])) \
        .status_code == 403
    page = client.get(reverse("course_detail", args=[offering.slug])).content.decode()
    assert "Hilltop" not in page and "Apply for Lakeview ESP" in page


def test_members_see_their_locals_status_and_team_members_their_team(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS)
    application = apply(world, offering, members=[
        {"person": world.people_a[0], "role": "lead"},
        {"person": world.people_a[2], "role": "member", "job_title": "Bus driver"}])
    detail = reverse("course_detail", args=[offering.slug])
    member_page = as_user("member").get(detail).content.decode()  # people_a[0]: on the team
    assert "Your local's application: <strong>Submitted</strong>" in member_page
    assert "You are on the team" in member_page and "Bus driver" in member_page
    rep_page = as_user("rep").get(detail).content.decode()  # people_a[1]: not on it
    assert "<strong>Submitted</strong>" in rep_page and "Bus driver" not in rep_page
    # A decision is shown to the local only once the team has been told.
    at(DEADLINE + dt.timedelta(days=1))
    actions.decide_application(application, by=world.users["course"], status="selected")
    assert "<strong>Submitted</strong>" in as_user("rep").get(detail).content.decode()
    actions.send_decisions(offering, by=world.users["course"])
    assert "<strong>Selected</strong>" in as_user("rep").get(detail).content.decode()


def test_withdrawing_on_the_page(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS)
    apply(world, offering)
    response = as_user("officer").post(reverse("course_withdraw",
                                               args=[offering.slug, "lakeview"]))
    assert response.status_code == 302
    assert TeamApplication.objects.get().status == "withdrawn"


def test_the_applicants_words_are_escaped(world, as_user, at):
    offering = fixed_offering(world)
    at(OPENS)
    apply(world, offering, why="<script>alert('why')</script>",
          situation="<b onmouseover=x>big</b>")
    application = TeamApplication.objects.get()
    at(DEADLINE + SECOND)
    for url in (reverse("course_apply", args=[offering.slug, "lakeview"]),
                reverse("course_application", args=[offering.slug, application.pk])):
        page = as_user("course" if "review" in url else "coordinator").get(url).content.decode()
        assert "<script>alert('why')" not in page and "<b onmouseover" not in page
        assert "&lt;script&gt;" in page


def test_make_team_application_helper_applies_for_lakeview(world):
    application = make_team_application(world)
    assert application.local == world.local and application.team_members.count() == 2

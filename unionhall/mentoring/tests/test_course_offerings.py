"""Course offerings: who may create, change and publish them, the modules made with them, the
deadline as a moment in a named time zone, who sees which offering, and the list page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_local, make_user
from tests.matrix_mentoring_course import (
    DEADLINE,
    EASTERN,
    NOTIFY_ON,
    OPENS,
    STARTS_ON,
    fixed_offering,
    make_offering,
    make_team_application,
)
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import CourseOffering, Module


def values(**extra):
    return {"title": "Peer mentoring for ESP teams", "contact_email": "course@example.org",
            "opens_at": OPENS, "deadline": DEADLINE, "time_zone": "America/New_York",
            "notify_on": NOTIFY_ON, "starts_on": STARTS_ON, **extra}


def nea(world):
    return world.local.parent.parent


def form_data(**extra):
    data = {"title": "Peer mentoring for ESP teams", "description": "Five modules.",
            "contact_email": "course@example.org", "opens_on": "2027-05-01",
            "opens_time": "09:00", "deadline_on": "2027-06-07", "deadline_time": "10:00",
            "time_zone": "America/New_York", "notify_on": "2027-06-21",
            "starts_on": "2027-07-12", "module_count": "5", "weeks_between_modules": "2",
            "asks_state_contact": "on", "min_team_size": "2", "max_team_size": "6",
            "facilitators": "facilitator@example.org"}
    data.update(extra)
    return data


# --- the actions ----------------------------------------------------------------------------


def test_creating_an_offering_makes_its_modules_every_two_weeks(world):
    offering = actions.create_offering(nea(world), by=world.users["course"], **values())
    assert offering.status == "draft" and offering.slug == "peer-mentoring-for-esp-teams-2027"
    modules = list(offering.modules.order_by("number"))
    assert [m.title for m in modules] == [f"Module {n}" for n in range(1, 6)]
    assert [m.releases_on for m in modules] == [
        dt.date(2027, 7, 12), dt.date(2027, 7, 26), dt.date(2027, 8, 9), dt.date(2027, 8, 23),
        dt.date(2027, 9, 6)]
    assert offering.deadline == DEADLINE and offering.time_zone == "America/New_York"
    assert AuditEntry.objects.filter(verb="offering.created", object_id=str(offering.pk),
                                     actor=world.users["course"]).exists()
    again = actions.create_offering(nea(world), by=None, **values())
    assert again.slug == "peer-mentoring-for-esp-teams-2027-2"


def test_a_custom_rhythm(world):
    offering = actions.create_offering(nea(world), by=None, module_count=3,
                                       weeks_between_modules=3, **values())
    assert list(offering.modules.values_list("releases_on", flat=True)) == [
        STARTS_ON, STARTS_ON + dt.timedelta(weeks=3), STARTS_ON + dt.timedelta(weeks=6)]


@pytest.mark.parametrize("change,field", [
    ({"deadline": OPENS}, "deadline"),
    ({"notify_on": dt.date(2027, 6, 6)}, "notify_on"),
    ({"starts_on": dt.date(2027, 6, 20)}, "starts_on"),
    ({"min_team_size": 5, "max_team_size": 3}, "max_team_size"),
    ({"module_count": 0}, "module_count"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"contact_email": "not an email"}, "contact_email"),
    ({"title": "  "}, "title"),
    ({"deadline": dt.datetime(2027, 6, 7, 10, 0)}, "deadline"),  # naive: no zone
])
def test_an_offering_that_does_not_add_up_is_refused(world, change, field):
    with pytest.raises(ValidationError) as exc:
        actions.create_offering(nea(world), by=None, **values(**change))
    assert field in exc.value.error_dict


def test_only_who_runs_the_course_there_creates_offerings(world):
    state = world.local.parent
    # National staff: for the nation and its states.
    actions.create_offering(nea(world), by=world.users["course"], **values())
    actions.create_offering(state, by=world.users["course"], **values())
    # State staff: for their state only.
    actions.create_offering(state, by=world.users["state"], **values())
    with pytest.raises(PermissionDenied):
        actions.create_offering(nea(world), by=world.users["state"], **values())
    for persona in ("admin", "officer", "coordinator", "facilitator", "member"):
        with pytest.raises(PermissionDenied):
            actions.create_offering(nea(world), by=world.users[persona], **values())
    # A local never runs the course, whoever asks.
    with pytest.raises(ValidationError):
        actions.create_offering(world.local, by=None, **values())


def test_facilitators_are_existing_accounts(world):
    offering = actions.create_offering(
        nea(world), by=None, facilitators="FACILITATOR@example.org\n", **values())
    assert list(offering.facilitators.all()) == [world.users["facilitator"]]
    with pytest.raises(ValidationError) as exc:
        actions.set_facilitators(offering, ["nobody@example.org"], by=world.users["course"])
    assert "nobody@example.org" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        actions.set_facilitators(offering, [], by=world.users["facilitator"])
    actions.set_facilitators(offering, [], by=world.users["course"])
    assert not offering.facilitators.exists()


def test_changing_the_start_moves_the_modules_not_yet_released(world):
    offering = actions.create_offering(nea(world), by=None, **values())
    first = offering.modules.get(number=1)
    first.released_at = dt.datetime(2027, 7, 12, 13, tzinfo=dt.UTC)
    first.save()
    later = STARTS_ON + dt.timedelta(weeks=1)
    actions.update_offering(offering, by=world.users["course"], starts_on=later,
                            module_count=6)
    days = dict(offering.modules.values_list("number", "releases_on"))
    assert days[1] == STARTS_ON  # released already: stays
    assert days[2] == later + dt.timedelta(weeks=2) and days[6] == later + dt.timedelta(weeks=10)
    actions.update_offering(offering, by=None, module_count=2)
    assert offering.modules.count() == 2
    with pytest.raises(ValidationError):
        actions.update_offering(offering, by=None, module_count=0)


def test_a_module_with_activities_is_not_dropped(world):
    from unionhall.mentoring.models import Activity

    offering = actions.create_offering(nea(world), by=None, **values())
    Activity.objects.create(module=offering.modules.get(number=5), kind="self_study",
                            title="Read the guide")
    with pytest.raises(ValidationError) as exc:
        actions.update_offering(offering, by=None, module_count=4)
    assert "Module 5" in exc.value.messages[0]
    assert offering.modules.count() == 5


def test_publishing(world):
    offering = actions.create_offering(nea(world), by=None, **values())
    with pytest.raises(PermissionDenied):
        actions.publish_offering(offering, by=world.users["facilitator"])
    actions.publish_offering(offering, by=None, now=OPENS)
    offering.refresh_from_db()
    assert offering.status == "published" and offering.published_at == OPENS
    with pytest.raises(ValidationError):
        actions.publish_offering(offering, by=None, now=OPENS)
    late = actions.create_offering(nea(world), by=None, **values())
    with pytest.raises(ValidationError):
        actions.publish_offering(late, by=None, now=DEADLINE)


def test_format_moment_reads_as_announced():
    assert actions.format_moment(DEADLINE, "America/New_York") == \
        "Monday, June 7, 2027, 10:00 AM EDT"
    assert actions.format_moment(DEADLINE, "America/Chicago") == \
        "Monday, June 7, 2027, 9:00 AM CDT"
    assert actions.format_moment(DEADLINE, "America/Phoenix") == \
        "Monday, June 7, 2027, 7:00 AM MST"


# --- the pages ------------------------------------------------------------------------------


def test_course_staff_create_an_offering_on_the_page(world, as_user):
    client = as_user("course")
    page = client.get(reverse("course_new")).content.decode()
    assert 'type="date"' in page and 'type="time"' in page and "America/Chicago" in page
    response = client.post(reverse("course_new"), {
        **form_data(time_zone="America/Chicago"), "affiliate": nea(world).pk})
    offering = CourseOffering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("course_detail", args=[offering.slug])
    # 10:00 in Chicago is 11:00 in New York.
    assert offering.deadline == dt.datetime(2027, 6, 7, 11, 0, tzinfo=EASTERN)
    assert offering.time_zone == "America/Chicago" and offering.modules.count() == 5
    assert list(offering.facilitators.all()) == [world.users["facilitator"]]
    detail = client.get(response["Location"]).content.decode()
    assert "Monday, June 7, 2027, 10:00 AM CDT" in detail and "Publish" in detail


def test_state_staff_choose_only_their_state(world, as_user):
    page = as_user("state").get(reverse("course_new")).content.decode()
    assert "State EA" in page and "National Education Association" not in page
    response = as_user("state").post(reverse("course_new"), {
        **form_data(), "affiliate": nea(world).pk})
    assert response.status_code == 200 and not CourseOffering.objects.exists()


def test_a_mistake_comes_back_on_the_form(world, as_user):
    response = as_user("course").post(reverse("course_new"), {
        **form_data(notify_on="2027-06-01", facilitators="ghost@example.org"),
        "affiliate": nea(world).pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Teams are told after the deadline" in page
    assert not CourseOffering.objects.exists()


def test_editing_and_publishing_on_the_pages(world, as_user):
    offering = make_offering(world, publish=False)
    client = as_user("course")
    page = client.get(reverse("course_edit", args=[offering.slug])).content.decode()
    assert "facilitator@example.org" in page
    response = client.post(reverse("course_edit", args=[offering.slug]),
                           form_data(title="Spring cohort", facilitators=""))
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "Spring cohort" and not offering.facilitators.exists()
    assert offering.deadline == DEADLINE
    client.post(reverse("course_publish", args=[offering.slug]))
    offering.refresh_from_db()
    assert offering.status == "published"


def test_a_draft_is_only_for_who_runs_it(world, as_user):
    offering = make_offering(world, publish=False)
    url = reverse("course_detail", args=[offering.slug])
    assert as_user("course").get(url).status_code == 200
    assert as_user("facilitator").get(url).status_code == 200
    for persona in ("member", "officer", "coordinator", "state", "admin", "outsider"):
        assert as_user(persona).get(url).status_code == 404, persona
    assert offering.title not in as_user("officer").get(reverse("course_list")).content.decode()


def test_the_list_shows_the_deadline_as_announced_and_in_the_viewers_zone(world, as_user):
    fixed_offering(world)
    page = as_user("member").get(reverse("course_list")).content.decode()
    assert "Monday, June 7, 2027, 10:00 AM EDT" in page
    assert "Lakeview ESP" in page and "Monday, June 7, 2027, 9:00 AM CDT" in page


def test_who_sees_which_offering_in_the_list(world, as_user):
    national = fixed_offering(world, title="National spring course")
    state_draft = make_offering(world, publish=False, affiliate=world.local.parent,
                                title="State fall course")
    other_state = make_local("faraway", "Faraway ESP",
                             state=type(world.local.parent).objects.create(
                                 kind="state", slug="other-state", name="Other State EA",
                                 parent=nea(world), time_zone="America/Denver"))
    theirs = make_offering(world, affiliate=other_state.parent, title="Other state course")

    def titles(persona):
        page = as_user(persona).get(reverse("course_list")).content.decode()
        return {o.title for o in (national, state_draft, theirs) if o.title in page}

    assert titles("member") == {"National spring course"}
    assert titles("coordinator") == {"National spring course"}
    assert titles("officer") == {"National spring course"}
    # State staff run their state's course: its draft, not the nation's or another state's.
    assert titles("state") == {"State fall course"}
    # National staff run them all.
    assert titles("course") == {"National spring course", "State fall course",
                                "Other state course"}
    # The facilitator facilitates all three (the rows' builder makes them one of each).
    assert titles("facilitator") == {"National spring course", "State fall course",
                                     "Other state course"}
    # Someone with no local and no course role sees none (but may still open a published
    # offering's page from a link: it is a public call).
    client = as_user(None)
    client.force_login(make_user("stranger@example.org"))
    page = client.get(reverse("course_list")).content.decode()
    assert "National spring course" not in page
    assert client.get(reverse("course_detail", args=[national.slug])).status_code == 200


def test_a_state_offering_is_run_by_national_and_that_states_staff_only(world, as_user):
    state_offering = make_offering(world, affiliate=world.local.parent)
    edit = reverse("course_edit", args=[state_offering.slug])
    assert as_user("state").get(edit).status_code == 200
    assert as_user("course").get(edit).status_code == 200
    national = make_offering(world)
    assert as_user("state").get(reverse("course_edit", args=[national.slug])).status_code == 403
    assert as_user("state").get(reverse("course_review", args=[national.slug])).status_code \
        == 403


def test_course_staff_without_two_factor_are_sent_to_set_it_up(world, client):
    user = make_user("nomfa@example.org", roles=[(nea(world), "national_staff")], mfa=False)
    client.force_login(user)
    offering = make_offering(world)
    for url in (reverse("course_new"), reverse("course_edit", args=[offering.slug]),
                reverse("course_review", args=[offering.slug])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_required")), url


def test_the_description_is_markdown_made_safe(world, as_user):
    offering = make_offering(world, description="**Bold** <script>alert(1)</script> "
                                                "[x](javascript:alert(2))")
    page = as_user("member").get(reverse("course_detail", args=[offering.slug])).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page and 'href="javascript' not in page


def test_the_title_is_escaped(world, as_user):
    make_offering(world, title="<img src=x onerror=alert(1)>")
    page = as_user("member").get(reverse("course_list")).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_the_learning_link_shows_only_where_the_learning_pages_exist(world, as_user):
    from django.urls import NoReverseMatch

    offering = make_offering(world)
    page = as_user("course").get(reverse("course_detail", args=[offering.slug])).content.decode()
    try:
        url = reverse("learning_home", kwargs={"offering_slug": offering.slug})
    except NoReverseMatch:
        assert "Modules, activities" not in page
    else:
        assert url in page


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["course", "coordinator", "member"])
def test_list_queries_do_not_grow(world, as_user, persona):
    client = as_user(persona)
    url = reverse("course_list")
    fixed_offering(world)
    count(client, url)
    before = count(client, url)
    for i in range(4):
        offering = make_offering(world, title=f"Course {i}")
        make_team_application(world, offering)
        make_offering(world, publish=False, title=f"Draft {i}")
    assert count(client, url) == before


def test_detail_queries_do_not_grow_with_modules(world, as_user):
    offering = make_offering(world)
    client = as_user("coordinator")
    url = reverse("course_detail", args=[offering.slug])
    count(client, url)
    before = count(client, url)
    make_team_application(world, offering)
    actions.update_offering(offering, by=None, module_count=10)
    assert Module.objects.filter(offering=offering).count() == 10
    assert count(client, url) <= before + 2  # the application and its team, once

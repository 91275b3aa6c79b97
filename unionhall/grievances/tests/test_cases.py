"""Opening and working a case: steps, answers, extensions, notes, close; the pages for it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.factories import make_user
from unionhall.core.models import AuditEntry
from unionhall.grievances import actions, queries
from unionhall.grievances.models import Grievance, TimelineEntry
from unionhall.grievances.tests.helpers import D, open_case, set_up_local

pytestmark = pytest.mark.django_db


def test_cases_are_numbered_per_local_and_year(world, today):
    set_up_local(world.local)
    assert [open_case(world).number for _ in range(3)] == ["2026-001", "2026-002", "2026-003"]
    today(D(2027, 1, 5))
    assert open_case(world).number == "2027-001"


def test_the_grievants_worksite_and_job_family_are_the_defaults(world, today):
    set_up_local(world.local)
    case = open_case(world)
    assert case.worksite == world.site_b
    assert case.job_family == world.people_b[1].job_class.family


def test_a_steward_opens_cases_only_at_their_worksites(world, today):
    set_up_local(world.local)
    steward = world.users["steward"]  # steward of site_b
    case = actions.open_grievance(
        world.local, by=steward, grievants=[world.people_b[2]], title="Break denied",
        grievant_kind="person", what_happened="No lunch break.", remedy_sought="Pay.",
        incident_on=D(2026, 12, 1), learned_on=None, articles=["9.1"], worksite=None,
        job_family=None, group_name="")
    assert list(case.stewards.all()) == [steward]  # who opens the case works it
    with pytest.raises(PermissionDenied):
        actions.open_grievance(
            world.local, by=steward, grievants=[world.people_a[2]], title="Elsewhere",
            grievant_kind="person", what_happened="x", remedy_sought="y",
            incident_on=D(2026, 12, 1), learned_on=None, articles=[], worksite=None,
            job_family=None, group_name="")
    with pytest.raises(PermissionDenied):
        actions.open_grievance(
            world.local, by=world.users["admin"], grievant_kind="union", title="Class",
            what_happened="x", remedy_sought="y", incident_on=D(2026, 12, 1), learned_on=None,
            articles=[], worksite=None, job_family=None, group_name="")


@pytest.mark.parametrize("change, message", [
    ({"incident_on": D(2026, 12, 11)}, "future"),
    ({"learned_on": D(2026, 12, 1), "incident_on": D(2026, 12, 3)}, "before it happened"),
    ({"grievant_kind": "group", "group_name": ""}, None),
    ({"title": "  "}, "title"),
])
def test_bad_case_details_are_refused(world, today, change, message):
    set_up_local(world.local)
    if change.get("grievant_kind") == "group":
        case = open_case(world, **change)  # a group may be named by its members alone
        assert case.grievant_kind == "group"
        return
    with pytest.raises(ValidationError, match=message):
        open_case(world, **change)
    assert not Grievance.objects.exists()


def test_steps_answers_and_due_dates(world, today):
    set_up_local(world.local)
    case = open_case(world)
    steward = world.users["steward"]
    [entry] = queries.deadlines([case], local=world.local)
    step1 = entry.rows[0]
    assert step1.due.due == D(2027, 1, 4)  # 10 working days from Dec 7, over winter break
    assert step1.due.closed == [(D(2026, 12, 21), D(2027, 1, 1))]
    assert entry.rows[1].due.waiting_for == "answer"
    with pytest.raises(ValidationError, match="filed"):
        actions.record_answer(case, 1, D(2026, 12, 9), by=steward)
    with pytest.raises(ValidationError, match="Record step 1 first"):
        actions.record_filing(case, 2, D(2026, 12, 9), by=steward)
    actions.record_filing(case, 1, D(2026, 12, 8), by=steward)
    with pytest.raises(ValidationError, match="before the filing"):
        actions.record_answer(case, 1, D(2026, 12, 7), by=steward)
    actions.record_answer(case, 1, D(2026, 12, 10), "Denied: no violation.", by=steward)
    case.refresh_from_db()
    assert case.filed_on == D(2026, 12, 8)
    [entry] = queries.deadlines([case], local=world.local)
    assert entry.rows[1].due.due == D(2027, 1, 7)  # Dec 11, 14–18, then Jan 4–7
    assert entry.pending.due.rule.position == 2


def test_extension_replaces_the_due_date_until_filed(world, today):
    set_up_local(world.local)
    case = open_case(world)
    steward = world.users["steward"]
    actions.extend_deadline(case, 1, new_due=D(2027, 1, 15), agreed_on=D(2026, 12, 10),
                            agreed_with="Dana Ruiz, HR director", by=steward)
    [entry] = queries.deadlines([case], local=world.local)
    assert entry.rows[0].due.due == D(2027, 1, 15)
    assert entry.rows[0].due.computed == D(2027, 1, 4)
    with pytest.raises(ValidationError, match="after the day"):
        actions.extend_deadline(case, 1, new_due=D(2026, 12, 1), agreed_on=D(2026, 12, 10),
                                agreed_with="HR", by=steward)
    actions.record_filing(case, 1, D(2026, 12, 10), by=steward)
    with pytest.raises(ValidationError, match="already been filed"):
        actions.extend_deadline(case, 1, new_due=D(2027, 2, 1), agreed_on=D(2026, 12, 10),
                                agreed_with="HR", by=steward)


def test_close_and_reopen(world, today):
    set_up_local(world.local)
    case = open_case(world)
    actions.close_grievance(case, outcome="settled", closed_on=D(2026, 12, 10),
                            remedy_obtained="8 hours' pay.", by=world.users["steward"])
    with pytest.raises(ValidationError, match="closed"):
        actions.record_filing(case, 1, D(2026, 12, 10), by=world.users["steward"])
    with pytest.raises(PermissionDenied):
        actions.reopen_grievance(case, by=world.users["steward"])
    actions.reopen_grievance(case, by=world.users["officer"])
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("open", "", None)


def test_the_timeline_is_append_only_and_told_in_the_readers_language(world, today):
    set_up_local(world.local)
    case = open_case(world)
    actions.record_filing(case, 1, D(2026, 12, 8), by=world.users["steward"])
    entry = case.timeline.get(text="filed")
    entry.text = "something else"
    with pytest.raises(ValueError):
        entry.save()
    from django.utils import translation

    from unionhall.grievances.events import describe

    entry = case.timeline.get(text="filed")
    assert describe(entry) == "Step 1: supervisor filed on Dec. 8, 2026."
    with translation.override("es"):
        assert "8 de diciembre de 2026" in describe(entry)


def test_assigning_stewards_is_for_the_chair_and_officers(world, today):
    set_up_local(world.local)
    case = open_case(world)
    chair = make_user("chair@example.org", roles=[(world.local, "grievance_chair")])
    rep = world.users["rep"]
    with pytest.raises(PermissionDenied):
        actions.assign_stewards(case, [world.users["steward"]], by=world.users["steward"])
    with pytest.raises(ValidationError, match="Only stewards"):
        actions.assign_stewards(case, [rep], by=chair)
    actions.assign_stewards(case, [chair], by=chair)
    assert list(case.stewards.all()) == [chair]
    assert AuditEntry.objects.filter(verb="grievance.stewards_assigned").exists()


# --- Pages ------------------------------------------------------------------------------------


def _post_new(client, world, **extra):
    data = {"title": "Overtime out of order", "grievant_kind": "person",
            "grievants": world.people_b[1].employee_id, "what_happened": "x",
            "remedy_sought": "y", "incident_on": "2026-12-03", "learned_on": "2026-12-07",
            "articles": "12.3, 14"}
    data.update(extra)
    return client.post("/l/lakeview/grievances/new/", data)


def test_a_steward_opens_and_works_a_case_in_the_pages(world, as_user, today):
    set_up_local(world.local)
    client = as_user("steward")
    response = _post_new(client, world)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Mon, Jan. 4, 2027" in page and "Winter break" in page
    client.post("/l/lakeview/grievances/2026-001/steps/1/file/", {"f1-filed_on": "2026-12-08"})
    response = client.post("/l/lakeview/grievances/2026-001/steps/1/answer/",
                           {"a1-answered_on": "2026-12-10", "a1-answer": "Denied."})
    assert response.url.endswith("#step-1")
    page = client.get("/l/lakeview/grievances/2026-001/").content.decode()
    assert "Thu, Jan. 7, 2027" in page
    response = client.post("/l/lakeview/grievances/2026-001/steps/2/answer/",
                           {"a2-answered_on": "2026-12-10"})
    page = client.get("/l/lakeview/grievances/2026-001/").content.decode()
    assert "Record when Step 2: human resources was filed" in page


def test_a_grievant_named_twice_or_unknown_is_reported_and_nothing_opened(world, as_user,
                                                                       today):
    set_up_local(world.local)
    response = _post_new(as_user("steward"), world, grievants="Nobody Atall")
    assert response.status_code == 400
    assert "Nobody Atall" in response.content.decode()
    assert not Grievance.objects.exists()


def test_a_future_incident_is_a_message_not_an_error_page(world, as_user, today):
    set_up_local(world.local)
    response = _post_new(as_user("steward"), world, incident_on="2027-03-01", learned_on="")
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_notes_are_shared_only_when_marked(world, today):
    set_up_local(world.local)
    case = open_case(world)
    steward = Client()
    steward.force_login(world.users["steward"])
    steward.post(f"/l/lakeview/grievances/{case.number}/notes/",
                 {"n-text": "Supervisor admitted it in the hallway."})
    steward.post(f"/l/lakeview/grievances/{case.number}/notes/",
                 {"n-text": "Meeting with HR on Tuesday.", "n-shared": "on"})
    assert TimelineEntry.objects.filter(kind="note").count() == 2
    grievant_user = make_user("grievant@example.org", person=world.people_b[1], mfa=False)
    grievant = Client()
    grievant.force_login(grievant_user)
    page = grievant.get(f"/l/lakeview/grievances/{case.number}/").content.decode()
    assert "Meeting with HR on Tuesday." in page
    assert "Supervisor admitted" not in page
    assert case.number in grievant.get("/").content.decode()


def test_home_page_lists_overdue_and_due_this_week(world, as_user, today):
    set_up_local(world.local)
    open_case(world, learned_on=D(2026, 11, 20), incident_on=D(2026, 11, 20))  # due Dec 4
    open_case(world, learned_on=D(2026, 12, 1), incident_on=D(2026, 12, 1))  # due Dec 15
    open_case(world)  # due Jan 4
    page = as_user("steward").get("/").content.decode()
    overdue, soon = page.split("Overdue")[1].split("Due this week")
    assert "2026-001" in overdue and "2026-002" in soon and "2026-003" not in page


def test_list_and_case_pages_make_a_fixed_number_of_queries(world, as_user, today,
                                                            django_assert_max_num_queries):
    set_up_local(world.local)
    client = as_user("officer")

    def load():
        client.get("/l/lakeview/grievances/")

    for _ in range(2):
        open_case(world)
    with django_assert_max_num_queries(25) as few:
        load()
    for _ in range(8):
        case = open_case(world)
        actions.record_filing(case, 1, D(2026, 12, 8), by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        load()
    with django_assert_max_num_queries(40) as detail:
        client.get(f"/l/lakeview/grievances/{case.number}/")
    assert len(detail.captured_queries) < 40

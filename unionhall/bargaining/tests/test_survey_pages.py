"""The survey's pages: who may see and do what, drafting, answering on the form, the results
with their charts and privacy rules, the CSV, and the query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, WorksiteFactory, job_class
from tests.matrix_bargaining_survey import close_survey, make_survey
from unionhall.bargaining.actions.survey import answer_survey
from unionhall.bargaining.models import Survey, SurveyResponse

LOGIN = "login"


def url(name, survey=None):
    kwargs = {"local_slug": "lakeview"}
    if survey is not None:
        kwargs["pk"] = survey.pk
    return reverse(name, kwargs=kwargs)


def fill(survey, person, ranks, rally="Yes", written=""):
    p = {x.label: x.pk for x in survey.priorities.all()}
    q = [x.pk for x in survey.questions.all()]
    return answer_survey(survey, person, by=None, ranks={p[k]: v for k, v in ranks.items()},
                         answers={q[0]: rally, q[2]: written})


# --- drafting -------------------------------------------------------------------------------


def formset(*questions):
    data = {"q-TOTAL_FORMS": str(len(questions)), "q-INITIAL_FORMS": "0",
            "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "20"}
    for i, q in enumerate(questions):
        data.update({f"q-{i}-{k}": v for k, v in q.items()})
    return data


def test_team_drafts_edits_and_publishes_on_the_pages(world, as_user):
    client = as_user("team")
    page = client.get(url("survey_new"))
    assert 'type="datetime-local"' in page.content.decode()
    response = client.post(url("survey_new"), {
        "title": "2027 bargaining priorities", "intro": "Tell us.",
        "opens_at": "2030-03-01T06:00", "closes_at": "2030-03-15T18:00",
        "priorities": "Wages\nSick leave\n\nJob security",
        **formset({"text": "Which shift do you work?", "kind": "choice",
                   "choices": "Day\nNight", "required": "on"},
                  {"text": "", "kind": "text", "choices": ""})})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("survey_detail", survey)
    assert survey.status == "draft"
    # Entered in the local's time (Chicago): 6:00 there is 12:00 UTC in March.
    assert survey.opens_at.hour == 12
    assert list(survey.priorities.values_list("label", flat=True)) == [
        "Wages", "Sick leave", "Job security"]
    assert survey.questions.get().choices == ["Day", "Night"]

    page = client.get(url("survey_edit", survey)).content.decode()
    assert "2030-03-01T06:00" in page and "Which shift do you work?" in page
    detail = client.get(url("survey_detail", survey)).content.decode()
    assert "Preview" in detail and "Draft" in detail

    response = client.post(url("survey_publish", survey))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == "published"
    page = client.get(url("survey_edit", survey)).content.decode()
    assert 'name="priorities"' not in page and "stay as they are" in page
    response = client.post(url("survey_edit", survey), {
        "title": "2027 priorities", "intro": "", "opens_at": "2030-03-01T06:00",
        "closes_at": "2030-03-20T18:00", "priorities": "Something else"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "2027 priorities" and survey.priorities.count() == 3


def test_drafting_mistakes_show_on_the_form(world, as_user):
    client = as_user("team")
    response = client.post(url("survey_new"), {
        "title": "X", "opens_at": "2030-03-15T06:00", "closes_at": "2030-03-01T06:00",
        "priorities": "Wages", **formset()})
    assert response.status_code == 200
    assert "must close after it opens" in response.content.decode()
    assert not Survey.objects.exists()


def test_publishing_an_incomplete_draft_says_why(world, as_user):
    survey = make_survey(world.local, "draft", priorities=["Wages"])
    client = as_user("team")
    response = client.post(url("survey_publish", survey), follow=True)
    assert "at least two priorities" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_members_do_not_see_drafts(world, as_user):
    draft = make_survey(world.local, "draft", title="Secret draft")
    make_survey(world.local, "open", title="Open survey")
    client = as_user("member")
    page = client.get(url("survey_list")).content.decode()
    assert "Open survey" in page and "Secret draft" not in page
    assert client.get(url("survey_detail", draft)).status_code == 404
    assert client.get(url("survey_results", draft)).status_code == 404
    team_page = as_user("team").get(url("survey_list")).content.decode()
    assert "Secret draft" in team_page and "0 responses" in team_page


@pytest.mark.parametrize("name,method", [("survey_edit", "get"), ("survey_edit", "post"),
                                         ("survey_publish", "post"),
                                         ("survey_results_csv", "get")])
@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state"])
def test_members_cannot_edit_publish_or_download(world, as_user, name, method, persona):
    survey = make_survey(world.local, "draft" if name != "survey_results_csv" else "closed")
    response = getattr(as_user(persona), method)(url(name, survey))
    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.status == ("draft" if name != "survey_results_csv" else "published")


# --- answering ------------------------------------------------------------------------------


def test_member_answers_on_the_form_and_changes_it(world, as_user):
    survey = make_survey(world.local)
    p = {x.label: x.pk for x in survey.priorities.all()}
    q = [x.pk for x in survey.questions.all()]
    client = as_user("member")
    page = client.get(url("survey_detail", survey)).content.decode()
    assert "Not ranked" in page and ">1st<" in page and ">4th<" in page and ">5th<" not in page
    assert f'<label for="id_p{p["Wages"]}">Wages:</label>' in page

    data = {f"p{p['Wages']}": "2", f"p{p['Health insurance']}": "2",
            f"p{p['Paid training time']}": "1", f"q{q[0]}": "Yes"}
    response = client.post(url("survey_detail", survey), data)
    assert response.status_code == 200
    assert "You gave rank 2 to two priorities" in response.content.decode()
    assert not SurveyResponse.objects.exists()

    data[f"p{p['Health insurance']}"] = ""
    data[f"q{q[1]}"] = "2"
    response = client.post(url("survey_detail", survey), data)
    assert response.status_code == 302
    page = client.get(url("survey_detail", survey)).content.decode()
    assert "your answers are saved" in page and "You answered on" in page
    assert '<option value="2" selected>2nd</option>' in page
    assert f'value="2" id="id_q{q[1]}_1" checked' in page

    data[f"p{p['Wages']}"] = ""
    client.post(url("survey_detail", survey), data)
    response = SurveyResponse.objects.get()
    assert list(response.rankings.values_list("priority__label", flat=True)) == [
        "Paid training time"]


def test_a_required_question_left_empty_shows_on_the_form(world, as_user):
    survey = make_survey(world.local)
    p = survey.priorities.first()
    response = as_user("member").post(url("survey_detail", survey), {f"p{p.pk}": "1"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_who_is_not_in_the_unit_is_told_so(world, as_user):
    survey = make_survey(world.local)
    client = as_user("steward")  # no Person of their own in the local
    page = client.get(url("survey_detail", survey)).content.decode()
    assert "Only people in the bargaining unit" in page and "Send my answers" not in page
    response = client.post(url("survey_detail", survey), {}, follow=True)
    assert "Only people in the bargaining unit" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_closed_survey_says_so_and_links_the_results(world, as_user):
    survey = make_survey(world.local, "closed")
    client = as_user("member")
    page = client.get(url("survey_detail", survey)).content.decode()
    assert "Closed" in page and "Send my answers" not in page
    assert url("survey_results", survey) in page
    response = client.post(url("survey_detail", survey), {}, follow=True)
    assert "This survey is closed" in response.content.decode()


def test_open_survey_has_no_results_link_for_members(world, as_user):
    survey = make_survey(world.local)
    page = as_user("member").get(url("survey_detail", survey)).content.decode()
    assert url("survey_results", survey) not in page
    assert as_user("member").get(url("survey_results", survey)).status_code == 403
    assert url("survey_results", survey) in as_user("team").get(
        url("survey_detail", survey)).content.decode()


# --- results --------------------------------------------------------------------------------


def respondents(world, n, site=None, family="paraeducators", title=None):
    site = site or world.site_a
    jc = job_class(world.local, title or f"{family} {site.pk} {n}", family)
    return [PersonFactory(local=world.local, worksite=site, job_class=jc) for _ in range(n)]


def answered_survey(world):
    """Six paras at Alder put training first; six bus drivers at the terminal, bus route time;
    two custodians at Birch and three cooks at the kitchen: too few to show on their own (but
    five together, so nothing else needs holding back)."""
    survey = make_survey(world.local, priorities=[
        "Wages", "Paid training time", "Bus route time", "Sick leave"])
    terminal = WorksiteFactory(local=world.local, name="Bus terminal", kind="transportation")
    kitchen = WorksiteFactory(local=world.local, name="Central kitchen", kind="nutrition")
    for person in respondents(world, 6):
        fill(survey, person, {"Paid training time": 1, "Wages": 2}, written="=1+1 training")
    for person in respondents(world, 6, terminal, "transportation"):
        fill(survey, person, {"Bus route time": 1, "Wages": 2}, rally="Maybe")
    for person in respondents(world, 2, world.site_b, "custodial"):
        fill(survey, person, {"Sick leave": 1}, rally="No", written="Mop carts are broken")
    for person in respondents(world, 3, kitchen, "food"):
        fill(survey, person, {"Sick leave": 1, "Wages": 2}, rally="No")
    return survey


def test_results_for_the_team_while_open(world, as_user):
    survey = answered_survey(world)
    page = as_user("team").get(url("survey_results", survey)).content.decode()
    assert "Results so far" in page
    assert 'role="img"' in page and "Priorities of everyone who answered" in page
    assert '<span class="stat">17</span> responses' in page
    # By job family (the default): each group's chart, table and top 3.
    assert "Paraeducators" in page and "Transportation Services" in page
    assert "Top 3:" in page and "1. Paid training time" in page and "1. Bus route time" in page
    assert "Fewer than 5 responses: not shown, to keep answers anonymous" in page
    # The team reads the written answers, without names.
    assert "Mop carts are broken" in page
    assert "8 written answers" in page
    assert world.people_a[0].legal_last_name not in page
    worksite_page = as_user("team").get(url("survey_results", survey) + "?by=worksite")
    text = worksite_page.content.decode()
    assert "Bus terminal" in text and "Alder Elementary" in text
    assert 'aria-current="page">By worksite' in text


def test_members_see_results_after_close_without_written_answers(world, as_user):
    survey = answered_survey(world)
    close_survey(survey)
    page = as_user("member").get(url("survey_results", survey)).content.decode()
    assert "Results so far" not in page
    assert "Paid training time" in page and "Top 3:" in page
    assert "Mop carts are broken" not in page and "=1+1 training" not in page
    assert "read by the bargaining team only" in page
    assert "Download as CSV" not in page
    assert "How respected do you feel" in page and "Average" not in page  # nobody answered


def test_results_of_fewer_than_five_are_not_shown_to_members(world, as_user):
    survey = make_survey(world.local)
    for person in respondents(world, 3):
        fill(survey, person, {"Wages": 1})
    close_survey(survey)
    page = as_user("member").get(url("survey_results", survey)).content.decode()
    assert "Fewer than 5 responses: not shown" in page and 'role="img"' not in page
    assert 'role="img"' in as_user("team").get(url("survey_results", survey)).content.decode()


def count_queries(client, address):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona,by", [("team", "family"), ("team", "worksite"),
                                        ("member", "worksite")])
def test_results_page_queries_do_not_grow(world, as_user, persona, by):
    survey = answered_survey(world)
    client = as_user(persona)
    address = url("survey_results", survey) + f"?by={by}"
    if persona == "member":
        close_survey(survey)
    count_queries(client, address)
    before = count_queries(client, address)
    if persona == "member":
        survey.closes_at = survey.closes_at.replace(year=survey.closes_at.year + 1)
        Survey.objects.filter(pk=survey.pk).update(closes_at=survey.closes_at)
    for family in ("food", "clerical"):
        site = WorksiteFactory(local=world.local)
        for person in respondents(world, 7, site, family):
            fill(survey, person, {"Sick leave": 1, "Wages": 2, "Bus route time": 3},
                 written="More hours")
    if persona == "member":
        close_survey(survey)
    assert count_queries(client, address) == before


def test_list_page_queries_do_not_grow(world, as_user):
    client = as_user("member")
    make_survey(world.local)
    count_queries(client, url("survey_list"))
    before = count_queries(client, url("survey_list"))
    for i in range(4):
        survey = make_survey(world.local, title=f"Survey {i}")
        fill(survey, world.people_a[0], {"Wages": 1})
    make_survey(world.local, "closed")
    assert count_queries(client, url("survey_list")) == before


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_is_formula_safe_and_has_no_names(world, as_user):
    survey = make_survey(world.local, "draft")
    from unionhall.bargaining.actions.survey import update_survey

    update_survey(survey, by=None, title=survey.title, opens_at=survey.opens_at,
                  closes_at=survey.closes_at,
                  priorities=["=HYPERLINK(\"http://x\")", "Wages", "+Sick leave"],
                  questions=[{"text": "@Rally?", "kind": "choice",
                              "choices": ["-Yes", "No"], "required": True},
                             {"text": "Else?", "kind": "text"}])
    from unionhall.bargaining.actions.survey import publish_survey

    publish_survey(survey, by=None)
    p = {x.label: x.pk for x in survey.priorities.all()}
    q = [x.pk for x in survey.questions.all()]
    people = respondents(world, 6)
    for person in people:
        answer_survey(survey, person, by=None, ranks={p["Wages"]: 1},
                      answers={q[0]: "-Yes", q[1]: "=cmd|' /C calc'!A0"})
    response = as_user("team").get(url("survey_results_csv", survey))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'+Sick leave" in cells
    assert "'@Rally?" in cells and "'-Yes" in cells and "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    body = response.content.decode()
    for person in people:
        assert person.legal_last_name not in body and person.personal_email not in body
    assert rows[0][:3] == ["Section", "Group", "Priority or question"]
    wages = next(r for r in rows if r[1] == "Everyone" and r[2] == "Wages")
    assert wages[4:9] == ["6", "1", "3.00", "6", "6"]


def test_csv_holds_back_small_groups(world, as_user):
    survey = answered_survey(world)
    rows = read_csv(as_user("officer").get(url("survey_results_csv", survey)))
    held = [r for r in rows if "Fewer than 5 responses" in r[2]]
    groups = {r[1] for r in held}
    assert groups == {"Custodial and Maintenance Services", "Food Services",
                      "Birch Middle School", "Central kitchen"}
    assert not any(r[1] == "Custodial and Maintenance Services" and r[2] == "Sick leave"
                   for r in rows)
    assert any(r[1] == "Paraeducators" and r[2] == "Paid training time" for r in rows)
    # Every written answer is in the CSV, without a name.
    assert sum(1 for r in rows if r[3] == "Mop carts are broken") == 2

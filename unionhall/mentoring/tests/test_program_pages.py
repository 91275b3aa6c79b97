"""The program's pages as people use them: the home for a member and for the coordinator,
signing up on a phone, the coordinator's enrolments, the criteria, the matching page with its
reasons, changes by hand, publishing, and what each role may see."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, make_local, make_user
from tests.matrix_mentoring_program import enrol, make_cycle, make_program
from unionhall.core.models import AuditEntry, JobFamily
from unionhall.mentoring.actions import program as actions
from unionhall.mentoring.models import AdvisoryMember, Cycle, Enrollment, Match


def url(name, *args):
    return reverse(name, args=["lakeview", *args])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def closed(world):
    """Registration closed: a paraeducator mentor who speaks Spanish and is strong in
    communication and technology, and a mentee with three goals."""
    cycle = make_cycle(world, open=False)
    mentor = enrol(cycle, world.people_b[0], "mentor", capacity=2, languages=["en", "es"],
                   standards=["communication", "technology", "reporting"])
    mentee = enrol(cycle, world.people_a[0], languages=["es"],
                   standards=["communication", "technology", "ethics"])
    return cycle, mentor, mentee


# --- the home ---------------------------------------------------------------------------------


def test_home_without_a_program(world, as_user):
    page = text(as_user("member").get(url("mentoring_home")))
    assert "no mentoring program yet" in page and "Set up the program" not in page
    page = text(as_user("coordinator").get(url("mentoring_home")))
    assert reverse("mentoring_program_edit", args=["lakeview"]) in page


def test_a_member_sees_the_open_cycle_and_signs_up(world, as_user):
    cycle = make_cycle(world)
    page = text(as_user("member").get(url("mentoring_home")))
    assert "Sign up as a mentee" in page and "Sign up as a mentor" in page
    assert "Running the program" not in page
    assert "Registration is open until" in page
    enrol_url = url("mentoring_enrol", cycle.pk)
    assert f"{enrol_url}?as=mentee" in page


@pytest.mark.parametrize("persona", ["steward", "admin", "state", "course"])
def test_who_has_no_person_of_their_own_cannot_sign_up(world, as_user, persona):
    cycle = make_cycle(world)
    page = text(as_user(persona).get(url("mentoring_home")))
    assert "Sign up as a mentee" not in page
    assert "for people in the bargaining unit with their own sign-in" in page
    assert as_user(persona).get(url("mentoring_enrol", cycle.pk)).status_code == 403


def test_the_coordinator_sees_the_cycles_with_counts_and_links(world, as_user, closed):
    cycle, mentor, mentee = closed
    actions.propose_matches(cycle, by=None)
    page = text(as_user("coordinator").get(url("mentoring_home")))
    assert "Running the program" in page
    assert "Mentors</dt><dd>1 (2 places)" in page
    assert "Mentees</dt><dd>1</dd>" in page
    assert "Matched</dt><dd>1 (0 published)" in page
    for name in ("mentoring_enrolments", "mentoring_criteria", "mentoring_matching",
                 "mentoring_results"):
        assert url(name, cycle.pk) in page
    # The member persona is enrolled but sees nothing of the proposed pair.
    page = text(as_user("member").get(url("mentoring_home")))
    assert "You signed up as a mentee." in page
    assert mentor.person.display_name not in page
    assert "You will get an email when the pairs are published." in page


def test_once_published_each_sees_their_own_pair(world, as_user, closed):
    cycle, mentor, mentee = closed
    actions.propose_matches(cycle, by=None)
    actions.publish_matches(cycle, by=None, notify=False)
    match = Match.objects.get()
    page = text(as_user("member").get(url("mentoring_home")))
    assert "Your mentor:" in page and mentor.person.display_name in page
    assert url("pair_detail", match.pk) in page
    # The mentor (the officer's own person) sees their mentee.
    page = text(as_user("officer").get(url("mentoring_home")))
    assert "Your mentees:" in page and mentee.person.display_name in page
    # The rep, not in the pair, sees neither.
    page = text(as_user("rep").get(url("mentoring_home")))
    assert mentee.person.display_name not in page and mentor.person.display_name not in page


def test_committee_is_shown_on_the_home(world, as_user):
    program = make_program(world)
    actions.set_committee(program, [(world.people_b[2], "Chair")], by=None)
    page = text(as_user("member").get(url("mentoring_home")))
    assert f"{world.people_b[2].display_name}, Chair" in page


# --- signing up -------------------------------------------------------------------------------


def test_the_sign_up_form_starts_from_the_person_and_asks_the_roles_questions(world, as_user):
    cycle = make_cycle(world)
    response = as_user("member").get(url("mentoring_enrol", cycle.pk) + "?as=mentee")
    page = text(response)
    assert 'name="viewport"' in page
    para = JobFamily.objects.get(code="paraeducators")
    assert re.search(rf'<option value="{para.pk}" selected>', page)
    assert re.search(rf'<option value="{world.site_a.pk}" selected>', page)
    assert 'value="mentee" id="id_role_1" checked' in page or re.search(
        r'value="mentee"[^>]*checked', page)
    assert "what you want to grow in" in page and "what you are strong in" not in page
    assert "how many mentees" not in page
    # Every standard, language and time is a labelled checkbox in a fieldset with a legend.
    assert page.count('type="checkbox" name="goals"') == 8
    assert page.count('type="checkbox" name="languages"') == 11
    assert "<legend>When you could meet</legend>" in page
    page = text(as_user("member").get(url("mentoring_enrol", cycle.pk) + "?as=mentor"))
    assert "what you are strong in" in page and "how many mentees" in page


def test_signing_up_changing_and_withdrawing_on_the_page(world, as_user):
    cycle = make_cycle(world)
    client = as_user("member")
    para = JobFamily.objects.get(code="paraeducators")
    data = {"role": "mentor", "job_family": para.pk, "worksite": world.site_a.pk,
            "shift": "day", "years_of_service": "9", "languages": ["en", "vi"],
            "availability": ["lunch", "evening"], "strengths": ["ethics", "reporting"],
            "goals": ["technology"], "capacity": "2", "about": "Nine years in room 12."}
    response = client.post(url("mentoring_enrol", cycle.pk), data)
    assert response.status_code == 302 and response["Location"] == url("mentoring_home")
    e = Enrollment.objects.get(person=world.people_a[0])
    assert (e.role, e.standards, e.capacity, e.languages) == (
        "mentor", ["ethics", "reporting"], 2, ["en", "vi"])
    page = text(client.get(url("mentoring_home")))
    assert "You signed up as a mentor." in page and "You can take 2 mentees." in page
    page = text(client.get(url("mentoring_enrol", cycle.pk)))
    assert "Nine years in room 12." in page and "Save my sign-up" in page
    response = client.post(url("mentoring_withdraw", cycle.pk))
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.withdrawn_at is not None
    assert "You withdrew from this cycle." in text(client.get(url("mentoring_home")))


def test_a_mistake_comes_back_as_a_form_error(world, as_user):
    cycle = make_cycle(world)
    response = as_user("member").post(url("mentoring_enrol", cycle.pk),
                                      {"shift": "day", "years_of_service": "200"})
    assert response.status_code == 200
    page = text(response)
    assert "errorlist" in page
    assert not Enrollment.objects.exists()


def test_outside_the_window_the_page_shows_the_dates_and_refuses(world, as_user):
    cycle = make_cycle(world, open=False)
    client = as_user("member")
    page = text(client.get(url("mentoring_enrol", cycle.pk)))
    from django.utils.formats import date_format

    assert "closed on" in page and date_format(cycle.registration_closes_on) in page
    assert "<form method=\"post\" novalidate>" not in page
    response = client.post(url("mentoring_enrol", cycle.pk), {"role": "mentee"},
                           follow=True)
    assert "closed on" in text(response)
    assert not Enrollment.objects.exists()


def test_a_cycle_of_another_local_is_not_found(world, as_user):
    make_cycle(world)
    other_local = world.other_local
    from unionhall.mentoring.actions.program import save_cycle, save_program

    program = save_program(other_local, by=None, name="Hilltop mentoring")
    today = other_local.today()
    theirs = save_cycle(program, by=None, name="Theirs",
                        registration_opens_on=today - dt.timedelta(days=1),
                        registration_closes_on=today + dt.timedelta(days=1),
                        starts_on=today + dt.timedelta(days=2),
                        ends_on=today + dt.timedelta(days=90))
    assert as_user("member").get(url("mentoring_enrol", theirs.pk)).status_code == 404
    for name in ("mentoring_enrolments", "mentoring_matching", "mentoring_criteria"):
        assert as_user("coordinator").get(url(name, theirs.pk)).status_code == 404
    mentee = enrol(theirs, world.outsider_person)
    assert as_user("coordinator").get(url("mentoring_enrolment_edit", mentee.pk)).status_code \
        == 404


# --- the coordinator's enrolments -------------------------------------------------------------


def test_enrolments_list_shows_what_matters_for_matching(world, as_user, closed):
    cycle, mentor, mentee = closed
    page = text(as_user("coordinator").get(url("mentoring_enrolments", cycle.pk)))
    assert mentor.person.display_name in page and mentee.person.display_name in page
    assert "English, Spanish" in page and "Communication, Reporting, Technology" in page
    assert "At lunch" in page and "Paraeducators" in page
    assert '<div class="scroll">' in page


def test_a_member_sees_no_one_elses_enrolment(world, as_user, closed):
    cycle, mentor, mentee = closed
    for persona in ("member", "rep", "steward", "state"):
        client = as_user(persona)
        assert client.get(url("mentoring_enrolments", cycle.pk)).status_code == 403
        assert client.get(url("mentoring_enrolment_edit", mentor.pk)).status_code == 403
        assert client.get(url("mentoring_matching", cycle.pk)).status_code == 403


def test_managing_needs_two_factor_sign_in(world):
    user = make_user("newcoord@example.org", roles=[(world.local, "mentoring_coordinator")],
                     mfa=False)
    cycle = make_cycle(world)
    client = Client()
    client.force_login(user)
    response = client.get(url("mentoring_enrolments", cycle.pk))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("mfa_required"))


def _many(world, cycle, n_mentors, n_mentees):
    sites = [world.site_a, world.site_b]
    for i in range(n_mentors):
        person = PersonFactory(local=world.local, worksite=sites[i % 2])
        enrol(cycle, person, "mentor", capacity=2, languages=["en", "es"][: 1 + i % 2])
    for i in range(n_mentees):
        person = PersonFactory(local=world.local, worksite=sites[i % 2])
        enrol(cycle, person, family=["paraeducators", "food"][i % 2],
              availability=["lunch"] if i % 3 else ["weekend"])


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_matching_pages_do_not_grow_with_rows(world, as_user):
    cycle = make_cycle(world, open=False)
    client = as_user("coordinator")
    _many(world, cycle, 2, 3)
    actions.propose_matches(cycle, by=None)
    small = {name: _queries(client, url(name, cycle.pk))
             for name in ("mentoring_enrolments", "mentoring_matching")}
    home_small = _queries(client, url("mentoring_home"))
    _many(world, cycle, 12, 30)
    actions.propose_matches(cycle, by=None)
    for name, count in small.items():
        assert _queries(client, url(name, cycle.pk)) == count, name
    assert _queries(client, url("mentoring_home")) == home_small
    assert count <= 12


def test_the_coordinator_enrols_someone_from_a_paper_form(world, as_user):
    cycle = make_cycle(world, open=False)
    client = as_user("coordinator")
    target = world.people_b[2]
    page = text(client.get(url("mentoring_enrolment_add", cycle.pk) + "?q="
                           + target.legal_last_name))
    assert target.display_name in page and f"?person={target.pk}" in page
    page = text(client.get(url("mentoring_enrolment_add", cycle.pk) + f"?person={target.pk}"))
    assert target.display_name in page
    response = client.post(url("mentoring_enrolment_add", cycle.pk), {
        "person": target.pk, "role": "mentee", "shift": "evening", "years_of_service": "1",
        "goals": ["reporting"]})
    assert response.status_code == 302
    e = Enrollment.objects.get(person=target)
    assert (e.role, e.shift, e.standards) == ("mentee", "evening", ["reporting"])
    # Already enrolled: the search's link opens their enrolment.
    response = client.get(url("mentoring_enrolment_add", cycle.pk) + f"?person={target.pk}")
    assert response["Location"] == url("mentoring_enrolment_edit", e.pk)
    # A person of another local is not found.
    assert client.get(url("mentoring_enrolment_add", cycle.pk)
                      + f"?person={world.outsider_person.pk}").status_code == 404


def test_the_coordinator_edits_and_withdraws_an_enrolment(world, as_user, closed):
    cycle, mentor, mentee = closed
    client = as_user("coordinator")
    response = client.post(url("mentoring_enrolment_edit", mentor.pk), {
        "role": "mentor", "shift": "day", "years_of_service": "20", "capacity": "4",
        "strengths": ["ethics"]})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.years_of_service, mentor.standards) == (4, 20, ["ethics"])
    response = client.post(url("mentoring_enrolment_withdraw", mentee.pk))
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.withdrawn_at is not None


# --- criteria, matching, changes by hand, publishing ------------------------------------------


def test_criteria_page_saves_weights_and_hard_rules(world, as_user, closed):
    cycle = closed[0]
    client = as_user("coordinator")
    page = text(client.get(url("mentoring_criteria", cycle.pk)))
    assert "Hard rule: only pairs in the same job family" in page
    data = {"worksite_want": "different"}
    for name in ("job_family", "worksite", "language", "goals", "availability", "seniority"):
        data[f"{name}_weight"] = "3"
    data["job_family_required"] = "on"
    data["language_weight"] = "11"
    response = client.post(url("mentoring_criteria", cycle.pk), data)
    assert response.status_code == 200 and "errorlist" in text(response)
    data["language_weight"] = "6"
    response = client.post(url("mentoring_criteria", cycle.pk), data)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.criteria["job_family"] == {"weight": 3, "required": True}
    assert cycle.criteria["worksite"] == {"weight": 3, "required": False, "want": "different"}
    assert cycle.criteria["language"]["weight"] == 6


def test_matching_page_shows_pairs_with_reasons_unmatched_and_room(world, as_user, closed):
    cycle, mentor, mentee = closed
    actions.set_criteria(cycle, {"job_family": {"weight": 10, "required": True}}, by=None)
    lonely = enrol(cycle, world.people_b[2], family="food")
    client = as_user("coordinator")
    response = client.post(url("mentoring_propose", cycle.pk))
    assert response.status_code == 302
    page = text(client.get(url("mentoring_matching", cycle.pk)))
    assert "Proposed 1 pair; 1 of 2 mentees unmatched." in page
    assert "Same job family: Paraeducators (+10)" in page
    assert "Shares Spanish (+5)" in page
    assert "Strengths cover 2 of 3 goals: Communication, Technology (+8)" in page
    assert "Both free: At lunch (+3)" in page
    assert "Same job family: hard rule, weight 10" in page
    assert f"{lonely.person.display_name} · Food Services" in page
    assert "no mentor meets the hard rules." in page
    assert "Mentors with room: 1 place" in page and "1 of 2" in page
    # Now the only mentor fills up: the paraeducator's reason changes to "full".
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)
    extra = enrol(cycle, PersonFactory(local=world.local, worksite=world.site_a))
    page = text(client.get(url("mentoring_matching", cycle.pk)))
    assert "the one mentor who meets the hard rules is full." in page
    assert url("mentoring_match_change", extra.pk) in page


def test_changing_a_pair_by_hand_shows_the_score_and_warns_of_a_hard_rule(world, as_user,
                                                                          closed):
    cycle, mentor, mentee = closed
    actions.set_criteria(cycle, {"job_family": {"weight": 10, "required": True}}, by=None)
    food = enrol(cycle, world.people_b[1], "mentor", family="food", standards=["ethics"])
    actions.propose_matches(cycle, by=None)
    client = as_user("coordinator")
    address = url("mentoring_match_change", mentee.pk)
    page = text(client.get(address))
    assert f"Matched with {mentor.person.display_name}" in page
    assert f'<option value="{food.pk}"' in page
    page = text(client.get(address + f"?mentor={food.pk}"))
    assert "Different job families: Paraeducators and Food Services: breaks a hard rule" in page
    assert "This pair breaks a hard rule. You may still match them by hand" in page
    assert "Strengths cover 1 of 3 goals: Ethics (+4)" in page
    response = client.post(address, {"mentor": food.pk})
    assert response.status_code == 302
    match = Match.objects.get(mentee=mentee)
    assert match.mentor == food and match.by_hand and match.score == 0
    page = text(client.get(url("mentoring_matching", cycle.pk)))
    assert "by hand" in page and "⚠ breaks a hard rule" in page
    response = client.post(address, {"unmatch": "1"})
    assert response.status_code == 302 and not Match.objects.filter(mentee=mentee).exists()
    # A mentor from another cycle or a mentee is not a choice.
    response = client.post(address, {"mentor": mentee.pk}, follow=True)
    assert "Choose a mentor." in text(response)
    # A mentor's enrolment is not a mentee's page.
    assert client.get(url("mentoring_match_change", mentor.pk)).status_code == 404


def test_publishing_on_the_page_emails_once(world, as_user, closed,
                                            django_capture_on_commit_callbacks):
    cycle, mentor, mentee = closed
    client = as_user("coordinator")
    client.post(url("mentoring_propose", cycle.pk))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("mentoring_publish", cycle.pk), follow=True)
    assert "Published 1 pair" in text(response)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentor.person.personal_email, mentee.person.personal_email])
    pair = reverse("pair_detail", args=["lakeview", Match.objects.get().pk])
    assert all(pair in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("mentoring_publish", cycle.pk), follow=True)
    assert "no new or changed pairs" in text(response)
    assert len(mail.outbox) == 2
    assert Cycle.objects.get().matches_published_at is not None


def test_publishing_while_registration_is_open_is_refused_on_the_page(world, as_user):
    cycle = make_cycle(world)
    enrol(cycle, world.people_b[1], "mentor")
    enrol(cycle, world.people_a[2])
    client = as_user("coordinator")
    client.post(url("mentoring_propose", cycle.pk))
    page = text(client.get(url("mentoring_matching", cycle.pk)))
    assert "Registration is open until" in page and "disabled" in page
    response = client.post(url("mentoring_publish", cycle.pk), follow=True)
    assert "still open" in text(response)
    assert not Match.objects.filter(status="published").exists()


# --- the program, the committee, cycles -------------------------------------------------------


def test_program_cycle_and_committee_pages(world, as_user):
    client = as_user("coordinator")
    response = client.post(url("mentoring_program_edit"), {"name": ""})
    assert response.status_code == 200 and "errorlist" in text(response)
    response = client.post(url("mentoring_program_edit"), {
        "name": "Lakeview Peer Mentoring", "description": "Coworkers *helping* coworkers.",
        "paid_hours_cap": "10", "thank_you_letter": "Dear {name}"})
    assert response.status_code == 302
    page = text(client.get(url("mentoring_program_edit")))
    assert "{name}" in page and "{hours}" in page  # the letter's words are explained
    response = client.post(url("mentoring_cycle_new"), {
        "name": "2026–27", "registration_opens_on": "2026-09-01",
        "registration_closes_on": "2026-09-20", "starts_on": "2026-09-15",
        "ends_on": "2027-05-30"})
    assert response.status_code == 200 and "Pairs start once registration has closed" in text(
        response)
    response = client.post(url("mentoring_cycle_new"), {
        "name": "2026–27", "registration_opens_on": "2026-09-01",
        "registration_closes_on": "2026-09-20", "starts_on": "2026-10-01",
        "ends_on": "2027-05-30"})
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    response = client.post(url("mentoring_cycle_edit", cycle.pk), {
        "name": "2026–27", "registration_opens_on": "2026-09-01",
        "registration_closes_on": "2026-09-25", "starts_on": "2026-10-01",
        "ends_on": "2027-05-30"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.registration_closes_on == dt.date(2026, 9, 25)
    # The committee: find someone, add them with a title, remove them.
    target = world.people_b[2]
    page = text(client.get(url("mentoring_committee") + "?q=" + target.legal_last_name))
    assert f"Add {target.display_name}" in page and f'for="title-{target.pk}"' in page
    response = client.post(url("mentoring_committee"), {"action": "add", "person": target.pk,
                                                        "role_title": "Chair"})
    assert response.status_code == 302
    assert AdvisoryMember.objects.get().role_title == "Chair"
    client.post(url("mentoring_committee"), {"action": "add", "person":
                                             world.outsider_person.pk})
    assert AdvisoryMember.objects.count() == 1
    client.post(url("mentoring_committee"), {"action": "remove", "person": target.pk})
    assert not AdvisoryMember.objects.exists()
    assert AuditEntry.objects.filter(verb="mentoring_program.committee_set").count() == 2


def test_a_cycle_needs_a_program_first(world, as_user):
    response = as_user("coordinator").get(url("mentoring_cycle_new"))
    assert response["Location"] == url("mentoring_program_edit")


# --- user text is escaped --------------------------------------------------------------------


def test_user_text_is_escaped_everywhere(world, as_user, django_capture_on_commit_callbacks):
    program = make_program(world)
    actions.save_program(world.local, by=None, program=program, name="<b>Prog</b>",
                         description="Hi <script>alert(1)</script> [x](javascript:alert(2))")
    evil = world.people_b[1]
    evil.preferred_name = "<img src=x onerror=alert(3)>"
    evil.save()
    cycle = make_cycle(world, open=False, name="<i>Cycle</i>")
    mentor = enrol(cycle, evil, "mentor", about="<script>alert(4)</script>")
    enrol(cycle, world.people_a[0])
    actions.set_committee(program, [(evil, "<svg onload=alert(5)>")], by=None)
    actions.propose_matches(cycle, by=None)
    client = as_user("coordinator")
    pages = [client.get(url("mentoring_home")),
             client.get(url("mentoring_enrolments", cycle.pk)),
             client.get(url("mentoring_matching", cycle.pk)),
             client.get(url("mentoring_enrolment_edit", mentor.pk)),
             client.get(url("mentoring_committee")),
             as_user("member").get(url("mentoring_home"))]
    for response in pages:
        body = response.content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body and "<svg onload" not in body
        assert "<b>Prog</b>" not in body and "<i>Cycle</i>" not in body
        assert 'href="javascript:' not in body
    assert "&lt;img src=x onerror=alert(3)&gt;" in pages[1].content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_matches(cycle, by=None)
    html = next(m for m in mail.outbox if m.to == [world.people_a[0].personal_email])
    assert "<img src=x" not in html.alternatives[0][0]


def test_another_local_without_a_program(db):
    """A local with no program: its home is empty for its own people (no cross-talk)."""
    local = make_local("riverside")
    person = PersonFactory(local=local)
    user = make_user("r@example.org", person=person, mfa=False)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("mentoring_home", args=["riverside"]))
    assert response.status_code == 200 and "no mentoring program yet" in text(response)


def test_the_program_page_leads_a_selected_team_member_to_their_course(world, as_user):
    from tests.matrix_mentoring_learning import make_offering, make_team

    make_program(world)
    offering = make_offering(world.local.parent.parent, status="published")
    make_team(offering, world.local, [world.people_a[0], world.people_a[1]])
    course = reverse("learning_home", args=[offering.slug])
    home = reverse("mentoring_home", args=["lakeview"])
    assert course in as_user("member").get(home).content.decode()
    assert course not in as_user("officer").get(home).content.decode()  # not on the team
    assert reverse("course_list") in as_user("coordinator").get(home).content.decode()

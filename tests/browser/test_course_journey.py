"""The course from application to certificate: the local's mentoring coordinator applies before
the deadline; after it, who runs the course selects the team; on a phone a team member
completes the module's self-study and the team's assignment with a file; a facilitator marks
the webinar's attendance; the member downloads the certificate and its code checks out. Then
every course page, for staff and for a member, on a phone. Every page landed on is checked
with axe-core."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import (
    PHONE,
    check_axe,
    fits_the_phone,
    main_text,
    sign_in_with_password,
    sign_out,
    submit,
    visit,
)
from tests.matrix_mentoring_learning import finish_for, make_course, make_offering
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions import course as course_actions
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.course_forms import person_label
from unionhall.mentoring.models import (
    Certificate,
    Submission,
    SubmissionFile,
    TeamApplication,
    WebinarAttendance,
)
from unionhall.mentoring.tests.test_learning_certificate import pdf_text

pytestmark = pytest.mark.browser

WHY = "To make sure no ESP in Lakeview starts the job alone."


def one_module_offering(world):
    """A published offering whose applications close in an hour, with one module out today:
    a reading, the team's why statement, and the kickoff webinar that began an hour ago."""
    now = timezone.now()
    offering = make_offering(world.local.parent.parent, facilitators=[world.users["facilitator"]],
                             opens_at=now - dt.timedelta(days=20),
                             deadline=now + dt.timedelta(hours=1),
                             notify_on=(now + dt.timedelta(days=1)).date(),
                             starts_on=now.date())
    module = actions.save_module(offering, by=None, title="Why mentoring, and why us",
                                 summary="Start with your local's **why**.",
                                 releases_on=q.offering_today(offering))
    actions.save_activity(module, by=None, kind="self_study",
                          title="Reading: what peer mentoring does for ESPs",
                          instructions="Read the two pages, then think of your first month.")
    actions.save_activity(module, by=None, kind="team_assignment", title="Our why statement",
                          instructions="One or two sentences: why your local builds a program.")
    actions.save_activity(module, by=None, kind="webinar", title="Kickoff: meet the cohort",
                          starts_at=now - dt.timedelta(hours=1), minutes=75,
                          join_url="https://meet.example.org/kickoff")
    return offering


def test_a_team_applies_is_selected_finishes_the_module_and_gets_its_certificate(
        page, phone, world, monkeypatch):
    offering = one_module_offering(world)
    member, teammate = world.people_a[0], world.people_a[2]
    detail = reverse("course_detail", args=[offering.slug])

    # The coordinator applies for Lakeview before the deadline.
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, world.users["coordinator"])
    visit(page, detail)
    submit(page, page.get_by_role("link", name="Apply for Lakeview ESP"))
    first = page.get_by_role("group", name="Team member 1")
    first.get_by_label("Name").fill(person_label(member))
    first.get_by_label("Role on the team").select_option("lead")
    page.get_by_role("group", name="Team member 2").get_by_label("Name").fill(
        person_label(teammate))
    page.get_by_label("Why your local applies").fill(WHY)
    page.get_by_label("Your local's situation").fill("Many new paras every fall.")
    page.locator("input[name=state_contact_name]").fill("Sam Rivera")
    page.get_by_label("State staff contact's email").fill("sam.rivera@example.org")
    assert fits_the_phone(page)
    submit(page, page.get_by_role("button", name="Send the application"))
    assert "Application sent." in main_text(page)
    application = TeamApplication.objects.get(offering=offering)
    assert application.status == "submitted"
    sign_out(page)

    # After the deadline, who runs the course selects the team.
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(course_actions, "clock", lambda: later)
    sign_in_with_password(page, world.users["course"])
    visit(page, reverse("course_review", args=[offering.slug]))
    submit(page, page.get_by_role("link", name="Lakeview ESP").first)
    page.get_by_label("Decision").select_option("selected")
    submit(page, page.get_by_role("button", name="Save the decision"))
    application.refresh_from_db()
    assert application.status == "selected"

    # On the phone, a team member finds the team's course and does the reading.
    sign_in_with_password(phone, world.users["member"])
    visit(phone, detail)
    submit(phone, phone.get_by_role("link", name="Go to your team's course"))
    assert "Your team: Lakeview ESP" in main_text(phone)
    assert "0 of 3 activities done." in main_text(phone)
    assert fits_the_phone(phone)
    submit(phone, phone.get_by_role("link", name="Reading: what peer mentoring does for ESPs"))
    phone.get_by_label("Your reflection (optional)").fill("I learned the job from a bus driver.")
    submit(phone, phone.get_by_role("button", name="Mark as completed"))
    assert "You completed this on" in main_text(phone)
    assert fits_the_phone(phone)

    # The team's assignment, with a file.
    submit(phone, phone.get_by_role("link", name="Module 1: Why mentoring, and why us"))
    submit(phone, phone.get_by_role("link", name="Our why statement"))
    phone.get_by_label("Write or change the text").fill(WHY)
    submit(phone, phone.get_by_role("button", name="Save our work"))
    assert "Your team's work is saved." in main_text(phone)
    assert f"Last saved by {member.display_name}" in main_text(phone)
    phone.get_by_label("Add a file").set_input_files(files=[{
        "name": "why-statement.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% our why statement\n%%EOF\n"}])
    submit(phone, phone.get_by_role("button", name="Add the file"))
    assert "File added." in main_text(phone)
    assert phone.get_by_role("link", name="why-statement.pdf").is_visible()
    assert fits_the_phone(phone)
    work = Submission.objects.get(activity__title="Our why statement")
    assert work.text == WHY and work.application == application
    assert SubmissionFile.objects.get().submission == work

    # Not finished yet: the webinar's attendance is missing.
    visit(phone, reverse("learning_certificate", args=[offering.slug]))
    assert "Kickoff: meet the cohort" in main_text(phone)

    # A facilitator marks the webinar's attendance.
    sign_out(page)
    sign_in_with_password(page, world.users["facilitator"])
    visit(page, reverse("learning_home", args=[offering.slug]))
    submit(page, page.get_by_role("link", name=re.compile(r"^Attendance\W+Kickoff")))
    page.get_by_label(member.display_name).select_option("present")
    page.get_by_label(teammate.display_name).select_option("excused")
    assert fits_the_phone(page)
    submit(page, page.get_by_role("button", name="Save the attendance"))
    assert "Attendance saved (2 changed)." in main_text(page)
    assert WebinarAttendance.objects.get(person=member).status == "present"

    # The member downloads the certificate.
    visit(phone, reverse("learning_certificate", args=[offering.slug]))
    assert "You finished the course on" in main_text(phone)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Get my certificate (PDF)").click()
    data = open(download.value.path(), "rb").read()  # noqa: PTH123
    cert = Certificate.objects.get()
    assert cert.person == member
    text = pdf_text(data)
    assert member.display_name in text and "of Lakeview ESP" in text
    assert offering.title in text and f"Certificate code: {cert.code}" in text
    visit(phone, reverse("learning_certificate", args=[offering.slug]))
    assert cert.code in main_text(phone)
    submit(phone, phone.get_by_role("link", name="check the certificate"))
    assert "This is a valid certificate." in main_text(phone)
    assert member.display_name in main_text(phone)
    assert fits_the_phone(phone)

    # Staff see who has finished.
    visit(page, reverse("learning_progress", args=[offering.slug]))
    finished = main_text(page).split("Who has finished")[1]
    assert member.display_name in finished and teammate.display_name not in finished


def test_every_course_page_passes_axe_and_fits_a_phone(page, world):
    course = make_course(world)
    slug = course.offering.slug
    sub = actions.save_team_work(course.assignment, by=None, application=course.team,
                                 text="Our **why**: no one starts alone.")
    actions.add_submission_file(course.assignment, by=None, application=course.team,
                                name="notes.txt", data=b"notes\n")
    actions.give_feedback(sub, by=None, feedback="A strong start.", notify=False)
    finish_for(course, world.people_a[0])
    cert = actions.issue_certificate(course.offering, by=None, person=world.people_a[0])

    page.set_viewport_size(PHONE)
    sign_in_with_password(page, world.users["course"])
    urls = [reverse(name, args=[slug]) for name in ("learning_home", "learning_module_new",
                                                    "learning_progress")]
    urls += [reverse(name, args=[slug, 1]) for name in (
        "learning_module", "learning_module_edit", "learning_activity_new")]
    for activity in (course.self_study, course.assignment, course.webinar):
        urls += [reverse("learning_activity", args=[slug, activity.pk]),
                 reverse("learning_activity_edit", args=[slug, activity.pk])]
    urls += [reverse("learning_submissions", args=[slug, course.assignment.pk]),
             reverse("learning_submissions", args=[slug, course.self_study.pk]),
             reverse("learning_attendance", args=[slug, course.webinar.pk]),
             reverse("learning_submission", args=[slug, sub.pk]),
             reverse("learning_team_progress", args=[slug, course.team.pk]),
             reverse("learning_module", args=[slug, 2])]
    for url in urls:
        visit(page, url)
        assert fits_the_phone(page), url
    visit(page, reverse("learning_activity_edit", args=[slug, course.webinar.pk]))
    page.get_by_text("Remove the activity").first.click()  # the folded form, still accessible
    check_axe(page)

    submit(page, page.get_by_role("button", name="Sign out"))
    sign_in_with_password(page, world.users["member"])
    urls = [reverse("learning_home", args=[slug]), reverse("learning_certificate", args=[slug]),
            reverse("learning_module", args=[slug, 1]), reverse("learning_module", args=[slug, 2]),
            reverse("learning_certificate_check", args=[cert.code])]
    urls += [reverse("learning_activity", args=[slug, a.pk])
             for a in (course.self_study, course.assignment, course.webinar)]
    for url in urls:
        visit(page, url)
        assert fits_the_phone(page), url

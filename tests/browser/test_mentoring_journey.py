"""A local runs a mentoring cycle: the coordinator sets up the program and a cycle, a mentor and a
mentee sign up on their phones, the coordinator closes registration, proposes the matches and
publishes them; the mentee finds their pair, logs a meeting and writes a reflection note that
the coordinator never sees. Then every pair and results page, on a phone. Every page landed on
is checked with axe-core."""

import datetime as dt
from zoneinfo import ZoneInfo

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
from tests.matrix_mentoring_pairs import enrol, make_cycle, make_ended_pair, make_pair, match
from unionhall.mentoring.actions import pairs as actions
from unionhall.mentoring.models import Cycle, Match, PairMeeting, ReflectionNote

pytestmark = pytest.mark.browser

NOTE = "Scared of the first IEP meeting; less so after today"


def sign_up(tab, as_role: str, strength_label: str) -> None:
    """From the mentoring page: sign up as a mentee or a mentor, naming one standard and a
    time to meet."""
    visit(tab, reverse("mentoring_home", args=["lakeview"]))
    submit(tab, tab.get_by_role("link", name=f"Sign up as a {as_role}"))
    group = tab.get_by_role("group", name=strength_label)
    group.get_by_label("Reporting").check()
    tab.get_by_role("group", name="When you could meet").get_by_label("After school").check()
    assert fits_the_phone(tab)
    submit(tab, tab.get_by_role("button", name="Sign up", exact=True))
    assert "You're signed up." in main_text(tab)


def test_a_local_runs_a_cycle_and_a_pair_logs_a_meeting(page, phone, world):
    zone = ZoneInfo(world.local.time_zone)
    today = timezone.now().astimezone(zone).date()
    mentee, mentor = world.people_a[0], world.people_a[1]
    page.set_viewport_size(PHONE)

    # The coordinator sets up the program and opens a cycle for sign-ups.
    sign_in_with_password(page, world.users["coordinator"])
    visit(page, reverse("mentoring_home", args=["lakeview"]))
    submit(page, page.get_by_role("link", name="Set up the program"))
    page.get_by_label("Paid hours per mentor and cycle").fill("12")
    submit(page, page.get_by_role("button", name="Save"))
    submit(page, page.get_by_role("link", name="New cycle"))
    page.get_by_label("Name").fill("Spring term")
    page.get_by_label("Registration opens").fill((today - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Registration closes").fill(today.isoformat())
    page.get_by_label("Pairs start").fill(today.isoformat())
    page.get_by_label("Term ends").fill((today + dt.timedelta(days=120)).isoformat())
    submit(page, page.get_by_role("button", name="Save"))
    cycle = Cycle.objects.get(name="Spring term")

    # A mentee and a mentor sign up on their phones.
    sign_in_with_password(phone, world.users["member"])
    sign_up(phone, "mentee", "Mentees: what you want to grow in")
    sign_out(phone)
    sign_in_with_password(phone, world.users["rep"])
    sign_up(phone, "mentor", "Mentors: what you are strong in")
    sign_out(phone)

    # The coordinator closes registration (a day early), proposes and publishes.
    visit(page, reverse("mentoring_cycle_edit", args=["lakeview", cycle.pk]))
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    page.get_by_label("Registration closes").fill(yesterday)
    page.get_by_label("Pairs start").fill(yesterday)
    submit(page, page.get_by_role("button", name="Save"))
    visit(page, reverse("mentoring_matching", args=["lakeview", cycle.pk]))
    submit(page, page.get_by_role("button", name="Propose matches"))
    submit(page, page.get_by_role("button", name="Publish the pairs"))
    pair = Match.objects.get(cycle=cycle)
    assert (pair.status, pair.mentee.person, pair.mentor.person) == ("published", mentee, mentor)

    # The mentee finds their mentor and logs their first meeting.
    sign_in_with_password(phone, world.users["member"])
    visit(phone, reverse("mentoring_home", args=["lakeview"]))
    submit(phone, phone.get_by_role("link", name=mentor.display_name))
    assert phone.url.endswith(reverse("pair_detail", args=["lakeview", pair.pk]))
    assert mentor.personal_email in main_text(phone)
    assert fits_the_phone(phone)
    phone.get_by_text("Log a meeting").click()
    check_axe(phone)
    assert phone.get_by_label("Day you met").input_value() == today.isoformat()
    phone.get_by_label("Length in minutes").fill("45")
    phone.get_by_label("Phone").check()
    phone.get_by_label("What you talked about").fill("Paperwork for the new student's IEP")
    submit(phone, phone.get_by_role("button", name="Log the meeting"))
    text = main_text(phone)
    assert "Meeting logged." in text
    assert "0.75\nhours together" in text or "0.75 hours together" in text
    assert "Paperwork for the new student's IEP" in text
    assert fits_the_phone(phone)
    meeting = PairMeeting.objects.get()
    assert (meeting.held_on, meeting.minutes, meeting.how) == (today, 45, "phone")

    # A reflection note, for the two of them.
    phone.get_by_label("Your reflection").fill(NOTE)
    submit(phone, phone.get_by_role("button", name="Save the note"))
    assert NOTE in main_text(phone)
    assert ReflectionNote.objects.get().body == NOTE

    # The coordinator sees the meeting and the hours, never the note.
    visit(page, reverse("pair_detail", args=["lakeview", pair.pk]))
    text = main_text(page)
    assert "Paperwork for the new student's IEP" in text
    assert "The program pays up to 12 hours per mentor and term: 0.75 paid." in text
    assert NOTE not in page.content()
    visit(page, reverse("mentoring_results", args=["lakeview", cycle.pk]))
    assert "of mentees matched (1 of 1)" in main_text(page)
    assert NOTE not in page.content()


def test_every_pair_and_results_page_passes_axe_and_fits_a_phone(page, world):
    """The pair page as the mentee, the mentor and the coordinator; the survey; the results
    with charts and tables; the letters."""
    pair = make_pair(world)
    mentee, mentor = world.people_a[0], world.people_a[1]
    cycle = pair.cycle
    today = timezone.now().astimezone(ZoneInfo(world.local.time_zone)).date()
    actions.log_meeting(pair, by=None, person=mentee, held_on=today, minutes=60,
                        how="in_person", topics="A long topic " * 20)
    goal = actions.add_goal(pair, by=None, person=mentee, standard="reporting",
                            text="Write incident reports the office accepts the first time")
    actions.add_check_in(goal, "Two accepted this week", by=None, person=mentor)
    actions.add_reflection(pair, "A private thought", by=None, person=mentor)
    second = match(cycle, enrol(cycle, world.people_b[1], "mentee", family="food"),
                   pair.mentor)
    actions.set_goal_status(goal, "met", by=None, person=mentor)
    ended = make_ended_pair(world, mentee=world.people_b[2], mentor=world.people_a[2],
                            cycle=make_cycle(world, name="Last term", starts_days=-120,
                                             ends_days=-2))
    actions.send_thank_you_letters(ended.cycle, by=None)

    page.set_viewport_size(PHONE)
    sign_in_with_password(page, world.users["member"])
    visit(page, reverse("pair_detail", args=["lakeview", pair.pk]))
    assert fits_the_phone(page)
    for summary in ("Log a meeting", "Add a goal"):
        page.get_by_text(summary).click()
    check_axe(page)
    assert fits_the_phone(page)
    sign_out(page)

    sign_in_with_password(page, world.users["rep"])
    for url in (reverse("pair_detail", args=["lakeview", pair.pk]),
                reverse("pair_detail", args=["lakeview", second.pk]),
                reverse("pair_survey", args=["lakeview", pair.pk])):
        visit(page, url)
        assert fits_the_phone(page), url
    sign_out(page)

    sign_in_with_password(page, world.users["coordinator"])
    for url in (reverse("pair_detail", args=["lakeview", pair.pk]),
                reverse("mentoring_results", args=["lakeview", cycle.pk]),
                reverse("mentoring_results", args=["lakeview", ended.cycle_id]),
                reverse("mentoring_thanks_letters", args=["lakeview", cycle.pk]),
                reverse("mentoring_thanks_letters", args=["lakeview", ended.cycle_id])):
        visit(page, url)
        assert fits_the_phone(page), url
    visit(page, reverse("mentoring_results", args=["lakeview", cycle.pk]))
    page.get_by_text("Close the cycle").first.click()  # the folded form
    check_axe(page)
    sign_out(page)

    # The mentor of the ended pair answers the exit survey on their phone.
    from tests.factories import make_user

    user = make_user("mentor2@example.org", person=world.people_a[2], mfa=False)
    sign_in_with_password(page, user)
    visit(page, reverse("pair_survey", args=["lakeview", ended.pk]))
    assert fits_the_phone(page)
    form = page.get_by_role("main")
    form.get_by_role("group", name="How worthwhile was the program for you?") \
        .get_by_label("5").check()
    form.get_by_role("group", name="How much progress was made on the goals?") \
        .get_by_label("4").check()
    form.get_by_role("group", name="How supported did you feel?").get_by_label("5").check()
    form.get_by_role("group", name="Would you take part again?").get_by_label("Yes").check()
    submit(page, page.get_by_role("button", name="Send my answers"))
    assert "Thank you: your answers are saved." in main_text(page)
    assert "Download your thank-you letter (PDF)" in main_text(page)

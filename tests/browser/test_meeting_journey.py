"""A general membership meeting: the chair opens sign-in; a member signs in on a phone with the
code shown in the room; a steward marks another member present at the door; the chair's quorum
panel follows by itself; a motion is moved, seconded and passed by counted hands; the chair
drafts the minutes. Every page landed on is checked with axe-core."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import (
    PHONE,
    TIMEOUT_MS,
    check_axe,
    fits_the_phone,
    sign_in_with_password,
    submit,
    visit,
)
from unionhall.democracy import actions
from unionhall.democracy.models import Attendance, DemocracyRules, Meeting, Motion

pytestmark = pytest.mark.browser


def shown_present(tab, n: int) -> None:
    """Wait until the quorum panel (refreshing itself) shows `n` members present."""
    tab.wait_for_function(
        "n => document.querySelector('#quorum-panel [data-present]').textContent.trim() == n",
        arg=str(n), timeout=TIMEOUT_MS)


def test_meeting_sign_in_quorum_motion_and_minutes(page, phone, world):
    DemocracyRules.objects.create(local=world.local, quorum_kind="number", quorum_number=2)
    meeting = actions.create_meeting(world.local, title="October general meeting",
                                     kind="general", starts_at=timezone.now(),
                                     place="Union hall", by=world.users["officer"])
    actions.add_agenda_item(meeting, title="Staffing", by=world.users["officer"])
    detail = reverse("meeting_detail", args=["lakeview", meeting.pk])
    member, other = world.people_a[0], world.people_b[1]

    # The chair opens sign-in and shows the code in the room.
    sign_in_with_password(page, world.users["officer"])
    visit(page, detail)
    assert "No quorum yet: 2 more members needed" in page.locator("#quorum-panel").inner_text()
    submit(page, page.get_by_role("button", name="Open sign-in with a new code"))
    code = page.locator("[data-code]").first.inner_text()
    assert code.replace(" ", "") == Meeting.objects.get().sign_in_code

    # A member signs in on their phone with the code.
    sign_in_with_password(phone, world.users["member"])
    visit(phone, reverse("meeting_list", args=["lakeview"]))
    submit(phone, phone.get_by_role("link", name="Sign in to October general meeting"))
    phone.get_by_label("Code shown in the room").fill("000000" if code != "000 000" else "1")
    submit(phone, phone.get_by_role("button", name="Sign in"))
    assert "That is not the code shown in the room." in phone.content()
    phone.get_by_label("Code shown in the room").fill(code)
    submit(phone, phone.get_by_role("button", name="Sign in"))
    assert "You are signed in." in phone.get_by_role("main").inner_text()
    assert fits_the_phone(phone)
    assert Attendance.objects.get(person=member).how == "code"
    shown_present(page, 1)  # the chair's page follows without a reload

    # A steward at the door marks another member present.
    submit(phone, phone.get_by_role("button", name="Sign out"))
    sign_in_with_password(phone, world.users["steward"])
    visit(phone, reverse("meeting_attendance", args=["lakeview", meeting.pk]))
    phone.get_by_label("Name or employee ID").fill(other.legal_last_name)
    submit(phone, phone.get_by_role("button", name="Search"))
    submit(phone, phone.get_by_role(
        "button", name=f"Mark present: {other.first_name} {other.legal_last_name}"))
    assert f"{other.display_name} is marked present." in phone.content()
    assert "Present: 2 people" in phone.content()
    assert fits_the_phone(phone)
    shown_present(page, 2)
    page.wait_for_function("() => document.querySelector('#quorum-panel .quorum-state.met')")
    assert "Quorum reached" in page.locator("#quorum-panel").inner_text()

    # A motion: moved, seconded, passed by a count of hands.
    visit(page, detail)
    page.get_by_label("Motion:", exact=True).fill("That the local ask the board to fill every "
                                                 "vacant paraeducator position.")
    page.get_by_label("Moved by:", exact=True).select_option(label=f"{member.legal_last_name}, "
                                                                  f"{member.first_name}")
    page.get_by_label("Agenda item:", exact=True).select_option(label="1. Staffing")
    submit(page, page.get_by_role("button", name="Record the motion"))
    assert "Motion moved. It needs a second." in page.content()
    page.get_by_label("Seconded by:", exact=True).select_option(
        label=f"{other.legal_last_name}, {other.first_name}")
    submit(page, page.get_by_role("button", name="Record the second"))
    page.get_by_label("Yes:", exact=True).fill("2")
    page.get_by_label("No:", exact=True).fill("0")
    submit(page, page.get_by_role("button", name="Record the vote"))
    assert "The motion passed (2 yes, 0 no, 0 abstaining)." in page.content()
    motion = Motion.objects.get()
    assert (motion.status, motion.moved_by, motion.seconded_by) == ("passed", member, other)

    # The chair drafts the minutes; members will see them once approved.
    submit(page, page.get_by_role("link", name="Minutes", exact=True))
    page.get_by_label("Minutes:", exact=True).fill(
        "Called to order at 5:03 pm. Quorum present. The staffing motion passed.")
    submit(page, page.get_by_role("button", name="Save the draft"))
    assert "Draft minutes saved." in page.content()
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft" and "staffing motion" in meeting.minutes
    check_axe(page)


def test_every_meeting_page_passes_axe_and_fits_a_phone(page, world):
    """The chair's and the door's pages, with a motion under amendment and a secret vote open;
    then the member's view of the same pages."""
    officer = world.users["officer"]
    DemocracyRules.objects.create(local=world.local, quorum_kind="share", quorum_percent=30)
    earlier = actions.create_meeting(world.local, title="September general meeting",
                                     kind="general",
                                     starts_at=timezone.now() - dt.timedelta(days=30),
                                     by=officer)
    actions.save_minutes(earlier, "Called to order at 5:01 pm.", by=officer)
    meeting = actions.create_meeting(world.local, title="October general meeting",
                                     kind="general", starts_at=timezone.now(),
                                     place="Union hall", video_url="https://video.example.org/x",
                                     by=officer)
    item = actions.add_agenda_item(meeting, title="Staffing", notes="Ten minutes", by=officer)
    actions.add_agenda_item(meeting, title="Good of the order", by=officer)
    meeting = actions.open_sign_in(meeting, by=officer)
    a, b = world.people_a[0], world.people_b[1]
    for person in (a, b, world.people_a[1]):
        actions.mark_present(meeting, person, by=officer)
    motion = actions.move_motion(meeting, text="Fill every vacant position.", moved_by=a,
                                 agenda_item=item, by=officer)
    motion = actions.second_motion(motion, seconded_by=b, by=officer)
    actions.amend_motion(motion, text="Fill every vacant position by January.", moved_by=b,
                         by=officer)
    secret = actions.move_motion(meeting, text="Authorize a strike vote.", moved_by=a,
                                 by=officer)
    secret = actions.second_motion(secret, seconded_by=b, by=officer)
    actions.start_motion_vote(secret, minutes=10, by=officer)

    def pages(*names, pk=meeting.pk):
        return [reverse(n, args=["lakeview"]) if n in ("meeting_list", "meeting_new")
                else reverse(n, args=["lakeview", pk]) for n in names]

    page.set_viewport_size(PHONE)
    sign_in_with_password(page, officer)
    chair = pages("meeting_list", "meeting_new", "meeting_detail", "meeting_edit",
                  "meeting_quorum", "meeting_sign_in", "meeting_attendance", "meeting_agenda",
                  "meeting_minutes", "meeting_sign_in_sheet") + pages(
        "meeting_minutes", pk=earlier.pk) + [
        reverse("agenda_item_edit", args=["lakeview", meeting.pk, item.pk]),
        reverse("meeting_attendance", args=["lakeview", meeting.pk]) + "?q=Last"]
    for url in chair:
        visit(page, url)
        assert fits_the_phone(page), url
    visit(page, reverse("meeting_detail", args=["lakeview", meeting.pk]))
    page.get_by_text("Amend this motion").click()  # the folded form opens, still accessible
    check_axe(page)

    submit(page, page.get_by_role("button", name="Sign out"))
    sign_in_with_password(page, world.users["member"])
    for url in pages("meeting_list", "meeting_quorum", "meeting_sign_in", "meeting_minutes",
                     "meeting_detail"):
        visit(page, url)
        assert fits_the_phone(page), url
    assert page.get_by_role("link", name="Vote on this motion").count() == 1

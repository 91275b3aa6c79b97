"""An event from the invitation to the door: an officer publishes a training with one place; the
member, signed out on their phone, answers "yes" from the link in the email, then signs in and
sees "You're going" and their check-in code; a steward at the door types that code. Then the
wait list: a second member's "yes" waits in line and moves up when the first says no. Every
page landed on is checked with axe-core."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import (
    PHONE,
    check_axe,
    fits_the_phone,
    main_text,
    sign_in_with_password,
    submit,
    visit,
    wait_for_mail,
)
from tests.factories import make_user
from unionhall.events import actions
from unionhall.events.models import RSVP, CheckIn

pytestmark = pytest.mark.browser


def training(world, **extra):
    starts = timezone.now() + dt.timedelta(minutes=30)
    event = actions.create_event(
        world.local, title="Know your rights training", place="Union hall, room 2",
        description="What to do when you are **called into the office**.", capacity=1,
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1, minutes=30),
        by=world.users["officer"], **extra)
    return event


def test_member_answers_from_the_email_and_is_checked_in_at_the_door(page, phone, world,
                                                                       mailoutbox):
    member = world.people_a[0]
    event = actions.publish_event(training(world), by=world.users["officer"])
    detail = reverse("event_detail", args=["lakeview", event.pk])

    # The invitation, with a one-click "yes".
    message = next(m for m in (wait_for_mail(mailoutbox, 6) and mailoutbox)
                   if m.to == [member.personal_email])
    assert message.subject == "You're invited: Know your rights training"
    yes = next(line.split(": ", 1)[1] for line in message.body.splitlines()
               if line.startswith("Yes: "))
    link = urlsplit(yes)

    # Signed out, on the phone: the link shows the answer; the button sends it.
    visit(phone, f"{link.path}?{link.query}")
    assert phone.get_by_role("radio", name="Yes").is_checked()
    assert not RSVP.objects.exists()  # opening the link changed nothing
    assert fits_the_phone(phone)
    submit(phone, phone.get_by_role("button", name="Send my answer"))
    assert "You're going." in main_text(phone)
    assert RSVP.objects.get().via == "email"

    # Signed in, the event's page says so and shows the code for the door.
    sign_in_with_password(phone, world.users["member"])
    visit(phone, detail)
    assert "You're going." in main_text(phone)
    code = phone.locator("[data-check-in-code]").inner_text().strip()
    assert len(code.replace("-", "")) == 6
    assert fits_the_phone(phone)

    # The event goes into their calendar.
    ics = phone.request.get(phone.get_by_role("link", name="Add to my calendar (.ics)")
                            .get_attribute("href"))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text() and event.title in ics.text()

    # The steward at the door types it.
    sign_in_with_password(page, world.users["steward"])
    visit(page, reverse("event_door", args=["lakeview", event.pk]))
    page.get_by_label("Code on the member's phone").fill(code)
    submit(page, page.get_by_role("button", name="Check in", exact=True))
    assert f"{member.display_name} is checked in." in main_text(page)
    assert "Checked in: 1 person" in main_text(page)
    check_in = CheckIn.objects.get()
    assert (check_in.person, check_in.how) == (member, "code")

    # On the phone, the member is checked in.
    visit(phone, detail)
    assert "You're checked in." in main_text(phone)


def test_a_yes_on_a_full_event_waits_in_line_and_moves_up(page, phone, world, mailoutbox):
    second = world.people_b[1]
    second_user = make_user("second@example.org", person=second, mfa=False)
    event = actions.publish_event(training(world), by=world.users["officer"], invite=False)
    detail = reverse("event_detail", args=["lakeview", event.pk])

    # The member takes the one place from the list of events.
    sign_in_with_password(phone, world.users["member"])
    visit(phone, reverse("event_list", args=["lakeview"]))
    submit(phone, phone.get_by_role("link", name="Know your rights training", exact=True))
    submit(phone, phone.get_by_role("button", name="Yes, I'm coming"))
    assert "You're going." in main_text(phone)

    # A second member says yes too: the event is full, so they wait in line.
    sign_in_with_password(page, second_user)
    visit(page, detail)
    submit(page, page.get_by_role("button", name="Yes, I'm coming"))
    assert "you are number 1 on the wait list" in main_text(page)
    assert page.locator("[data-check-in-code]").count() == 0

    # The member can no longer come: the place goes to the first in line, who is told.
    submit(phone, phone.get_by_role("button", name="No, I can't come"))
    assert "you're not going" in main_text(phone)
    assert fits_the_phone(phone)
    told = wait_for_mail(mailoutbox, 1)
    assert told.to == [second.personal_email]
    assert told.subject == "You have a place: Know your rights training"
    visit(page, detail)
    assert "You're going." in main_text(page)
    assert page.locator("[data-check-in-code]").count() == 1


def test_every_event_page_passes_axe_and_fits_a_phone(page, world):
    """The officer's pages with answers, a wait list and check-ins; then the member's."""
    officer = world.users["officer"]
    event = actions.publish_event(training(world, audience="worksites",
                                           worksites=[world.site_a, world.site_b]),
                                  by=officer, invite=False)
    draft = training(world, audience="roles", roles=["steward", "officer"])
    for person, answer in ((world.people_a[1], "yes"), (world.people_a[2], "yes"),
                           (world.people_b[1], "maybe"), (world.people_b[2], "no")):
        actions.answer_rsvp(event, person, answer, by=None)
    actions.check_in_person(event, world.people_a[1], by=officer)

    page.set_viewport_size(PHONE)
    sign_in_with_password(page, officer)
    urls = [reverse("event_list", args=["lakeview"]), reverse("event_new", args=["lakeview"])]
    for pk in (event.pk, draft.pk):
        urls += [reverse(name, args=["lakeview", pk])
                 for name in ("event_detail", "event_edit", "event_door")]
    urls.append(reverse("event_door", args=["lakeview", event.pk]) + "?q=Last")
    for url in urls:
        visit(page, url)
        assert fits_the_phone(page), url
    visit(page, reverse("event_detail", args=["lakeview", event.pk]))
    page.get_by_text("Cancel the event").first.click()  # the folded form, still accessible
    check_axe(page)

    submit(page, page.get_by_role("button", name="Sign out"))
    sign_in_with_password(page, world.users["member"])
    for url in (reverse("event_list", args=["lakeview"]),
                reverse("event_detail", args=["lakeview", event.pk])):
        visit(page, url)
        assert fits_the_phone(page), url
    submit(page, page.get_by_role("button", name="Maybe"))
    assert "You answered maybe." in main_text(page)

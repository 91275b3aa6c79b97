"""The end of a term: closing the cycle, and a thank-you letter to every mentor (once), emailed
with a PDF and downloadable by the mentor and the coordinator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.matrix_mentoring_pairs import enrol, make_ended_pair, make_pair, match, today_in
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference
from unionhall.mentoring.actions import pairs as a
from unionhall.mentoring.models import Match, ThankYouLetter


def send_url(cycle):
    return reverse("mentoring_thanks_send", args=["lakeview", cycle.pk])


def pdf_url(cycle, enrollment):
    return reverse("mentoring_thanks_pdf", args=["lakeview", cycle.pk, enrollment.pk])


def test_letters_wait_for_the_end_of_the_term(world, as_user):
    pair = make_pair(world)
    response = as_user("coordinator").post(send_url(pair.cycle), follow=True)
    assert "Thank-you letters go out at the end of the term" in response.content.decode()
    assert not ThankYouLetter.objects.exists()
    with pytest.raises(ValidationError):
        a.send_thank_you_letters(pair.cycle, by=world.users["coordinator"])


def test_one_letter_per_mentor_with_their_hours_and_mentees(
        world, as_user, mailoutbox, django_capture_on_commit_callbacks):
    pair = make_ended_pair(world, letter="Dear {name}, thank you for {hours} hours with "
                                         "{mentees} in {cycle}. {unknown} -- {local}")
    cycle = pair.cycle
    second = match(cycle, enrol(cycle, world.people_b[1], "mentee"), pair.mentor)
    day = cycle.ends_on
    a.log_meeting(pair, by=None, person=world.people_a[0], held_on=day, minutes=90,
                  how="in_person", today=day)
    a.log_meeting(second, by=None, person=world.people_b[1], held_on=day, minutes=60,
                  how="phone", today=day)
    # A mentor whose match was never published gets no letter.
    match(cycle, enrol(cycle, world.people_b[2], "mentee"),
          enrol(cycle, world.people_a[2], "mentor"), status="proposed")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("coordinator").post(send_url(cycle))
    assert response.status_code == 302
    letter = ThankYouLetter.objects.get()
    mentor = world.people_a[1]
    assert letter.enrollment == pair.mentor
    first, last = sorted([world.people_a[0], world.people_b[1]],
                         key=lambda p: p.legal_last_name)  # mentees by last name
    assert letter.body == (f"Dear {mentor.first_name}, thank you for 2.5 hours with "
                           f"{first.display_name} and {last.display_name} in {cycle.name}. "
                           f"{{unknown}} -- Lakeview ESP")
    assert letter.sent_by == world.users["coordinator"]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [mentor.personal_email]
    assert message.subject == f"Thank you for mentoring, {mentor.first_name}"
    assert letter.body in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert "List-Unsubscribe" in message.extra_headers
    assert AuditEntry.objects.get(verb="thank_you.sent").changes == {"letters": [None, 1]}

    # Sending again writes to no one twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("coordinator").post(send_url(cycle), follow=True)
    assert "Every mentor already has their letter." in response.content.decode()
    assert ThankYouLetter.objects.count() == 1 and len(mailoutbox) == 1
    assert AuditEntry.objects.filter(verb="thank_you.sent").count() == 1


def test_the_standard_letter_when_the_program_has_none(world):
    pair = make_ended_pair(world)
    a.send_thank_you_letters(pair.cycle, by=None)
    body = ThankYouLetter.objects.get().body
    assert body.startswith(f"Dear {world.people_a[1].first_name},")
    assert world.people_a[0].display_name in body and "for 0 hours" in body
    assert "{" not in body


def test_a_mentor_who_turned_mentoring_emails_off_still_gets_the_letter_to_download(
        world, mailoutbox, django_capture_on_commit_callbacks):
    pair = make_ended_pair(world)
    EmailPreference.objects.create(person=world.people_a[1], topic="mentoring", wants=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert a.send_thank_you_letters(pair.cycle, by=world.users["coordinator"]) == 1
    assert mailoutbox == []
    assert ThankYouLetter.objects.count() == 1


def test_the_mentor_and_the_coordinator_download_the_pdf(world, as_user):
    pair = make_ended_pair(world)
    a.send_thank_you_letters(pair.cycle, by=None)
    url = pdf_url(pair.cycle, pair.mentor)
    for persona in ("rep", "coordinator", "officer", "admin"):
        response = as_user(persona).get(url)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    for persona in ("member", "steward", "state"):
        assert as_user(persona).get(url).status_code == 404, persona
    assert as_user("outsider").get(url).status_code == 403
    # The mentor finds it on their pair's page.
    html = as_user("rep").get(reverse("pair_detail", args=["lakeview", pair.pk])).content.decode()
    assert url in html
    html = as_user("member").get(
        reverse("pair_detail", args=["lakeview", pair.pk])).content.decode()
    assert url not in html


def test_the_letters_page_previews_and_lists(world, as_user):
    pair = make_ended_pair(world, letter="Thanks {full_name}!")
    html = as_user("coordinator").get(
        reverse("mentoring_thanks_letters", args=["lakeview", pair.cycle_id])).content.decode()
    assert f"Thanks {world.people_a[1].display_name}!" in html
    assert "1 mentor has no letter yet." in html
    assert "{hours}" in html  # the placeholders are listed


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state"])
def test_only_who_runs_the_program_sends(world, as_user, persona):
    pair = make_ended_pair(world)
    assert as_user(persona).post(send_url(pair.cycle)).status_code == 403
    with pytest.raises(PermissionDenied):
        a.send_thank_you_letters(pair.cycle, by=world.users[persona])
    assert not ThankYouLetter.objects.exists()


def test_closing_the_cycle_ends_the_published_matches(world, as_user):
    pair = make_pair(world)
    proposed = match(pair.cycle, enrol(pair.cycle, world.people_b[1], "mentee"),
                     enrol(pair.cycle, world.people_b[2], "mentor"), status="proposed")
    close = reverse("mentoring_results_close", args=["lakeview", pair.cycle_id])
    response = as_user("coordinator").post(close, follow=True)
    assert "The cycle is closed: 1 pairs ended." in response.content.decode()
    pair.refresh_from_db()
    pair.cycle.refresh_from_db()
    assert pair.status == Match.Status.ENDED and pair.ended_at is not None
    assert pair.cycle.closed_at is not None
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED
    assert AuditEntry.objects.get(verb="cycle.closed").changes["matches_ended"] == [None, 1]
    # The pair still sees their page; closing twice is refused with a message.
    assert as_user("member").get(
        reverse("pair_detail", args=["lakeview", pair.pk])).status_code == 200
    response = as_user("coordinator").post(close, follow=True)
    assert "already closed" in response.content.decode()
    # Letters may go out now, even before the end date.
    assert a.send_thank_you_letters(pair.cycle, by=world.users["coordinator"]) == 1


def test_a_member_cannot_close(world, as_user):
    pair = make_pair(world)
    close = reverse("mentoring_results_close", args=["lakeview", pair.cycle_id])
    assert as_user("rep").post(close).status_code == 403
    with pytest.raises(PermissionDenied):
        a.close_cycle(pair.cycle, by=world.users["member"])


def test_meetings_logged_for_the_letter_use_the_local_day(world):
    pair = make_pair(world)
    meeting = a.log_meeting(pair, by=world.users["member"], held_on=today_in(world),
                            minutes=30, how="phone")
    assert meeting.held_on == today_in(world)

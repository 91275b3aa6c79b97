"""Meeting pages for every persona: who gets which page and which button, what each sees, the
messages a mistake gives, and query counts that do not grow with the meeting."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.matrix_common import LOGIN
from tests.matrix_meetings import MEETING_MATRIX
from unionhall.democracy import actions
from unionhall.democracy.meeting_urls import urlpatterns as meeting_patterns
from unionhall.democracy.models import Attendance, DemocracyRules, Meeting, Motion

PERSONAS = ["anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(name, meeting=None, **kwargs):
    if meeting is not None:
        kwargs["pk"] = meeting.pk
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


@pytest.fixture
def meeting(world):
    return actions.create_meeting(world.local, title="General membership meeting",
                                  kind="general", starts_at=timezone.now(),
                                  place="Birch Middle School library", by=world.users["officer"])


@pytest.fixture
def live(world, meeting):
    meeting = actions.open_sign_in(meeting, by=world.users["officer"])
    for person in (world.people_a[1], world.people_b[0], world.people_b[1]):
        actions.mark_present(meeting, person, by=world.users["officer"])
    return meeting


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- The access matrix (merged by the lead into tests/test_access_matrix.py) -------------------


def test_matrix_covers_every_meeting_url():
    names = {p.name for p in meeting_patterns if isinstance(p, URLPattern)}
    assert names == set(MEETING_MATRIX)
    for _method, _kwargs, expected in MEETING_MATRIX.values():
        assert set(expected) == set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MEETING_MATRIX))
def test_access(name, persona, world, as_user):
    method, kwargs, expected = MEETING_MATRIX[name]
    client = as_user(None if persona == "anonymous" else persona)
    response = getattr(client, method)(reverse(name, kwargs=kwargs(world)))
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == want, response.content[:500]


def test_post_only_pages_refuse_get(world, as_user, meeting):
    client = as_user("officer")
    assert client.get(url("meeting_sign_in_open", meeting)).status_code == 405
    assert client.get(url("motion_move", meeting)).status_code == 405


def test_another_locals_meeting_is_404(world, as_user):
    elsewhere = actions.create_meeting(world.other_local, title="Hilltop meeting",
                                       kind="general", starts_at=timezone.now(), by=None)
    assert as_user("officer").get(url("meeting_detail", elsewhere)).status_code == 404
    assert as_user("member").get(url("meeting_minutes", elsewhere)).status_code == 404


# --- Scheduling -------------------------------------------------------------------------------


def test_officer_schedules_a_meeting_in_the_locals_time_zone(world, as_user):
    response = as_user("officer").post(url("meeting_new"), {
        "title": "Strategy meeting", "kind": "strategy", "starts_at": "2030-03-04T18:30",
        "ends_at": "2030-03-04T20:00", "place": "Union hall", "video_url": ""})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url("meeting_agenda", meeting)
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert meeting.starts_at == dt.datetime(2030, 3, 4, 18, 30, tzinfo=chicago)
    assert meeting.ends_at == dt.datetime(2030, 3, 5, 2, 0, tzinfo=dt.UTC)
    page = text(as_user("officer").get(url("meeting_edit", meeting)))
    assert 'value="2030-03-04T18:30"' in page  # shown back in the local's time
    detail = text(as_user("member").get(url("meeting_detail", meeting)))
    assert "6:30" in detail and "Union hall" in detail


def test_a_bad_meeting_form_shows_messages(world, as_user):
    response = as_user("officer").post(url("meeting_new"), {
        "title": "Meeting", "kind": "general", "starts_at": "2030-03-04T18:30",
        "ends_at": "2030-03-04T17:00"})
    assert response.status_code == 400
    assert "The meeting must end after it starts." in text(response)
    response = as_user("officer").post(url("meeting_new"), {"title": "", "kind": "general",
                                                            "starts_at": "soon"})
    assert response.status_code == 400 and "Enter a valid date/time." in text(response)
    assert not Meeting.objects.exists()


def test_edit_meeting(world, as_user, meeting):
    response = as_user("admin").post(url("meeting_edit", meeting), {
        "title": "General membership meeting (moved)", "kind": "general",
        "starts_at": "2030-05-01T17:00", "ends_at": "", "place": "Gym",
        "video_url": "https://meet.example.org/x"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Gym" and meeting.video_url == "https://meet.example.org/x"
    assert 'href="https://meet.example.org/x"' in text(as_user("member").get(
        url("meeting_detail", meeting)))


def test_list_splits_upcoming_and_past(world, as_user):
    now = timezone.now()
    for days, title in ((-20, "Old meeting"), (3, "Soon meeting")):
        actions.create_meeting(world.local, title=title, kind="general",
                               starts_at=now + dt.timedelta(days=days), by=None)
    page = text(as_user("member").get(url("meeting_list")))
    upcoming, past = page.split('id="past-h"')
    assert "Soon meeting" in upcoming and "Old meeting" in past
    assert "Schedule a meeting" not in page
    assert "Schedule a meeting" in text(as_user("officer").get(url("meeting_list")))


# --- Agenda -----------------------------------------------------------------------------------


def test_agenda_pages(world, as_user, meeting):
    client = as_user("officer")
    for title in ("Call to order", "Bargaining update", "Good of the order"):
        assert client.post(url("meeting_agenda", meeting), {"title": title}).status_code == 302
    first, second, third = meeting.agenda.all()
    client.post(url("agenda_item_move", meeting, item_pk=third.pk), {"direction": "up"})
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Call to order", "Good of the order", "Bargaining update"]
    client.post(url("agenda_item_edit", meeting, item_pk=first.pk),
                {"title": "Welcome", "notes": "Five minutes"})
    client.post(url("agenda_item_remove", meeting, item_pk=second.pk))
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Welcome", "Good of the order"]
    response = client.post(url("meeting_agenda", meeting), {"title": ""})
    assert response.status_code == 400 and "This field is required." in text(response)
    detail = text(as_user("member").get(url("meeting_detail", meeting)))
    assert "Welcome" in detail and "Five minutes" in detail and "Edit the agenda" not in detail


# --- Sign-in ----------------------------------------------------------------------------------


def test_chair_opens_sign_in_and_sees_the_code_members_do_not(world, as_user, meeting):
    response = as_user("officer").post(url("meeting_sign_in_open", meeting), follow=True)
    meeting.refresh_from_db()
    shown = f"{meeting.sign_in_code[:3]} {meeting.sign_in_code[3:]}"
    assert meeting.sign_in_open and shown in text(response)
    for persona in ("rep", "steward", "admin"):
        assert shown in text(as_user(persona).get(url("meeting_detail", meeting)))
        assert shown in text(as_user(persona).get(url("meeting_quorum", meeting)))
    for persona in ("member", "state"):
        for path in (url("meeting_detail", meeting), url("meeting_quorum", meeting),
                     url("meeting_list")):
            page = text(as_user(persona).get(path))
            assert meeting.sign_in_code not in page and shown not in page
    as_user("officer").post(url("meeting_sign_in_close", meeting))
    meeting.refresh_from_db()
    assert not meeting.sign_in_open


def test_member_signs_in_on_the_sign_in_page(world, as_user, live):
    client = as_user("member")
    page = text(client.get(url("meeting_sign_in", live)))
    assert 'inputmode="numeric"' in page and 'autocomplete="off"' in page
    assert '<label for="id_code">' in page
    response = client.post(url("meeting_sign_in", live), {"code": live.sign_in_code})
    assert response.status_code == 302 and response["Location"] == url("meeting_detail", live)
    assert Attendance.objects.filter(meeting=live, person=world.people_a[0], how="code").exists()
    detail = text(client.get(url("meeting_detail", live)))
    assert "You are signed in." in detail
    # The sign-in page now says so too; posting again is harmless.
    assert "You are signed in." in text(client.get(url("meeting_sign_in", live)))
    assert client.post(url("meeting_sign_in", live), {"code": "x"}).status_code == 302


def test_member_signs_in_from_the_meeting_page(world, as_user, live):
    client = as_user("member")
    page = text(client.get(url("meeting_detail", live)))
    assert f'action="{url("meeting_sign_in", live)}"' in page and 'name="code"' in page
    response = client.post(url("meeting_sign_in", live), {"code": live.sign_in_code},
                           follow=True)
    assert "You are signed in. Welcome!" in messages_of(response)


def test_wrong_code_is_a_message_and_then_rate_limited(world, as_user, live):
    client = as_user("member")
    wrong = "123456" if live.sign_in_code != "123456" else "654321"
    for _i in range(5):
        response = client.post(url("meeting_sign_in", live), {"code": wrong})
        assert response.status_code == 400
        assert "That is not the code shown in the room." in text(response)
        assert 'aria-invalid="true"' in text(response)
    response = client.post(url("meeting_sign_in", live), {"code": live.sign_in_code})
    assert response.status_code == 400 and "Too many wrong codes." in text(response)
    assert not Attendance.objects.filter(person=world.people_a[0]).exists()


def test_sign_in_when_closed(world, as_user, meeting):
    client = as_user("member")
    page = text(client.get(url("meeting_sign_in", meeting)))
    assert "Sign-in for this meeting is not open." in page and 'name="code"' not in page
    response = client.post(url("meeting_sign_in", meeting), {"code": "123456"})
    assert response.status_code == 400 and "Sign-in for this meeting is closed." in text(response)
    assert 'name="code"' not in text(client.get(url("meeting_detail", meeting)))


@pytest.mark.parametrize("persona", ["steward", "admin", "state", "outsider"])
def test_sign_in_post_is_only_for_people_of_the_local(world, as_user, live, persona):
    response = as_user(persona).post(url("meeting_sign_in", live), {"code": live.sign_in_code})
    assert response.status_code == 403
    assert not Attendance.objects.filter(how="code").exists()


# --- Attendance at the door -------------------------------------------------------------------


def test_steward_searches_and_marks_a_member_present(world, as_user, meeting):
    client = as_user("steward")
    target = world.people_a[2]
    page = text(client.get(url("meeting_attendance", meeting), {"q": target.legal_last_name}))
    assert f"{target.legal_last_name}, {target.first_name}" in page
    assert "Mark present" in page and '<th scope="col">' in page
    response = client.post(url("meeting_mark_present", meeting),
                           {"person": target.pk, "q": target.legal_last_name})
    assert response.status_code == 302
    assert response["Location"] == url("meeting_attendance", meeting) + "?q=" + \
        target.legal_last_name
    attendance = Attendance.objects.get(meeting=meeting, person=target)
    assert attendance.how == "marked" and attendance.marked_by == world.users["steward"]
    page = text(client.get(url("meeting_attendance", meeting)))
    assert "Present: 1 person" in page
    client.post(url("meeting_unmark_present", meeting), {"person": target.pk})
    assert not Attendance.objects.exists()


def test_marking_someone_of_another_local_is_404(world, as_user, meeting):
    response = as_user("steward").post(url("meeting_mark_present", meeting),
                                       {"person": world.outsider_person.pk})
    assert response.status_code == 404
    response = as_user("steward").post(url("meeting_mark_present", meeting), {"person": "x"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", ["member", "state", "outsider"])
def test_who_may_not_mark_attendance(world, as_user, meeting, persona):
    response = as_user(persona).post(url("meeting_mark_present", meeting),
                                     {"person": world.people_a[2].pk})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_names_are_for_the_door_and_the_chair_counts_for_everyone(world, as_user, live):
    name = world.people_b[1].legal_last_name
    for persona in ("member", "state"):
        page = text(as_user(persona).get(url("meeting_detail", live)))
        assert name not in page
        assert "3 people" in page  # signed in
        assert name not in text(as_user(persona).get(url("meeting_quorum", live)))
    assert name in text(as_user("steward").get(url("meeting_attendance", live)))
    assert name in text(as_user("officer").get(url("meeting_detail", live)))  # mover choices


def test_quorum_fragment_and_room_screen(world, as_user, live):
    DemocracyRules.objects.create(local=world.local, quorum_kind="number", quorum_number=4)
    client = as_user("member")
    fragment = client.get(url("meeting_quorum", live), {"fragment": "1"})
    assert fragment.status_code == 200 and fragment["Cache-Control"] == "no-store"
    body = text(fragment)
    assert "<html" not in body and "No quorum yet: 1 more member needed" in body
    assert re.search(r'data-present>3<', body) and re.search(r'data-required>4<', body)
    same = client.get(url("meeting_quorum", live), HTTP_X_REQUESTED_WITH="fetch")
    assert "<html" not in text(same)
    actions.mark_present(live, world.people_a[0], by=world.users["officer"])
    assert "✓ Quorum reached" in text(client.get(url("meeting_quorum", live), {"fragment": 1}))
    room = text(client.get(url("meeting_quorum", live)))
    assert "<html" in room and 'id="quorum-panel"' in room and "Back to the meeting" in room


def test_detail_polls_the_fragment_and_offers_a_refresh_link(world, as_user, live):
    page = text(as_user("member").get(url("meeting_detail", live)))
    assert f'data-poll="{url("meeting_quorum", live)}?fragment=1"' in page
    assert 'aria-live="polite"' in page and ">Refresh</a>" in page
    assert "fetch(url" in page


def test_share_quorum_is_explained(world, as_user, live):
    DemocracyRules.objects.create(local=world.local, quorum_kind="share", quorum_percent=50)
    page = text(as_user("member").get(url("meeting_detail", live)))
    assert "50% of its 6 members in good standing" in page
    assert "✓ Quorum reached" in page


def test_sign_in_sheet(world, as_user, live):
    PersonFactory(local=world.local, legal_last_name="Aaronson", legal_first_name="Zed",
                  status="lapsed")
    PersonFactory(local=world.local, legal_last_name="Abbott", legal_first_name="Ann")
    page = text(as_user("rep").get(url("meeting_sign_in_sheet", live)))
    names = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert names == sorted(names, key=str.lower) and names[0] == "Abbott, Ann"
    assert "Aaronson" not in page  # members in good standing only
    assert "Signature" in page and "@media print" in page and page.count("signed in online") == 3
    only = text(as_user("officer").get(url("meeting_sign_in_sheet", live), {"present": "1"}))
    assert len(re.findall(r'<th scope="row">', only)) == 3


# --- Motions ----------------------------------------------------------------------------------


def test_chair_moves_seconds_and_counts_hands(world, as_user, live):
    client = as_user("officer")
    mover, seconder = world.people_a[1], world.people_b[1]
    response = client.post(url("motion_move", live), {
        "move-text": "That the local hold a rally on March 3.", "move-moved_by": mover.pk,
        "move-agenda_item": "", "move-threshold": "majority"}, follow=True)
    motion = Motion.objects.get()
    assert "Motion moved. It needs a second." in messages_of(response)
    page = text(response)
    assert "That the local hold a rally on March 3." in page and "Record the second" in page
    response = client.post(url("motion_second", live, motion_pk=motion.pk),
                           {f"m{motion.pk}-seconded_by": mover.pk}, follow=True)
    assert "The member who moved the motion cannot second it." in " ".join(
        messages_of(response))
    client.post(url("motion_second", live, motion_pk=motion.pk),
                {f"m{motion.pk}-seconded_by": seconder.pk})
    response = client.post(url("motion_hand_vote", live, motion_pk=motion.pk), {
        f"m{motion.pk}h-yes": 9, f"m{motion.pk}h-no": 0}, follow=True)
    assert "only 3 members are signed in" in " ".join(messages_of(response))
    response = client.post(url("motion_hand_vote", live, motion_pk=motion.pk), {
        f"m{motion.pk}h-yes": 2, f"m{motion.pk}h-no": 1, f"m{motion.pk}h-abstain": ""},
        follow=True)
    assert "The motion passed (2 yes, 1 no, 0 abstaining)." in messages_of(response)
    motion.refresh_from_db()
    assert motion.status == "passed" and motion.voting == "hands"
    member_page = text(as_user("member").get(url("meeting_detail", live)))
    assert "Passed" in member_page and "2 yes, 1 no, 0 abstaining" in member_page
    assert "Record the vote" not in member_page


def test_motion_mistakes_are_messages(world, as_user, live):
    client = as_user("officer")
    response = client.post(url("motion_move", live), {"move-text": "", "move-moved_by": ""},
                           follow=True)
    assert response.status_code == 200 and messages_of(response)
    absent = world.people_a[2]
    response = client.post(url("motion_move", live), {
        "move-text": "Motion", "move-moved_by": absent.pk, "move-threshold": "majority"},
        follow=True)
    assert messages_of(response)  # not a choice: only members present
    assert not Motion.objects.exists()
    motion = actions.move_motion(live, text="M", moved_by=world.people_a[1],
                                 by=world.users["officer"])
    response = client.post(url("motion_hand_vote", live, motion_pk=motion.pk), {
        f"m{motion.pk}h-yes": -2, f"m{motion.pk}h-no": 0}, follow=True)
    assert messages_of(response)
    response = client.post(url("motion_secret_vote_close", live, motion_pk=motion.pk),
                           follow=True)
    assert "This motion is not being voted on." in messages_of(response)


def test_amendment_through_the_page(world, as_user, live):
    client = as_user("officer")
    motion = actions.move_motion(live, text="Rally on March 3.", moved_by=world.people_a[1],
                                 by=world.users["officer"])
    client.post(url("motion_amend", live, motion_pk=motion.pk), {
        f"m{motion.pk}a-text": "Rally and march on March 3.",
        f"m{motion.pk}a-moved_by": world.people_b[0].pk})
    amendment = Motion.objects.get(amends=motion)
    page = text(client.get(url("meeting_detail", live)))
    assert "Amendment" in page and "An amendment is pending" in page
    client.post(url("motion_second", live, motion_pk=amendment.pk),
                {f"m{amendment.pk}-seconded_by": world.people_b[1].pk})
    client.post(url("motion_hand_vote", live, motion_pk=amendment.pk),
                {f"m{amendment.pk}h-yes": 3, f"m{amendment.pk}h-no": 0})
    motion.refresh_from_db()
    assert motion.text == "Rally and march on March 3."
    client.post(url("motion_withdraw", live, motion_pk=motion.pk))
    motion.refresh_from_db()
    assert motion.status == "withdrawn"


def test_secret_vote_link_while_open(world, as_user, live):
    client = as_user("officer")
    motion = actions.move_motion(live, text="Strike vote authorization",
                                 moved_by=world.people_a[1], by=world.users["officer"])
    motion = actions.second_motion(motion, seconded_by=world.people_b[0],
                                   by=world.users["officer"])
    response = client.post(url("motion_secret_vote", live, motion_pk=motion.pk),
                           {f"m{motion.pk}s-minutes": 5}, follow=True)
    assert "The secret vote is open." in " ".join(messages_of(response))
    motion.refresh_from_db()
    assert motion.status == "voting" and motion.election_id
    vote_url = reverse("election_vote", kwargs={"local_slug": "lakeview",
                                                "pk": motion.election_id})
    assert vote_url in text(as_user("member").get(url("meeting_detail", live)))
    client = as_user("officer")
    response = client.post(url("motion_secret_vote_close", live, motion_pk=motion.pk),
                           follow=True)
    assert "The vote is closed and counted." in messages_of(response)
    motion.refresh_from_db()
    assert motion.status == "failed"  # no one voted
    results = reverse("election_results", kwargs={"local_slug": "lakeview",
                                                  "pk": motion.election_id})
    assert results in text(as_user("member").get(url("meeting_detail", live)))


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state"])
def test_who_may_not_run_the_meeting(world, as_user, live, persona):
    motion = actions.move_motion(live, text="M", moved_by=world.people_a[1],
                                 by=world.users["officer"])
    client = as_user(persona)
    page = text(client.get(url("meeting_detail", live)))
    assert "Record the second" not in page and "Open sign-in" not in page
    assert client.post(url("motion_second", live, motion_pk=motion.pk),
                       {f"m{motion.pk}-seconded_by": world.people_b[0].pk}).status_code == 403
    assert client.post(url("motion_withdraw", live, motion_pk=motion.pk)).status_code == 403
    assert client.post(url("meeting_sign_in_close", live)).status_code == 403
    assert client.post(url("meeting_minutes", live), {"text": "Mine"}).status_code == 403
    motion.refresh_from_db()
    live.refresh_from_db()
    assert motion.status == "moved" and live.sign_in_open and live.minutes == ""


def test_motion_text_is_escaped(world, as_user, live):
    actions.move_motion(live, text="<script>alert(1)</script>", moved_by=world.people_a[1],
                        by=world.users["officer"])
    page = text(as_user("member").get(url("meeting_detail", live)))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# --- Minutes ----------------------------------------------------------------------------------


def test_minutes_drafted_approved_and_shown(world, as_user):
    officer = as_user("officer")
    earlier = actions.create_meeting(world.local, title="March meeting", kind="general",
                                     starts_at=timezone.now() - dt.timedelta(days=30), by=None)
    later = actions.create_meeting(world.local, title="April meeting", kind="general",
                                   starts_at=timezone.now(), by=None)
    response = officer.post(url("meeting_minutes", earlier),
                            {"text": "Called to order at 6:02 pm."}, follow=True)
    assert "Draft minutes saved." in messages_of(response)
    member = as_user("member")
    page = text(member.get(url("meeting_minutes", earlier)))
    assert "Called to order" not in page and "not approved yet" in page
    officer = as_user("officer")
    later_page = text(officer.get(url("meeting_detail", later)))
    assert "Minutes to approve at this meeting" in later_page and "March meeting" in later_page
    response = officer.post(url("meeting_minutes_approve", earlier),
                            {"at_meeting": later.pk, "next": "at_meeting"})
    assert response["Location"] == url("meeting_detail", later)
    page = text(as_user("member").get(url("meeting_minutes", earlier)))
    assert "Called to order at 6:02 pm." in page and "April meeting" in page
    # Approved minutes are final: no editor, and a post is a message.
    officer = as_user("officer")
    assert 'name="text"' not in text(officer.get(url("meeting_minutes", earlier)))
    response = officer.post(url("meeting_minutes", earlier), {"text": "Rewritten"}, follow=True)
    assert "These minutes are approved and can no longer be changed." in messages_of(response)
    earlier.refresh_from_db()
    assert earlier.minutes == "Called to order at 6:02 pm."


def test_approving_at_an_earlier_meeting_is_a_message(world, as_user):
    earlier = actions.create_meeting(world.local, title="March", kind="general",
                                     starts_at=timezone.now() - dt.timedelta(days=30), by=None)
    later = actions.create_meeting(world.local, title="April", kind="general",
                                   starts_at=timezone.now(), by=None)
    actions.save_minutes(later, "Text", by=None)
    response = as_user("officer").post(url("meeting_minutes_approve", later),
                                       {"at_meeting": earlier.pk}, follow=True)
    assert "Minutes are approved at a later meeting than the one they record." in " ".join(
        messages_of(response))
    response = as_user("officer").post(url("meeting_minutes_approve", later), follow=True)
    assert messages_of(response)
    later.refresh_from_db()
    assert later.minutes_status == "draft"


# --- Query counts -----------------------------------------------------------------------------


def count(client, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(world, meeting, n):
    officer = world.users["officer"]
    people = PersonFactory.create_batch(n, local=world.local, worksite=world.site_a)
    for p in people:
        actions.mark_present(meeting, p, by=officer)
    for i in range(n // 3):
        actions.add_agenda_item(meeting, title=f"Item {i}", by=officer)
        m = actions.move_motion(meeting, text=f"Motion {i}", moved_by=people[i], by=officer)
        m = actions.second_motion(m, seconded_by=people[i + 1], by=officer)
        actions.amend_motion(m, text=f"Motion {i}, amended", moved_by=people[i + 2],
                             by=officer)
        done = actions.move_motion(meeting, text=f"Decided {i}", moved_by=people[i],
                                   by=officer)
        done = actions.second_motion(done, seconded_by=people[i + 1], by=officer)
        actions.record_hand_vote(done, yes=2, no=1, by=officer)


@pytest.mark.parametrize("persona,name", [
    ("officer", "meeting_detail"), ("member", "meeting_detail"), ("steward", "meeting_detail"),
    ("steward", "meeting_attendance"), ("officer", "meeting_quorum"),
    ("rep", "meeting_sign_in_sheet"), ("member", "meeting_list"),
])
def test_queries_do_not_grow(world, as_user, live, persona, name):
    client = as_user(persona)
    path = url(name) if name == "meeting_list" else url(name, live)
    params = {"q": "Last"} if name == "meeting_attendance" else {}
    count(client, path, **params)  # warm the session
    before = count(client, path, **params)
    grow(world, live, 12)
    after = count(client, path, **params)
    assert after == before

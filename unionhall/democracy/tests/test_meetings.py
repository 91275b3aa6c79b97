"""Meeting actions: scheduling, the agenda, sign-in by code and at the door, motions and their
votes, minutes. Every write is permission-checked and audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import PersonFactory
from unionhall.core import attempts
from unionhall.core.models import AuditEntry
from unionhall.democracy import actions
from unionhall.democracy.meeting_queries import (
    motions_of,
    present_members,
    search_people,
    sign_in_sheet,
    split_meetings,
    turnout,
)
from unionhall.democracy.models import (
    AgendaItem,
    Attendance,
    DemocracyRules,
    Election,
    Meeting,
    Motion,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def make_meeting(world, days=0, **values):
    starts = timezone.now() + dt.timedelta(days=days)
    values = {"title": "General membership meeting", "kind": "general", "starts_at": starts,
              "place": "Birch Middle School library", **values}
    return actions.create_meeting(world.local, by=world.users["officer"], **values)


@pytest.fixture
def meeting(world):
    return make_meeting(world)


@pytest.fixture
def live(world, meeting):
    """A meeting under way: sign-in open, four members present (member, rep, officer and
    one more)."""
    meeting = actions.open_sign_in(meeting, by=world.users["officer"])
    officer = world.users["officer"]
    for person in (world.people_a[0], world.people_a[1], world.people_b[0], world.people_b[1]):
        actions.mark_present(meeting, person, by=officer)
    return meeting


def verbs():
    return list(AuditEntry.objects.order_by("id").values_list("verb", flat=True))


# --- Scheduling and the agenda ----------------------------------------------------------------


def test_officer_schedules_and_edits_a_meeting(world):
    meeting = make_meeting(world, days=7, title="  Strategy <b>meeting</b> ", kind="strategy",
                           video_url="https://meet.example.org/abc")
    assert meeting.title == "Strategy <b>meeting</b>" and meeting.kind == "strategy"
    assert meeting.local == world.local and meeting.created_by == world.users["officer"]
    assert len(meeting.sign_in_code) == 6 and not meeting.sign_in_open
    actions.update_meeting(meeting, place="Union hall", by=world.users["admin"])
    meeting.refresh_from_db()
    assert meeting.place == "Union hall" and meeting.kind == "strategy"
    entry = AuditEntry.objects.get(verb="meeting.updated")
    assert entry.changes == {"place": ["Birch Middle School library", "Union hall"]}
    assert entry.actor == world.users["admin"]


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_who_runs_meetings_schedules_them(world, persona):
    with pytest.raises(PermissionDenied):
        actions.create_meeting(world.local, title="X", kind="general",
                               starts_at=timezone.now(), by=world.users[persona])
    assert not Meeting.objects.exists()


def test_meeting_values_are_checked(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        make_meeting(world, ends_at=now - dt.timedelta(hours=1))
    assert "end after it starts" in str(exc.value)
    with pytest.raises(ValidationError):
        make_meeting(world, title="   ")
    with pytest.raises(ValidationError):
        make_meeting(world, video_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        make_meeting(world, kind="party")


def test_agenda_items_are_added_edited_moved_and_removed(world, meeting):
    officer = world.users["officer"]
    a = actions.add_agenda_item(meeting, title="Call to order", by=officer)
    b = actions.add_agenda_item(meeting, title="Minutes of the last meeting", by=officer)
    c = actions.add_agenda_item(meeting, title="Bargaining update", notes="Ten minutes",
                                by=officer)

    def titles():
        return list(meeting.agenda.values_list("title", flat=True))

    assert titles() == ["Call to order", "Minutes of the last meeting", "Bargaining update"]
    actions.move_agenda_item(c, up=True, by=officer)
    assert titles() == ["Call to order", "Bargaining update", "Minutes of the last meeting"]
    actions.move_agenda_item(a, up=True, by=officer)  # the first stays first
    assert titles()[0] == "Call to order"
    actions.reorder_agenda(meeting, [b.pk, a.pk, c.pk], by=officer)
    assert titles() == ["Minutes of the last meeting", "Call to order", "Bargaining update"]
    with pytest.raises(ValidationError):
        actions.reorder_agenda(meeting, [a.pk, b.pk], by=officer)
    actions.edit_agenda_item(a, title="Welcome", notes="", by=officer)
    actions.remove_agenda_item(b, by=officer)
    assert titles() == ["Welcome", "Bargaining update"]
    assert list(meeting.agenda.values_list("position", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        actions.add_agenda_item(meeting, title=" ", by=officer)
    with pytest.raises(PermissionDenied):
        actions.add_agenda_item(meeting, title="Mine", by=world.users["steward"])
    assert "meeting.agenda_item_removed" in verbs()


# --- Sign-in --------------------------------------------------------------------------------


def test_opening_sign_in_makes_a_fresh_readable_code(world, meeting):
    codes = set()
    for _i in range(5):
        meeting = actions.open_sign_in(meeting, by=world.users["officer"])
        assert meeting.sign_in_open
        assert len(meeting.sign_in_code) == 6 and meeting.sign_in_code.isdigit()
        codes.add(meeting.sign_in_code)
    assert len(codes) > 1
    entry = AuditEntry.objects.filter(verb="meeting.sign_in_opened").last()
    assert meeting.sign_in_code not in str(entry.changes)  # the log never holds the code
    actions.close_sign_in(meeting, by=world.users["officer"])
    meeting.refresh_from_db()
    assert not meeting.sign_in_open
    with pytest.raises(PermissionDenied):
        actions.open_sign_in(meeting, by=world.users["steward"])


def test_member_signs_in_with_the_code(world, meeting):
    meeting = actions.open_sign_in(meeting, by=world.users["officer"])
    member = world.users["member"]
    typed = f" {meeting.sign_in_code[:3]}-{meeting.sign_in_code[3:]} "  # spaces and a dash
    attendance = actions.sign_in_with_code(meeting, typed, by=member)
    assert attendance.person == world.people_a[0] and attendance.how == "code"
    # Twice is harmless: the first sign-in stands, and one audit entry.
    again = actions.sign_in_with_code(meeting, "000000", by=member)
    assert again.pk == attendance.pk
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert verbs().count("meeting.signed_in") == 1


def test_wrong_code_is_a_clear_message_and_is_rate_limited(world, meeting):
    meeting = actions.open_sign_in(meeting, by=world.users["officer"])
    wrong = "111111" if meeting.sign_in_code != "111111" else "222222"
    member = world.users["member"]
    for _i in range(attempts.LIMIT):
        with pytest.raises(ValidationError) as exc:
            actions.sign_in_with_code(meeting, wrong, by=member)
        assert "not the code shown in the room" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        actions.sign_in_with_code(meeting, meeting.sign_in_code, by=member)
    assert "Too many wrong codes" in exc.value.messages[0]
    assert not Attendance.objects.exists()
    # Another member is not locked out.
    actions.sign_in_with_code(meeting, meeting.sign_in_code, by=world.users["officer"])
    # After the window, the member can try again.
    cache.clear()
    actions.sign_in_with_code(meeting, meeting.sign_in_code, by=member)
    assert Attendance.objects.count() == 2


def test_sign_in_is_refused_when_closed_or_without_a_person_in_the_local(world, meeting):
    with pytest.raises(ValidationError) as exc:
        actions.sign_in_with_code(meeting, meeting.sign_in_code, by=world.users["member"])
    assert "closed" in exc.value.messages[0]
    meeting = actions.open_sign_in(meeting, by=world.users["officer"])
    for persona in ("steward", "admin", "outsider"):  # no person, or a person elsewhere
        with pytest.raises(PermissionDenied):
            actions.sign_in_with_code(meeting, meeting.sign_in_code, by=world.users[persona])
    with pytest.raises(ValidationError):
        actions.sign_in_with_code(meeting, "", by=world.users["member"])
    assert not Attendance.objects.exists()


def test_steward_marks_a_member_present_and_takes_them_off(world, meeting):
    steward = world.users["steward"]
    person = world.people_a[2]  # not at the steward's worksite: the door is for everyone
    attendance = actions.mark_present(meeting, person, by=steward)
    assert attendance.how == "marked" and attendance.marked_by == steward
    actions.mark_present(meeting, person, by=world.users["rep"])  # twice: harmless
    assert Attendance.objects.get().marked_by == steward
    actions.unmark_present(meeting, person, by=steward)
    assert not Attendance.objects.exists()
    assert verbs().count("meeting.marked_present") == 1
    with pytest.raises(PermissionDenied):
        actions.mark_present(meeting, person, by=world.users["member"])
    with pytest.raises(PermissionDenied):
        actions.mark_present(meeting, person, by=world.users["state"])
    with pytest.raises(ValidationError):
        actions.mark_present(meeting, world.outsider_person, by=steward)


# --- Quorum -----------------------------------------------------------------------------------


def test_quorum_counts_members_in_good_standing_only(world, meeting):
    DemocracyRules.objects.create(local=world.local, quorum_kind="number", quorum_number=3)
    officer = world.users["officer"]
    lapsed = PersonFactory(local=world.local, worksite=world.site_a, status="lapsed")
    actions.mark_present(meeting, world.people_a[0], by=officer)
    actions.mark_present(meeting, lapsed, by=officer)
    t = turnout(meeting)
    assert (t.quorum.required, t.quorum.present, t.signed_in, t.others) == (3, 1, 2, 1)
    assert not t.quorum.met and t.quorum.needed == 2
    actions.mark_present(meeting, world.people_a[1], by=officer)
    actions.mark_present(meeting, world.people_b[1], by=officer)
    assert turnout(meeting).quorum.met


def test_quorum_as_a_share_of_the_membership(world, meeting):
    # Six members in good standing in the world, one lapsed and one who left the unit.
    PersonFactory(local=world.local, status="lapsed")
    PersonFactory(local=world.local, in_unit=False)
    DemocracyRules.objects.create(local=world.local, quorum_kind="share",
                                  quorum_percent=Decimal("40"))
    t = turnout(meeting)
    assert t.quorum.members == 6 and t.quorum.required == 3  # 2.4, rounded up


def test_defaults_without_rules(world, meeting):
    assert turnout(meeting).quorum.required == 25


# --- Motions ----------------------------------------------------------------------------------


def test_a_motion_is_moved_seconded_and_passed_by_hands(world, live):
    officer = world.users["officer"]
    item = actions.add_agenda_item(live, title="New business", by=officer)
    motion = actions.move_motion(live, text="That the local hold a rally on March 3.",
                                 moved_by=world.people_a[0], agenda_item=item, by=officer)
    assert motion.status == "moved" and motion.agenda_item == item
    with pytest.raises(ValidationError) as exc:
        actions.second_motion(motion, seconded_by=world.people_a[0], by=officer)
    assert "cannot second" in str(exc.value)
    with pytest.raises(ValidationError):  # not seconded yet
        actions.record_hand_vote(motion, yes=3, no=0, by=officer)
    motion = actions.second_motion(motion, seconded_by=world.people_a[1], by=officer)
    assert motion.status == "seconded"
    motion = actions.record_hand_vote(motion, yes=3, no=1, abstain=0, by=officer)
    assert (motion.status, motion.voting, motion.yes, motion.no) == ("passed", "hands", 3, 1)
    with pytest.raises(ValidationError):  # decided: no second count
        actions.record_hand_vote(motion, yes=0, no=4, by=officer)
    assert verbs()[-3:] == ["motion.moved", "motion.seconded", "motion.hands_counted"]


def test_two_thirds_and_ties(world, live):
    officer = world.users["officer"]

    def seconded(threshold="majority"):
        m = actions.move_motion(live, text="Motion", moved_by=world.people_a[0],
                                threshold=threshold, by=officer)
        return actions.second_motion(m, seconded_by=world.people_a[1], by=officer)

    assert actions.record_hand_vote(seconded(), yes=2, no=2, by=officer).status == "failed"
    assert actions.record_hand_vote(seconded("two-thirds"), yes=2, no=1,
                                    by=officer).status == "passed"
    assert actions.record_hand_vote(seconded("two-thirds"), yes=2, no=2,
                                    by=officer).status == "failed"
    # Nothing cast: not passed.
    assert actions.record_hand_vote(seconded(), yes=0, no=0, abstain=4,
                                    by=officer).status == "failed"


def test_hand_counts_are_checked(world, live):
    officer = world.users["officer"]
    m = actions.move_motion(live, text="Motion", moved_by=world.people_a[0], by=officer)
    m = actions.second_motion(m, seconded_by=world.people_a[1], by=officer)
    with pytest.raises(ValidationError) as exc:
        actions.record_hand_vote(m, yes=-1, no=0, by=officer)
    assert "negative" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        actions.record_hand_vote(m, yes=4, no=1, by=officer)  # five votes, four present
    assert "only 4 members are signed in" in str(exc.value)
    m.refresh_from_db()
    assert m.status == "seconded" and m.yes is None
    with pytest.raises(PermissionDenied):
        actions.record_hand_vote(m, yes=1, no=0, by=world.users["steward"])


def test_only_members_present_move_or_second(world, live):
    officer = world.users["officer"]
    absent = world.people_a[2]
    with pytest.raises(ValidationError) as exc:
        actions.move_motion(live, text="Motion", moved_by=absent, by=officer)
    assert "not signed in" in str(exc.value)
    m = actions.move_motion(live, text="Motion", moved_by=world.people_a[0], by=officer)
    with pytest.raises(ValidationError):
        actions.second_motion(m, seconded_by=absent, by=officer)
    with pytest.raises(ValidationError):
        actions.move_motion(live, text="  ", moved_by=world.people_a[0], by=officer)
    other = make_meeting(world, days=30)
    other_item = actions.add_agenda_item(other, title="Elsewhere", by=officer)
    with pytest.raises(ValidationError):
        actions.move_motion(live, text="Motion", moved_by=world.people_a[0],
                            agenda_item=other_item, by=officer)


def test_a_passed_amendment_replaces_the_motion_text(world, live):
    officer = world.users["officer"]
    motion = actions.move_motion(live, text="That the local hold a rally on March 3.",
                                 moved_by=world.people_a[0], by=officer)
    motion = actions.second_motion(motion, seconded_by=world.people_a[1], by=officer)
    amendment = actions.amend_motion(
        motion, text="That the local hold a rally and a march on March 3.",
        moved_by=world.people_b[0], by=officer)
    assert amendment.amends == motion and amendment.status == "moved"
    amendment = actions.second_motion(amendment, seconded_by=world.people_b[1], by=officer)
    with pytest.raises(ValidationError) as exc:  # the amendment is voted first
        actions.record_hand_vote(motion, yes=3, no=0, by=officer)
    assert "pending amendment" in str(exc.value)
    actions.record_hand_vote(amendment, yes=3, no=1, by=officer)
    motion.refresh_from_db()
    assert motion.text == "That the local hold a rally and a march on March 3."
    entry = AuditEntry.objects.get(verb="motion.amended")
    assert entry.changes["text"] == ["That the local hold a rally on March 3.", motion.text]
    motion = actions.record_hand_vote(motion, yes=4, no=0, by=officer)
    assert motion.status == "passed"
    [node] = motions_of(live)
    assert node.motion == motion and [a.motion for a in node.amendments] == [amendment]


def test_a_failed_amendment_leaves_the_text(world, live):
    officer = world.users["officer"]
    motion = actions.move_motion(live, text="Original", moved_by=world.people_a[0], by=officer)
    amendment = actions.amend_motion(motion, text="Amended", moved_by=world.people_a[1],
                                     by=officer)
    amendment = actions.second_motion(amendment, seconded_by=world.people_a[0], by=officer)
    actions.record_hand_vote(amendment, yes=1, no=3, by=officer)
    motion.refresh_from_db()
    assert motion.text == "Original"
    with pytest.raises(ValidationError):
        actions.amend_motion(motion, text="Original", moved_by=world.people_a[1], by=officer)


def test_withdrawing_takes_pending_amendments_along(world, live):
    officer = world.users["officer"]
    motion = actions.move_motion(live, text="Original", moved_by=world.people_a[0], by=officer)
    amendment = actions.amend_motion(motion, text="Amended", moved_by=world.people_a[1],
                                     by=officer)
    actions.withdraw_motion(motion, by=officer)
    amendment.refresh_from_db()
    assert amendment.status == "withdrawn"
    with pytest.raises(ValidationError):
        actions.withdraw_motion(motion, by=officer)
    with pytest.raises(ValidationError):
        actions.amend_motion(motion, text="Late", moved_by=world.people_a[1], by=officer)


def test_secret_vote_on_an_amendment_applies_it(world, live):
    officer = world.users["officer"]
    motion = actions.move_motion(live, text="Original", moved_by=world.people_a[0], by=officer)
    amendment = actions.amend_motion(motion, text="Amended", moved_by=world.people_a[1],
                                     by=officer)
    amendment = actions.second_motion(amendment, seconded_by=world.people_a[0], by=officer)
    election = actions.start_motion_vote(amendment, minutes=5, by=officer)
    assert election.meeting == live and election.kind == Election.Kind.MOTION
    for persona in ("member", "rep", "officer"):
        actions.cast_ballot(election, {election.contests.get().pk: "yes"},
                            by=world.users[persona])
    amendment = actions.close_motion_vote(amendment, by=officer)
    assert amendment.status == "passed"
    # Closing the vote applied it, in the same transaction; applying again changes nothing.
    assert not actions.apply_passed_amendment(amendment, by=officer)
    motion.refresh_from_db()
    assert motion.text == "Amended"


# --- Minutes ----------------------------------------------------------------------------------


def test_minutes_are_drafted_then_approved_at_a_later_meeting(world):
    officer = world.users["officer"]
    earlier = make_meeting(world, days=-30)
    later = make_meeting(world, days=0)
    with pytest.raises(ValidationError):  # nothing written yet
        actions.approve_minutes(earlier, at_meeting=later, by=officer)
    actions.save_minutes(earlier, "Called to order at 6:02 pm.\r\nQuorum present.", by=officer)
    earlier.refresh_from_db()
    assert earlier.minutes_status == "draft"
    assert earlier.minutes == "Called to order at 6:02 pm.\nQuorum present."
    with pytest.raises(ValidationError) as exc:
        actions.approve_minutes(earlier, at_meeting=earlier, by=officer)
    assert "later meeting" in str(exc.value)
    with pytest.raises(ValidationError):
        actions.approve_minutes(later, at_meeting=earlier, by=officer)
    with pytest.raises(PermissionDenied):
        actions.approve_minutes(earlier, at_meeting=later, by=world.users["steward"])
    actions.approve_minutes(earlier, at_meeting=later, by=officer)
    earlier.refresh_from_db()
    assert earlier.minutes_status == "approved" and earlier.minutes_approved_at == later
    with pytest.raises(ValidationError) as exc:
        actions.save_minutes(earlier, "Rewritten", by=officer)
    assert "can no longer be changed" in str(exc.value)
    with pytest.raises(ValidationError):
        actions.approve_minutes(earlier, at_meeting=later, by=officer)
    # Attendance of a meeting with approved minutes is final.
    with pytest.raises(ValidationError):
        actions.mark_present(earlier, world.people_a[2], by=officer)
    assert "meeting.minutes_approved" in verbs()


def test_minutes_of_another_local_cannot_be_approved_here(world):
    officer = world.users["officer"]
    earlier = make_meeting(world, days=-30)
    actions.save_minutes(earlier, "Text", by=officer)
    elsewhere = actions.create_meeting(world.other_local, title="Hilltop", kind="general",
                                       starts_at=timezone.now(), by=world.users["outsider"])
    with pytest.raises(ValidationError):
        actions.approve_minutes(earlier, at_meeting=elsewhere, by=officer)


def test_empty_minutes_go_back_to_not_written(world, meeting):
    actions.save_minutes(meeting, "Draft", by=world.users["officer"])
    actions.save_minutes(meeting, "   ", by=world.users["officer"])
    meeting.refresh_from_db()
    assert meeting.minutes_status == "none"


# --- Queries ----------------------------------------------------------------------------------


def test_upcoming_and_past(world):
    past = make_meeting(world, days=-3, title="Past")
    today = make_meeting(world, days=0, title="Today")
    soon = make_meeting(world, days=5, title="Soon")
    later = make_meeting(world, days=9, title="Later")
    from unionhall.core.permissions import access_for

    upcoming, done = split_meetings(
        Meeting.objects.filter(local=access_for(world.users["member"], world.local).local))
    assert upcoming == [today, soon, later] and done == [past]


def test_search_and_sheet(world, live):
    a = world.people_a[2]
    found = search_people(live, a.legal_last_name)
    assert [p.pk for p in found] == [a.pk] and not found[0].present
    assert [p.pk for p in search_people(live, world.people_a[0].legal_last_name)] == [
        world.people_a[0].pk]
    assert search_people(live, world.outsider_person.legal_last_name) == []
    PersonFactory(local=world.local, legal_last_name="Aardvark", status="lapsed")
    sheet = sign_in_sheet(live)
    names = [p.legal_last_name for p in sheet]
    assert names == sorted(names) and "Aardvark" not in names and len(sheet) == 6
    assert sum(p.present for p in sheet) == 4
    assert len(sign_in_sheet(live, only_present=True)) == 4
    assert present_members(live) == 4


def test_agenda_items_stay_with_their_meeting_when_removed(world, live):
    officer = world.users["officer"]
    item = actions.add_agenda_item(live, title="New business", by=officer)
    motion = actions.move_motion(live, text="M", moved_by=world.people_a[0], agenda_item=item,
                                 by=officer)
    actions.remove_agenda_item(item, by=officer)
    motion.refresh_from_db()
    assert motion.agenda_item is None and not AgendaItem.objects.exists()
    assert Motion.objects.count() == 1


# --- Demo -------------------------------------------------------------------------------------


def test_demo_meetings(world):
    from unionhall.democracy.demo_meetings import seed_meetings

    people = world.people_a + world.people_b
    first, second, strategy = seed_meetings(world.local, officer_user=world.users["officer"],
                                            people=people)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.minutes_status == "approved" and first.minutes_approved_at == second
    assert second.minutes_status == "draft" and first.attendance.count() == 6
    [node] = motions_of(first)
    assert node.motion.status == "passed" and "bus driver" in node.motion.text
    assert [a.motion.status for a in node.amendments] == ["passed"]
    assert strategy.kind == "strategy" and strategy.starts_at > timezone.now()
    assert strategy.agenda.count() == 5 and not strategy.sign_in_open
    upcoming, past = split_meetings(Meeting.objects.filter(local=world.local))
    assert upcoming == [strategy] and past == [second, first]

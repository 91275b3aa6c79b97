"""Demo meetings, made through the actions: two past general membership meetings (the first
with minutes approved at the second; attendance, a motion amended and passed by counted
hands) and an upcoming strategy meeting with its agenda. Invented content only."""

import datetime as dt

from django.utils import timezone

from unionhall.democracy import actions
from unionhall.democracy.models import Meeting

PAST_AGENDA = [
    ("Call to order and roll call", ""),
    ("Approval of the minutes of the last meeting", ""),
    ("Bargaining update", "The team reports on the last two sessions with the district."),
    ("New business", ""),
    ("Good of the order", ""),
]
STRATEGY_AGENDA = [
    ("Welcome and introductions", ""),
    ("Where bargaining stands", "Ten minutes from the bargaining team."),
    ("Worksite reports", "Each building rep: what coworkers are saying."),
    ("Plan for the school board meeting", "Who speaks, who brings signs, who drives."),
    ("Next steps and sign-ups", ""),
]


def _at(days: int, hour: int, local) -> dt.datetime:
    """`days` from today at `hour` o'clock in the local's time zone."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(local.time_zone)
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def _past_meeting(local, by, people, *, days: int, title: str, attending: int) -> Meeting:
    starts = _at(days, 17, local)
    meeting = actions.create_meeting(local, kind=Meeting.Kind.GENERAL, title=title,
                                     starts_at=starts, ends_at=starts + dt.timedelta(hours=1.5),
                                     place="Union hall, 1200 Harbor Avenue", by=by)
    for title_, notes in PAST_AGENDA:
        actions.add_agenda_item(meeting, title=title_, notes=notes, by=by)
    meeting = actions.open_sign_in(meeting, by=by)
    for person in people[:attending]:
        actions.mark_present(meeting, person, by=by)
    actions.close_sign_in(meeting, by=by)
    return meeting


def seed_meetings(local, *, officer_user, people) -> list[Meeting]:
    """`officer_user` runs the meetings (RUN_MEETINGS and MARK_ATTENDANCE); `people` are
    members in good standing of the local (at least four; the first ones attend)."""
    people = list(people)
    if len(people) < 4:
        raise ValueError("seed_meetings needs at least four members")
    by = officer_user
    attending = min(len(people), 40)

    # Two months ago: a motion moved, amended, and passed by a count of hands.
    first = _past_meeting(local, by, people, days=-63, title="General membership meeting",
                          attending=attending)
    new_business = list(first.agenda.all())[3]
    motion = actions.move_motion(
        first, text="That the local ask the school board to fill every vacant paraeducator "
                    "position before the winter break.",
        moved_by=people[0], agenda_item=new_business, by=by)
    motion = actions.second_motion(motion, seconded_by=people[1], by=by)
    amendment = actions.amend_motion(
        motion, text="That the local ask the school board to fill every vacant paraeducator "
                     "and bus driver position before the winter break.",
        moved_by=people[2], by=by)
    amendment = actions.second_motion(amendment, seconded_by=people[3], by=by)
    present = attending
    actions.record_hand_vote(amendment, yes=present - 3, no=2, abstain=1, by=by)
    actions.record_hand_vote(motion, yes=present - 1, no=0, abstain=1, by=by)
    actions.save_minutes(first, (
        "Called to order at 5:02 pm by the president. Quorum present.\n"
        "Minutes of the previous meeting approved as written.\n"
        "Bargaining update: the team met the district twice; staffing is the main open "
        "issue.\n"
        "New business: a motion to ask the school board to fill vacant paraeducator "
        "positions was amended to include bus drivers and passed.\n"
        "Adjourned at 6:21 pm."), by=by)

    # Last month: approves the first meeting's minutes; its own minutes are still a draft.
    second = _past_meeting(local, by, people, days=-28, title="General membership meeting",
                           attending=max(4, attending * 3 // 4))
    actions.approve_minutes(first, at_meeting=second, by=by)
    actions.save_minutes(second, (
        "Called to order at 5:05 pm. Quorum present.\n"
        "Minutes of the last meeting approved.\n"
        "Reports from worksites on short staffing.\n"
        "Adjourned at 6:10 pm."), by=by)

    # In ten days: a strategy meeting with its agenda, in person and by video.
    starts = _at(10, 18, local)
    strategy = actions.create_meeting(
        local, kind=Meeting.Kind.STRATEGY, title="Strategy meeting: staffing campaign",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
        place="Birch Middle School library", video_url="https://video.example.org/strategy",
        by=by)
    for title, notes in STRATEGY_AGENDA:
        actions.add_agenda_item(strategy, title=title, notes=notes, by=by)
    return [first, second, strategy]

"""The demo local's bargaining sessions: three over the last six weeks, one of them held by
video call, each with the union's team and the district's across the table. The first has a
WebVTT transcript and published notes; the second a transcript a member typed while watching
the recording; the newest is still a draft the team has not published. Every name, line and
video id is invented; the union's team are people of the local's own (demo) roster where it has
some."""

import datetime as dt

from unionhall.bargaining.actions import sessions as actions
from unionhall.bargaining.models import Session, Side
from unionhall.members.models import Person

UNION_ROLES = ["President, bargaining chair", "Paraeducator, bargaining team",
               "Bus driver, bargaining team", "Lead custodian, bargaining team"]
UNION_INVENTED = ["Rosa Delgado", "Tanya Okafor", "Marcus Webb", "Luis Carranza"]
DISTRICT = [
    ("Diane Whitcomb", "Chief Human Resources Officer"),
    ("Gregory Han", "Director of Transportation"),
    ("Patricia Vance", "Assistant Superintendent, Operations"),
    ("Neil Ashford", "District labor counsel"),
]
MEDIATOR = ("Ruth Calloway", "Mediator, state mediation service")


def _union_team(local) -> list[tuple[str, str, int | None]]:
    """(name, role, person id) for the union's four: people of the local's roster with first
    names no one else at the table has (so a transcript's "Tanya" is one person), else
    invented names."""
    taken = {name.split()[0] for name, _role in DISTRICT} | {MEDIATOR[0].split()[0]}
    team = []
    for person in Person.objects.filter(local=local, in_unit=True).order_by("id")[:40]:
        first = person.first_name.strip()
        if not first or " " in first or first in taken:
            continue
        taken.add(first)
        team.append((person.display_name, person.pk))
        if len(team) == len(UNION_ROLES):
            break
    for name in UNION_INVENTED:
        if len(team) == len(UNION_ROLES):
            break
        if name.split()[0] not in taken:
            taken.add(name.split()[0])
            team.append((name, None))
    return [(name, role, pk) for (name, pk), role in zip(team, UNION_ROLES, strict=False)]


def _first(name: str) -> str:
    return name.split()[0]


def _opening_vtt(u, d) -> str:
    """Session 1, as captions with voices."""
    cues = [
        ("00:01:05.000", "00:01:12.000", d[0], "Welcome, everyone. We're glad to start on time."),
        ("00:01:13.000", "00:01:31.000", u[0],
         "Thank you. The people we represent are paraeducators, bus drivers, custodians, food "
         "service and office staff. Several of them are watching this recording tonight."),
        ("00:02:40.000", "00:02:58.000", d[3],
         "On ground rules: we propose sessions every two weeks, and that proposals are "
         "exchanged in writing at the start of each session."),
        ("00:03:02.000", "00:03:20.000", u[0],
         "We agree, and we want the sessions recorded and the recordings shared with our "
         "members. Bargaining in the open is how our members stay part of it."),
        ("00:04:11.000", "00:04:19.000", d[0], "The district has no objection to recording."),
        ("00:06:30.000", "00:06:52.000", u[1],
         "Our first proposals: paid training time for paraeducators, pay for the time bus "
         "drivers actually drive, and a staffing floor for custodial crews."),
        ("00:07:15.000", "00:07:33.000", u[2],
         "Drivers on three routes are twenty minutes past schedule every afternoon since the "
         "new routing software. They are told to clock out on time anyway."),
        ("00:09:02.000", "00:09:14.000", d[1],
         "We'll need the route numbers and the dates. Transportation will pull the GPS logs."),
        ("00:09:20.000", "00:09:28.000", u[2], "Routes 12, 31 and 44. We'll send the dates."),
        ("00:12:45.000", "00:13:05.000", u[3],
         "We are also requesting the custodial vacancy list and overtime hours by building "
         "for the last two school years."),
        ("00:13:10.000", "00:13:18.000", d[0],
         "We'll bring what we have to the next session."),
    ]
    out = ["WEBVTT", ""]
    for start, end, speaker, text in cues:
        out += [f"{start} --> {end}", f"<v {speaker}>{text}", ""]
    return "\n".join(out)


def _typed_transcript(u, d) -> str:
    """Session 2, as a member typed it while watching: union speakers by first name, a reply
    with no time, and lines that continue the one above."""
    u0, u1, u2 = _first(u[0]), _first(u[1]), _first(u[2])
    return "\n".join([
        f"0:42 {d[0]} Good afternoon. On the agenda: para training, the bus routes and "
        "custodial staffing.",
        f"1:15 {u0} Thank you. We'd like to start with training, because it is what our "
        "paraeducators raise most.",
        f"2:03 {u0} Paras are asked to support students with IEPs on the first day of school,",
        "and most of them had no training at all last year.",
        f"3:30 {d[0]} The district offered two online modules in August.",
        f"4:02 {u1} Those modules were unpaid and on a Saturday. Many of our paras work a "
        "second job on weekends.",
        "Paid training time on a workday is what our members asked for in the survey.",
        f"5:47 {d[2]} How many hours are you proposing?",
        f"6:10 {u1} Twelve hours before the school year starts and six more by January, at "
        "the regular rate.",
        f"{_first(d[2])} Per para, or per building?",
        f"6:58 {u1} Per para. Everyone who works with students.",
        f"14:20 {u2} On bus routes: the new routing software added stops without adding time.",
        f"15:05 {u2} Drivers on routes 12, 31 and 44 run twenty minutes late every afternoon",
        "and are told to clock out at the scheduled time.",
        f"16:40 {d[1]} The schedules came from the software's estimates. We can look at those "
        "three routes.",
        f"17:12 {u2} We are asking for pay for the time actually driven, and a route review "
        "with a driver on the committee.",
        f"{_first(d[1])} We can agree to a review in principle.",
        f"24:30 {u0} Custodial staffing. Nine custodian positions are vacant and night crews "
        "are covering two buildings.",
        f"25:15 {d[0]} Recruiting has been hard. The starting wage is set by the salary "
        "schedule.",
        f"26:02 {u0} Then the salary schedule is the problem. One custodian is cleaning forty "
        "thousand square feet a night alone.",
        f"27:40 {d[0]} We will bring staffing numbers to the next session.",
        f"28:05 {u0} Please include the overtime hours. Those numbers tell the story.",
        f"29:10 {d[0]} Let's take a ten-minute caucus.",
        f"41:33 {u1} Back from caucus. We'll put the training proposal in writing for next time.",
        f"42:02 {d[0]} Thank you. We'll adjourn here.",
    ])


AGENDA_1 = ("Introductions\nGround rules and the schedule of sessions\nRecording and sharing "
            "the sessions\nThe union's opening proposals\nRequests for information")
NOTES_1 = ("The district agreed to record every session, and we will post the recordings for "
           "members.\nWe presented our three opening proposals: paid training time for "
           "paraeducators, pay for actual time driven, and a custodial staffing floor.\n"
           "Information requested: route GPS logs for routes 12, 31 and 44; custodial "
           "vacancies and overtime by building. Due at the next session.")
AGENDA_2 = ("Paraeducator training\nBus routes and the new routing software\nCustodial "
            "staffing\nNext steps")
NOTES_2 = ("Team only. The district's HR chief did not push back on paid training in "
           "principle; the fight will be over the hours. Transportation seemed surprised by "
           "the route data: follow up with the drivers on routes 12, 31 and 44 for dated "
           "examples. Custodial numbers still not provided.")
AGENDA_3 = ("Information the district owes us (custodial vacancies, overtime)\nTraining "
            "proposal in writing\nSalary schedule: first look\nMediator's introduction")
NOTES_3 = ("Draft. The district brought partial custodial numbers only: 9 vacancies confirmed, "
           "overtime for three buildings of eleven. The mediator will join from the next "
           "session. Publish once the team has reviewed the recording.")


def seed_sessions(local, today: dt.date) -> list[Session]:
    """Three sessions over the last six weeks, oldest first; the newest unpublished."""
    team = _union_team(local)
    union_names = [name for name, _role, _pk in team]
    district_names = [name for name, _role in DISTRICT]
    district_rows = [(Side.DISTRICT, name, role, None) for name, role in DISTRICT]
    union_rows = [(Side.UNION, name, role, pk) for name, role, pk in team]

    first = actions.create_session(
        local, held_on=today - dt.timedelta(days=40), starts_at=dt.time(16, 0),
        title="Session 1: ground rules and opening proposals",
        place="District office, board room", video_url="https://www.youtube.com/watch?v=UnionhallD01",
        video_seconds=3600, agenda=AGENDA_1, notes=NOTES_1, notes_published=True, by=None)
    actions.set_attendees(first, union_rows + district_rows, by=None)
    actions.import_transcript(first, _opening_vtt(union_names, district_names), format="vtt",
                              by=None)
    actions.publish_session(first, by=None)

    second = actions.create_session(
        local, held_on=today - dt.timedelta(days=26), starts_at=dt.time(15, 30),
        title="Session 2: para training, bus routes, custodial staffing", remote=True,
        place="Video call", video_url="https://www.youtube.com/watch?v=UnionhallD02",
        video_seconds=5400, agenda=AGENDA_2, notes=NOTES_2, by=None)
    actions.set_attendees(second, union_rows[:3] + district_rows[:3], by=None)
    actions.import_transcript(second, _typed_transcript(union_names, district_names),
                              format="plain", by=None)
    actions.publish_session(second, by=None)

    third = actions.create_session(
        local, held_on=today - dt.timedelta(days=9), starts_at=dt.time(16, 0),
        title="Session 3: information requests and the salary schedule",
        place="Union hall, 1200 Harbor Avenue",
        video_url="https://www.youtube.com/watch?v=UnionhallD03", agenda=AGENDA_3,
        notes=NOTES_3, by=None)
    actions.set_attendees(third, union_rows + district_rows[:2] + [
        (Side.OTHER, MEDIATOR[0], MEDIATOR[1], None)], by=None)
    return [first, second, third]

"""The demo pairs at work: for the demo cycle's published matches, the meetings of the weeks
since the pairs started (most pairs meet two to four times a month, about one in seven not yet
at all), two or three goals from the mentee's standards with check-ins, some of them met, and a
few reflection notes. For an earlier cycle of the program whose term is over, if there is one,
the exit surveys of most of its pairs.

Made through the actions as the system (`by=None`, writing as one of the pair); every person is
one of the demo's invented people and every word is invented."""

from __future__ import annotations

import datetime as dt
import random

from unionhall.mentoring.actions import pairs as actions
from unionhall.mentoring.models import Cycle, Goal, Match, PairMeeting, Standard

NEVER_MET = 0.15  # the share of pairs that have not met yet
PER_MONTH = (2, 2, 3, 3, 4)  # meetings a month, for those who meet
MINUTES = (20, 30, 30, 45, 45, 60, 60, 90)
HOW = (PairMeeting.How.IN_PERSON,) * 4 + (PairMeeting.How.PHONE, PairMeeting.How.VIDEO)
SURVEY_SHARE = 0.8  # of the earlier cycle's people who answered

TOPICS = (
    "How the timesheet works and who signs it",
    "First observation: what the principal looks for",
    "Radio codes and what to do when a student runs",
    "The contract's article on breaks and lunch",
    "Getting along with a new teacher in the room",
    "De-escalation: what worked on Tuesday",
    "Who to call about a broken lift or a missing key",
    "Writing up an incident without blaming anyone",
    "Sub coverage: when to say no",
    "Planning the week around IEP meetings",
    "Union meeting next week: what it's for",
    "Night-shift safety walk-through",
    "Route changes and talking with parents at the stop",
    "Food allergy labels and the new menu system",
    "Keeping calm in an evaluation meeting",
)

GOALS = {
    Standard.COMMUNICATION: ("Speak up in team meetings about what my students need",
                             "Explain a schedule change to families clearly and kindly"),
    Standard.CULTURAL_COMPETENCE: ("Learn how families in my building prefer to be reached",
                                   "Use students' names and pronouns the way they ask"),
    Standard.ETHICS: ("Know where my duties end and say no when asked to do more",
                      "Keep what I learn about students confidential, even in the break room"),
    Standard.HEALTH_SAFETY: ("Use the lift and the transfer belt safely every time",
                             "Know the evacuation route and my role in a drill"),
    Standard.ORGANIZATION: ("Plan my week so IEP paperwork is done by Friday",
                            "Keep my supply closet and checklists in order"),
    Standard.PROFESSIONALISM: ("Prepare for my first evaluation with my own notes",
                               "Sign up for one professional development session"),
    Standard.REPORTING: ("Write incident reports the office accepts the first time",
                         "Log behavior data the same day, every day"),
    Standard.TECHNOLOGY: ("Use the new timekeeping app without help",
                          "Set up the classroom tablets for my small group"),
}

CHECK_INS = (
    "We went through two examples together; I wrote the next one on my own.",
    "Tried it this week. Better than before, still slow.",
    "Asked my building rep too: same answer as my mentor. Feeling more sure.",
    "Not much progress: a rough couple of weeks with coverage.",
    "Did it at the staff meeting. Nobody laughed!",
    "Practiced with my mentor on the phone before the meeting.",
)

NOTES = (
    "I was nervous to ask what seemed like a silly question. It wasn't silly.",
    "Hard week. Talking it through helped more than I expected.",
    "Reminder to myself: ask about the lift training before December.",
    "Good to remember how lost I felt in my first year. Patience.",
    "I think I am ready to try the parent call on my own next time.",
)

COMMENTS = (
    "Having someone in my building to ask made the first months much easier.",
    "We could not always find a time: a set monthly slot would help.",
    "I learned as much as my mentee did.",
    "More training for mentors at the start, please.",
    "The goals helped us keep on track. I would do it again.",
    "",
    "",
)


def _meeting_days(rng: random.Random, start: dt.date, today: dt.date, per_month: int
                  ) -> list[dt.date]:
    days = (today - start).days + 1
    expected = per_month * days / 30.44
    count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
    return sorted(start + dt.timedelta(days=rng.randrange(days)) for _ in range(count))


def _work(rng: random.Random, match: Match, today: dt.date) -> dict:
    cycle = match.cycle
    mentee, mentor = match.mentee.person, match.mentor.person
    pair = (mentee, mentor)
    start, end = cycle.starts_on, min(cycle.ends_on, today)
    made = {"meetings": 0, "goals": 0, "met": 0, "notes": 0}
    if end < start:
        return made
    if rng.random() >= NEVER_MET:
        per_month = rng.choice(PER_MONTH)
        for day in _meeting_days(rng, start, end, per_month):
            actions.log_meeting(match, by=None, person=rng.choice(pair), held_on=day,
                                minutes=rng.choice(MINUTES), how=rng.choice(HOW),
                                topics=rng.choice(TOPICS), today=today)
            made["meetings"] += 1
    standards = [s for s in match.mentee.standards if s in GOALS] or [Standard.COMMUNICATION]
    for standard in standards[:rng.choice((2, 3))]:
        goal = actions.add_goal(match, by=None, person=rng.choice(pair), standard=standard,
                                text=rng.choice(GOALS[standard]))
        made["goals"] += 1
        if made["meetings"]:
            for _ in range(rng.randrange(0, 3)):
                actions.add_check_in(goal, rng.choice(CHECK_INS), by=None,
                                     person=rng.choice(pair))
            if rng.random() < 0.3:
                actions.set_goal_status(goal, Goal.Status.MET, by=None, person=mentee,
                                        today=today)
                made["met"] += 1
    if made["meetings"] and rng.random() < 0.25:
        actions.add_reflection(match, rng.choice(NOTES), by=None, person=rng.choice(pair))
        made["notes"] += 1
    return made


def _surveys(rng: random.Random, cycle: Cycle, today: dt.date) -> int:
    answered = 0
    for match in (Match.objects.filter(cycle=cycle, status__in=[Match.Status.PUBLISHED,
                                                                 Match.Status.ENDED])
                  .select_related("mentor__person", "mentee__person", "cycle")
                  .order_by("pk")):
        for person in (match.mentee.person, match.mentor.person):
            if rng.random() >= SURVEY_SHARE or match.exit_surveys.filter(person=person).exists():
                continue
            overall = rng.choice((3, 4, 4, 5, 5, 5))
            actions.submit_exit_survey(
                match, by=None, person=person, overall=overall,
                goals_progress=max(1, overall - rng.choice((0, 0, 1, 2))),
                support=min(5, overall + rng.choice((-1, 0, 0, 1))),
                would_again=overall >= 4 or rng.random() < 0.5,
                comments=rng.choice(COMMENTS), today=today)
            answered += 1
    return answered


def seed_pairs(cycle: Cycle, *, today: dt.date) -> dict:
    """The pairs' work in `cycle` up to `today`, and the exit surveys of the program's most
    recent earlier cycle whose term is over. Returns what was made, in counts."""
    rng = random.Random(f"pairs-{cycle.pk}")
    totals = {"pairs": 0, "meetings": 0, "goals": 0, "met": 0, "notes": 0, "surveys": 0}
    matches = (Match.objects.filter(cycle=cycle, status=Match.Status.PUBLISHED)
               .select_related("cycle__program__local", "mentor__person", "mentee__person")
               .order_by("pk"))
    for match in matches:
        made = _work(rng, match, today)
        totals["pairs"] += 1
        for key, value in made.items():
            totals[key] += value
    earlier = (Cycle.objects.filter(program=cycle.program, ends_on__lt=today)
               .exclude(pk=cycle.pk).order_by("-ends_on", "-pk").first())
    if earlier is not None:
        totals["surveys"] = _surveys(rng, earlier, today)
    return totals

"""Grievances for the demo local: a procedure, this school year's district calendar, and cases
at every stage, dated from today so the home pages have deadlines this week. Written through
the actions, as stewards would. Invented facts only."""

import datetime as dt

from unionhall.grievances import actions, calendar, queries
from unionhall.grievances.closures import Closure

PROCEDURE = [
    {"name": "Step 1: supervisor", "days": 10, "kind": "working", "starts_from": "knowledge",
     "article": "12.3"},
    {"name": "Step 2: human resources", "days": 10, "kind": "working", "starts_from": "answer",
     "article": "12.3"},
    {"name": "Step 3: superintendent", "days": 15, "kind": "school", "starts_from": "answer",
     "article": "12.3"},
    {"name": "Arbitration", "days": 30, "kind": "calendar", "starts_from": "answer",
     "article": "12.4"},
]

# (title, articles, what happened, remedy sought)
STORIES = [
    ("Overtime given out of seniority order", ["5.4"],
     "Weekend overtime for the gym floor refinishing went to the newest custodian; three "
     "senior custodians on the list were not asked.",
     "Pay the senior custodians for the hours worked, and follow the seniority list."),
    ("No duty-free lunch for paraeducators", ["5.2"],
     "Since October the paraeducators in the resource room cover lunch duty every day and "
     "get no thirty-minute duty-free lunch.",
     "Schedule a duty-free lunch and pay thirty minutes a day since October 6."),
    ("Route reassigned without posting", ["9.1", "9.2"],
     "A bus route that came open was given to a driver from another yard without being "
     "posted for bids.",
     "Post the route for bids under Article 9 and award it by seniority."),
    ("Written reprimand without just cause", ["11.5", "11.6"],
     "A written reprimand for a late delivery was placed in the file without an "
     "investigation meeting or a chance to respond.",
     "Remove the reprimand from the personnel file."),
    ("Out-of-class work not paid", ["6.6"],
     "A clerk covered the office manager's duties for six weeks at the clerk's rate.",
     "Pay the office manager's rate for the six weeks."),
    ("Unsafe staffing on the night shift", ["10.6"],
     "One custodian is scheduled alone for a two-building campus at night.",
     "Schedule two custodians on the night shift, as before August."),
    ("Sick leave wrongly charged", ["5.6", "7.2"],
     "Two days of a district closure for weather were charged to sick leave.",
     "Restore the two days of sick leave."),
    ("Vacation request denied without reason", ["7.4"],
     "A vacation request made two months ahead was denied with no reason given.",
     "Grant the request, or give the reason in writing as the contract requires."),
]


def seed_grievances(local, *, officer, stewards: dict, chair=None) -> None:
    """`stewards`: steward user → the Persons (members) at their worksites."""
    actions.set_procedure(local, PROCEDURE, by=officer)
    today = local.today()
    _school_year(local, today, officer)
    # The first steward (the demo's steward login) gets the first three: due this week,
    # overdue, and answered at step 1.
    cases = [(s, p) for s, people in stewards.items() for p in people[:3]]
    plans = [_due_soon, _overdue, _answered, _settled, _in_step_three, _withdrawn,
             _due_soon, _denied]
    for (story, plan), (steward, person) in zip(zip(STORIES, plans, strict=True), cases,
                                                strict=False):
        plan(local, today, steward, person, story)
    if chair is not None:
        actions.open_grievance(
            local, by=chair, grievant_kind="union", title="Class grievance: calendar changed "
            "without bargaining", group_name="All ESPs on 10-month calendars",
            what_happened="The district added two work days to the 10-month calendar without "
            "bargaining the change.", remedy_sought="Bargain the calendar; pay the two days.",
            incident_on=today - dt.timedelta(days=3), learned_on=None, articles=["5.3"],
            worksite=None, job_family=None, stewards=[chair])


def _school_year(local, today: dt.date, by) -> None:
    first = today.year if today.month >= 8 else today.year - 1
    year = actions.save_school_year(local, name=f"{first}–{str(first + 1)[2:]}",
                                    starts=dt.date(first, 8, 17), ends=dt.date(first + 1, 6, 11),
                                    by=by)
    thanksgiving = _nth_weekday(first, 11, 3, 4)
    days = [
        *_weekdays(thanksgiving - dt.timedelta(days=1), thanksgiving + dt.timedelta(days=1),
                   "closed", "Thanksgiving break"),
        *_weekdays(dt.date(first, 12, 21), dt.date(first + 1, 1, 1), "closed", "Winter break"),
        *_weekdays(_nth_weekday(first + 1, 3, 0, 3), _nth_weekday(first + 1, 3, 0, 3)
                   + dt.timedelta(days=4), "closed", "Spring break"),
        Closure(_nth_weekday(first, 9, 0, 1), "closed", "Labor Day"),
        Closure(_nth_weekday(first + 1, 1, 0, 3), "closed", "Martin Luther King Jr. Day"),
        Closure(_nth_weekday(first + 1, 2, 0, 3), "closed", "Presidents' Day"),
        Closure(_nth_weekday(first, 10, 4, 2), "no_school", "Staff development day"),
        Closure(_nth_weekday(first + 1, 1, 4, 4), "no_school", "Teacher workday"),
    ]
    actions.import_calendar(year, days, by=by)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def _weekdays(first: dt.date, last: dt.date, kind: str, label: str) -> list[Closure]:
    return [Closure(first + dt.timedelta(days=i), kind, label)
            for i in range((last - first).days + 1)
            if (first + dt.timedelta(days=i)).weekday() < 5]


def _open(local, steward, person, story, learned_ago: int):
    today = local.today()
    title, articles, what, remedy = story
    learned = today - dt.timedelta(days=learned_ago)
    return actions.open_grievance(
        local, by=steward, grievants=[person], grievant_kind="person", title=title,
        articles=articles, what_happened=what, remedy_sought=remedy,
        incident_on=learned - dt.timedelta(days=2), learned_on=learned, worksite=None,
        job_family=None, group_name="")


def _learned_ago_for_due_in(local, today: dt.date, days: int) -> int:
    """How long ago the grievant must have learned of it for step 1 to fall due in about
    `days` days, whatever breaks the calendar has around today."""
    closed = queries.district_calendar(local).closed
    rule = PROCEDURE[0]
    for ago in range(1, 60):
        due = calendar.deadline(today - dt.timedelta(days=ago), rule["days"],
                                kind=rule["kind"], closures=closed)
        if due <= today + dt.timedelta(days=days):
            return ago
    return 10


def _due_soon(local, today, steward, person, story):
    case = _open(local, steward, person, story,
                 learned_ago=_learned_ago_for_due_in(local, today, 3))
    actions.add_note(case, "Met the grievant; collected the schedule printouts.", by=steward)


def _overdue(local, today, steward, person, story):
    _open(local, steward, person, story, learned_ago=20)


def _answered(local, today, steward, person, story):
    case = _open(local, steward, person, story, learned_ago=16)
    actions.record_filing(case, 1, today - dt.timedelta(days=12), by=steward)
    actions.record_answer(case, 1, today - dt.timedelta(days=6),
                          "Denied: management's right to assign work.", by=steward)


def _in_step_three(local, today, steward, person, story):
    case = _open(local, steward, person, story, learned_ago=60)
    actions.record_filing(case, 1, today - dt.timedelta(days=55), by=steward)
    actions.record_answer(case, 1, today - dt.timedelta(days=45), "Denied.", by=steward)
    actions.record_filing(case, 2, today - dt.timedelta(days=40), by=steward)
    actions.record_answer(case, 2, today - dt.timedelta(days=30), "Denied at step 2.",
                          by=steward)
    actions.record_filing(case, 3, today - dt.timedelta(days=25), by=steward)
    actions.add_note(case, "Superintendent's designee asked for the payroll records.",
                     shared=True, by=steward)


def _close(local, today, steward, person, story, outcome, remedy, ago):
    case = _open(local, steward, person, story, learned_ago=ago)
    actions.record_filing(case, 1, today - dt.timedelta(days=ago - 4), by=steward)
    actions.record_answer(case, 1, today - dt.timedelta(days=ago - 12), "", by=steward)
    actions.close_grievance(case, outcome=outcome, remedy_obtained=remedy,
                            closed_on=today - dt.timedelta(days=ago - 15), by=steward)


def _settled(local, today, steward, person, story):
    _close(local, today, steward, person, story, "settled",
           "Back pay for 14 hours; the seniority list will be used from now on.", 90)


def _withdrawn(local, today, steward, person, story):
    _close(local, today, steward, person, story, "withdrawn", "", 120)


def _denied(local, today, steward, person, story):
    _close(local, today, steward, person, story, "denied", "", 150)

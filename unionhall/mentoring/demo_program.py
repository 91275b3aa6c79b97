"""The demo local's peer mentoring program: an advisory committee of five and the current
cycle, whose registration closed three weeks ago: about 25 mentors (coworkers eight years or
more on the job) and 60 mentees (three years or less), across job families and worksites,
matched by the matcher and published (no email: it is demo data). The pairs started two
weeks ago. Everyone is one of the demo's invented people; the words are invented too.

Made through the actions as the system (`by=None`); a roster too small for 25 and 60 (a test
local) gets what it has: a third of its people as mentors, the rest as mentees."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from unionhall.members.models import Person
from unionhall.mentoring.actions.program import (
    propose_matches,
    publish_matches,
    save_cycle,
    save_enrollment,
    save_program,
    set_committee,
    set_criteria,
    years_since,
)
from unionhall.mentoring.models import Cycle, Enrollment, MentoringProgram

MENTORS = 25
MENTEES = 60
SENIOR_YEARS = 8
NEW_YEARS = 3

DESCRIPTION = """Nobody should have to figure out this job alone. In our peer mentoring program
a coworker who has been on the job a while is paired with one who is new to it, for one term.

- **Mentees** get someone to ask about the contract, the paperwork, the difficult days and the
  unwritten rules of their building.
- **Mentors** share what the years have taught them, and are paid for up to 12 hours a term
  under the contract's professional development article.
- Pairs meet at least twice a month, at a time that works for both, and set two or three goals
  from the ESP Professional Growth Continuum.

Sign up when registration is open. Questions? Ask your building rep or write to the
mentoring coordinator."""

LETTER = """Dear {name},

Thank you for mentoring {mentees} this term. You gave {hours} hours to help a coworker find
their feet, and that is what a union is: people who have each other's backs.

The advisory committee and everyone at {local} are grateful.

In solidarity,
The {program} advisory committee"""

COMMITTEE_TITLES = ("Chair", "Paraeducator member", "Transportation member",
                    "Nutrition services member", "Officer liaison")

# By job family: (shift weights, usual times free, standards more often chosen).
FAMILY_HABITS = {
    "paraeducators": ({"day": 1}, ["lunch", "after_school"],
                      ["communication", "professionalism", "reporting", "cultural_competence"]),
    "transportation": ({"split": 0.8, "early": 0.2}, ["lunch", "weekend"],
                       ["health_safety", "communication", "reporting", "professionalism"]),
    "custodial": ({"evening": 0.5, "night": 0.2, "early": 0.3}, ["before_school", "evening",
                                                                 "weekend"],
                  ["health_safety", "organization", "professionalism"]),
    "food": ({"early": 0.8, "day": 0.2}, ["after_school"],
             ["health_safety", "organization", "communication"]),
    "clerical": ({"day": 1}, ["lunch", "after_school"],
                 ["organization", "technology", "ethics", "communication"]),
    "health": ({"day": 1}, ["lunch", "after_school"],
               ["ethics", "reporting", "cultural_competence", "communication"]),
    "security": ({"day": 0.6, "evening": 0.4}, ["after_school", "evening"],
                 ["health_safety", "communication", "reporting"]),
    "trades": ({"early": 0.6, "day": 0.4}, ["lunch", "after_school"],
               ["health_safety", "organization", "technology"]),
    "technical": ({"day": 1}, ["lunch", "after_school", "evening"],
                  ["technology", "organization", "communication"]),
}
ALL_STANDARDS = ["communication", "cultural_competence", "ethics", "health_safety",
                 "organization", "professionalism", "reporting", "technology"]

MENTOR_WORDS = (
    "Fourteen years on routes out of the north terminal. Happy to talk through the hard days "
    "and the paperwork nobody explains.",
    "I remember my first year in a self-contained classroom. I'd like to be the person I "
    "needed then.",
    "I know the night crew and the work orders system inside out. Ask me anything.",
    "Our kitchen feeds 900 kids before noon. I can show you how we keep it safe and keep our "
    "sanity.",
    "I've been a steward for six years; I can help you read the contract, too.",
    "Bilingual para, ten years. Glad to mentor in Spanish or English.",
    "",
    "",
)
MENTEE_WORDS = (
    "New to the district this fall and still learning who to ask for what.",
    "I'd like help with writing incident reports and talking with parents.",
    "Second year driving. Some days the behavior on the bus is a lot.",
    "Just moved up from sub to permanent. I want to learn the systems properly.",
    "I want to know my rights under the contract before I need them.",
    "Looking for someone on my shift who has been here a while.",
    "",
    "",
)


def _family(person: Person) -> str | None:
    job = person.job_class
    return job.family.code if job is not None and job.family_id else None


def _spread(rng: random.Random, people: list[Person], n: int) -> list[Person]:
    """n people, taken in turn from each job family (the largest first), so that every family
    is in the program where it has people."""
    by_family: dict[str | None, list[Person]] = defaultdict(list)
    for person in people:
        by_family[_family(person)].append(person)
    for group in by_family.values():
        rng.shuffle(group)
    order = sorted(by_family, key=lambda f: (-len(by_family[f]), str(f)))
    out: list[Person] = []
    while len(out) < n and any(by_family.values()):
        for family in order:
            if by_family[family] and len(out) < n:
                out.append(by_family[family].pop())
    return out


def _answers(rng: random.Random, person: Person, role: str, today: dt.date) -> dict:
    family = _family(person)
    shifts, times, likely = FAMILY_HABITS.get(family, ({"day": 1}, ["after_school"],
                                                       ALL_STANDARDS))
    shift = rng.choices(list(shifts), weights=list(shifts.values()))[0]
    free = set(rng.sample(times, rng.randint(1, len(times))))
    if rng.random() < 0.3:
        free.add(rng.choice(["before_school", "lunch", "after_school", "evening", "weekend"]))
    languages = ["en"]
    if person.language == "es" or rng.random() < 0.12:
        languages.append("es")
    if rng.random() < 0.04:
        languages.append(rng.choice(["vi", "so", "ar", "zh"]))
    if family == "paraeducators" and rng.random() < 0.04:
        languages.append("asl")
    if role == Enrollment.Role.MENTOR:
        count = rng.randint(3, 4)
        words = MENTOR_WORDS
    else:
        count = rng.randint(2, 3)
        words = MENTEE_WORDS
    pool = likely + [s for s in ALL_STANDARDS if s not in likely]
    weights = [3] * len(likely) + [1] * (len(pool) - len(likely))
    standards: set[str] = set()
    while len(standards) < count:
        standards.add(rng.choices(pool, weights=weights)[0])
    return {"role": role, "job_family": person.job_class.family if person.job_class else None,
            "worksite": person.worksite, "shift": shift,
            "years_of_service": years_since(person.hire_date, today), "languages": languages,
            "availability": sorted(free), "standards": sorted(standards),
            "about": rng.choice(words),
            "capacity": rng.choices([1, 2, 3], weights=[3, 4, 3])[0]
            if role == Enrollment.Role.MENTOR else 1}


def _school_year(day: dt.date) -> str:
    first = day.year if day.month >= 7 else day.year - 1
    return f"{first}–{(first + 1) % 100:02d}"


def _member_persona(local) -> Person | None:
    from unionhall.accounts.models import User

    user = (User.objects.filter(person__local=local)
            .filter(email__regex=rf"^({local.slug}\.)?member@").select_related("person").first())
    return user.person if user is not None else None


def seed_program(local, *, today: dt.date) -> Cycle:
    """The program, its committee and the current cycle with its pairs published."""
    rng = random.Random(f"{local.slug}-mentoring")
    program = MentoringProgram.objects.filter(local=local).first() or save_program(
        local, by=None, name="Peer Mentoring Program", description=DESCRIPTION,
        paid_hours_cap=12, thank_you_letter=LETTER)
    people = list(Person.objects.filter(local=local, in_unit=True)
                  .select_related("job_class__family", "worksite").order_by("pk"))
    seniors = [p for p in people if years_since(p.hire_date, today) >= SENIOR_YEARS]
    newer = [p for p in people if years_since(p.hire_date, today) <= NEW_YEARS]
    small = len(seniors) < MENTORS or len(newer) < MENTEES
    if small:  # a small roster: whoever is there, the longest-serving as mentors
        rng.shuffle(people)
        people.sort(key=lambda p: -years_since(p.hire_date, today))
        third = max(1, len(people) // 3)
        seniors, newer = people[:third], people[third:]
    mentors = _spread(rng, seniors, MENTORS)
    mentees = _spread(rng, newer, MENTEES)
    persona = _member_persona(local)
    chosen = {p.pk for p in mentors + mentees}
    if persona is not None and persona.pk not in chosen:
        person = next((p for p in people if p.pk == persona.pk), None)
        if person is not None:
            senior = years_since(person.hire_date, today) >= SENIOR_YEARS
            (mentors if senior else mentees).append(person)

    committee = _spread(rng, [p for p in seniors if p not in mentors] or seniors,
                        len(COMMITTEE_TITLES))
    set_committee(program, list(zip(committee, COMMITTEE_TITLES, strict=False)), by=None)

    opens = today - dt.timedelta(days=42)
    closes = today - dt.timedelta(days=21)
    starts = today - dt.timedelta(days=14)
    cycle = save_cycle(program, by=None, name=_school_year(starts),
                       registration_opens_on=opens, registration_closes_on=closes,
                       starts_on=starts, ends_on=starts + dt.timedelta(days=160))
    set_criteria(cycle, {
        "job_family": {"weight": 10, "required": False},
        "worksite": {"weight": 2, "required": False, "want": "same"},
        "language": {"weight": 5, "required": False},
        "goals": {"weight": 4, "required": False},
        "availability": {"weight": 3, "required": True},
        # Mentors have served longer: a hard rule, where the roster has the people for it.
        "seniority": {"weight": 0, "required": not small},
    }, by=None)
    for role, group in ((Enrollment.Role.MENTOR, mentors), (Enrollment.Role.MENTEE, mentees)):
        for person in group:
            save_enrollment(cycle, person, by=None, **_answers(rng, person, role, today))
    propose_matches(cycle, by=None)
    zone = ZoneInfo(local.time_zone)
    published = dt.datetime.combine(closes + dt.timedelta(days=3), dt.time(16, 30), zone)
    publish_matches(cycle, by=None, now=published, today=today, notify=False)
    cycle.refresh_from_db()
    return cycle

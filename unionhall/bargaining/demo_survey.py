"""The demo local's bargaining surveys: "2027 bargaining priorities", which closed two weeks ago
with answers from about 40% of the unit, and a draft the team is still working on. Priorities
differ by job family as they would: bus drivers put route time high, paras training and prep
time, custodians and food service staffing. Every answer is invented.

The survey and its items go through the actions (by the system); the ~1,500 responses are
bulk-created, with one audit entry, so seeding this part takes well under a second or two."""

import datetime as dt
import math
from zoneinfo import ZoneInfo

from django.db import transaction

from unionhall.bargaining.actions.survey import create_survey, publish_survey
from unionhall.bargaining.models import Answer, Ranking, SurveyResponse
from unionhall.core.audit import record
from unionhall.members.models import Person

SHARE_ANSWERING = 0.4

PRIORITIES = [
    "Wages", "Health insurance", "Paid training time", "Safe staffing ratios",
    "Bus route time", "Sick leave", "Planning and prep time for paras", "Job security",
]
WAGES, HEALTH, TRAINING, STAFFING, ROUTE, SICK, PREP, SECURITY = range(8)

RALLY = "Would you take part in a rally at the board meeting on contract night?"
RALLY_CHOICES = ["Yes, count me in", "Maybe, depending on my shift", "No"]
RESPECT = "How respected do you feel by district administration?"
SHIFT = "Which shift do you mostly work?"
SHIFT_CHOICES = ["Early morning (before 7 a.m.)", "School day",
                 "Split shift (morning and afternoon routes)", "Evening or night"]
WRITTEN = "What else should the bargaining team know?"

# How much each family cares about each priority (in PRIORITIES order); higher ranks higher.
DEFAULT_WEIGHTS = (10, 8, 3, 4, 0.6, 5, 0.8, 5)
WEIGHTS = {
    "paraeducators": (9, 7, 10, 6, 0.3, 4, 9, 4),
    "transportation": (9, 7, 2, 2.5, 12, 5, 0.2, 4),
    "custodial": (10, 8, 2, 8, 0.2, 6, 0.2, 5),
    "food": (10, 8, 2, 7.5, 0.2, 6, 0.2, 5),
    "clerical": (9, 8, 4, 3, 0.2, 5, 0.4, 6.5),
    "health": (8, 9, 5, 8, 0.2, 5, 0.4, 4),
}
# How respected they feel (1–5), on average.
RESPECT_MEAN = {"paraeducators": 2.2, "transportation": 1.9, "custodial": 2.3, "food": 2.1,
                "clerical": 2.9, "health": 2.6}
# P(Yes), P(Maybe) for the rally.
RALLY_ODDS = {"transportation": (0.55, 0.30), "custodial": (0.45, 0.35),
              "paraeducators": (0.40, 0.40)}
SHIFTS = {"transportation": (0.15, 0.05, 0.80, 0.0), "custodial": (0.15, 0.25, 0.0, 0.60),
          "food": (0.75, 0.25, 0.0, 0.0), "security": (0.1, 0.5, 0.0, 0.4)}
DEFAULT_SHIFTS = (0.05, 0.93, 0.0, 0.02)

SAID = {
    "paraeducators": [
        "We get no paid time to plan with the teacher. Prep happens on our lunch.",
        "Paid training for the new behavior plans, please, not a video at 4 p.m.",
        "Paras cover classes when there is no sub and get nothing extra for it.",
        "Two paras for a room of twelve students with IEPs is not safe for anyone.",
    ],
    "transportation": [
        "Route times don't count the traffic on Highway 9. We clock out late every day.",
        "Pre-trip inspection time should be paid in full, every route.",
        "Split shift drivers need a real break between routes, not 40 minutes in the lot.",
        "Add time to the routes. Nobody drives safe when they're always behind.",
    ],
    "custodial": [
        "One night custodian for a whole middle school is not enough.",
        "When someone is out, nobody covers their building. We just do two.",
        "Give us the equipment to do the job: half the floor machines are broken.",
    ],
    "food": [
        "Kitchens hit 95 degrees in September. We need fans at the very least.",
        "Six-hour days with no benefits. We should qualify for the health plan.",
        "Short-staffed on the line every day since August.",
    ],
    "clerical": [
        "Office staff are the first to hear from angry parents. Training on de-escalation.",
        "Job descriptions haven't been updated since 2009, and the work has doubled.",
    ],
}
SAID_BY_ALL = [
    "Health insurance went up again and ate my raise.",
    "I work two jobs to stay in this district. Wages first.",
    "Sick days should roll over, and we need more of them.",
    "Thank you to the team for asking us.",
    "Keep us informed during bargaining, text updates would help.",
    "Seniority should count when positions are cut.",
    "Pay us for the time we actually work.",
]
AFTERWORDS = ["", "", "", " This has been going on for years.",
              " Everyone at my site says the same.", " Please don't give this one up.",
              " Thank you for asking."]


def seed_survey(local, rng) -> None:
    """One survey that closed two weeks ago, answered by ~40% of the unit, and one draft."""
    tz = ZoneInfo(local.time_zone)
    closes = dt.datetime.combine(local.today() - dt.timedelta(days=14), dt.time(23, 59), tz)
    opens = dt.datetime.combine(closes.date() - dt.timedelta(days=21), dt.time(6, 0), tz)
    survey = create_survey(
        local, by=None, title="2027 bargaining priorities", opens_at=opens, closes_at=closes,
        intro=("Our contract expires next June, and the bargaining team wants to bring your "
               "priorities to the table, not the district's. Rank what matters most to you and "
               "answer four short questions. It takes five minutes. Your answers are never "
               "shown with your name, and results are shared with everyone once the survey "
               "closes."),
        priorities=PRIORITIES,
        questions=[
            {"text": RALLY, "kind": "choice", "choices": RALLY_CHOICES, "required": True},
            {"text": RESPECT, "kind": "scale", "choices": [], "required": False},
            {"text": SHIFT, "kind": "choice", "choices": SHIFT_CHOICES, "required": False},
            {"text": WRITTEN, "kind": "text", "choices": [], "required": False},
        ])
    survey = publish_survey(survey, by=None)
    _answers(survey, rng)
    _draft(local)


def _answers(survey, rng) -> None:
    priorities = list(survey.priorities.order_by("position").values_list("pk", flat=True))
    questions = list(survey.questions.order_by("position").values_list("pk", flat=True))
    people = list(Person.objects.filter(local=survey.local_id, in_unit=True).order_by("pk")
                  .values_list("pk", "worksite_id", "job_class__family_id",
                               "job_class__family__code"))
    chosen = rng.sample(people, round(len(people) * SHARE_ANSWERING))
    chosen.sort()
    window = (survey.closes_at - survey.opens_at).total_seconds()
    with transaction.atomic():
        responses = SurveyResponse.objects.bulk_create(
            [SurveyResponse(survey=survey, person_id=pk, worksite_id=site, job_family_id=fam)
             for pk, site, fam, _code in chosen], batch_size=500)
        rankings, answers = [], []
        for response, (_pk, _site, _fam, code) in zip(responses, chosen, strict=True):
            # Early in the window most of all, as people hear about it at the kickoff.
            response.submitted_at = survey.opens_at + dt.timedelta(
                seconds=window * rng.betavariate(1.2, 3.0))
            for rank, index in enumerate(_ranking(rng, code), 1):
                rankings.append(Ranking(response=response, priority_id=priorities[index],
                                        rank=rank))
            for index, value in enumerate(_said(rng, code)):
                if value:
                    answers.append(Answer(response=response, question_id=questions[index],
                                          value=value))
        Ranking.objects.bulk_create(rankings, batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=2000)
        # bulk_update leaves auto_now alone: the times stay spread over the window.
        SurveyResponse.objects.bulk_update(responses, ["submitted_at"], batch_size=500)
        record("survey.answered", by=None, affiliate=survey.local, obj=survey,
               changes={"responses": [None, len(responses)]})


def _ranking(rng, family: str | None) -> list[int]:
    """Priority indexes in the order this person ranks them: weighted by their family, with
    noise (a Gumbel draw per priority), cut after 3 to 8 of them."""
    weights = WEIGHTS.get(family or "", DEFAULT_WEIGHTS)
    keys = [(math.log(w) - math.log(-math.log(rng.random() or 1e-12)), i)
            for i, w in enumerate(weights)]
    keys.sort(reverse=True)
    how_many = rng.choices([3, 4, 5, 6, 8], weights=[25, 20, 15, 10, 30])[0]
    return [i for _key, i in keys[:how_many]]


def _said(rng, family: str | None) -> list[str]:
    """The four answers: rally, respect (1–5), shift, a written note (often none)."""
    yes, maybe = RALLY_ODDS.get(family or "", (0.35, 0.40))
    roll = rng.random()
    rally = RALLY_CHOICES[0] if roll < yes else RALLY_CHOICES[1] if roll < yes + maybe \
        else RALLY_CHOICES[2]
    respect = ""
    if rng.random() < 0.9:
        mean = RESPECT_MEAN.get(family or "", 2.5)
        respect = str(min(5, max(1, round(rng.gauss(mean, 1.0)))))
    shift = ""
    if rng.random() < 0.85:
        shift = rng.choices(SHIFT_CHOICES, weights=SHIFTS.get(family or "", DEFAULT_SHIFTS))[0]
    written = ""
    if rng.random() < 0.18:
        pool = SAID.get(family or "", []) * 2 + SAID_BY_ALL
        written = rng.choice(pool) + rng.choice(AFTERWORDS)
    return [rally, respect, shift, written]


def _draft(local) -> None:
    tz = ZoneInfo(local.time_zone)
    opens = dt.datetime.combine(local.today() + dt.timedelta(days=30), dt.time(6, 0), tz)
    create_survey(
        local, by=None, title="Mid-contract check-in: workload and safety",
        opens_at=opens, closes_at=opens + dt.timedelta(days=14, hours=12),
        intro="A short check-in on how the new contract is working where you are.",
        priorities=["Workload when positions sit vacant", "Substitute coverage",
                    "Safety on buses and in buildings", "Heat in kitchens and on buses",
                    "Training on the new student information system"],
        questions=[
            {"text": "Have you covered for an unfilled position this school year?",
             "kind": "choice", "choices": ["Yes, often", "Once or twice", "No"],
             "required": True},
            {"text": "Where is the contract not being followed at your worksite?",
             "kind": "text", "choices": [], "required": False},
        ])

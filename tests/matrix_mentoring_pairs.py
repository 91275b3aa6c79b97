"""Access-matrix rows for the pair pages, the program's results and the thank-you letters, in
the format of MATRIX in test_access_matrix.py: url name -> (method, kwargs builder,
{persona: expected}); expected is a status or LOGIN.

The pair the rows use is a published match of lakeview's program: the mentee is the member
(people_a[0]), the mentor the rep (people_a[1]). Who sees it: the two of them, and who runs the
program (MANAGE_MENTORING: the coordinator, the officer, the admin), who may look but not write
(403 on the pair's forms). Anyone else of the local (the steward, state staff, national course
staff through their inherited role) finds no such pair (404); the outsider and the facilitator
have no standing in lakeview (403).

The builders also serve the pair tests (`make_pair`, `make_ended_pair`)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from tests.matrix_common import LOGIN

# As the matcher writes them (scoring.score).
REASONS = [
    {"criterion": "job_family", "points": 10,
     "detail": {"met": True, "required": False, "mentee": "paraeducators",
                "mentor": "paraeducators"}},
    {"criterion": "goals", "points": 4,
     "detail": {"met": True, "required": False, "covered": ["reporting"], "goals": 2}},
    {"criterion": "language", "points": 0,
     "detail": {"met": False, "required": False, "shared": []}},
]


def today_in(w) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(w.local.time_zone)).date()


def make_cycle(w, *, starts_days=-30, ends_days=60, cap=20, name="Fall term", letter="",
               program=None, published=True):
    from unionhall.mentoring.models import Cycle, MentoringProgram

    today = today_in(w)
    if program is None:
        program = MentoringProgram.objects.filter(local=w.local).first() or \
            MentoringProgram.objects.create(local=w.local, name="Lakeview peer mentoring",
                                            paid_hours_cap=cap, thank_you_letter=letter)
    starts = today + dt.timedelta(days=starts_days)
    return Cycle.objects.create(
        program=program, name=name, registration_opens_on=starts - dt.timedelta(days=30),
        registration_closes_on=starts - dt.timedelta(days=10), starts_on=starts,
        ends_on=today + dt.timedelta(days=ends_days),
        matches_published_at=timezone.now() if published else None)


def enrol(cycle, person, role, *, family="paraeducators", standards=(), worksite=None,
          capacity=1, **extra):
    from unionhall.core.models import JobFamily
    from unionhall.mentoring.models import Enrollment

    return Enrollment.objects.create(
        cycle=cycle, person=person, role=role,
        job_family=JobFamily.objects.get(code=family) if family else None,
        worksite=worksite or person.worksite, standards=list(standards), capacity=capacity,
        languages=["en"], availability=["after_school"], **extra)


def match(cycle, mentee, mentor, *, status="published", reasons=REASONS):
    from unionhall.mentoring.models import Match

    now = timezone.now()
    return Match.objects.create(
        cycle=cycle, mentee=mentee, mentor=mentor, score=50, reasons=list(reasons),
        status=status, published_at=now if status != "proposed" else None,
        ended_at=now if status == "ended" else None)


def make_pair(w, *, cycle=None, mentee=None, mentor=None, status="published", **cycle_kw):
    """A published match: the member (people_a[0]) mentored by the rep (people_a[1])."""
    cycle = cycle or make_cycle(w, **cycle_kw)
    mentee_e = enrol(cycle, mentee or w.people_a[0], "mentee",
                     standards=["reporting", "communication"])
    mentor_e = enrol(cycle, mentor or w.people_a[1], "mentor",
                     standards=["reporting", "ethics"], capacity=2)
    return match(cycle, mentee_e, mentor_e, status=status)


def make_ended_pair(w, **kw):
    """A pair whose term is over (ended yesterday), not closed yet."""
    return make_pair(w, starts_days=-90, ends_days=-1, **kw)


def _pair(w):
    return {"local_slug": "lakeview", "pk": make_pair(w).pk}


def _ended(w):
    return {"local_slug": "lakeview", "pk": make_ended_pair(w).pk}


def _meeting(w):
    from unionhall.mentoring.actions.pairs import log_meeting

    pair = make_pair(w)
    meeting = log_meeting(pair, by=None, person=w.people_a[0], held_on=today_in(w), minutes=45,
                          how="in_person")
    return {"local_slug": "lakeview", "pk": pair.pk, "meeting_pk": meeting.pk}


def _goal(w):
    from unionhall.mentoring.actions.pairs import add_goal

    pair = make_pair(w)
    goal = add_goal(pair, by=None, person=w.people_a[0], standard="reporting",
                    text="Write incident reports the office accepts")
    return {"local_slug": "lakeview", "pk": pair.pk, "goal_pk": goal.pk}


def _cycle(w):
    return {"local_slug": "lakeview", "pk": make_pair(w).cycle_id}


def _ended_cycle(w):
    return {"local_slug": "lakeview", "pk": make_ended_pair(w).cycle_id}


def _letter(w):
    from unionhall.mentoring.actions.pairs import send_thank_you_letters

    pair = make_ended_pair(w)
    send_thank_you_letters(pair.cycle, by=None)
    return {"local_slug": "lakeview", "pk": pair.cycle_id, "enrollment_pk": pair.mentor_id}


def _who(**status):
    base = {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
            "admin": 403, "state": 403, "outsider": 403, "coordinator": 403, "course": 403,
            "facilitator": 403}
    return {**base, **status}


# The pair page: the pair and who runs the program; others of the local 404.
PAIR_GET = _who(member=200, rep=200, officer=200, admin=200, coordinator=200, steward=404,
                state=404, course=404)
# The pair's writes: the two of them; who runs the program may look, not write (403).
PAIR_POST = _who(member=302, rep=302, steward=404, state=404, course=404)
# A form of the pair page sent empty comes back with its errors (200).
PAIR_FORM = _who(member=200, rep=200, steward=404, state=404, course=404)
RUN_GET = _who(officer=200, admin=200, coordinator=200)
RUN_POST = _who(officer=302, admin=302, coordinator=302)
# A letter: its mentor (the rep) and who runs the program; the rest of the local 404.
LETTER = _who(rep=200, officer=200, admin=200, coordinator=200, member=404, steward=404,
              state=404, course=404)

PAIRS_MATRIX = {
    "pair_detail": ("get", _pair, PAIR_GET),
    "pair_meeting_add": ("post", _pair, PAIR_FORM),
    "pair_meeting_remove": ("post", _meeting, PAIR_POST),
    "pair_goal_add": ("post", _pair, PAIR_FORM),
    "pair_goal_status": ("post", _goal, PAIR_POST),
    "pair_check_in_add": ("post", _goal, PAIR_POST),
    "pair_note_add": ("post", _pair, PAIR_FORM),
    # The survey's page, at the end of the term: the pair (200); an empty answer is the form
    # again with its errors (200 too).
    "pair_survey": ("get", _ended, _who(member=200, rep=200, steward=404, state=404,
                                        course=404)),
    "mentoring_results": ("get", _cycle, RUN_GET),
    "mentoring_results_csv": ("get", _cycle, RUN_GET),
    "mentoring_results_close": ("post", _cycle, RUN_POST),
    "mentoring_thanks_letters": ("get", _ended_cycle, RUN_GET),
    "mentoring_thanks_send": ("post", _ended_cycle, RUN_POST),
    "mentoring_thanks_pdf": ("get", _letter, LETTER),
}

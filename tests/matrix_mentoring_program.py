"""Access-matrix rows for a local's mentoring program (unionhall/mentoring/program_urls.py), in
the format of MATRIX in test_access_matrix.py: url name -> (method, kwargs builder,
{persona: expected}); expected is a status or LOGIN. Also the small builders the program's
tests share (made through the actions, as the system).

Who: the program's home is for everyone with standing in the local (state and national staff
too: they hold inherited roles); signing up needs one's own person in the local (the member,
the rep and the officer have one; the steward, the admin, the coordinator and staff do not:
403); everything else is MANAGE_MENTORING (the officer, the admin, the coordinator). The
facilitator has no standing in the local (403). POSTs carry no data: who may act is sent back
to a page with a message (302)."""

import datetime as dt

from tests.matrix_common import LOGIN

PERSONAS = ("anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider",
            "coordinator", "course", "facilitator")


def who(**status):
    """{persona: expected}: the given personas get their status, anyone else signed in 403."""
    base = dict.fromkeys(PERSONAS, 403)
    base["anonymous"] = LOGIN
    return {**base, **status}


# --- builders ---------------------------------------------------------------------------------


def make_program(w, **values):
    from unionhall.mentoring.actions.program import save_program
    from unionhall.mentoring.models import MentoringProgram

    existing = MentoringProgram.objects.filter(local=w.local).first()
    if existing is not None:
        return existing
    return save_program(w.local, by=None, **{
        "name": "Lakeview Peer Mentoring", "description": "Coworkers helping coworkers.",
        "paid_hours_cap": 12, "thank_you_letter": "", **values})


def make_cycle(w, *, open=True, name=None, **dates):  # noqa: A002
    """A cycle of the world's program: registration open now (from five days ago to five days
    on), or closed two days ago (`open=False`)."""
    from unionhall.mentoring.actions.program import save_cycle

    today = w.local.today()
    if open:
        values = {"registration_opens_on": today - dt.timedelta(days=5),
                  "registration_closes_on": today + dt.timedelta(days=5),
                  "starts_on": today + dt.timedelta(days=10),
                  "ends_on": today + dt.timedelta(days=180)}
    else:
        values = {"registration_opens_on": today - dt.timedelta(days=30),
                  "registration_closes_on": today - dt.timedelta(days=2),
                  "starts_on": today + dt.timedelta(days=3),
                  "ends_on": today + dt.timedelta(days=180)}
    values.update(dates)
    return save_cycle(make_program(w), by=None, name=name or ("Fall" if open else "Spring"),
                      **values)


def enrol(cycle, person, role="mentee", **values):
    from unionhall.core.models import JobFamily
    from unionhall.mentoring.actions.program import save_enrollment

    family = values.pop("family", "paraeducators")
    data = {"role": role, "job_family": JobFamily.objects.get(code=family) if family else None,
            "worksite": person.worksite, "shift": "day", "years_of_service": 12
            if role == "mentor" else 1, "languages": ["en"], "availability": ["lunch"],
            "standards": ["communication"], "about": "", "capacity": 1}
    data.update(values)
    return save_enrollment(cycle, person, by=None, **data)


def _home(w):
    make_cycle(w)
    return {"local_slug": "lakeview"}


def _local(w):
    make_program(w)
    return {"local_slug": "lakeview"}


def _open(w):
    return {"local_slug": "lakeview", "pk": make_cycle(w).pk}


def _closed(w):
    return {"local_slug": "lakeview", "pk": make_cycle(w, open=False).pk}


def _mentee(w):
    cycle = make_cycle(w, open=False)
    enrol(cycle, w.people_b[1], "mentor")
    return {"local_slug": "lakeview", "pk": enrol(cycle, w.people_a[2]).pk}


def _matched(w):
    """A closed-registration cycle with one proposed pair."""
    from unionhall.mentoring.actions.program import propose_matches

    cycle = make_cycle(w, open=False)
    enrol(cycle, w.people_b[1], "mentor")
    enrol(cycle, w.people_a[2])
    propose_matches(cycle, by=None)
    return {"local_slug": "lakeview", "pk": cycle.pk}


MANAGE_GET = who(officer=200, admin=200, coordinator=200)
MANAGE_POST = who(officer=302, admin=302, coordinator=302)
EVERYONE = who(member=200, rep=200, steward=200, officer=200, admin=200, state=200,
               coordinator=200, course=200)
# One's own person in the local: the member, the rep, the officer.
OWN_GET = who(member=200, rep=200, officer=200)
OWN_POST = who(member=302, rep=302, officer=302)

PROGRAM_MATRIX = {
    "mentoring_home": ("get", _home, EVERYONE),
    "mentoring_program_edit": ("get", lambda w: {"local_slug": "lakeview"}, MANAGE_GET),
    "mentoring_committee": ("get", _local, MANAGE_GET),
    "mentoring_cycle_new": ("get", _local, MANAGE_GET),
    "mentoring_cycle_edit": ("get", _open, MANAGE_GET),
    "mentoring_enrol": ("get", _open, OWN_GET),
    "mentoring_withdraw": ("post", _open, OWN_POST),
    "mentoring_enrolments": ("get", _open, MANAGE_GET),
    "mentoring_enrolment_add": ("get", _open, MANAGE_GET),
    "mentoring_enrolment_edit": ("get", _mentee, MANAGE_GET),
    "mentoring_enrolment_withdraw": ("post", _mentee, MANAGE_POST),
    "mentoring_criteria": ("get", _open, MANAGE_GET),
    "mentoring_matching": ("get", _matched, MANAGE_GET),
    "mentoring_propose": ("post", _closed, MANAGE_POST),
    "mentoring_publish": ("post", _matched, MANAGE_POST),
    "mentoring_match_change": ("get", _mentee, MANAGE_GET),
}

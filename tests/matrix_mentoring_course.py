"""Access-matrix rows for the course pages (offerings, applications, review, interest list),
in the format of MATRIX in test_access_matrix.py: url name -> (method, kwargs builder,
{persona: expected}); expected is a status or LOGIN.

The offering the rows use belongs to the national association ("nea", above the state and
lakeview), is published and taking applications, with the "facilitator" persona among its
facilitators. Who runs it: "course" (national staff). State staff run their own state's
offerings only, so for this one they are just signed-in users. Who manages lakeview's
mentoring (officer, admin, coordinator) applies for lakeview. Anyone signed in sees a
published offering; a draft is 404 to all but who runs or facilitates it. POSTs carry no data:
who may act is sent back to the page with a message (302)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from tests.matrix_common import LOGIN

PERSONAS = ("anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider",
            "coordinator", "course", "facilitator")


def who(**status) -> dict:
    """{persona: expected}: the given personas get their status, anyone else signed in 403."""
    return {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, **status}


def make_offering(w, *, publish=True, by=None, affiliate=None, opens_in=dt.timedelta(days=-1),
                  closes_in=dt.timedelta(days=10), **extra):
    """An offering of the national association (or `affiliate`), open now unless told, with the
    facilitator persona; made through the actions."""
    from unionhall.mentoring.actions.course import create_offering, publish_offering

    affiliate = affiliate or w.local.parent.parent
    now = timezone.now()
    deadline = now + closes_in
    values = {"title": "ESPs building peer mentoring", "contact_email": "course@example.org",
              "description": "Five modules for local teams.",
              "opens_at": now + opens_in, "deadline": deadline,
              "time_zone": "America/New_York",
              "notify_on": (deadline + dt.timedelta(days=7)).date(),
              "starts_on": (deadline + dt.timedelta(days=21)).date(), **extra}
    offering = create_offering(affiliate, by=by, facilitators=[w.users["facilitator"].email],
                               **values)
    if publish:
        offering = publish_offering(offering, by=by,
                                    now=offering.opens_at - dt.timedelta(hours=1))
    return offering


EASTERN = ZoneInfo("America/New_York")
# The dates of the fixed offering: applications open Saturday, May 1, 2027, 9:00 Eastern; the
# deadline is Monday, June 7, 2027, 10:00 AM EDT; teams are told June 21; the course starts
# July 12.
OPENS = dt.datetime(2027, 5, 1, 9, 0, tzinfo=EASTERN)
DEADLINE = dt.datetime(2027, 6, 7, 10, 0, tzinfo=EASTERN)
NOTIFY_ON = dt.date(2027, 6, 21)
STARTS_ON = dt.date(2027, 7, 12)


def fixed_offering(w, **extra):
    """The national offering at fixed dates (see DEADLINE), published."""
    values = {"opens_at": OPENS, "deadline": DEADLINE, "notify_on": NOTIFY_ON,
              "starts_on": STARTS_ON, **extra}
    return make_offering(w, **values)


def make_team_application(w, offering=None, *, local=None, people=None, by=None, now=None):
    """Lakeview's team (two of its people) applying to `offering` (a new one if None)."""
    from unionhall.mentoring.actions.course import submit_application

    offering = offering or make_offering(w)
    people = people or w.people_a[:2]
    members = [{"person": p, "role": "lead" if i == 0 else "member"}
               for i, p in enumerate(people)]
    return submit_application(
        offering, local or w.local, by=by, members=members, now=now,
        why="Our new paras learn everything alone.",
        situation="900 ESPs in 40 schools; a third hired in the last three years.",
        state_contact_name="Robin Vale", state_contact_email="rvale@example.org")


def make_interest(w, user="member"):
    from unionhall.mentoring.actions.course import add_interest

    account = w.users[user]
    return add_interest(w.local.parent.parent, by=account, name="Pat Lee", email=account.email,
                        local=w.local)


def _o(w):
    return {"offering_slug": make_offering(w).slug}


def _draft(w):
    return {"offering_slug": make_offering(w, publish=False).slug}


def _apply(w):
    return {"offering_slug": make_offering(w).slug, "local_slug": w.local.slug}


def _applied(w):
    application = make_team_application(w)
    return {"offering_slug": application.offering.slug, "local_slug": w.local.slug}


def _application(w):
    application = make_team_application(w)
    return {"offering_slug": application.offering.slug, "pk": application.pk}


def _interest(w):
    return {"pk": make_interest(w).pk}


def _nea(w):
    return {"affiliate_slug": w.local.parent.parent.slug}


SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}
LOCAL_GET = who(officer=200, admin=200, coordinator=200)
LOCAL_POST = who(officer=302, admin=302, coordinator=302)

COURSE_MATRIX = {
    "course_list": ("get", lambda w: {}, SIGNED_IN),
    # State staff run their state's offerings, so they may make one too.
    "course_new": ("get", lambda w: {}, who(course=200, state=200)),
    "course_detail": ("get", _o, SIGNED_IN),
    "course_edit": ("get", _o, who(course=200)),
    "course_publish": ("post", _draft, {**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN,
                                        "course": 302, "facilitator": 403}),
    "course_apply": ("get", _apply, LOCAL_GET),
    "course_withdraw": ("post", _applied, LOCAL_POST),
    "course_review": ("get", _o, who(course=200, facilitator=200)),
    "course_application": ("get", _application, who(course=200, facilitator=200)),
    "course_score": ("post", _application, who(course=302, facilitator=302)),
    "course_decide": ("post", _application, who(course=302)),
    "course_send_decisions": ("post", _o, who(course=302)),
    "course_interest": ("get", lambda w: {}, SIGNED_IN),
    # The member's own entry: theirs to remove, and who runs the national course's list.
    "course_interest_remove": ("post", _interest, {
        **dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN, "member": 302, "course": 302}),
    "course_interest_list": ("get", _nea, who(course=200)),
    "course_interest_csv": ("get", _nea, who(course=200)),
}

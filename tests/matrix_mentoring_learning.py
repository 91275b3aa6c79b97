"""Access-matrix rows for the course itself (modules, activities, work, attendance, progress,
certificates), in the format of MATRIX in test_access_matrix.py: url name -> (method, kwargs
builder, {persona: expected}); expected is a status or LOGIN.

Each builder makes a published offering of the national association ("nea"): "course"
(national staff there) runs it, "facilitator" facilitates it, and the Lakeview team is
selected with the "member" persona's person on it (and two people without accounts). Module 1
is open (a self-study, a team assignment, a webinar an hour ago); module 2 opens next month.
State staff hold RUN_COURSE only in their state, not in the national association: refused.
Everyone else signed in is refused (403): the rep, the officer and the coordinator are in
Lakeview but not on the team. POSTs carry no data: see each row."""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from tests.matrix_common import LOGIN

_seq = itertools.count(1)
PERSONAS = ("anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider",
            "coordinator", "course", "facilitator")


@dataclass
class Course:
    offering: object
    team: object
    module1: object
    module2: object
    self_study: object
    assignment: object
    webinar: object


def make_offering(affiliate, *, facilitators=(), title="ESPs: Supporting Our Own Through Peer "
                  "Mentoring", zone="America/New_York", **extra):
    from unionhall.mentoring.models import CourseOffering

    now = timezone.now()
    values = {"affiliate": affiliate, "title": title, "slug": f"mentoring-{next(_seq)}",
              "contact_email": "mentoring@example.org", "opens_at": now - dt.timedelta(days=60),
              "deadline": now - dt.timedelta(days=40), "time_zone": zone,
              "notify_on": (now - dt.timedelta(days=30)).date(),
              "starts_on": (now - dt.timedelta(days=14)).date(), "status": "published",
              "published_at": now - dt.timedelta(days=60), **extra}
    offering = CourseOffering.objects.create(**values)
    offering.facilitators.set(facilitators)
    return offering


def make_team(offering, local, people, *, status="selected"):
    from unionhall.mentoring.models import TeamApplication, TeamMember

    team = TeamApplication.objects.create(
        offering=offering, local=local, status=status, why="To grow our own.",
        situation="Many new paraeducators each fall.", submitted_at=offering.opens_at)
    for i, person in enumerate(people):
        TeamMember.objects.create(application=team, person=person,
                                  role="lead" if i == 0 else "member")
    team.local = local
    return team


def make_course(w, *, members=None, webinar_ago=dt.timedelta(hours=1)) -> Course:
    """The offering the rows use (see the module's docstring), made through the actions."""
    from unionhall.mentoring import learning_queries as q
    from unionhall.mentoring.actions import learning as actions

    national = w.local.parent.parent
    offering = make_offering(national, facilitators=[w.users["facilitator"]])
    members = members if members is not None else [w.people_a[0], w.people_a[2],
                                                   w.people_b[1]]
    team = make_team(offering, w.local, members)
    today = q.offering_today(offering)
    m1 = actions.save_module(offering, by=None, title="Why mentoring, why now",
                             summary="Start with **why**.",
                             releases_on=today - dt.timedelta(days=7))
    m2 = actions.save_module(offering, by=None, title="Designing the program",
                             releases_on=today + dt.timedelta(days=30))
    study = actions.save_activity(m1, by=None, kind="self_study", title="Reading: what ESP "
                                  "mentoring is", instructions="Read the two pages.",
                                  due_on=today + dt.timedelta(days=7))
    assignment = actions.save_activity(m1, by=None, kind="team_assignment",
                                       title="Our why statement",
                                       due_on=today + dt.timedelta(days=10))
    webinar = actions.save_activity(m1, by=None, kind="webinar", title="Kickoff webinar",
                                    starts_at=timezone.now() - webinar_ago, minutes=60,
                                    join_url="https://meet.example.org/kickoff")
    return Course(offering, team, m1, m2, study, assignment, webinar)


def _slug(w):
    return {"offering_slug": make_course(w).offering.slug}


def _module(w):
    return {"offering_slug": make_course(w).offering.slug, "number": 1}


def _activity(name):
    def build(w):
        course = make_course(w)
        return {"offering_slug": course.offering.slug, "pk": getattr(course, name).pk}
    return build


def _submission(w):
    from unionhall.mentoring.actions import learning as actions

    course = make_course(w)
    sub = actions.save_team_work(course.assignment, by=None, application=course.team,
                                 text="We mentor because no one should start alone.")
    return {"offering_slug": course.offering.slug, "pk": sub.pk}


def _file(w):
    from unionhall.mentoring.actions import learning as actions

    course = make_course(w)
    file = actions.add_submission_file(course.assignment, by=None, application=course.team,
                                       name="why.txt", data=b"Our why statement, draft 1.\n")
    return {"offering_slug": course.offering.slug, "pk": file.pk}


def _team(w):
    course = make_course(w)
    return {"offering_slug": course.offering.slug, "team_pk": course.team.pk}


def finish_for(course, person):
    """Everything the person needs to finish module 1's course (module 2 has no activities)."""
    from unionhall.mentoring.actions import learning as actions

    actions.complete_self_study(course.self_study, by=None, person=person)
    actions.save_team_work(course.assignment, by=None, application=course.team,
                           text="Our why statement.")
    actions.mark_attendance(course.webinar, {person.pk: "present"}, by=None)


def _issued(w):
    from unionhall.mentoring.actions import learning as actions

    course = make_course(w)
    finish_for(course, w.people_a[0])
    actions.issue_certificate(course.offering, by=None, person=w.people_a[0])
    return {"offering_slug": course.offering.slug}


def _code(w):
    from unionhall.mentoring.actions import learning as actions

    course = make_course(w)
    finish_for(course, w.people_a[0])
    cert = actions.issue_certificate(course.offering, by=None, person=w.people_a[0])
    return {"code": cert.code}


def rows(**status):
    """{persona: expected}: the given personas get their status, anyone else signed in 403."""
    base = dict.fromkeys(PERSONAS, 403)
    base["anonymous"] = LOGIN
    return {**base, **status}


TEAM_AND_STAFF = rows(member=200, course=200, facilitator=200)
STAFF = rows(course=200, facilitator=200)
RUNS = rows(course=200)

LEARNING_MATRIX = {
    "learning_home": ("get", _slug, TEAM_AND_STAFF),
    "learning_module": ("get", _module, TEAM_AND_STAFF),
    "learning_module_new": ("get", _slug, RUNS),
    "learning_module_edit": ("get", _module, RUNS),
    "learning_activity_new": ("get", _module, RUNS),
    "learning_activity": ("get", _activity("assignment"), TEAM_AND_STAFF),
    "learning_activity_edit": ("get", _activity("webinar"), RUNS),
    # No team worked on it yet: removed.
    "learning_activity_delete": ("post", _activity("self_study"), rows(course=302)),
    # An empty reflection is fine: completed (staff are not on a team).
    "learning_self_study": ("post", _activity("self_study"), rows(member=302)),
    # Nothing written and no file: the page again with the error.
    "learning_team_work": ("post", _activity("assignment"), rows(member=200)),
    "learning_file_add": ("post", _activity("assignment"), rows(member=200)),
    "learning_file": ("get", _file, TEAM_AND_STAFF),
    "learning_submissions": ("get", _activity("assignment"), STAFF),
    "learning_attendance": ("get", _activity("webinar"), STAFF),
    "learning_submission": ("get", _submission, STAFF),
    "learning_feedback": ("post", _submission, rows(course=200, facilitator=200)),
    "learning_progress": ("get", _slug, STAFF),
    "learning_team_progress": ("get", _team, STAFF),
    "learning_certificate": ("get", _slug, rows(member=200)),
    # Not finished: back to the certificate page with what is missing.
    "learning_certificate_issue": ("post", _slug, rows(member=302)),
    "learning_certificate_pdf": ("get", _issued, rows(member=200)),
    # Public: a certificate's code shows whose it is, to anyone.
    "learning_certificate_check": ("get", _code, dict.fromkeys(PERSONAS, 200)),
}

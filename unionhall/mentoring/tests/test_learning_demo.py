"""The demo course: real-sounding activities in every module, module 1 done by the first
selected team with feedback, the kickoff webinar with attendance and its recording."""

import datetime as dt

from django.core import mail

from tests.matrix_mentoring_learning import make_offering, make_team
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring import learning_schedule
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.demo_learning import seed_learning
from unionhall.mentoring.models import Activity, Module, Submission, WebinarAttendance


def test_seed_learning(world, django_capture_on_commit_callbacks):
    offering = make_offering(world.local.parent.parent,
                             facilitators=[world.users["facilitator"]])
    team = make_team(offering, world.local, [world.people_a[0], world.people_a[2],
                                             world.people_b[1]])
    today = q.offering_today(offering)
    start = today - dt.timedelta(days=20)
    for n in range(5):
        actions.save_module(offering, by=None, title=f"Module {n + 1}",
                            releases_on=start + dt.timedelta(weeks=2 * n))
    with django_capture_on_commit_callbacks(execute=True):
        made = seed_learning(offering, today=today)
    assert made == {"activities": 13, "completed": 3}
    assert not mail.outbox  # demo data emails no one
    modules = list(Module.objects.filter(offering=offering).order_by("number"))
    assert all(m.activities.exists() and m.summary for m in modules)
    assert modules[0].title == "Why mentoring, and why us"
    assert [m.released_at is not None for m in modules] == [True, True, False, False, False]
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Our why statement", "Program design draft", "Kickoff: meet the cohort"} <= titles
    assert all(a.join_url.startswith("https://") for a in Activity.objects.filter(
        kind="webinar"))
    first = modules[0].activities.order_by("position")
    study, assignment, webinar = first
    assert Submission.objects.filter(activity=study).count() == 3
    work = Submission.objects.get(activity=assignment)
    assert "Our why" in work.text and work.feedback and work.application == team
    assert WebinarAttendance.objects.filter(activity=webinar).count() == 3
    webinar.refresh_from_db()
    assert webinar.recording_url.startswith("https://")
    progress = q.course_progress(offering)
    assert progress.teams[0].cells[:3] == [("done", 3, 3)] * 3
    # Released modules are not announced again by the scheduler.
    with django_capture_on_commit_callbacks(execute=True):
        assert learning_schedule.send_due() == 0

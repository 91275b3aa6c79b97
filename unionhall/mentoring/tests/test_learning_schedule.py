"""On a module's release day (in the offering's time zone) the members of the selected teams
are emailed once, in their language, unless they turned mentoring emails off."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tests.factories import PersonFactory
from tests.matrix_mentoring_learning import make_offering, make_team
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference, Topic
from unionhall.mentoring import learning_schedule
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.models import Module

NEW_YORK = ZoneInfo("America/New_York")
DAY = dt.date(2031, 3, 10)  # a Monday


def at(day, hour, minute=0, zone=NEW_YORK):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


@pytest.fixture
def setup(world):
    offering = make_offering(world.local.parent.parent, facilitators=[world.users["facilitator"]])
    spanish = world.people_a[2]
    spanish.language = "es"
    spanish.save()
    opted_out = PersonFactory(local=world.local, worksite=world.site_a)
    EmailPreference.objects.create(person=opted_out, topic=Topic.MENTORING, wants=False)
    # Turning another topic off changes nothing here.
    EmailPreference.objects.create(person=world.people_a[0], topic=Topic.EVENTS, wants=False)
    team = make_team(offering, world.local, [world.people_a[0], spanish, opted_out])
    waiting = make_team(offering, world.other_local, [world.outsider_person],
                        status="waitlisted")
    module = actions.save_module(offering, by=None, title="Designing the program",
                                 releases_on=DAY)
    actions.save_activity(module, by=None, kind="team_assignment", title="Program design draft",
                          due_on=DAY + dt.timedelta(days=12))
    actions.save_activity(module, by=None, kind="webinar", title="Designing with the Continuum",
                          starts_at=at(DAY + dt.timedelta(days=3), 19), minutes=75)
    return offering, team, waiting, module


def run(now, django_capture_on_commit_callbacks):
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        sent = learning_schedule.send_due(now)
    return sent, mail.outbox[before:]


def test_nothing_before_the_day_in_the_offerings_zone(world, setup,
                                                      django_capture_on_commit_callbacks):
    # 11:30 p.m. the day before in New York is already the day in UTC.
    sent, out = run(at(DAY - dt.timedelta(days=1), 23, 30), django_capture_on_commit_callbacks)
    assert (sent, out) == (0, [])
    assert Module.objects.get(pk=setup[3].pk).released_at is None


def test_on_the_day_each_member_is_told_once(world, setup, django_capture_on_commit_callbacks):
    offering, team, waiting, module = setup
    now = at(DAY, 0, 30)
    sent, out = run(now, django_capture_on_commit_callbacks)
    assert sent == 2
    assert sorted(m.to[0] for m in out) == sorted([world.people_a[0].personal_email,
                                                   world.people_a[2].personal_email])
    # The wait-listed team and who turned mentoring emails off hear nothing.
    assert world.outsider_person.personal_email not in {m.to[0] for m in out}
    module.refresh_from_db()
    assert module.released_at == now
    for later in (now, now + dt.timedelta(hours=1), now + dt.timedelta(days=3)):
        assert run(later, django_capture_on_commit_callbacks) == (0, [])
    entry = AuditEntry.objects.get(verb="module.released")
    assert entry.changes["sent"] == [None, 2] and entry.actor is None


def test_what_the_email_says(world, setup, django_capture_on_commit_callbacks):
    _sent, out = run(at(DAY, 8), django_capture_on_commit_callbacks)
    english = next(m for m in out if m.to == [world.people_a[0].personal_email])
    assert english.subject == "Module 1 is open: Designing the program"
    body = english.body
    assert f"Hello {world.people_a[0].first_name}," in body
    assert "Program design draft (team assignment): due March 22, 2031" in body
    # The webinar at 7 p.m. in New York is 6 p.m. in Chicago, where the member's local is.
    assert "Designing with the Continuum (webinar): Thursday, March 13, 2031, 6 p.m. CDT" in body
    assert f"/mentoring/course/{setup[0].slug}/learn/modules/1/" in body
    assert "/unsubscribe/" in body
    assert english.extra_headers["List-Unsubscribe"].startswith("<http")


def test_each_in_their_language(world, setup, django_capture_on_commit_callbacks):
    _sent, out = run(at(DAY, 8), django_capture_on_commit_callbacks)
    spanish = next(m for m in out if m.to == [world.people_a[2].personal_email])
    english = next(m for m in out if m.to == [world.people_a[0].personal_email])
    assert "Thursday" in english.body
    assert "jueves" in spanish.body and "Thursday" not in spanish.body


def test_a_draft_offering_releases_nothing(world, setup, django_capture_on_commit_callbacks):
    offering = setup[0]
    offering.status = "draft"
    offering.save()
    assert run(at(DAY, 8), django_capture_on_commit_callbacks) == (0, [])


def test_two_runs_at_once_tell_once(world, setup, django_capture_on_commit_callbacks):
    module = setup[3]
    now = at(DAY, 8)
    with django_capture_on_commit_callbacks(execute=True):
        first = learning_schedule.release(module.pk, now)
        second = learning_schedule.release(module.pk, now)
    assert (first, second) == (2, 0)

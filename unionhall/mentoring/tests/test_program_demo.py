"""The demo's mentoring program: a committee, a cycle whose registration closed, ~25 mentors and
~60 mentees across job families and worksites, matched and published without email."""

import datetime as dt

from django.core import mail

from tests.factories import make_user
from unionhall.core.demo import build_demo, seed_demo
from unionhall.core.models import AuditEntry
from unionhall.mentoring.demo_program import seed_program
from unionhall.mentoring.models import AdvisoryMember, Enrollment, Match


def test_seed_program_on_a_demo_roster(db, django_capture_on_commit_callbacks):
    data = build_demo(persons=700, accounts=False, slug="demo-mentoring")
    local = seed_demo(data)
    persona = local.persons.order_by("hire_date").last()  # the newest hire
    make_user("demo-mentoring.member@example.org", person=persona, mfa=False)
    today = data.as_of
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = seed_program(local, today=today)
    assert mail.outbox == []  # demo data tells no one
    assert cycle.registration_closes_on < today and cycle.starts_on < today < cycle.ends_on
    assert cycle.matches_published_at is not None
    assert AdvisoryMember.objects.filter(program=cycle.program).count() == 5
    mentors = Enrollment.objects.filter(cycle=cycle, role="mentor")
    mentees = Enrollment.objects.filter(cycle=cycle, role="mentee")
    assert mentors.count() == 25
    assert 60 <= mentees.count() <= 61
    assert mentees.filter(person=persona).exists()
    assert len(set(mentees.values_list("job_family", flat=True))) >= 6
    assert len(set(mentors.values_list("worksite", flat=True))) >= 8
    assert all(e.years_of_service >= 8 for e in mentors)
    assert all(e.standards and e.availability and "en" in e.languages
               for e in Enrollment.objects.filter(cycle=cycle))
    matches = Match.objects.filter(cycle=cycle)
    assert matches.count() >= 45
    assert set(matches.values_list("status", flat=True)) == {"published"}
    assert all(m.reasons for m in matches)
    # Published pairs respect the mentors' capacity and the hard rules (no by-hand pairs).
    for mentor in mentors:
        assert Match.objects.filter(mentor=mentor).count() <= mentor.capacity
    assert not matches.filter(by_hand=True).exists()
    assert AuditEntry.objects.filter(verb="matches.published").count() == 1


def test_seed_program_on_a_tiny_roster(world):
    cycle = seed_program(world.local, today=dt.date(2026, 10, 1))
    enrolled = Enrollment.objects.filter(cycle=cycle)
    assert enrolled.filter(role="mentor").count() == 2
    assert enrolled.filter(role="mentee").count() == 4
    assert Match.objects.filter(cycle=cycle, status="published").exists()

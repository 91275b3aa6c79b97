"""The demo pairs: meetings inside the term and not in the future, most pairs two to four a
month and some none, goals from the mentee's standards, and the earlier cycle's surveys."""

import datetime as dt

from tests.factories import PersonFactory
from tests.matrix_mentoring_pairs import enrol, make_cycle, match, today_in
from unionhall.mentoring.demo_pairs import seed_pairs
from unionhall.mentoring.models import ExitSurvey, Goal, PairMeeting, ReflectionNote


def pairs(world, cycle, n, status="published"):
    made = []
    for _ in range(n):
        mentee = PersonFactory(local=world.local, worksite=world.site_a)
        mentor = PersonFactory(local=world.local, worksite=world.site_b)
        made.append(match(cycle, enrol(cycle, mentee, "mentee",
                                       standards=["reporting", "ethics", "technology"]),
                          enrol(cycle, mentor, "mentor"), status=status))
    return made


def test_seed_pairs(world):
    today = today_in(world)
    earlier = make_cycle(world, name="Last spring", starts_days=-300, ends_days=-150)
    pairs(world, earlier, 4, status="ended")
    cycle = make_cycle(world, name="This fall", starts_days=-61, ends_days=100)
    current = pairs(world, cycle, 40)

    made = seed_pairs(cycle, today=today)

    assert made["pairs"] == 40
    meetings = PairMeeting.objects.filter(match__cycle=cycle)
    assert meetings.count() == made["meetings"]
    assert all(cycle.starts_on <= m.held_on <= today for m in meetings)
    per_pair = [meetings.filter(match=p).count() for p in current]
    months = ((today - cycle.starts_on).days + 1) / 30.44
    met = [n for n in per_pair if n]
    assert 0 < len(met) < 40  # some pairs have not met
    assert sum(met) / len(met) / months <= 4.5
    assert sum(met) / len(met) / months >= 1.5
    goals = Goal.objects.filter(match__cycle=cycle)
    assert goals.count() >= 80
    assert set(goals.values_list("standard", flat=True)) <= {"reporting", "ethics", "technology"}
    assert goals.filter(status="met").exists()
    assert ReflectionNote.objects.filter(match__cycle=cycle).exists()
    # The earlier cycle gets exit surveys, the current none.
    assert made["surveys"] == ExitSurvey.objects.filter(match__cycle=earlier).count() > 0
    assert not ExitSurvey.objects.filter(match__cycle=cycle).exists()


def test_seed_pairs_with_no_earlier_cycle_and_a_cycle_that_has_not_started(world):
    today = today_in(world)
    cycle = make_cycle(world, starts_days=5, ends_days=120)
    pairs(world, cycle, 2)
    made = seed_pairs(cycle, today=today)
    assert made["meetings"] == 0 and made["surveys"] == 0
    assert not PairMeeting.objects.exists()
    assert today < cycle.starts_on + dt.timedelta(days=1)

"""The demo's sessions: three over the last six weeks, transcripts imported through the action,
every speaker matched to someone at the table."""

import datetime as dt

from unionhall.bargaining.demo_sessions import seed_sessions
from unionhall.bargaining.models import Session


def test_seed_sessions(world):
    today = dt.date(2026, 5, 20)
    first, second, third = seed_sessions(world.local, today)
    sessions = list(Session.objects.filter(local=world.local).order_by("held_on"))
    assert sessions == [first, second, third]
    assert all(today - dt.timedelta(weeks=6) <= s.held_on < today for s in sessions)
    assert [s.remote for s in sessions] == [False, True, False]
    assert [s.published for s in sessions] == [True, True, False]
    assert [s.notes_published for s in sessions] == [True, False, False]
    assert all(s.video_url.startswith("https://www.youtube.com/watch?v=Unionhall")
               for s in sessions)
    assert [s.transcript_format for s in sessions] == ["vtt", "plain", ""]
    for session in (first, second):
        assert session.segments.count() > 10
        assert not session.segments.filter(attendee=None).exists()
        sides = set(session.attendees.values_list("side", flat=True))
        assert sides == {"union", "district"}
    # The typed transcript: a reply with no time, union speakers by first name only.
    untimed = second.segments.filter(start=None)
    assert untimed.exists() and all(s.attendee.side == "district" for s in untimed)
    union = second.segments.filter(attendee__side="union").first()
    assert " " not in union.speaker and union.attendee.name.startswith(union.speaker)
    # The union's team are people of the local's roster where it has some.
    linked = first.attendees.filter(side="union", person__isnull=False)
    assert linked.count() == 4
    assert all(a.person.local_id == world.local.pk and a.name == a.person.display_name
               for a in linked)
    assert third.attendees.filter(side="other").exists()
    assert "Chief Human Resources Officer" in set(first.attendees.values_list("role", flat=True))


def test_seed_sessions_without_a_roster(db):
    from tests.factories import make_local

    local = make_local("empty")
    sessions = seed_sessions(local, dt.date(2026, 5, 20))
    names = set(sessions[0].attendees.filter(side="union").values_list("name", flat=True))
    assert names == {"Rosa Delgado", "Tanya Okafor", "Marcus Webb", "Luis Carranza"}
    assert not sessions[1].segments.filter(attendee=None).exists()

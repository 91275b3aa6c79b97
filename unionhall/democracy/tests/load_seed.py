"""The load test's data, written into the database DATABASE_URL names (see test_vote_load.py).

    python -m unionhall.democracy.tests.load_seed seed VOTERS
        a local, VOTERS members each with a user and a signed-in session, and an election open
        for voting with one yes/no question; prints JSON: local slug, election and contest ids,
        the session cookie's name and one session key per voter.
    python -m unionhall.democracy.tests.load_seed count ELECTION_ID
        prints JSON: the election's ballots (receipts and marks) and turnout rows.

Run as a separate process with DJANGO_SETTINGS_MODULE and DATABASE_URL set, so it writes the
same database the server reads, not the test session's.
"""

import datetime as dt
import json
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import django  # noqa: E402


def seed(voters: int) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from tests.factories import make_local
    from unionhall.accounts.models import User
    from unionhall.democracy.actions import (
        add_contest,
        create_election,
        freeze_roll,
        publish_election,
    )
    from unionhall.members.models import Membership, MembershipChange, Person

    local = make_local("loadtest", "Load Test ESP")
    since = dt.date(2015, 9, 1)
    people = Person.objects.bulk_create([
        Person(local=local, employee_id=f"L{i:05d}", legal_first_name=f"Voter{i}",
               legal_last_name="Load", personal_email=f"voter{i}@example.org",
               hire_date=dt.date(2014, 8, 20))
        for i in range(voters)])
    Membership.objects.bulk_create([Membership(person=p, status="member", since=since)
                                    for p in people])
    MembershipChange.objects.bulk_create([
        MembershipChange(person=p, to_status="member", effective=since) for p in people])
    # No password: hashing one per user would be most of the seeding time.
    users = [User.objects.create_user(f"voter{i}@example.org", None, person=p)
             for i, p in enumerate(people)]

    now = timezone.now()
    election = create_election(local, by=None, kind="ratification", title="Load test vote",
                               opens_at=now - dt.timedelta(hours=1),
                               closes_at=now + dt.timedelta(days=1))
    contest = add_contest(election, by=None, title="Ratify the tentative agreement?",
                          method="yes-no")
    publish_election(election, by=None)
    if not freeze_roll(election, now=now):
        raise SystemExit("the roll was not frozen")

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for user in users:
        session = store()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {"local": local.slug, "election": election.pk, "contest": contest.pk,
            "session_cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions}


def count(election_id: int) -> dict:
    from unionhall.democracy.models import Ballot, Turnout

    ballots = list(Ballot.objects.filter(election_id=election_id).values("receipt", "marks"))
    turnout = list(Turnout.objects.filter(election_id=election_id)
                   .values_list("person_id", "channel"))
    return {"ballots": ballots, "turnout": turnout}


def main(argv: list[str]) -> None:
    django.setup()
    command, arg = argv[1], int(argv[2])
    result = seed(arg) if command == "seed" else count(arg)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)

"""The demo local's elections, written through the actions: last spring's officer election
(counted and certified, online and paper ballots), a ratification vote open now, and a
delegate election taking nominations. Invented people and text only."""

import datetime as dt
import random

from django.utils import timezone

from unionhall.democracy import actions
from unionhall.democracy.models import Election

RATIFICATION_TEXT = (
    "The bargaining team recommends a yes vote on the tentative agreement reached on "
    "November 12: raises of 4%, 3.5% and 3% over three years, a paid thirty-minute lunch "
    "for bus drivers on split shifts, and a joint committee on paraeducator staffing."
)


def seed_elections(local, *, committee, voters, members, rng_seed: str = "demo") -> None:
    """`committee`: users on the election committee (at least two); `voters`: users with a
    Person in the local; `members`: Persons who are members (candidates, paper voters)."""
    rng = random.Random(f"{rng_seed}-elections")
    now = timezone.now()
    _past_officer_election(local, committee, voters, members, rng, now)
    _open_ratification(local, voters, rng, now)
    _delegate_nominations(local, committee, members, rng, now)


def _past_officer_election(local, committee, voters, members, rng, now) -> None:
    chair = committee[0]
    election = actions.create_election(
        local, by=chair, kind="officers", title="Officer election 2026",
        description="Every member in good standing votes for the local's officers and "
                    "executive board for the 2026–2028 term.",
        opens_at=now - dt.timedelta(minutes=5), closes_at=now + dt.timedelta(days=1),
        paper_ballots=True)
    people = rng.sample(members, 15)
    offices = [("President", "irv", 1, people[:3], "Two years from July 1"),
               ("Executive board", "scottish-stv", 4, people[3:10], "Two years from July 1"),
               ("Delegates to the state assembly", "plurality", 3, people[10:15], "One year")]
    contests = []
    for title, method, seats, candidates, term in offices:
        contest = actions.add_contest(election, by=chair, title=title, method=method,
                                      seats=seats, term=term)
        ids = [actions.add_candidate(contest, by=chair, person=p,
                                     statement=f"{p.first_name} has worked in the district "
                                               f"for years and wants to hear from every "
                                               f"worksite.").pk
               for p in candidates]
        # Some candidates are more popular: each gets a weight for the random ballots.
        contests.append((contest, ids, [rng.uniform(0.5, 2.0) for _ in ids]))
    actions.publish_election(election, by=chair)
    # No "voting is open" email to thousands of invented people.
    actions.freeze_roll(election, announce=False)

    def marks():
        ballot = {}
        for contest, ids, weights in contests:
            order = sorted(ids, key=lambda i: -weights[ids.index(i)] * rng.random())
            if contest.method == "plurality":
                ballot[contest.pk] = order[:rng.randint(1, contest.seats)]
            else:
                ballot[contest.pk] = {pk: r for r, pk in
                                      enumerate(order[:rng.randint(1, len(order))], 1)}
        return ballot

    online = {u.person_id for u in voters}
    for user in voters:
        actions.cast_ballot(election, marks(), by=user)
    paper = [p for p in members if p.pk not in online][:120]
    for person in paper:
        actions.record_paper_turnout(election, person, by=chair)
    for _ in paper:
        actions.enter_paper_ballot(election, marks(), by=chair)
    # The demo shows an election held last spring: move its window into the past.
    Election.objects.filter(pk=election.pk).update(
        nominations_open=None, nominations_close=None,
        opens_at=now - dt.timedelta(days=200), closes_at=now - dt.timedelta(days=193))
    election.refresh_from_db()
    actions.tally_election(election, by=chair)
    actions.certify_election(election, by=committee[0])
    actions.certify_election(election, by=committee[1])


def _open_ratification(local, voters, rng, now) -> None:
    election = actions.create_election(
        local, by=None, kind="ratification",
        title="Ratification vote: tentative agreement 2026–2029",
        description=RATIFICATION_TEXT, opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=6))
    contest = actions.add_contest(
        election, by=None, title="Do you ratify the tentative agreement?", method="yes-no",
        threshold="majority", description=RATIFICATION_TEXT)
    actions.publish_election(election, by=None)
    actions.freeze_roll(election, announce=False)
    for user in voters[: len(voters) // 4]:
        answer = rng.choices(["yes", "no", "abstain"], weights=(8, 2, 1))[0]
        actions.cast_ballot(election, {contest.pk: answer}, by=user)


def _delegate_nominations(local, committee, members, rng, now) -> None:
    election = actions.create_election(
        local, by=committee[0], kind="officers", title="NEA Representative Assembly delegates",
        description="Two delegates represent the local at the national assembly in July.",
        nominations_open=now - dt.timedelta(days=2), nominations_close=now + dt.timedelta(days=12),
        opens_at=now + dt.timedelta(days=19), closes_at=now + dt.timedelta(days=26))
    contest = actions.add_contest(election, by=committee[0], title="Delegates",
                                  method="scottish-stv", seats=2, term="July 2027")
    actions.publish_election(election, by=committee[0])
    for person in rng.sample(members, 3):
        actions.add_candidate(contest, by=committee[0], person=person,
                              statement="Ready to carry our members' voice to the assembly.")

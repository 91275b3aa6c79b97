"""Nothing stored links a ballot to its voter, whatever the method: not the ballot's fields,
not its id, not the audit log, and, once the box is mixed at the count, not the order of rows
in the database or (on PostgreSQL) the transaction that wrote them."""

import json
import uuid

import pytest
from django.db import connection, models

from tests.factories import PersonFactory, make_user
from unionhall.core.models import AuditEntry
from unionhall.democracy import actions
from unionhall.democracy.models import Ballot, Turnout
from unionhall.democracy.tests.conftest import close, make_election

METHODS = {
    "plurality": (2, lambda ids, i: [ids[i % 3], ids[(i + 1) % 3]]),
    "approval": (1, lambda ids, i: ids[: 1 + i % 3]),
    "irv": (1, lambda ids, i: {ids[i % 3]: 1, ids[(i + 1) % 3]: 2}),
    "scottish-stv": (2, lambda ids, i: {ids[(i + 2) % 3]: 1, ids[i % 3]: 2}),
    "yes-no": (1, lambda ids, i: ("yes", "no", "abstain")[i % 3]),
}
VOTERS = 12


def physical_order(model, election) -> list:
    """Rows in the order the database stores them, not in any order we asked for."""
    table = model._meta.db_table
    column = "id" if model is Ballot else "person_id"
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE election_id = %s '
                       f"ORDER BY {position}", [election.pk])
        rows = [row[0] for row in cursor.fetchall()]
    return [uuid.UUID(str(r)) for r in rows] if model is Ballot else rows


@pytest.mark.parametrize("method", METHODS)
def test_nothing_stored_links_a_ballot_to_a_voter(method, families, world, committee):
    seats, mark = METHODS[method]
    names = () if method == "yes-no" else ("Ana", "Ben", "Cy")
    voters = [make_user(f"v{i}@example.org", mfa=False,
                        person=PersonFactory(local=world.local, worksite=world.site_a))
              for i in range(VOTERS)]
    election = make_election(world.local, contests=[("Contest", method, seats, names)])
    contest = election.contests.get()
    ids = list(contest.candidates.values_list("pk", flat=True))
    actions.ensure_roll(election)
    audit_before = AuditEntry.objects.count()
    receipts, order = [], []
    for i, user in enumerate(voters):
        receipts.append(actions.cast_ballot(election, {contest.pk: mark(ids, i)}, by=user))
        order.append(Ballot.objects.get(receipt=receipts[-1]).pk)

    # The ballot's own fields: no person, no user, no time.
    for field in Ballot._meta.get_fields():
        assert not isinstance(field, models.DateField | models.TimeField), field.name
        if field.is_relation:
            assert field.related_model.__name__ == "Election", field.name
    # Turnout says who voted and nothing about what.
    assert {f.name for f in Turnout._meta.get_fields()} == {"id", "election", "person",
                                                            "channel"}
    # Ids are random: they do not follow the order of voting.
    assert sorted(order) != order or len(set(order)) == 1
    # Casting a vote writes nothing to the audit log (which has times and actors).
    assert AuditEntry.objects.count() == audit_before
    stored = json.dumps(list(Ballot.objects.values()), default=str)
    for user in voters:
        assert f'"{user.person_id}"' not in stored and user.email not in stored

    close(election)
    actions.tally_election(election, by=committee[0])
    # After the count the rows sit in the order of their random ids and the turnout in the
    # order of persons: neither says who voted when.
    assert physical_order(Ballot, election) == sorted(order)
    assert physical_order(Turnout, election) == sorted(u.person_id for u in voters)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute('SELECT COUNT(DISTINCT xmin::text) FROM "democracy_ballot" '
                           "WHERE election_id = %s", [election.pk])
            assert cursor.fetchone()[0] == 1
    entries = json.dumps(list(AuditEntry.objects.values("object_id", "changes")), default=str)
    assert not any(str(pk) in entries for pk in order)
    assert not any(r in entries for r in receipts)
    # The count is the same as before the mix.
    assert sorted(Ballot.objects.values_list("receipt", flat=True)) == sorted(receipts)

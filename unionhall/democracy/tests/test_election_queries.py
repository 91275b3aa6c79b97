"""Election pages run the same number of queries however many voters, ballots and
candidates there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, make_user
from unionhall.democracy import actions
from unionhall.democracy.tests.conftest import candidates, close, make_election

pytestmark = pytest.mark.django_db


def queries(client, path, status=200):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == status, path
    return len(ctx.captured_queries)


def build(world, committee, voters, names):
    users = [make_user(f"q{voters}-{i}@example.org", mfa=False,
                       person=PersonFactory(local=world.local, worksite=world.site_a))
             for i in range(voters)]
    election = make_election(world.local, title=f"E{voters}", paper=True, contests=[
        ("Board", "scottish-stv", 2, names), ("Dues", "yes-no", 1, ())])
    board, ids = candidates(election, "Board")
    dues = election.contests.get(title="Dues")
    for i, user in enumerate(users):
        actions.cast_ballot(election, {board.pk: {pk: r for r, pk in
                                                  enumerate(list(ids.values())[i % 2:], 1)},
                                       dues.pk: "yes"}, by=user)
    close(election)
    actions.tally_election(election, by=committee[0])
    actions.certify_election(election, by=committee[0])
    actions.certify_election(election, by=committee[1])
    return election


def pages(election):
    base = f"/l/{election.local.slug}/elections/"
    return {
        "list": (base, "member"),
        "detail": (f"{base}{election.pk}/", "member"),
        "results": (f"{base}{election.pk}/results/", "member"),
        "receipts": (f"{base}{election.pk}/receipts/", "member"),
        "roll": (f"{base}{election.pk}/roll/?q=Last", "committee"),
        "manage": (f"{base}{election.pk}/manage/", "committee"),
        "paper": (f"{base}{election.pk}/paper/?q=Last", "committee"),
    }


def test_queries_do_not_grow(world, committee):
    small = build(world, committee, 2, ("Ana", "Ben", "Cy"))
    large = build(world, committee, 25, ("Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"))
    clients = {"member": Client(), "committee": Client()}
    clients["member"].force_login(world.users["member"])
    clients["committee"].force_login(committee[0])
    for name, (path, who) in pages(small).items():
        large_path, _ = pages(large)[name]
        assert queries(clients[who], path) == queries(clients[who], large_path), name

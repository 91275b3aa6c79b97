"""The election pages as members and the committee use them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.democracy import actions
from unionhall.democracy.blt import parse_blt
from unionhall.democracy.counting import scottish_stv
from unionhall.democracy.models import Ballot, Election, Turnout
from unionhall.democracy.tests.conftest import candidates, close, make_election

pytestmark = pytest.mark.django_db


def url(name, election, **extra):
    return reverse(name, kwargs={"local_slug": election.local.slug, "pk": election.pk, **extra})


def ranks(contest, ids, *names):
    return {f"c{contest.pk}_{ids[n]}": str(r) for r, n in enumerate(names, 1)}


def test_vote_review_cast_receipt_then_already_voted(world, as_user):
    election = make_election(world.local)
    contest, ids = candidates(election)
    client = as_user("member")
    page = client.get(url("election_vote", election))
    assert page.status_code == 200
    assert f'name="c{contest.pk}_{ids["Ana"]}"' in page.content.decode()
    review = client.post(url("election_vote", election),
                         {"step": "review", **ranks(contest, ids, "Cy", "Ana")})
    assert review.status_code == 200
    html = review.content.decode()
    assert html.index("Cy") < html.index("Ana") and "Cast my ballot" in html
    assert not Ballot.objects.exists()  # reviewing stores nothing
    cast = client.post(url("election_vote", election),
                       {"step": "cast", **ranks(contest, ids, "Cy", "Ana")})
    assert cast.status_code == 200
    code = re.search(r'data-receipt="([0-9A-F-]+)"', cast.content.decode()).group(1)
    assert Ballot.objects.get().receipt.upper().startswith(code.replace("-", ""))
    # The receipt is shown once: not in the session, not on any later page.
    from django.contrib.sessions.models import Session
    assert all(code not in str(s.get_decoded()) for s in Session.objects.all())
    again = client.post(url("election_vote", election),
                        {"step": "cast", **ranks(contest, ids, "Ana")})
    assert again.status_code == 409
    assert "You have already voted in this election." in again.content.decode()
    assert client.get(url("election_vote", election)).status_code == 409
    assert Ballot.objects.count() == 1
    detail = client.get(url("election_detail", election)).content.decode()
    assert "You have voted" in detail and code not in detail


def test_a_ballot_with_a_mistake_comes_back_with_the_choices_kept(world, as_user):
    election = make_election(world.local)
    contest, ids = candidates(election)
    client = as_user("member")
    response = client.post(url("election_vote", election), {
        "step": "review", f"c{contest.pk}_{ids['Ana']}": "1",
        f"c{contest.pk}_{ids['Ben']}": "3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rank 2 is missing" in html
    assert '<option value="3" selected>' in html
    assert not Turnout.objects.exists()


def test_not_on_the_roll_is_told_why(world, as_user):
    membership = world.people_a[0].membership
    membership.status = "lapsed"
    membership.save()
    election = make_election(world.local)
    response = as_user("member").get(url("election_vote", election))
    assert response.status_code == 403
    assert "Not a member in good standing" in response.content.decode()


def test_receipts_are_public_after_the_close_and_results_after_certification(
        world, as_user, committee):
    election = make_election(world.local)
    contest, ids = candidates(election)
    receipt = actions.cast_ballot(election, {contest.pk: {ids["Ben"]: 1}},
                                  by=world.users["member"])
    code = actions.voting.ballot_rules.receipt_code(receipt)
    anonymous = as_user(None)
    assert code not in anonymous.get(url("election_receipts", election)).content.decode()
    close(election)
    page = anonymous.get(url("election_receipts", election), {"code": code.lower()})
    assert page.status_code == 200
    assert code in page.content.decode() and "Found: your ballot is in the count" in \
        page.content.decode()
    member = as_user("member")
    assert member.get(url("election_results", election)).status_code == 302
    committee_client = Client()
    committee_client.force_login(committee[0])
    assert committee_client.post(url("election_tally", election)).status_code == 302
    # Counted but not certified: the committee sees it, members do not.
    assert "Not yet official" in committee_client.get(url("election_results",
                                                          election)).content.decode()
    assert as_user("member").get(url("election_results", election)).status_code == 302
    committee_client.post(url("election_certify", election))
    committee_client.force_login(committee[1])
    committee_client.post(url("election_certify", election))
    results = as_user("member").get(url("election_results", election))
    assert results.status_code == 200
    assert "Certified" in results.content.decode() and "Ben" in results.content.decode()


def test_blt_download_recounts_to_the_same_result(world, as_user, committee):
    election = make_election(world.local, contests=[("Board", "scottish-stv", 2,
                                                     ("Ana", "Ben", "Cy", "Dee"))])
    contest, ids = candidates(election)
    votes = {"member": ("Ana", "Ben"), "rep": ("Ana", "Cy"), "officer": ("Dee",)}
    for persona, ranking in votes.items():
        actions.cast_ballot(election, {contest.pk: {ids[n]: r for r, n in
                                                    enumerate(ranking, 1)}},
                            by=world.users[persona])
    close(election)
    election = actions.tally_election(election, by=committee[0])
    client = as_user(None)
    client.force_login(committee[0])
    text = client.get(url("contest_blt", election, contest_pk=contest.pk)).content.decode()
    parsed = parse_blt(text)
    recount = scottish_stv(parsed.ballots, parsed.candidates, parsed.seats)
    names = [parsed.names[i - 1] for i in recount.elected]
    stored = election.results["contests"][str(contest.pk)]["elected"]
    assert names == [contest.candidates.get(pk=pk).name for pk in stored]
    # Members get the file only once the results are published.
    assert as_user("member").get(url("contest_blt", election,
                                      contest_pk=contest.pk)).status_code == 403


def test_the_committee_sets_up_an_election_on_the_pages(world, as_user):
    client = as_user("admin")
    response = client.post(reverse("election_new", args=["lakeview"]), {
        "title": "Officers 2027", "kind": "officers", "opens_at": "2030-03-02T07:00",
        "closes_at": "2030-03-09T19:00", "description": "<b>Vote!</b>"})
    election = Election.objects.get(title="Officers 2027")
    assert response.status_code == 302
    # Entered in the local's time zone (America/Chicago, UTC−6 in March).
    assert election.opens_at.isoformat() == "2030-03-02T13:00:00+00:00"
    manage = url("election_manage", election)
    client.post(manage, {"form": "contest", "contest-title": "President",
                         "contest-method": "irv", "contest-seats": "1",
                         "contest-threshold": "majority"})
    contest = election.contests.get()
    response = client.post(manage, {"form": "candidate", "candidate-contest": contest.pk,
                                    "candidate-employee_id": world.people_a[1].employee_id})
    assert contest.candidates.get().person == world.people_a[1]
    response = client.post(manage, {"form": "candidate", "candidate-contest": contest.pk,
                                    "candidate-employee_id": "NOPE"}, follow=True)
    assert "No one in the local has employee ID NOPE" in response.content.decode()
    client.post(manage, {"form": "publish"})
    election.refresh_from_db()
    assert election.status == "published"
    page = as_user("member").get(url("election_detail", election)).content.decode()
    assert "&lt;b&gt;Vote!&lt;/b&gt;" in page and world.people_a[1].display_name in page


def test_members_nominate_on_the_page(world, as_user):
    election = make_election(world.local, nominations=True, opened=False,
                             contests=[("Secretary", "plurality", 1, ())])
    contest = election.contests.get()
    client = as_user("member")
    response = client.post(url("election_nominate", election), {
        "contest": contest.pk, "who": "coworker", "first_name": "Nobody",
        "last_name": "Known"}, follow=True)
    assert "could not find exactly one member" in response.content.decode()
    rep = world.people_a[1]
    response = client.post(url("election_nominate", election), {
        "contest": contest.pk, "who": "coworker", "first_name": rep.legal_first_name,
        "last_name": rep.legal_last_name}, follow=True)
    assert "we have asked them to accept" in response.content.decode()
    nomination = contest.nominations.get()
    rep_client = as_user("rep")
    assert rep_client.get(reverse("nomination_answer", args=["lakeview", nomination.pk])
                          ).status_code == 200
    assert as_user("member").get(reverse("nomination_answer", args=["lakeview",
                                                                     nomination.pk])
                                 ).status_code == 404
    rep_client = as_user("rep")
    rep_client.post(reverse("nomination_answer", args=["lakeview", nomination.pk]),
                    {"answer": "accept", "statement": "I will listen."})
    assert contest.candidates.get().statement == "I will listen."
    # Self-nomination goes straight to the answer page.
    response = as_user("member").post(url("election_nominate", election),
                                      {"contest": contest.pk, "who": "me"})
    assert response.status_code == 302 and "/nominations/" in response["Location"]


def test_roll_lookup_and_paper_ballots_on_the_pages(world, as_user, committee):
    election = make_election(world.local, paper=True,
                             contests=[("Question", "yes-no", 1, ())])
    contest = election.contests.get()
    client = as_user(None)
    client.force_login(committee[0])
    roll = client.get(url("election_roll", election), {"q": world.people_a[2].legal_last_name})
    assert "Member in good standing since 2020-09-01" in roll.content.decode()
    paper = url("election_paper", election)
    client.post(paper, {"form": "envelope", "person": world.people_a[2].pk})
    response = client.post(paper, {"form": "ballot", f"c{contest.pk}": "maybe"})
    assert "Choose yes, no or abstain" in response.content.decode()
    client.post(paper, {"form": "ballot", f"c{contest.pk}": "yes"})
    response = client.post(paper, {"form": "ballot", f"c{contest.pk}": "no"}, follow=True)
    assert "Check in the envelope first" in response.content.decode()
    assert Ballot.objects.filter(paper=True).count() == 1
    assert client.get(url("election_print", election)).status_code == 200


def test_rules_page(world, as_user):
    client = as_user("admin")
    response = client.post(reverse("democracy_settings", args=["lakeview"]), {
        "cutoff_days": "45", "candidate_months": "6", "quorum_kind": "share",
        "quorum_number": "25", "quorum_percent": "5"})
    assert response.status_code == 302
    assert world.local.democracy_rules.quorum_kind == "share"
    response = client.post(reverse("democracy_settings", args=["lakeview"]), {
        "cutoff_days": "45", "candidate_months": "6", "quorum_kind": "share",
        "quorum_number": "25", "quorum_percent": "150"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_the_committee_reaches_its_pages_and_officers_do_not(world, committee):
    election = make_election(world.local, paper=True)
    client = Client()
    client.force_login(committee[0])
    for name in ("election_manage", "election_roll", "election_paper", "election_print",
                 "election_detail", "election_edit"):
        assert client.get(url(name, election)).status_code == 200, name
    officer = Client()
    officer.force_login(world.users["officer"])
    for name in ("election_manage", "election_roll", "election_paper", "election_print"):
        assert officer.get(url(name, election)).status_code == 403, name
    close(election)
    assert client.post(url("election_tally", election)).status_code == 302
    assert client.post(url("election_certify", election)).status_code == 302
    assert election.certifications.count() == 1


def test_a_committee_member_without_two_factor_is_sent_to_set_it_up(world):
    from tests.factories import make_user

    user = make_user("newcommittee@example.org", mfa=False,
                     roles=[(world.local, "election_committee")])
    client = Client()
    client.force_login(user)
    response = client.get(url("election_roll", make_election(world.local)))
    assert response.status_code == 302 and "two-factor" in response["Location"]


def test_a_candidate_edits_their_statement_until_voting_opens(world, as_user):
    from unionhall.democracy.models import Candidate

    election = make_election(world.local, opened=False)
    contest = election.contests.get()
    mine = Candidate.objects.create(contest=contest, person=world.people_a[0], name="Me")
    client = as_user("member")
    assert "Edit your candidate statement" in client.get(url("election_detail",
                                                             election)).content.decode()
    statement = reverse("candidate_statement", args=["lakeview", election.pk, mine.pk])
    client.post(statement, {"statement": "Twenty years on the buses."})
    mine.refresh_from_db()
    assert mine.statement == "Twenty years on the buses."
    other = contest.candidates.exclude(pk=mine.pk).first()
    assert client.get(reverse("candidate_statement", args=["lakeview", election.pk,
                                                           other.pk])).status_code == 404

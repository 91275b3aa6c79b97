"""Access-matrix rows for the election pages (merged into tests/test_access_matrix.MATRIX).

The election is open for voting; members with a Person on the roll (member, rep, officer) get
the ballot; the local admin runs elections; certifying needs the election committee itself,
which has its own test in unionhall/democracy/tests/test_election_pages.py."""

LOGIN = "login"


def _election(w, **extra):
    from unionhall.democracy.tests.conftest import make_election

    return make_election(w.local, paper=True, **extra)


def _kw(w, **extra):
    return {"local_slug": "lakeview", "pk": _election(w).pk, **extra}


def _blt(w):
    election = _election(w)
    return {"local_slug": "lakeview", "pk": election.pk,
            "contest_pk": election.contests.get().pk}


def _nomination(w):
    from unionhall.democracy.models import Nomination

    contest = _election(w).contests.get()
    nomination = Nomination.objects.create(contest=contest, nominee=w.people_a[0],
                                           nominated_by=w.people_b[0])
    return {"local_slug": "lakeview", "pk": nomination.pk}


def _candidacy(w):
    from unionhall.democracy.models import Candidate

    election = _election(w, opened=False)
    contest = election.contests.get()
    candidate = Candidate.objects.create(contest=contest, person=w.people_a[0], name="Member")
    return {"local_slug": "lakeview", "pk": election.pk, "candidate_pk": candidate.pk}


def _only(persona_status, default=403):
    row = {"anonymous": LOGIN, "member": default, "rep": default, "steward": default,
           "officer": default, "admin": default, "state": default, "outsider": 403}
    row.update(persona_status)
    return row


BELONGS = {"member": 200, "rep": 200, "steward": 200, "officer": 200, "admin": 200,
           "state": 200}
COMMITTEE = {"admin": 200}

ELECTION_MATRIX = {
    "election_list": ("get", lambda w: {"local_slug": "lakeview"}, _only(BELONGS)),
    "election_new": ("get", lambda w: {"local_slug": "lakeview"}, _only(COMMITTEE)),
    "democracy_settings": ("get", lambda w: {"local_slug": "lakeview"}, _only(COMMITTEE)),
    "election_detail": ("get", _kw, _only(BELONGS)),
    "election_edit": ("get", _kw, _only(COMMITTEE)),
    "election_manage": ("get", _kw, _only(COMMITTEE)),
    "election_nominate": ("post", _kw, _only(dict.fromkeys(BELONGS, 302))),
    # On the roll: the members. Staff without a Person in the local are told they are not.
    "election_vote": ("get", _kw, _only({"member": 200, "rep": 200, "officer": 200})),
    "election_roll": ("get", _kw, _only(COMMITTEE)),
    "election_paper": ("get", _kw, _only(COMMITTEE)),
    "election_print": ("get", _kw, _only(COMMITTEE)),
    "election_tally": ("post", _kw, _only({"admin": 302})),  # not closed: told so
    "election_certify": ("post", _kw, _only({})),  # the admin is not on the committee
    "election_results": ("get", _kw, _only(dict.fromkeys(BELONGS, 302))),  # not counted
    "election_receipts": ("get", _kw, {"anonymous": 200, "member": 200, "rep": 200,
                                       "steward": 200, "officer": 200, "admin": 200,
                                       "state": 200, "outsider": 200}),
    "contest_blt": ("get", _blt, _only({})),  # nothing counted yet
    "candidate_statement": ("get", _candidacy, _only({"member": 200}, default=404)),
    "nomination_answer": ("get", _nomination, _only({"member": 200}, default=404)),
}

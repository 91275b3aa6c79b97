"""Access-matrix rows (see test_access_matrix.py) for the grievances pages, in the format of
MATRIX there: url name -> (method, kwargs builder, {persona: expected}); expected is a status
or LOGIN.

The case is confidential: its grievant (here world.people_b[1], who has no account), its
stewards (the steward persona), the grievance chair and the officers see it. Everyone else
with standing in the local gets 404 on a case URL, as for a number that does not exist, so a
number reveals nothing; the outsider is stopped at the local's door (403), whatever the
number. POSTs carry no data: who may act is sent back to the case with the mistake in a
message (302); a steward on the case who may not reopen it or choose its stewards, 403."""

import datetime as dt

from tests.matrix_common import who as _who

PROCEDURE = [
    {"name": "Step 1 supervisor", "days": 10, "kind": "working", "starts_from": "knowledge"},
    {"name": "Step 2 human resources", "days": 10, "kind": "working", "starts_from": "answer"},
]




def _local(w):
    return {"local_slug": "lakeview"}


def _open_case(w):
    from unionhall.grievances import actions

    actions.set_procedure(w.local, PROCEDURE, by=None)
    return actions.open_grievance(
        w.local, by=None, grievants=[w.people_b[1]], stewards=[w.users["steward"]],
        grievant_kind="person", title="Sent home without pay",
        what_happened="Sent home at 10:00 without a reason.", remedy_sought="Back pay.",
        incident_on=w.local.today() - dt.timedelta(days=3), articles=["12.3"])


def _case(w):
    return {"local_slug": "lakeview", "number": _open_case(w).number}


def _closed_case(w):
    from unionhall.grievances import actions

    case = _open_case(w)
    actions.close_grievance(case, outcome="withdrawn", closed_on=w.local.today(), by=None)
    return {"local_slug": "lakeview", "number": case.number}


def _step(w):
    return {**_case(w), "position": 1}


def _document(w):
    from unionhall.grievances import actions

    case = _open_case(w)
    document = actions.add_document(case, name="answer.pdf", data=b"%PDF-1.4\n%%EOF\n",
                                    by=None)
    return {"local_slug": "lakeview", "number": case.number, "pk": document.pk}


# Everyone with standing in the local has the list (each sees only their own cases in it).
EVERYONE = _who(member=200, rep=200, steward=200, officer=200, admin=200, state=200)
# HANDLE_GRIEVANCES: stewards (at their worksites), the chair, officers. Not the local admin.
HANDLE_GET = _who(steward=200, officer=200)
# A case: its steward and the officers; anyone else in the local does not find it.
CASE_GET = _who(member=404, rep=404, steward=200, officer=200, admin=404, state=404)
CASE_POST = _who(member=404, rep=404, steward=302, officer=302, admin=404, state=404)
# Only the chair and the officers reopen a case and choose its stewards.
CHAIR_POST = _who(member=404, rep=404, steward=403, officer=302, admin=404, state=404)

GRIEVANCE_MATRIX = {
    "grievance_list": ("get", _local, EVERYONE),
    "grievance_new": ("get", _local, HANDLE_GET),
    "grievance_feed": ("get", _local, HANDLE_GET),
    "grievance_detail": ("get", _case, CASE_GET),
    "grievance_edit": ("get", _case, CASE_GET),
    "grievance_print": ("get", _case, CASE_GET),
    "grievance_stewards": ("post", _case, CHAIR_POST),
    "grievance_step_file": ("post", _step, CASE_POST),
    "grievance_step_answer": ("post", _step, CASE_POST),
    "grievance_extend": ("post", _step, CASE_POST),
    "grievance_note": ("post", _case, CASE_POST),
    "grievance_document_add": ("post", _case, CASE_POST),
    "grievance_document": ("get", _document, CASE_GET),
    "grievance_close": ("post", _case, CASE_POST),
    "grievance_reopen": ("post", _closed_case, CHAIR_POST),
    # Read by calendar apps that do not sign in: the token is the key, whoever asks.
    "grievance_feed_ics": ("get", lambda w: {"token": "no-such-token"},
                           dict.fromkeys(["anonymous", "member", "rep", "steward", "officer",
                                          "admin", "state", "outsider"], 404)),
}

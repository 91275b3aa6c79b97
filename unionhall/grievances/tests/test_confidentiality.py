"""A grievance case is confidential: its grievant, its stewards, the grievance chair and the
officers see it; nobody else does, and to them a case number answers "not found" exactly like
a number that does not exist. The grievant sees the events and what is shared with them, not
the stewards' own notes and files. Every role of the local is checked on every page."""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from unionhall.core.models import AuditEntry
from unionhall.grievances import actions
from unionhall.grievances.models import (
    CaseStep,
    Document,
    Extension,
    Grievance,
    TimelineEntry,
)
from unionhall.members.models import Person

pytestmark = pytest.mark.django_db

PROCEDURE = [
    {"name": "Step 1 supervisor", "days": 10, "kind": "calendar", "starts_from": "incident"},
    {"name": "Step 2 human resources", "days": 10, "kind": "working", "starts_from": "answer"},
]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GRIEVANT_FIRST, GRIEVANT_LAST = "Zenobia", "Quartermaine"
TITLE = "Denied overtime at the loading dock"
WHAT_HAPPENED = "The supervisor gave the overtime to a temp worker."
SHARED_NOTE = "Hearing set for Tuesday; bring your pay stubs."
SECRET_NOTE = "Steward only: the supervisor admitted it off the record."
SHARED_FILE = "letter-to-grievant.pdf"
SECRET_FILE = "witness-statement-confidential.pdf"

# How each role stands to the case.
GRIEVANT, HANDLER, STRANGER, OUTSIDER, ANONYMOUS = ("grievant", "handler", "stranger",
                                                     "outsider", "anonymous")
ROLES = {
    "grievant": GRIEVANT,  # the member persona, world.people_a[0]
    "assigned_steward": HANDLER,  # steward of the grievant's worksite, on the case
    "steward_same_site": STRANGER,  # steward of the same worksite, not on the case
    "steward_other_site": STRANGER,  # the steward persona (site_b), not on the case
    "rep": STRANGER,
    "chair": HANDLER,
    "officer": HANDLER,
    "admin": STRANGER,  # the local admin runs the local, not its cases
    "state": STRANGER,  # state staff read the audit log, not the cases
    "elections": STRANGER,
    "other_member": STRANGER,  # a member of the same worksite who is not the grievant
    "outsider": OUTSIDER,  # an officer of another local
    "anonymous": ANONYMOUS,
}
SEES = {GRIEVANT, HANDLER}


@dataclass
class Cast:
    world: object
    case: Grievance
    users: dict
    shared_doc: Document
    secret_doc: Document

    def client(self, role):
        client = Client()
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client

    def url(self, name, **kwargs):
        return reverse(name, kwargs={"local_slug": "lakeview", "number": self.case.number,
                                     **kwargs})


def open_case(local, grievants, stewards, *, days_ago=12, title=TITLE, **extra):
    today = local.today()
    return actions.open_grievance(
        local, by=None, grievants=grievants, stewards=stewards, grievant_kind="person",
        title=title, what_happened=WHAT_HAPPENED, remedy_sought="Pay for the hours.",
        incident_on=today - dt.timedelta(days=days_ago), articles=["12.3"], **extra)


@pytest.fixture
def cast(world):
    Person.objects.filter(pk=world.people_a[0].pk).update(legal_first_name=GRIEVANT_FIRST,
                                                          legal_last_name=GRIEVANT_LAST)
    local = world.local
    actions.set_procedure(local, PROCEDURE, by=None)
    users = {
        "grievant": world.users["member"],
        "assigned_steward": make_user("steward-a@example.org",
                                      roles=[(local, "steward", [world.site_a])]),
        "steward_same_site": make_user("steward-a2@example.org",
                                       roles=[(local, "steward", [world.site_a])]),
        "steward_other_site": world.users["steward"],
        "rep": world.users["rep"],
        "chair": make_user("chair@example.org", roles=[(local, "grievance_chair")]),
        "officer": world.users["officer"],
        "admin": world.users["admin"],
        "state": world.users["state"],
        "elections": make_user("elections@example.org",
                               roles=[(local, "election_committee")]),
        "other_member": make_user("member2@example.org", person=world.people_a[2], mfa=False),
        "outsider": world.users["outsider"],
        "anonymous": None,
    }
    grievant = Person.objects.get(pk=world.people_a[0].pk)
    # Step 1 was due 10 days after the incident, 12 days ago: overdue on everyone's home page.
    case = open_case(local, [grievant], [users["assigned_steward"]])
    actions.add_note(case, SHARED_NOTE, shared=True, by=None)
    actions.add_note(case, SECRET_NOTE, by=None)
    shared_doc = actions.add_document(case, name=SHARED_FILE, data=PDF + b"%shared",
                                      shared=True, by=None)
    secret_doc = actions.add_document(case, name=SECRET_FILE, data=PDF + b"%secret", by=None)
    return Cast(world, case, users, shared_doc, secret_doc)


def assert_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def assert_refused(role, response, *, can_see_case=False):
    """What someone who may not do a thing gets: sign in, 403 (the outsider is stopped at the
    local's door, whatever the number; the grievant, who sees the case, is refused the
    change), or 404 for whoever cannot see the case at all."""
    standing = ROLES[role]
    if standing == ANONYMOUS:
        assert_login(response)
    elif standing == OUTSIDER or can_see_case:
        assert response.status_code == 403, (role, response.status_code)
    else:
        assert response.status_code == 404, (role, response.status_code)


def page(response) -> str:
    return response.content.decode()


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["grievance_detail", "grievance_print"])
def test_case_pages(cast, role, name):
    response = cast.client(role).get(cast.url(name))
    standing = ROLES[role]
    if standing not in SEES:
        assert_refused(role, response)
        if standing != ANONYMOUS:
            text = page(response)
            for secret in (TITLE, GRIEVANT_LAST, SHARED_NOTE, SECRET_NOTE, WHAT_HAPPENED):
                assert secret not in text
        return
    assert response.status_code == 200
    text = page(response)
    assert TITLE in text and WHAT_HAPPENED in text and GRIEVANT_LAST in text
    assert "Case opened." in text  # events are the grievant's too
    assert SHARED_NOTE in text and SHARED_FILE in text
    if standing == HANDLER:
        assert SECRET_NOTE in text and SECRET_FILE in text
    else:
        assert SECRET_NOTE not in text
        # Not even by name, in the list of files or in the timeline's "File added" event.
        assert SECRET_FILE not in text


@pytest.mark.parametrize("role", ROLES)
def test_list_page(cast, role):
    response = cast.client(role).get(reverse("grievance_list", args=["lakeview"]))
    standing = ROLES[role]
    if standing == ANONYMOUS:
        assert_login(response)
        return
    if standing == OUTSIDER:
        assert response.status_code == 403
        return
    assert response.status_code == 200  # everyone in the local has the page...
    text = page(response)
    # ...and only who sees the case finds it there.
    assert (cast.case.number in text) == (standing in SEES), role
    assert (TITLE in text) == (standing in SEES), role


@pytest.mark.parametrize("role", ROLES)
def test_list_search_finds_nothing_for_strangers(cast, role):
    if ROLES[role] in (ANONYMOUS, OUTSIDER):
        return
    url = reverse("grievance_list", args=["lakeview"])
    text = page(cast.client(role).get(url, {"q": cast.case.number}))
    assert (TITLE in text) == (ROLES[role] in SEES)


@pytest.mark.parametrize("role", ROLES)
def test_documents(cast, role):
    client = cast.client(role)
    shared = client.get(cast.url("grievance_document", pk=cast.shared_doc.pk))
    secret = client.get(cast.url("grievance_document", pk=cast.secret_doc.pk))
    standing = ROLES[role]
    if standing == HANDLER:
        assert shared.status_code == secret.status_code == 200
        assert b"".join(secret.streaming_content) == PDF + b"%secret"
    elif standing == GRIEVANT:
        assert shared.status_code == 200
        assert b"".join(shared.streaming_content) == PDF + b"%shared"
        assert secret.status_code == 404  # as if it did not exist
    else:
        assert_refused(role, shared)
        assert_refused(role, secret)


@pytest.mark.parametrize("role", ROLES)
def test_home_page(cast, role):
    response = cast.client(role).get(reverse("home"))
    if ROLES[role] == ANONYMOUS:
        assert_login(response)
        return
    assert response.status_code == 200
    text = page(response)
    # The grievant under "Your grievances"; the stewards on it, the chair and the officers
    # under its overdue deadline; nobody else.
    assert (cast.case.number in text) == (ROLES[role] in SEES), role
    assert (TITLE in text) == (ROLES[role] in SEES), role
    assert GRIEVANT_LAST not in text or role == "grievant"


def test_a_number_reveals_nothing(cast):
    """To whoever cannot see the case, its number and a number no case has answer alike."""
    missing = {"local_slug": "lakeview", "number": "2026-999"}
    for role, standing in ROLES.items():
        if standing in SEES:
            continue
        client = cast.client(role)
        for name in ("grievance_detail", "grievance_print", "grievance_edit"):
            real = client.get(cast.url(name))
            fake = client.get(reverse(name, kwargs=missing))
            assert real.status_code == fake.status_code, (role, name)
        for name in ("grievance_note", "grievance_close", "grievance_reopen",
                     "grievance_stewards", "grievance_document_add"):
            real = client.post(cast.url(name))
            fake = client.post(reverse(name, kwargs=missing))
            assert real.status_code == fake.status_code, (role, name)
        real = client.get(cast.url("grievance_document", pk=cast.secret_doc.pk))
        fake = client.get(reverse("grievance_document", kwargs={**missing, "pk": 999999}))
        assert real.status_code == fake.status_code, role


def test_grievant_print_page_keeps_the_secrets(cast):
    text = page(cast.client("grievant").get(cast.url("grievance_print")))
    assert SHARED_NOTE in text and SHARED_FILE in text
    assert SECRET_NOTE not in text and SECRET_FILE not in text


def test_grievant_page_has_no_forms_to_change_it(cast):
    text = page(cast.client("grievant").get(cast.url("grievance_detail")))
    for name in ("grievance_note", "grievance_document_add", "grievance_close",
                 "grievance_edit", "grievance_stewards"):
        assert f'action="{cast.url(name)}"' not in text, name
    assert f'href="{cast.url("grievance_edit")}"' not in text


# --- Writing -------------------------------------------------------------------------------


def snapshot(case):
    case.refresh_from_db()
    files_root = Path(settings.GRIEVANCE_FILES_ROOT)
    return {
        "timeline": TimelineEntry.objects.filter(grievance=case).count(),
        "documents": Document.objects.filter(grievance=case).count(),
        "steps": list(CaseStep.objects.filter(grievance=case).values_list(
            "position", "filed_on", "answered_on")),
        "extensions": Extension.objects.filter(grievance=case).count(),
        "audit": AuditEntry.objects.count(),
        "case": (case.status, case.title, case.outcome, case.closed_on),
        "stewards": sorted(case.stewards.values_list("pk", flat=True)),
        "files": sorted(p for p in files_root.rglob("*") if p.is_file()),
    }


def _writes(cast):
    today = cast.case.local.today()
    return {
        # name: (url, data a handler would send)
        "grievance_note": (cast.url("grievance_note"),
                           {"n-text": "Written by an intruder", "n-shared": "on"}),
        "grievance_step_file": (cast.url("grievance_step_file", position=1),
                                {"f1-filed_on": today.isoformat()}),
        "grievance_step_answer": (cast.url("grievance_step_answer", position=1),
                                  {"a1-answered_on": today.isoformat(), "a1-answer": "No"}),
        "grievance_extend": (cast.url("grievance_extend", position=1),
                             {"x1-new_due": (today + dt.timedelta(days=9)).isoformat(),
                              "x1-agreed_on": today.isoformat(),
                              "x1-agreed_with": "HR director"}),
        "grievance_close": (cast.url("grievance_close"),
                            {"c-outcome": "withdrawn", "c-closed_on": today.isoformat()}),
        "grievance_reopen": (cast.url("grievance_reopen"), {}),
        "grievance_stewards": (cast.url("grievance_stewards"),
                               {"stewards": [cast.users["steward_other_site"].pk]}),
        "grievance_edit": (cast.url("grievance_edit"),
                           {"title": "Renamed by an intruder", "grievant_kind": "union",
                            "what_happened": "x", "remedy_sought": "y",
                            "incident_on": cast.case.incident_on.isoformat()}),
        "grievance_document_add": (cast.url("grievance_document_add"), {}),
    }


# Who may change what, among who sees the case: a handler does the case's work; only the
# chair and the officers reopen it and choose its stewards.
CHAIR_ONLY = {"grievance_reopen", "grievance_stewards"}


def _may(role, name):
    if ROLES[role] != HANDLER:
        return False
    return name not in CHAIR_ONLY or role in ("chair", "officer")


@pytest.mark.parametrize("role", [r for r in ROLES])
def test_writes_are_refused_and_write_nothing(cast, role):
    """Every write endpoint, with the data a handler would send: who may not gets 403 or 404
    and nothing at all is written (no timeline entry, file, step, extension, audit entry)."""
    for name, (url, data) in _writes(cast).items():
        if _may(role, name):
            continue
        before = snapshot(cast.case)
        response = cast.client(role).post(url, data)
        assert_refused(role, response, can_see_case=ROLES[role] in SEES)
        assert snapshot(cast.case) == before, (role, name)


@pytest.mark.parametrize("role", [r for r, s in ROLES.items() if s == HANDLER])
def test_handlers_add_a_note(cast, role):
    before = TimelineEntry.objects.filter(kind="note").count()
    response = cast.client(role).post(cast.url("grievance_note"),
                                      {"n-text": f"Note by the {role}"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Note added." in page(response)
    assert TimelineEntry.objects.filter(kind="note").count() == before + 1
    note = TimelineEntry.objects.filter(kind="note").latest("id")
    assert note.text == f"Note by the {role}" and note.author == cast.users[role]
    assert not note.shared
    # The grievant does not see a note that was not shared with them.
    assert note.text not in page(cast.client("grievant").get(cast.url("grievance_detail")))


@pytest.mark.parametrize("role", [r for r in ROLES])
def test_empty_posts(cast, role):
    """A POST without data is refused the same way; a handler is sent back to the case with
    the mistake in a message (302), or gets the edit form again (200), and nothing is
    written."""
    for name, (url, _data) in _writes(cast).items():
        before = snapshot(cast.case)
        response = cast.client(role).post(url)
        if _may(role, name):
            if name == "grievance_edit":
                assert response.status_code == 200  # an empty POST is an unbound form
            else:
                assert response.status_code == 302, (role, name)
                assert response["Location"].startswith(cast.url("grievance_detail"))
        else:
            assert_refused(role, response, can_see_case=ROLES[role] in SEES)
        if name != "grievance_reopen":  # reopening an open case changes nothing anyway
            assert snapshot(cast.case) == before, (role, name)


def test_chair_reopens_and_assigns(cast):
    chair = cast.client("chair")
    today = cast.case.local.today()
    response = chair.post(cast.url("grievance_close"),
                          {"c-outcome": "withdrawn", "c-closed_on": today.isoformat()})
    assert response.status_code == 302
    cast.case.refresh_from_db()
    assert cast.case.status == "closed"
    assert cast.client("assigned_steward").post(cast.url("grievance_reopen")).status_code == 403
    assert chair.post(cast.url("grievance_reopen")).status_code == 302
    cast.case.refresh_from_db()
    assert cast.case.status == "open"
    other = cast.users["steward_other_site"]
    response = chair.post(cast.url("grievance_stewards"), {"stewards": [other.pk]})
    assert response.status_code == 302
    # The steward taken off the case no longer sees it; the new one does.
    assert cast.client("assigned_steward").get(cast.url("grievance_detail")).status_code == 404
    assert cast.client("steward_other_site").get(cast.url("grievance_detail")).status_code == 200


def test_steward_who_loses_the_role_loses_the_case(cast):
    from unionhall.core.models import RoleAssignment

    client = cast.client("assigned_steward")
    assert client.get(cast.url("grievance_detail")).status_code == 200
    RoleAssignment.objects.filter(user=cast.users["assigned_steward"]).delete()
    # Still listed among the case's stewards, but no longer a steward of the local.
    assert client.get(cast.url("grievance_detail")).status_code == 403  # no standing at all
    assert client.post(cast.url("grievance_note"), {"n-text": "late"}).status_code == 403
    assert not TimelineEntry.objects.filter(text="late").exists()


def test_handler_without_two_factor_is_sent_to_set_it_up(cast):
    """Who sees cases as a steward, the chair or an officer has a second factor first, as on
    every page with other people's personal data; the grievant reads their own case without."""
    local = cast.world.local
    steward = make_user("steward-nomfa@example.org", mfa=False,
                        roles=[(local, "steward", [cast.world.site_a])])
    actions.assign_stewards(cast.case, [cast.users["assigned_steward"], steward], by=None)
    client = Client()
    client.force_login(steward)
    mfa = reverse("mfa_required")
    for url in (cast.url("grievance_detail"), cast.url("grievance_print"),
                cast.url("grievance_document", pk=cast.secret_doc.pk),
                reverse("grievance_list", args=["lakeview"])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(mfa), url
    before = snapshot(cast.case)
    response = client.post(cast.url("grievance_note"), {"n-text": "no second factor"})
    assert response.status_code == 302 and response["Location"].startswith(mfa)
    assert snapshot(cast.case) == before
    # The grievant has no such role and reads the case as before.
    assert cast.client("grievant").get(cast.url("grievance_detail")).status_code == 200


# --- Other locals ---------------------------------------------------------------------------


def test_case_of_another_local(cast):
    world = cast.world
    other = world.other_local
    outsider = world.users["outsider"]
    open_case(other, [world.outsider_person], [outsider], title="Hilltop case one")
    hilltop = open_case(other, [world.outsider_person], [outsider], title="Hilltop case two")
    doc = actions.add_document(hilltop, name="hilltop.pdf", data=PDF + b"%hilltop",
                               shared=True, by=None)
    assert not Grievance.objects.filter(local=world.local, number=hilltop.number).exists()
    officer = cast.client("officer")
    # Lakeview's officer sees every Lakeview case, and no Hilltop one under Lakeview's name...
    here = {"local_slug": "lakeview", "number": hilltop.number}
    assert officer.get(reverse("grievance_detail", kwargs=here)).status_code == 404
    assert officer.get(reverse("grievance_print", kwargs=here)).status_code == 404
    assert officer.get(reverse("grievance_document",
                               kwargs={**here, "pk": doc.pk})).status_code == 404
    # ...nor a Hilltop file through a Lakeview case...
    assert officer.get(cast.url("grievance_document", pk=doc.pk)).status_code == 404
    # ...nor under Hilltop's own address.
    there = {"local_slug": "hilltop", "number": hilltop.number}
    assert officer.get(reverse("grievance_detail", kwargs=there)).status_code == 403
    assert "Hilltop case" not in page(officer.get(reverse("grievance_list",
                                                          args=["lakeview"])))
    # Hilltop's own officer does see it.
    hill = cast.client("outsider")
    assert hill.get(reverse("grievance_detail", kwargs=there)).status_code == 200


def test_document_of_another_case_is_not_found(cast):
    world = cast.world
    steward = cast.users["assigned_steward"]
    second = open_case(world.local, [world.people_a[1]], [steward], title="Second case")
    doc = actions.add_document(second, name="second.pdf", data=PDF + b"%second", shared=True,
                               by=None)
    # The grievant of the first case asks for the second case's file through their own case.
    assert cast.client("grievant").get(
        cast.url("grievance_document", pk=doc.pk)).status_code == 404
    assert cast.client("chair").get(cast.url("grievance_document", pk=doc.pk)).status_code \
        == 404


# --- The audit log --------------------------------------------------------------------------


def test_audit_entries_name_no_one(cast):
    """State staff read the audit log: a grievance write is logged by its case number, never
    with the grievant's name, the note, the file's name or the story."""
    case, users = cast.case, cast.users
    chair, steward = users["chair"], users["assigned_steward"]
    today = case.local.today()
    grievant = Person.objects.get(pk=cast.world.people_a[0].pk)
    AuditEntry.objects.all().delete()
    actions.add_note(case, SECRET_NOTE + " (again)", by=steward)
    actions.add_note(case, SHARED_NOTE + " (again)", shared=True, by=chair)
    actions.add_document(case, name=SECRET_FILE, data=PDF + b"%again", by=steward)
    actions.update_grievance(case, by=steward, title=TITLE + " (edited)",
                             what_happened=WHAT_HAPPENED + " Twice.")
    actions.extend_deadline(case, 1, new_due=today + dt.timedelta(days=5), agreed_on=today,
                            agreed_with="Dr. Hortensia Villanueva, HR", by=steward)
    actions.record_filing(case, 1, today, by=steward)
    actions.record_answer(case, 1, today, f"Denied: {GRIEVANT_FIRST} was late.", by=steward)
    actions.assign_stewards(case, [steward, users["steward_same_site"]], by=chair)
    actions.close_grievance(case, outcome="settled", closed_on=today,
                            remedy_obtained=f"{GRIEVANT_LAST} gets 8 hours of pay.", by=chair)
    actions.reopen_grievance(case, by=chair)
    second = actions.open_grievance(
        case.local, by=steward, grievants=[grievant], grievant_kind="person",
        title="Second", what_happened=WHAT_HAPPENED, remedy_sought="Pay",
        incident_on=today, articles=[])
    entries = list(AuditEntry.objects.filter(verb__startswith="grievance."))
    assert {e.verb for e in entries} >= {
        "grievance.note_added", "grievance.document_added", "grievance.updated",
        "grievance.extended", "grievance.step_filed", "grievance.answer_recorded",
        "grievance.stewards_assigned", "grievance.closed", "grievance.reopened",
        "grievance.opened"}
    secrets = [GRIEVANT_FIRST, GRIEVANT_LAST, grievant.employee_id, SECRET_NOTE, SHARED_NOTE,
               SECRET_FILE, WHAT_HAPPENED, TITLE, "Hortensia", "8 hours", "was late"]
    for entry in entries:
        text = json.dumps([entry.verb, entry.object_repr, entry.changes])
        for secret in secrets:
            assert secret not in text, (entry.verb, secret)
        assert entry.object_repr in (case.number, second.number)
    # And the audit log page as state staff shows it.
    state = cast.client("state")
    response = state.get(reverse("audit_log", args=["lakeview"]))
    assert response.status_code == 200
    text = page(response)
    assert case.number in text
    for secret in secrets:
        assert secret not in text, secret

"""Every URL, for every persona: who gets the page, who is refused, who is sent to sign in."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    make_application,
    make_duplicate,
    make_payroll_export,
    make_remittance_exception,
    make_roster_upload,
)
from tests.matrix_bargaining_contract import CONTRACT_MATRIX
from tests.matrix_bargaining_news import NEWS_MATRIX
from tests.matrix_bargaining_proposals import PROPOSAL_MATRIX
from tests.matrix_bargaining_search import SEARCH_MATRIX
from tests.matrix_bargaining_sessions import SESSION_MATRIX
from tests.matrix_bargaining_survey import SURVEY_MATRIX
from tests.matrix_comms import COMMS_MATRIX
from tests.matrix_elections import ELECTION_MATRIX
from tests.matrix_event_feeds import FEED_MATRIX
from tests.matrix_events import EVENT_MATRIX
from tests.matrix_grievance_reports import GRIEVANCE_REPORT_MATRIX
from tests.matrix_grievance_setup import GRIEVANCE_SETUP_MATRIX
from tests.matrix_grievances import GRIEVANCE_MATRIX
from tests.matrix_meetings import MEETING_MATRIX
from tests.matrix_mentoring_course import COURSE_MATRIX
from tests.matrix_mentoring_learning import LEARNING_MATRIX
from tests.matrix_mentoring_pairs import PAIRS_MATRIX
from tests.matrix_mentoring_program import PROGRAM_MATRIX

PERSONAS = ["anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider"]
LOGIN = "login"



def _manage(status):
    """Only the local admin (MANAGE_PEOPLE) gets the page; everyone else signed in is refused."""
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
            "admin": status, "state": 403, "outsider": 403}


# name -> (method, kwargs builder, {persona: expected}); expected is a status code or LOGIN.
MATRIX = {
    "home": ("get", lambda w: {}, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 200}),
    "person_list": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "person_export": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "person_detail": ("get", lambda w: {"local_slug": "lakeview", "pk": w.people_a[2].pk}, {
        "anonymous": LOGIN, "member": 404, "rep": 200, "steward": 404, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "person_invite": ("post", lambda w: {"local_slug": "lakeview", "pk": w.people_a[2].pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 302,
        "admin": 302, "state": 403, "outsider": 403}),
    "audit_log": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "mfa_required": ("get", lambda w: {}, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 200}),
    "healthz": ("get", lambda w: {}, dict.fromkeys(PERSONAS, 200)),
    "join": ("get", lambda w: {"local_slug": "lakeview"}, dict.fromkeys(PERSONAS, 200)),
    "join_done": ("get", lambda w: {"local_slug": "lakeview"}, dict.fromkeys(PERSONAS, 200)),
    "roster_upload": ("post", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 302, "state": 403, "outsider": 403}),
    "roster_upload_detail": ("get", lambda w: {"local_slug": "lakeview",
                                               "pk": make_roster_upload(w.local).pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 200, "state": 403, "outsider": 403}),
    "roster_upload_confirm": ("post", lambda w: {"local_slug": "lakeview",
                                                 "pk": make_roster_upload(w.local).pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 302, "state": 403, "outsider": 403}),
    "roster_review": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 200, "state": 403, "outsider": 403}),
    "job_class_family": ("post", lambda w: {"local_slug": "lakeview",
                                            "pk": w.people_a[0].job_class_id}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 302, "state": 403, "outsider": 403}),
    "duplicate_resolve": ("post", lambda w: {"local_slug": "lakeview",
                                             "pk": make_duplicate(w).pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 302, "state": 403, "outsider": 403}),
    "membership_settings": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 200, "state": 403, "outsider": 403}),
    "application_list": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "application_detail": ("get", lambda w: {"local_slug": "lakeview",
                                             "pk": make_application(w.local).pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "application_decide": ("post", lambda w: {"local_slug": "lakeview",
                                              "pk": make_application(w.local).pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 302,
        "admin": 302, "state": 403, "outsider": 403}),
    # Payroll and the membership lifecycle: only who manages people (the local admin).
    "payroll": ("get", lambda w: {"local_slug": "lakeview"}, _manage(200)),
    "payroll_export": ("post", lambda w: {"local_slug": "lakeview"}, _manage(200)),
    "payroll_export_detail": ("get", lambda w: {"local_slug": "lakeview",
                                                "pk": make_payroll_export(w.local).pk},
                              _manage(200)),
    "payroll_export_csv": ("get", lambda w: {"local_slug": "lakeview",
                                             "pk": make_payroll_export(w.local).pk},
                           _manage(200)),
    "payroll_layout": ("post", lambda w: {"local_slug": "lakeview"}, _manage(200)),
    "payroll_remittance_import": ("post", lambda w: {"local_slug": "lakeview"}, _manage(200)),
    "remittance_detail": ("get", lambda w: {"local_slug": "lakeview",
                                            "pk": make_remittance_exception(w.local)
                                            .remittance_id}, _manage(200)),
    "remittance_exception_resolve": ("post", lambda w: {
        "local_slug": "lakeview", "pk": make_remittance_exception(w.local).pk}, _manage(302)),
    "person_resign": ("post", lambda w: {"local_slug": "lakeview", "pk": w.people_a[2].pk},
                      _manage(302)),
    "person_lapse": ("post", lambda w: {"local_slug": "lakeview", "pk": w.people_a[2].pk},
                     _manage(302)),
    # Organizing: reps and stewards for their worksites, officers and admins for the local;
    # state staff only where the local lets them (off here). The member never sees it.
    "organizer_person": ("get", lambda w: {"local_slug": "lakeview", "pk": w.people_a[2].pk}, {
        "anonymous": LOGIN, "member": 403, "rep": 200, "steward": 404, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "organizer_list": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "walk_list": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "organizing_settings": ("get", lambda w: {"local_slug": "lakeview"}, _manage(200)),
    # Anyone whose own person is in the local invites a coworker.
    "invite_coworker": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 403, "officer": 200,
        "admin": 403, "state": 403, "outsider": 403}),
    # Density and coverage: counts for who sees the local at a glance; reps by name for who
    # organizes the whole local; the state's page for its staff.
    "density_local": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "density_csv": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403}),
    "density_goals": ("post", lambda w: {"local_slug": "lakeview"}, _manage(302)),
    "density_coverage": ("get", lambda w: {"local_slug": "lakeview"}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
        "admin": 200, "state": 403, "outsider": 403}),
    "density_state": ("get", lambda w: {"state_slug": w.local.parent.slug}, {
        "anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
        "admin": 403, "state": 200, "outsider": 403}),
}
MATRIX.update(ELECTION_MATRIX)
MATRIX.update(MEETING_MATRIX)
MATRIX.update(GRIEVANCE_MATRIX)
MATRIX.update(GRIEVANCE_SETUP_MATRIX)
MATRIX.update(GRIEVANCE_REPORT_MATRIX)
MATRIX.update(EVENT_MATRIX)
MATRIX.update(FEED_MATRIX)
MATRIX.update(COMMS_MATRIX)
# Bargaining: everyone with standing in the local reads; the team also sees drafts.
MATRIX["bargaining_home"] = ("get", lambda w: {"local_slug": "lakeview"}, {
    "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
    "admin": 200, "state": 200, "outsider": 403, "team": 200})
for rows in (CONTRACT_MATRIX, NEWS_MATRIX, PROPOSAL_MATRIX, SEARCH_MATRIX, SESSION_MATRIX,
             SURVEY_MATRIX):
    MATRIX.update(rows)
# URLs that belong to libraries, checked by their own tests and by the login tests here.
LIBRARY_PREFIXES = ("account_", "mfa_", "admin:", "set_language", "django_tasks")


def our_url_names():
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(LIBRARY_PREFIXES)}


def test_matrix_covers_every_url():
    assert our_url_names() - set(MATRIX) == set()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, persona, world, as_user):
    method, kwargs, expected = MATRIX[name]
    client = as_user(None if persona == "anonymous" else persona)
    url = reverse(name, kwargs=kwargs(world))
    response = getattr(client, method)(url)
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == want, response.content[:500]


BARGAINING_ROWS = sorted(n for n, row in MATRIX.items() if "team" in row[2])


def test_every_bargaining_page_has_a_row_for_the_team():
    """The bargaining team is a persona only on its own pages (elsewhere it is a member)."""
    from unionhall.bargaining import urls

    def names(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from names(p.url_patterns)
            elif p.name:
                yield p.name

    assert set(names(urls.urlpatterns)) - set(BARGAINING_ROWS) == set()
    for name in BARGAINING_ROWS:
        assert set(MATRIX[name][2]) == {*PERSONAS, "team"}, name


@pytest.mark.parametrize("name", BARGAINING_ROWS)
def test_bargaining_team_access(name, world, as_user):
    test_access(name, "team", world, as_user)


# Mentoring: every row also names the coordinator, the course's national staff and a
# facilitator of the offerings the rows make.
MENTORING_PERSONAS = ("coordinator", "course", "facilitator")
MENTORING_MATRIX = {**COURSE_MATRIX, **LEARNING_MATRIX, **PROGRAM_MATRIX, **PAIRS_MATRIX}
MATRIX.update(MENTORING_MATRIX)


def test_every_mentoring_page_has_a_row_for_every_persona():
    from unionhall.mentoring import urls

    def names(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from names(p.url_patterns)
            elif p.name:
                yield p.name

    pages = set(names(urls.course_patterns)) | set(names(urls.local_patterns))
    assert pages - set(MENTORING_MATRIX) == set()
    for name in MENTORING_MATRIX:
        assert set(MENTORING_MATRIX[name][2]) == {*PERSONAS, *MENTORING_PERSONAS}, name


@pytest.mark.parametrize("persona", MENTORING_PERSONAS)
@pytest.mark.parametrize("name", sorted(MENTORING_MATRIX))
def test_mentoring_access(name, persona, world, as_user):
    test_access(name, persona, world, as_user)


def test_admin_is_for_site_staff_only(world, as_user):
    for persona in PERSONAS:
        client = as_user(None if persona == "anonymous" else persona)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_outsider_local_is_refused_to_lakeview_officer(world, as_user):
    assert as_user("officer").get(reverse("person_list", args=["hilltop"])).status_code == 403
    assert as_user("outsider").get(reverse("person_list", args=["hilltop"])).status_code == 200


def test_member_sees_own_person_page(world, as_user):
    me = world.users["member"].person
    url = reverse("person_detail", args=["lakeview", me.pk])
    response = as_user("member").get(url)
    assert response.status_code == 200
    assert me.personal_email in response.content.decode()


def test_unknown_local_is_404(world, as_user):
    assert as_user("officer").get("/l/nowhere/people/").status_code == 404

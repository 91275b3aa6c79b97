"""Bargaining sessions: the actions and their rules, who sees a session and its notes, who may
change one, and the pages the team uses to add a session and list who attended."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PersonFactory
from tests.matrix_bargaining_sessions import make_session
from unionhall.bargaining.actions import sessions as actions
from unionhall.bargaining.models import (
    Attendee,
    Contract,
    Post,
    Proposal,
    Session,
    TranscriptSegment,
)
from unionhall.core.models import AuditEntry

YOUTUBE = "https://www.youtube.com/watch?v=UnionhallT01"
READERS = ["member", "rep", "steward", "officer", "admin", "state", "team"]
NOT_TEAM = ["member", "rep", "steward", "state"]


def new_session(world, **fields) -> Session:
    data = {"held_on": world.local.today() - dt.timedelta(days=2), "title": "Session 2",
            "video_url": YOUTUBE, "by": None}
    data.update(fields)
    return actions.create_session(world.local, **data)


def attendees(session, *rows):
    return actions.set_attendees(session, rows, by=None)


def url(name, session=None, **query):
    kwargs = {"local_slug": "lakeview"}
    if session is not None:
        kwargs["pk"] = session.pk
    return reverse(name, kwargs=kwargs)


# --- actions --------------------------------------------------------------------------------


def test_create_session_is_a_draft_and_audited(world):
    session = new_session(world, by=world.users["team"], place="District office",
                          agenda="Training\nBus routes")
    assert not session.published and session.created_by == world.users["team"]
    entry = AuditEntry.objects.get(verb="bargaining_session.created")
    assert entry.actor == world.users["team"] and entry.object_id == str(session.pk)
    assert entry.changes["place"] == [None, "District office"]


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_the_team_creates_sessions(world, persona):
    with pytest.raises(PermissionDenied):
        new_session(world, by=world.users[persona])
    assert not Session.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "admin", "team"])
def test_who_bargains_creates_sessions(world, persona):
    assert new_session(world, by=world.users[persona]).pk


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,hi", "ftp://x.org/v"])
def test_a_video_link_must_be_a_web_address(world, link):
    with pytest.raises(ValidationError):
        new_session(world, video_url=link)


def test_update_session_records_what_changed(world):
    session = new_session(world)
    actions.update_session(session, title="Session 2: training", remote=True, by=None)
    session.refresh_from_db()
    assert session.title == "Session 2: training" and session.remote
    entry = AuditEntry.objects.get(verb="bargaining_session.updated")
    assert entry.changes == {"title": ["Session 2", "Session 2: training"],
                             "remote": [False, True]}
    actions.update_session(session, title="Session 2: training", by=None)
    assert AuditEntry.objects.filter(verb="bargaining_session.updated").count() == 1


def test_update_session_refuses_a_video_shorter_than_the_transcript(world):
    session = make_session(world)
    with pytest.raises(ValidationError, match="0:09"):
        actions.update_session(session, video_seconds=7, by=None)
    actions.update_session(session, video_seconds=60, by=None)


def test_update_session_needs_the_team(world):
    session = new_session(world)
    with pytest.raises(PermissionDenied):
        actions.update_session(session, title="x", by=world.users["member"])


def test_publish_and_unpublish(world):
    session = new_session(world)
    actions.publish_session(session, by=world.users["team"])
    session.refresh_from_db()
    assert session.published and session.published_at
    actions.publish_session(session, by=None)  # already published: nothing to record
    actions.publish_session(session, published=False, by=None)
    session.refresh_from_db()
    assert not session.published
    verbs = list(AuditEntry.objects.filter(verb__in=["bargaining_session.published",
                                                     "bargaining_session.unpublished"])
                 .values_list("verb", flat=True).order_by("id"))
    assert verbs == ["bargaining_session.published", "bargaining_session.unpublished"]
    with pytest.raises(PermissionDenied):
        actions.publish_session(session, by=world.users["member"])


def test_set_attendees_keeps_records_whose_name_stays(world):
    session = make_session(world)
    lara = Attendee.objects.get(session=session, name="Lara Center")
    steve = Attendee.objects.get(session=session, name="Steve Bell")
    assert TranscriptSegment.objects.filter(attendee=steve).count() == 1
    attendees(session, ("union", "lara center", "Chief negotiator", world.people_a[0].pk),
              ("district", "Katharine Moss", "Chief HR Officer", None))
    kept = Attendee.objects.get(session=session, name="lara center")
    assert kept.pk == lara.pk and kept.role == "Chief negotiator"
    assert kept.person == world.people_a[0]
    assert not Attendee.objects.filter(pk=steve.pk).exists()
    # Steve's line is unmatched now; Lara's still hers.
    segs = list(session.segments.order_by("position"))
    assert segs[0].attendee_id == lara.pk and segs[1].attendee_id is None
    assert AuditEntry.objects.filter(verb="bargaining_session.attendees_set").count() == 2


def test_adding_a_missing_attendee_matches_their_lines(world):
    session = make_session(world)
    attendees(session, ("union", "Lara Center", "", None))
    assert session.segments.get(position=1).attendee is None
    attendees(session, ("union", "Lara Center", "", None), ("district", "Steve Bell", "", None))
    assert session.segments.get(position=1).attendee.name == "Steve Bell"


@pytest.mark.parametrize("rows, message", [
    ([("union", "Lara", "", None), ("district", "LARA", "", None)], "twice"),
    ([("union", "  ", "", None)], "needs a name"),
    ([("management", "Lara", "", None)], "side"),
])
def test_set_attendees_refuses_bad_rows(world, rows, message):
    session = new_session(world)
    with pytest.raises(ValidationError, match=message):
        attendees(session, *rows)
    assert not session.attendees.exists()


def test_an_attendee_person_must_be_of_this_local(world):
    session = new_session(world)
    with pytest.raises(ValidationError, match="bargaining unit"):
        attendees(session, ("union", "Someone", "", world.outsider_person.pk))


def test_set_attendees_needs_the_team(world):
    session = new_session(world)
    with pytest.raises(PermissionDenied):
        actions.set_attendees(session, [("union", "X", "", None)], by=world.users["steward"])


# --- who sees a session ---------------------------------------------------------------------


def test_a_draft_is_the_teams_only(world, as_user):
    session = make_session(world, published=False)
    for persona in NOT_TEAM:
        client = as_user(persona)
        assert client.get(url("session_detail", session)).status_code == 404, persona
        assert client.get(url("transcript_vtt", session)).status_code == 404, persona
        assert "Session 1" not in client.get(url("session_list")).content.decode()
    for persona in ["team", "officer", "admin"]:
        client = as_user(persona)
        assert client.get(url("session_detail", session)).status_code == 200
        page = client.get(url("session_list")).content.decode()
        assert "Draft — team only" in page and "Session 1" in page
    assert as_user("outsider").get(url("session_detail", session)).status_code == 403
    response = as_user(None).get(url("session_detail", session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_session_list_shows_place_and_transcript(world, as_user):
    make_session(world)
    new_session(world, title="Session 3", remote=True)
    page = as_user("team").get(url("session_list")).content.decode()
    assert "Remote (video call)" in page
    assert page.count("<td>Yes</td>") == 1 and page.count("<td>No</td>") == 1
    member_page = as_user("member").get(url("session_list")).content.decode()
    assert "Session 1" in member_page and "Session 3" not in member_page
    assert "Draft — team only" not in member_page


@pytest.mark.parametrize("published_notes", [False, True])
def test_notes_are_the_teams_unless_published(world, as_user, published_notes):
    session = make_session(world)
    actions.update_session(session, notes="The district blinked on training.",
                           notes_published=published_notes, by=None)
    team_page = as_user("team").get(url("session_detail", session)).content.decode()
    assert "The district blinked on training." in team_page
    assert ("Team only" in team_page) is (not published_notes)
    for persona in NOT_TEAM:
        page = as_user(persona).get(url("session_detail", session)).content.decode()
        assert ("The district blinked on training." in page) is published_notes, persona
        assert "Team only" not in page


def test_notes_of_a_draft_stay_with_the_team_even_if_marked_published(world, as_user):
    session = make_session(world, published=False)
    actions.update_session(session, notes="Hold firm.", notes_published=True, by=None)
    page = as_user("team").get(url("session_detail", session)).content.decode()
    assert "Hold firm." in page and "Team only" in page


def test_session_page_shows_attendees_agenda_proposals_and_updates(world, as_user):
    session = make_session(world)
    actions.update_session(session, agenda="Para training\nBus routes", place="Board room",
                           by=None)
    contract = Contract.objects.create(local=world.local, name="2023–2026", slug="2023-2026")
    Proposal.objects.create(local=world.local, label="U-1", side="union", contract=contract,
                            article_number="7", title="Training", session=session,
                            published=True)
    Proposal.objects.create(local=world.local, label="U-2", side="union", contract=contract,
                            article_number="9", title="Secret draft", session=session)
    shown = Post.objects.create(local=world.local, title="What happened at session 1",
                                slug="session-1", body="x", status="published")
    hidden = Post.objects.create(local=world.local, title="Draft update", slug="draft",
                                 body="x")
    shown.sessions.add(session)
    hidden.sessions.add(session)
    page = as_user("member").get(url("session_detail", session)).content.decode()
    assert "Lara Center" in page and "President" in page and "Chief of staff" in page
    assert "Para training<br>Bus routes" in page
    assert "U-1" in page and "Training" in page and "Secret draft" not in page
    assert "What happened at session 1" in page and "Draft update" not in page
    team_page = as_user("team").get(url("session_detail", session)).content.decode()
    assert "Secret draft" in team_page and "Draft update" not in team_page


# --- the team's pages -----------------------------------------------------------------------


def test_team_adds_a_session_through_the_page(world, as_user):
    client = as_user("team")
    assert client.get(url("session_new")).status_code == 200
    response = client.post(url("session_new"), {
        "held_on": "2026-05-19", "starts_at": "16:00", "title": "Session 4",
        "place": "District office", "video_url": "https://video.example.org/s4.mp4",
        "video_length": "1:32:05", "agenda": "Training", "notes": "Private"})
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("session_detail", session)
    assert session.video_seconds == 5525 and session.starts_at == dt.time(16, 0)
    assert not session.published and session.created_by == world.users["team"]


def test_session_form_reports_mistakes(world, as_user):
    client = as_user("team")
    response = client.post(url("session_new"), {"held_on": "", "video_length": "ninety",
                                                 "video_url": "javascript:alert(1)"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the length as H:MM:SS" in page and "Enter a valid URL" in page
    assert not Session.objects.exists()


def test_team_edits_a_session(world, as_user):
    session = make_session(world)
    client = as_user("team")
    response = client.get(url("session_edit", session))
    assert 'value="Session 1"' in response.content.decode()
    response = client.post(url("session_edit", session), {
        "held_on": "2026-05-19", "title": "Session 1: ground rules",
        "video_url": YOUTUBE, "video_length": "0:05"})
    assert response.status_code == 200
    assert "later than the end of a video" in response.content.decode()
    response = client.post(url("session_edit", session), {
        "held_on": "2026-05-19", "title": "Session 1: ground rules", "video_url": YOUTUBE})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Session 1: ground rules"


def test_team_publishes_and_unpublishes_through_the_page(world, as_user):
    session = make_session(world, published=False)
    client = as_user("team")
    client.post(url("session_publish", session), {"published": "1"})
    session.refresh_from_db()
    assert session.published
    client.post(url("session_publish", session), {"published": "0"})
    session.refresh_from_db()
    assert not session.published
    assert client.get(url("session_publish", session)).status_code == 405


def _attendee_post(rows, prefix="a", initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_team_lists_attendees_with_an_employee_id(world, as_user):
    session = new_session(world)
    person = world.people_a[2]
    client = as_user("team")
    page = client.get(url("session_attendees", session)).content.decode()
    assert page.count("<fieldset>") == 4
    response = client.post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "Lara Center", "role": "President",
         "employee_id": person.employee_id},
        {"side": "district", "name": "Steve Bell", "role": "Chief of staff"},
        {"side": "union", "name": "", "role": ""},
    ]))
    assert response.status_code == 302
    assert response["Location"].endswith("#attendees")
    lara = Attendee.objects.get(session=session, name="Lara Center")
    assert lara.person == person
    assert set(session.attendees.values_list("name", flat=True)) == {"Lara Center",
                                                                     "Steve Bell"}
    # The page shows the link, not the (private) employee id, and saving again keeps it.
    page = client.get(url("session_attendees", session)).content.decode()
    assert f"Linked to {person.display_name}" in page and person.employee_id not in page
    client.post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "Lara Center", "role": "President", "linked": person.pk},
        {"side": "district", "name": "Steve Bell", "role": "", "DELETE": "on"},
    ], initial=2))
    lara.refresh_from_db()
    assert lara.person == person
    assert list(session.attendees.values_list("name", flat=True)) == ["Lara Center"]


def test_a_made_up_link_links_nobody(world, as_user):
    session = new_session(world)
    other = PersonFactory(local=world.local)
    as_user("team").post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "Lara Center", "linked": other.pk}]))
    assert Attendee.objects.get(session=session).person is None


def test_attendee_page_reports_mistakes(world, as_user):
    session = new_session(world)
    client = as_user("team")
    response = client.post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "Lara Center", "employee_id": "NOPE"}]))
    assert response.status_code == 200
    assert "No one in this local&#x27;s bargaining unit has that employee id" in \
        response.content.decode()
    response = client.post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "Lara Center"}, {"side": "district", "name": "lara center"}]))
    assert response.status_code == 200 and "is listed twice" in response.content.decode()
    # An outsider's employee id is not found in this local.
    response = client.post(url("session_attendees", session), _attendee_post([
        {"side": "union", "name": "X", "employee_id": world.outsider_person.employee_id}]))
    assert response.status_code == 200
    assert not session.attendees.exists()


# --- every POST checks who sends it ---------------------------------------------------------


def _posts(session):
    return [
        ("session_new", None, {"held_on": "2026-05-19", "title": "Sneaky"}),
        ("session_edit", session, {"held_on": "2026-05-19", "title": "Sneaky"}),
        ("session_publish", session, {"published": "1"}),
        ("session_attendees", session, _attendee_post([{"side": "union", "name": "Sneaky"}])),
        ("transcript_import", session, {"format": "plain", "text": "0:01 Sneaky Hello"}),
        ("transcript_speakers", session, {"who_0": "", "label_0": "Sneaky"}),
    ]


@pytest.mark.parametrize("persona", ["anonymous", "member", "rep", "steward", "state",
                                     "outsider"])
def test_no_one_but_the_team_changes_a_session(world, as_user, persona):
    session = make_session(world, published=False)
    client = as_user(None if persona == "anonymous" else persona)
    for name, target, data in _posts(session):
        response = client.post(url(name, target), data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (name, response.status_code)
    session.refresh_from_db()
    assert not session.published and session.title == "Session 1"
    assert Session.objects.count() == 1
    assert set(session.attendees.values_list("name", flat=True)) == {"Lara Center",
                                                                    "Steve Bell"}
    assert session.segments.count() == 2
    assert session.segments.get(position=0).attendee.name == "Lara Center"


@pytest.mark.parametrize("persona", ["officer", "admin", "team"])
def test_who_bargains_changes_a_session(world, as_user, persona):
    session = make_session(world, published=False)
    client = as_user(persona)
    for name, target, data in _posts(session):
        response = client.post(url(name, target), data)
        assert response.status_code == 302, (name, response.content[:300])
    session.refresh_from_db()
    assert session.published and session.title == "Sneaky"
    assert Session.objects.count() == 2

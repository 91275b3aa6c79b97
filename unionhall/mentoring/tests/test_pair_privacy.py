"""Reflection notes stay with the pair: no mentoring page, export, email, letter or audit entry
carries their text for anyone else: not the coordinator, not an officer, not the local admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, reverse

from tests.matrix_mentoring_pairs import make_ended_pair
from unionhall.core.models import AuditEntry
from unionhall.mentoring import pair_queries as q
from unionhall.mentoring.actions import pairs as a

SECRET = "Nobody-but-us: I almost quit in October"
SECRET_2 = "Mentor-only-thought: she is ready to lead"


@pytest.fixture
def story(world, mailoutbox, django_capture_on_commit_callbacks):
    """A pair at the end of its term with everything: meetings, a goal with a check-in, two
    reflection notes, both exit surveys, the mentor's letter, the cycle closed."""
    pair = make_ended_pair(world)
    mentee, mentor = world.people_a[0], world.people_a[1]
    day = pair.cycle.ends_on
    with django_capture_on_commit_callbacks(execute=True):
        a.log_meeting(pair, by=None, person=mentee, held_on=day, minutes=60, how="video",
                      topics="Lunch duty", today=day)
        goal = a.add_goal(pair, by=None, person=mentee, standard="ethics", text="Set limits")
        a.add_check_in(goal, "Said no to an extra duty", by=None, person=mentor)
        a.add_reflection(pair, SECRET, by=world.users["member"])
        a.add_reflection(pair, SECRET_2, by=world.users["rep"])
        for user in (world.users["member"], world.users["rep"]):
            a.submit_exit_survey(pair, by=user, overall=5, goals_progress=4, support=5,
                                 would_again=True, comments="Good program")
        a.send_thank_you_letters(pair.cycle, by=world.users["coordinator"])
        a.close_cycle(pair.cycle, by=world.users["coordinator"])
    return pair


def _mentoring_patterns():
    """Every local mentoring URL pattern (the program's and the pair's)."""
    from unionhall.mentoring.urls import local_patterns

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                yield p

    return list(walk(local_patterns))


def _urls(pair) -> list[str]:
    """Each mentoring URL with every object of the story that fits its arguments."""
    meeting = pair.meetings.first()
    goal = pair.goals.first()
    pks = {pair.pk, pair.cycle_id, pair.mentee_id, pair.mentor_id}
    urls = []
    for pattern in _mentoring_patterns():
        params = set(pattern.pattern.converters)
        for pk in sorted(pks):
            kwargs = {"local_slug": "lakeview"}
            if "pk" in params:
                kwargs["pk"] = pk
            if "meeting_pk" in params:
                kwargs["meeting_pk"] = meeting.pk
            if "goal_pk" in params:
                kwargs["goal_pk"] = goal.pk
            if "enrollment_pk" in params:
                kwargs["enrollment_pk"] = pair.mentor_id
            urls.append(reverse(pattern.name, kwargs=kwargs))
            if "pk" not in params:
                break
    return sorted(set(urls))


def test_the_pair_reads_both_notes(world, as_user, story):
    for persona in ("member", "rep"):
        html = as_user(persona).get(
            reverse("pair_detail", args=["lakeview", story.pk])).content.decode()
        assert SECRET in html and SECRET_2 in html


@pytest.mark.parametrize("persona", ["coordinator", "officer", "admin", "steward", "state"])
def test_no_mentoring_page_shows_a_note_to_anyone_else(world, as_user, story, persona):
    client = as_user(persona)
    seen = 0
    for url in _urls(story):
        response = client.get(url)
        body = response.content
        assert SECRET.encode() not in body, url
        assert SECRET_2.encode() not in body, url
        seen += response.status_code == 200
    if persona in ("coordinator", "officer", "admin"):
        # They did see the pages: the pair's, the results, the letters and the program's.
        assert seen >= 5
        html = client.get(reverse("pair_detail", args=["lakeview", story.pk])).content.decode()
        assert "Lunch duty" in html and "Said no to an extra duty" in html


def test_not_in_the_csv_the_letters_the_emails_or_the_audit_log(world, as_user, story,
                                                                mailoutbox):
    client = as_user("admin")
    csv = client.get(reverse("mentoring_results_csv", args=["lakeview", story.cycle_id]))
    assert SECRET not in csv.content.decode() and SECRET_2 not in csv.content.decode()
    pdf = client.get(reverse("mentoring_thanks_pdf",
                             args=["lakeview", story.cycle_id, story.mentor_id]))
    assert pdf.status_code == 200 and SECRET.encode() not in pdf.content
    assert mailoutbox, "the letter was emailed"
    for message in mailoutbox:
        assert SECRET not in message.body and SECRET_2 not in message.body
        for _name, content, _type in message.attachments:
            assert SECRET.encode() not in content
    notes = AuditEntry.objects.filter(verb="reflection.added")
    assert notes.count() == 2
    for entry in AuditEntry.objects.all():
        text = f"{entry.object_repr} {entry.changes}"
        assert SECRET not in text and SECRET_2 not in text
        assert "almost quit" not in text
    for entry in notes:
        assert entry.changes == {}
    html = client.get(reverse("audit_log", args=["lakeview"])).content.decode()
    assert "Reflection note written" in html
    assert SECRET not in html and SECRET_2 not in html


def test_the_query_for_notes_refuses_anyone_outside_the_pair(world, story):
    from unionhall.core.permissions import access_for

    for persona in ("coordinator", "officer", "admin"):
        access = access_for(world.users[persona], world.local)
        match, viewer = q.pair_or_404(access, story.pk)
        assert viewer.manages and not viewer.in_pair
        with pytest.raises(PermissionDenied):
            q.notes_for_pair(match, viewer)


@pytest.mark.parametrize("persona", ["coordinator", "officer", "admin"])
def test_nobody_outside_the_pair_can_write_a_note(world, as_user, persona):
    from tests.matrix_mentoring_pairs import make_pair

    pair = make_pair(world)
    response = as_user(persona).post(reverse("pair_note_add", args=["lakeview", pair.pk]),
                                     {"body": "Coordinator was here"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        a.add_reflection(pair, "x", by=world.users[persona])
    assert not pair.notes.exists()


def test_a_note_is_written_from_the_page(world, as_user):
    from tests.matrix_mentoring_pairs import make_pair

    pair = make_pair(world)
    url = reverse("pair_note_add", args=["lakeview", pair.pk])
    response = as_user("member").post(url, {"body": "Felt heard today"})
    assert response.status_code == 302
    note = pair.notes.get()
    assert (note.body, note.author) == ("Felt heard today", world.people_a[0])
    assert as_user("member").post(url, {"body": "  "}).status_code == 200
    assert pair.notes.count() == 1

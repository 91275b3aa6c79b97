"""Assessments, conversation notes and issues are for the local's organizers only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from unionhall.core.models import AuditEntry
from unionhall.organizing.actions import assess, log_conversation, set_next_step

NOTE = "Worried-about-her-reclassification"


@pytest.fixture
def organized(world):
    """Every person of the local has a conversation with a note and an assessment."""
    for person in world.people_a + world.people_b:
        log_conversation(person, on=timezone.localdate(), channel="in_person",
                         issues=["Respect"], notes=f"{NOTE}-{person.pk}", by=None)
        assess(person, 4, by=None)
        set_next_step(person, owner=None, next_step=f"Step-{person.pk}", due=None,
                      follow_up=True, by=None)
    return world


def organizer_url(person):
    return reverse("organizer_person", args=["lakeview", person.pk])


# Who sees the organizing page of a person at site_a (people_a[2]) and at site_b (people_b[2]).
EXPECTED = {
    "member": (403, 403),
    "rep": (200, 404),
    "steward": (404, 200),
    "officer": (200, 200),
    "admin": (200, 200),
    "state": (403, 403),
    "outsider": (403, 403),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_organizing_page_by_role(persona, organized, as_user):
    client = as_user(persona)
    for person, want in zip((organized.people_a[2], organized.people_b[2]), EXPECTED[persona],
                            strict=True):
        response = client.get(organizer_url(person))
        assert response.status_code == want
        html = response.content.decode()
        assert (f"{NOTE}-{person.pk}" in html) == (want == 200)
        assert ("4 · Leaning against" in html) == (want == 200)


def test_state_staff_see_organizing_only_where_the_local_allows(organized, as_user):
    client = as_user("state")
    person = organized.people_a[2]
    assert client.get(organizer_url(person)).status_code == 403
    assert client.get(reverse("organizer_list", args=["lakeview"])).status_code == 403
    organized.local.state_sees_organizing = True
    organized.local.save()
    response = client.get(organizer_url(person))
    assert response.status_code == 200 and f"{NOTE}-{person.pk}" in response.content.decode()
    html = client.get(reverse("organizer_list", args=["lakeview"])).content.decode()
    assert organized.people_b[2].legal_last_name in html


def test_no_one_sees_their_own_assessment(organized, as_user):
    """The member's own person page shows no assessment, note, issue or next step."""
    me = organized.people_a[0]
    html = as_user("member").get(reverse("person_detail", args=["lakeview", me.pk])).content
    html = html.decode()
    assert NOTE not in html and "Leaning against" not in html and "Respect" not in html
    assert f"Step-{me.pk}" not in html and organizer_url(me) not in html
    # A rep is a person too: their own organizing record is closed to them.
    rep_person = organized.users["rep"].person
    assert as_user("rep").get(organizer_url(rep_person)).status_code == 404
    rep_list = as_user("rep").get(reverse("organizer_list", args=["lakeview"])).content.decode()
    assert rep_person.legal_last_name + "," not in rep_list


def test_person_page_never_shows_organizing_details(organized, as_user):
    """Even organizers see notes and assessments on the organizing page only."""
    person = organized.people_a[2]
    for persona in ("rep", "officer", "admin"):
        html = as_user(persona).get(reverse("person_detail", args=["lakeview", person.pk]))
        html = html.content.decode()
        assert NOTE not in html and "Leaning against" not in html


def test_rep_list_shows_only_their_worksites(organized, as_user):
    rep_html = as_user("rep").get(reverse("organizer_list", args=["lakeview"])).content.decode()
    steward_html = as_user("steward").get(
        reverse("organizer_list", args=["lakeview"])).content.decode()
    for p in organized.people_a[2:]:
        assert p.legal_last_name in rep_html and p.legal_last_name not in steward_html
    for p in organized.people_b:
        assert p.legal_last_name not in rep_html and p.legal_last_name in steward_html
    walk = as_user("rep").get(reverse("walk_list", args=["lakeview"])).content.decode()
    assert all(p.legal_last_name not in walk for p in organized.people_b)


def test_other_members_never_see_the_lists(organized, as_user):
    for persona in ("member", "outsider"):
        client = as_user(persona)
        for name in ("organizer_list", "walk_list"):
            assert client.get(reverse(name, args=["lakeview"])).status_code == 403


def test_audit_log_carries_no_notes_or_issues(organized, as_user):
    entries = AuditEntry.objects.filter(verb__startswith="organizing.")
    assert entries.exists()
    for entry in entries:
        assert NOTE not in str(entry.changes) and "Respect" not in str(entry.changes)
    html = as_user("officer").get(reverse("audit_log", args=["lakeview"])).content.decode()
    assert NOTE not in html

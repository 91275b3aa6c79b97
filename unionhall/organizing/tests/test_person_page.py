"""The organizer's page about one person: conversations, assessments, the next step."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from unionhall.core.models import AuditEntry
from unionhall.organizing.actions import assess, log_conversation, set_next_step
from unionhall.organizing.models import Assessment, Contact, Conversation, OrganizingSettings


def page(world, person=None):
    return reverse("organizer_person", args=["lakeview", (person or world.people_a[2]).pk])


def test_rep_logs_a_conversation(world, as_user):
    client = as_user("rep")
    person = world.people_a[2]
    response = client.post(page(world), {
        "form": "conversation", "conv-on": "2025-03-04", "conv-channel": "phone",
        "conv-issues": ["Staffing", "Safety"], "conv-notes": "Short-staffed on bus duty."})
    assert response.status_code == 302
    conversation = Conversation.objects.get(person=person)
    assert conversation.channel == "phone" and conversation.issues == ["Staffing", "Safety"]
    assert conversation.by == world.users["rep"] and conversation.local == world.local
    contact = Contact.objects.get(person=person)
    assert timezone.localdate(contact.last_contact_at) == dt.date(2025, 3, 4)
    assert contact.last_contact_by == world.users["rep"]

    html = client.get(page(world)).content.decode()
    assert "Short-staffed on bus duty." in html and "Staffing, Safety" in html
    assert "Phone" in html
    rep_name = world.users["rep"].person.display_name
    assert rep_name in html  # by whom, in the log and as the last contact


def test_audit_says_a_conversation_was_logged_not_what_was_said(world):
    log_conversation(world.people_a[2], on=timezone.localdate(), channel="in_person",
                     issues=["Pay"], notes="She is worried about her pay step.",
                     by=world.users["rep"])
    entry = AuditEntry.objects.get(verb="organizing.conversation_logged")
    assert entry.actor == world.users["rep"] and entry.affiliate == world.local
    assert "worried" not in str(entry.changes) and "worried" not in entry.object_repr
    assert "Pay" not in str(entry.changes)


def test_notes_are_escaped_and_keep_their_lines(world, as_user):
    log_conversation(world.people_a[2], on=timezone.localdate(), channel="text", issues=[],
                     notes="<script>alert(1)</script>\nsecond line", by=world.users["rep"])
    html = as_user("rep").get(page(world)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html


def test_an_older_conversation_does_not_move_last_contact_back(world):
    person = world.people_a[2]
    today = timezone.localdate()
    log_conversation(person, on=today, channel="phone", issues=[], by=world.users["rep"])
    log_conversation(person, on=today - dt.timedelta(days=30), channel="phone", issues=[],
                     by=world.users["officer"])
    contact = Contact.objects.get(person=person)
    assert timezone.localdate(contact.last_contact_at) == today
    assert contact.last_contact_by == world.users["rep"]


def test_conversation_rejects_future_dates_and_unknown_issues(world):
    person = world.people_a[2]
    with pytest.raises(ValidationError):
        log_conversation(person, on=timezone.localdate() + dt.timedelta(days=2),
                         channel="phone", issues=[], by=world.users["rep"])
    with pytest.raises(ValidationError):
        log_conversation(person, on=timezone.localdate(), channel="phone",
                         issues=["Parking"], by=world.users["rep"])
    with pytest.raises(ValidationError):
        log_conversation(person, on=timezone.localdate(), channel="carrier pigeon",
                         issues=[], by=world.users["rep"])
    assert not Conversation.objects.exists()


def test_local_keeps_its_own_issues(world, as_user):
    OrganizingSettings.objects.create(local=world.local, issues=["Parking", "Heat in buses"])
    html = as_user("rep").get(page(world)).content.decode()
    assert "Heat in buses" in html and "Staffing" not in html
    log_conversation(world.people_a[2], on=timezone.localdate(), channel="phone",
                     issues=["Parking"], by=world.users["rep"])
    with pytest.raises(ValidationError):
        log_conversation(world.people_a[2], on=timezone.localdate(), channel="phone",
                         issues=["Staffing"], by=world.users["rep"])


def test_assessment_on_the_default_scale_with_history(world, as_user):
    client = as_user("rep")
    person = world.people_a[2]
    assert client.post(page(world), {"form": "assess", "assess-value": "3"}).status_code == 302
    assert client.post(page(world), {"form": "assess", "assess-value": "2"}).status_code == 302
    assert list(Assessment.objects.filter(person=person).values_list("value", flat=True)) == [2, 3]
    assert Contact.objects.get(person=person).assessment == 2
    html = client.get(page(world)).content.decode()
    assert "2 · Supporter" in html and "3 · Undecided" in html
    assert "#4c9a2a" in html  # the level's colour, beside its number and label
    entry = AuditEntry.objects.filter(verb="organizing.assessed").first()
    assert entry.changes == {"assessment": [3, 2]}


def test_assessment_must_be_on_the_locals_scale(world, as_user):
    OrganizingSettings.objects.create(local=world.local, scale=[
        {"value": 1, "label": "Activist", "color": "#000000"},
        {"value": 2, "label": "With us", "color": "#333333"},
        {"value": 3, "label": "Against", "color": "#666666"}])
    client = as_user("rep")
    response = client.post(page(world), {"form": "assess", "assess-value": "4"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError):
        assess(world.people_a[2], 5, by=world.users["rep"])
    assess(world.people_a[2], 1, by=world.users["rep"])
    assert "1 · Activist" in client.get(page(world)).content.decode()


def test_next_step_owner_due_and_follow_up(world, as_user):
    client = as_user("officer")
    rep = world.users["rep"]
    response = client.post(page(world), {
        "form": "next", "next-owner": rep.pk, "next-next_step": "Bring a card to lunch",
        "next-due": "2025-05-01", "next-follow_up": "on"})
    assert response.status_code == 302
    contact = Contact.objects.get(person=world.people_a[2])
    assert contact.owner == rep and contact.next_step == "Bring a card to lunch"
    assert contact.next_step_due == dt.date(2025, 5, 1) and contact.follow_up
    html = client.get(page(world)).content.decode()
    assert "Bring a card to lunch" in html and rep.person.display_name in html
    assert "Needs follow-up" in html
    assert AuditEntry.objects.filter(verb="organizing.next_step_set").exists()


def test_owner_must_organize_the_persons_worksite(world):
    with pytest.raises(ValidationError):
        set_next_step(world.people_a[2], owner=world.users["steward"], next_step="", due=None,
                      follow_up=False, by=world.users["officer"])
    with pytest.raises(ValidationError):
        set_next_step(world.people_a[2], owner=world.users["member"], next_step="", due=None,
                      follow_up=False, by=world.users["officer"])


@pytest.mark.parametrize("persona", ["member", "steward", "state", "outsider"])
def test_actions_refuse_who_does_not_organize_the_person(world, persona):
    by = world.users[persona]
    person = world.people_a[2]
    with pytest.raises(PermissionDenied):
        log_conversation(person, on=timezone.localdate(), channel="phone", issues=[], by=by)
    with pytest.raises(PermissionDenied):
        assess(person, 1, by=by)
    with pytest.raises(PermissionDenied):
        set_next_step(person, owner=None, next_step="x", due=None, follow_up=True, by=by)
    assert not Conversation.objects.exists() and not Assessment.objects.exists()


def test_person_page_links_to_organizing_for_organizers(world, as_user):
    url = reverse("person_detail", args=["lakeview", world.people_a[2].pk])
    link = page(world)
    assert link in as_user("rep").get(url).content.decode()
    assert link in as_user("officer").get(url).content.decode()
    assert link not in as_user("state").get(url).content.decode()
    own = reverse("person_detail", args=["lakeview", world.people_a[0].pk])
    assert page(world, world.people_a[0]) not in as_user("member").get(own).content.decode()


def test_spanish_page_shows_translated_default_labels(world, as_user):
    assess(world.people_a[2], 2, by=world.users["rep"])
    client = as_user("rep")
    html = client.get(page(world), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "2 · Supporter" not in html and "2 · Partidario" in html
    assert 'value="Staffing"' in html and "Falta de personal" in html  # stored in English

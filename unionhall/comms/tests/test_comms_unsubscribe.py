"""One-click unsubscribe: GET only asks (mail scanners open links), POST turns the topic off,
a mail client's RFC 8058 POST works without a CSRF token, a changed link is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.comms.unsubscribe import make_token, read_token
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference


def url_for(person, topic="events"):
    return reverse("unsubscribe", kwargs={"token": make_token(person.pk, topic)})


def wants(person, topic="events"):
    row = EmailPreference.objects.filter(person=person, topic=topic).first()
    return True if row is None else row.wants


def test_get_asks_and_changes_nothing(world, client):
    person = world.people_a[2]
    response = client.get(url_for(person))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop emails about Events?" in page
    assert reverse("email_preferences", args=["lakeview"]) in page
    assert wants(person) is True
    assert not AuditEntry.objects.filter(verb="email.unsubscribed").exists()
    assert response["Cache-Control"].startswith("max-age=0")


def test_post_from_the_page_turns_the_topic_off(world, client):
    person = world.people_a[2]
    response = client.post(url_for(person, "organizing"))
    assert response.status_code == 200
    assert "no longer email you about Organizing" in response.content.decode()
    assert wants(person, "organizing") is False
    assert wants(person, "events") is True  # only that topic
    entry = AuditEntry.objects.get(verb="email.unsubscribed")
    assert entry.actor is None and entry.affiliate == world.local
    assert entry.object_id == str(person.pk) and entry.changes == {"organizing": [True, False]}
    # Again: nothing more changes, nothing more is logged.
    client.post(url_for(person, "organizing"))
    assert AuditEntry.objects.filter(verb="email.unsubscribed").count() == 1


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(world):
    person = world.people_b[2]
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(url_for(person, "bargaining"),
                                data="List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert wants(person, "bargaining") is False


def test_a_preference_turned_back_on_is_turned_off_again(world, client):
    person = world.people_a[2]
    EmailPreference.objects.create(person=person, topic="events", wants=True)
    client.post(url_for(person))
    assert wants(person) is False


@pytest.mark.parametrize("token", ["nonsense", "WzEsImV2ZW50cyJd:forged"])
def test_a_changed_link_is_refused(world, client, token):
    response = client.post(reverse("unsubscribe", kwargs={"token": token}))
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_a_token_cannot_be_turned_into_another_persons(world, client):
    token = make_token(world.people_a[2].pk, "events")
    payload, signature = token.rsplit(":", 1)
    other = make_token(world.people_a[1].pk, "events").rsplit(":", 1)[0]
    assert read_token(f"{other}:{signature}") is None
    assert read_token(token) == (world.people_a[2].pk, "events")
    response = client.post(reverse("unsubscribe", kwargs={"token": f"{other}:{signature}"}))
    assert response.status_code == 404
    assert wants(world.people_a[1]) is True


def test_a_link_for_a_person_no_longer_on_record_is_refused(world, client):
    person = world.people_a[2]
    url = url_for(person)
    person.delete()
    assert client.get(url).status_code == 404


def test_the_page_speaks_the_persons_language(world, client):
    person = world.people_a[2]
    person.language = "es"
    person.save()
    page = client.get(url_for(person)).content.decode()
    assert '<html lang="es">' in page

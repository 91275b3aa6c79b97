"""A member invites a coworker; the referral follows the join form to the organizer's page."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from unionhall.members.actions import approve_application
from unionhall.members.models import Application
from unionhall.members.tests.test_join import form_data, joinable  # noqa: F401 - a fixture
from unionhall.organizing.actions import invite_coworker, join_link
from unionhall.organizing.models import Referral


def test_member_invites_by_email(world, as_user, django_capture_on_commit_callbacks):
    client = as_user("member")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite_coworker", args=["lakeview"]),
                               {"name": "Lupe", "email": "Lupe@Example.org"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.referrer == world.people_a[0] and referral.invitee_email == "lupe@example.org"
    assert len(referral.token) >= 20
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lupe@example.org"]
    assert f"/l/lakeview/join/?ref={referral.token}" in message.body
    assert world.people_a[0].display_name in message.subject
    page = client.get(response["Location"]).content.decode()
    assert f"?ref={referral.token}" in page and "Lupe" in page


def test_invitation_email_in_the_locals_language(world, django_capture_on_commit_callbacks):
    world.local.language = "es"
    world.local.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite_coworker(world.people_a[0], name="", email="x@example.org",
                        by=world.users["member"])
    assert "Hola" in mail.outbox[0].body


def test_invite_without_email_shows_a_link_to_copy(world, as_user,
                                                   django_capture_on_commit_callbacks):
    client = as_user("member")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite_coworker", args=["lakeview"]), {"name": "Sam"},
                               follow=True)
    referral = Referral.objects.get()
    html = response.content.decode()
    assert not mail.outbox
    assert f"http://testserver/l/lakeview/join/?ref={referral.token}" in html
    assert 'readonly' in html and "sms:" in html


def test_only_ones_own_person_invites(world):
    with pytest.raises(PermissionDenied):
        invite_coworker(world.people_a[0], name="x", email="", by=world.users["officer"])
    with pytest.raises(PermissionDenied):
        invite_coworker(world.people_a[0], name="x", email="", by=None)


def test_referral_follows_the_form_to_the_new_member(joinable, client, as_user,  # noqa: F811
                                                     django_capture_on_commit_callbacks):
    world = joinable
    referral = invite_coworker(world.people_a[0], name="Rosa", email="",
                               by=world.users["member"])
    client.logout()
    assert client.get(join_link(referral)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("join", args=["lakeview"]), form_data(world))
    assert response.status_code == 302
    application = Application.objects.get()
    referral.refresh_from_db()
    assert referral.application == application and referral.joined is None

    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application, by=world.users["officer"])
    referral.refresh_from_db()
    application.refresh_from_db()
    assert referral.joined == application.person

    officer = as_user("officer")
    joined_page = officer.get(reverse("organizer_person", args=["lakeview",
                                                                application.person.pk]))
    assert "Invited by " + world.people_a[0].display_name in joined_page.content.decode()
    referrer_page = officer.get(reverse("organizer_person", args=["lakeview",
                                                                  world.people_a[0].pk]))
    html = referrer_page.content.decode()
    assert "Rosa" in html and application.person.display_name in html


def test_join_without_referral_links_nothing(joinable, client,  # noqa: F811
                                             django_capture_on_commit_callbacks):
    invite_coworker(joinable.people_a[0], name="", email="", by=joinable.users["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("join", args=["lakeview"]), form_data(joinable))
    assert Referral.objects.get().application is None


def test_unknown_or_foreign_token_is_ignored(joinable, client,  # noqa: F811
                                             django_capture_on_commit_callbacks):
    world = joinable
    other = invite_coworker(world.outsider_person, name="", email="",
                            by=world.users["outsider"])
    client.get(reverse("join", args=["lakeview"]) + f"?ref={other.token}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("join", args=["lakeview"]), form_data(world))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.application is None
    client.get(reverse("join", args=["lakeview"]) + "?ref=nonsense")
    assert Application.objects.count() == 1

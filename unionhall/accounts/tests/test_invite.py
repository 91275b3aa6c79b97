from django.core import mail
from django.urls import reverse

from unionhall.accounts.models import User
from unionhall.core.models import AuditEntry


def invite(client, world, person, capture):
    with capture(execute=True):
        return client.post(reverse("person_invite", args=["lakeview", person.pk]), follow=True)


def test_officer_invites_person_who_gets_an_email(world, as_user,
                                                  django_capture_on_commit_callbacks):
    person = world.people_a[2]
    response = invite(as_user("officer"), world, person, django_capture_on_commit_callbacks)
    assert "Invitation sent" in response.content.decode()
    user = User.objects.get(person=person)
    assert user.email == person.personal_email and not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.personal_email]
    assert "/accounts/login/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(verb="account.invited")
    assert entry.actor == world.users["officer"] and entry.affiliate == world.local
    assert entry.object_id == str(person.pk)


def test_invitation_in_the_persons_language(world, as_user, django_capture_on_commit_callbacks):
    person = world.people_a[2]
    person.language = "es"
    person.save()
    invite(as_user("officer"), world, person, django_capture_on_commit_callbacks)
    assert "Hola" in mail.outbox[0].body


def test_second_invitation_is_refused_with_a_message(world, as_user,
                                                     django_capture_on_commit_callbacks):
    person = world.people_a[2]
    client = as_user("officer")
    invite(client, world, person, django_capture_on_commit_callbacks)
    response = invite(client, world, person, django_capture_on_commit_callbacks)
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(person=person).count() == 1
    assert len(mail.outbox) == 1


def test_person_without_email_cannot_be_invited(world, as_user,
                                                django_capture_on_commit_callbacks):
    person = world.people_a[2]
    person.personal_email = ""
    person.save()
    response = invite(as_user("officer"), world, person, django_capture_on_commit_callbacks)
    assert "Add a personal email" in response.content.decode()
    assert not User.objects.filter(person=person).exists()
    assert not AuditEntry.objects.filter(verb="account.invited").exists()


def test_invite_needs_post(world, as_user):
    url = reverse("person_invite", args=["lakeview", world.people_a[2].pk])
    assert as_user("officer").get(url).status_code == 405

"""Joining from the public page: the signed form, the card by email, matching, staff approval."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PersonFactory
from unionhall.core.models import AuditEntry
from unionhall.members.models import Application, DuesAuthorization, DuesPolicy, TermsVersion


@pytest.fixture
def joinable(world):
    TermsVersion.objects.create(local=world.local, version=1, text_en="Be kind. Pay dues.",
                                text_es="Sea amable. Pague cuotas.")
    TermsVersion.objects.create(local=world.local, version=2, text_en="Terms v2 in English.",
                                text_es="Términos v2 en español.")
    from unionhall.members.models import DuesRate

    for affiliate, cents in ((world.local.parent.parent, 21000), (world.local.parent, 40000),
                             (world.local, 24000)):
        DuesRate.objects.create(affiliate=affiliate, category="full_time", label="Full time",
                                min_fte="0.5", max_fte="1", yearly_cents=cents,
                                effective_from=dt.date(2020, 9, 1))
        DuesRate.objects.create(affiliate=affiliate, category="part_time", label="Part time",
                                min_fte="0", max_fte="0.499", yearly_cents=cents // 2,
                                effective_from=dt.date(2020, 9, 1))
    DuesPolicy.objects.create(local=world.local, pay_periods=24)
    return world


def form_data(world, **overrides):
    data = {
        "legal_first_name": "Rosa", "legal_last_name": "Delgado", "preferred_name": "",
        "personal_email": "rosa@example.org", "mobile_phone": "555-0142", "street": "9 Elm St",
        "city": "Lakeview", "state": "CA", "postal_code": "90001", "language": "es",
        "worksite": world.site_a.pk, "job_class": world.people_a[0].job_class_id, "fte": "1",
        "employee_id": "", "typed_name": "Rosa Delgado", "consent": "on", "terms_version": "2",
    }
    data.update(overrides)
    return data


def submit(client, world, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("join", args=["lakeview"]), form_data(world, **overrides))


def test_public_join_page_shows_dues_and_current_terms(joinable, client):
    response = client.get(reverse("join", args=["lakeview"]), {"dues-fte": "1"},
                          HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Términos v2 en español." in html and "Be kind" not in html
    assert "$850.00" in html  # 210 + 400 + 240 a year


def test_new_signer_joins_and_gets_the_card(joinable, client,
                                            django_capture_on_commit_callbacks):
    response = submit(client, joinable, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].endswith("/join/thanks/")
    application = Application.objects.get()
    assert application.match == "new" and application.person is None
    assert application.terms.version == 2 and len(application.terms_sha256) == 64
    assert application.ip_address == "127.0.0.1"
    assert application.yearly_cents == 85000
    assert sum([application.per_paycheck_cents]) > 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"] and "Hola" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(verb="application.submitted").exists()


def test_signing_twice_is_refused_and_nothing_is_duplicated(joinable, client,
                                                            django_capture_on_commit_callbacks):
    submit(client, joinable, django_capture_on_commit_callbacks)
    response = submit(client, joinable, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "already signed" in response.content.decode()
    assert Application.objects.count() == 1


def test_member_is_told_they_already_are(joinable, client, django_capture_on_commit_callbacks):
    member = joinable.people_a[0]
    response = submit(client, joinable, django_capture_on_commit_callbacks,
                      employee_id=member.employee_id, language="en")
    assert "already a member" in response.content.decode()
    assert not Application.objects.exists()


def test_employee_id_match_is_pending_and_can_be_approved_automatically(
        joinable, client, django_capture_on_commit_callbacks):
    person = PersonFactory(local=joinable.local, worksite=joinable.site_a, status="non_member")
    DuesPolicy.objects.filter(local=joinable.local).update(auto_approve_on_employee_id=True)
    submit(client, joinable, django_capture_on_commit_callbacks, employee_id=person.employee_id)
    application = Application.objects.get()
    assert application.match == "employee_id" and application.status == "approved"
    person.membership.refresh_from_db()
    assert person.membership.status == "member"
    assert DuesAuthorization.objects.get(person=person).status == "active"
    person.refresh_from_db()
    assert person.personal_email == "rosa@example.org"  # contact details from the form
    assert person.changes.get().source == "join"


def test_name_match_waits_for_staff_who_approve(joinable, client, as_user,
                                                django_capture_on_commit_callbacks):
    person = PersonFactory(local=joinable.local, worksite=joinable.site_a, status="non_member",
                           legal_first_name="Rosa", legal_last_name="Delgado")
    submit(client, joinable, django_capture_on_commit_callbacks, legal_last_name="Delgada",
           typed_name="Rosa Delgada")
    application = Application.objects.get()
    assert application.match == "name" and application.person == person
    assert application.status == "pending"
    officer = as_user("officer")
    listing = officer.get(reverse("application_list", args=["lakeview"])).content.decode()
    assert "Delgada" in listing
    detail = officer.get(reverse("application_detail", args=["lakeview", application.pk]))
    assert "Approve as" in detail.content.decode()
    officer.post(reverse("application_decide", args=["lakeview", application.pk]),
                 {"decision": "approve"})
    application.refresh_from_db()
    person.membership.refresh_from_db()
    assert application.status == "approved" and person.membership.status == "member"
    assert person.membership_changes.first().to_status == "member"
    assert AuditEntry.objects.get(verb="application.approved").actor == joinable.users["officer"]


def test_staff_can_approve_as_a_new_person_or_reject(joinable, client, as_user,
                                                    django_capture_on_commit_callbacks):
    submit(client, joinable, django_capture_on_commit_callbacks)
    application = Application.objects.get()
    admin = as_user("admin")
    url = reverse("application_decide", args=["lakeview", application.pk])
    response = admin.post(url, {"decision": "reject"}, follow=True)
    assert "Say why" in response.content.decode()
    admin.post(url, {"decision": "approve_new"})
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.person.membership.status == "member"
    assert application.person.legal_last_name == "Delgado"
    response = admin.post(url, {"decision": "reject", "note": "late"}, follow=True)
    assert "already been decided" in response.content.decode()


def test_bad_form_shows_messages_and_writes_nothing(joinable, client,
                                                   django_capture_on_commit_callbacks):
    response = submit(client, joinable, django_capture_on_commit_callbacks, consent="",
                      personal_email="", mobile_phone="", typed_name="Someone Else", fte="7")
    html = response.content.decode()
    assert response.status_code == 200
    assert "personal email or a mobile phone" in html
    assert "full legal name" in html
    assert not Application.objects.exists() and not mail.outbox


def test_changed_terms_ask_to_sign_again(joinable, client, django_capture_on_commit_callbacks):
    response = submit(client, joinable, django_capture_on_commit_callbacks, terms_version="1")
    assert "terms and conditions have just changed" in response.content.decode()
    assert not Application.objects.exists()


def test_no_terms_no_online_joining(world, client):
    html = client.get(reverse("join", args=["lakeview"])).content.decode()
    assert "Online joining opens" in html


def test_applications_are_not_for_members_or_reps(joinable, as_user):
    url = reverse("application_list", args=["lakeview"])
    assert as_user("member").get(url).status_code == 403
    assert as_user("rep").get(url).status_code == 403
    assert as_user("outsider").get(url).status_code == 403


def test_a_local_with_signed_forms_can_still_be_deleted(joinable, client,
                                                        django_capture_on_commit_callbacks):
    from unionhall.core.actions import delete_local

    person = PersonFactory(local=joinable.local, worksite=joinable.site_a, status="non_member")
    submit(client, joinable, django_capture_on_commit_callbacks, employee_id=person.employee_id)
    from unionhall.members.actions import approve_application

    approve_application(Application.objects.get(), by=None)
    delete_local(joinable.local)
    assert not Application.objects.exists() and not DuesAuthorization.objects.exists()

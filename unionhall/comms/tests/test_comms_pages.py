"""The message pages as an officer uses them: write, translate, preview who it goes to (and
who has no email), send, follow the delivery; and query counts that do not grow with the
audience or the number of messages."""

import datetime as dt
import re

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, WorksiteFactory
from unionhall.comms import actions, sending
from unionhall.comms.models import Delivery, Message
from unionhall.comms.tests.conftest import write


def url(name, message=None, **kwargs):
    if message is not None:
        kwargs["pk"] = message.pk
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


def officer(as_user):
    return as_user("officer")


def test_write_a_draft_then_translate_it(world, as_user):
    client = officer(as_user)
    page = client.get(url("message_new")).content.decode()
    assert "Alder Elementary" in page and "Birch Middle School" in page
    response = client.post(url("message_new"), {
        "subject": "Route bid meeting Thursday", "topic": "events", "language": "en",
        "body": "Bring your **questions**.", "worksites": [world.site_a.pk],
        "statuses": ["member"]})
    message = Message.objects.get()
    assert response.status_code == 302 and response["Location"] == url("message_edit", message)
    assert message.status == "draft" and message.created_by == world.users["officer"]
    assert message.audience["worksites"] == [world.site_a.pk]

    page = client.get(url("message_edit", message)).content.decode()
    assert "Subject in Spanish" in page and "<strong>questions</strong>" in page
    assert re.search(rf'value="{world.site_a.pk}"[^>]*checked', page)
    response = client.post(url("message_edit", message), {
        "subject": "Route bid meeting Thursday", "topic": "events", "language": "en",
        "body": "Bring your **questions**.", "worksites": [world.site_a.pk],
        "subject_es": "Reunión del jueves", "body_es": "Traigan sus preguntas."})
    assert response.status_code == 302
    assert message.translations.get().subject == "Reunión del jueves"
    message.refresh_from_db()
    assert message.audience["statuses"] == []


def test_mistakes_come_back_to_the_form(world, as_user):
    client = officer(as_user)
    response = client.post(url("message_new"), {"subject": "", "topic": "events",
                                                "language": "en", "body": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    message = write(world.local)
    response = client.post(url("message_edit", message), {
        "subject": "Route bid", "topic": "events", "language": "en", "body": "Text",
        "subject_es": "Solo el asunto"})
    assert response.status_code == 200
    assert "both its subject and its text" in response.content.decode()


def test_the_edit_preview_is_sanitized(world, as_user):
    message = write(world.local, body="Hi <script>alert(1)</script> [x](javascript:alert(1))")
    page = officer(as_user).get(url("message_edit", message)).content.decode()
    assert "<script>alert" not in page
    assert not re.search(r"href=\"javascript:", page)


def test_preview_counts_and_lists_who_has_no_email(world, as_user):
    quiet = PersonFactory(local=world.local, worksite=world.site_b, personal_email="",
                          legal_first_name="Graciela", legal_last_name="Ruiz",
                          mobile_phone="555-0142", language="es")
    message = write(world.local)
    actions.set_translation(message, "es", "Reunión de licitación", "Traigan preguntas.",
                            by=None)
    page = officer(as_user).get(url("message_preview", message)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "7 people in the audience" in text
    assert "6 get it by email" in text and "1 have no email address" in text
    assert "6 read it in English" in text and "0 read it in Spanish" in text
    assert "Graciela Ruiz" in page and "555-0142" in page and "Birch Middle School" in page
    assert quiet.legal_first_name not in page.split("noemail-h")[0]
    assert "Reunión de licitación" in page and "Route bid meeting Thursday" in page
    assert "Send to 7 people" in page


def test_preview_of_a_sent_message_goes_to_its_page(world, as_user):
    message = write(world.local)
    actions.send_message(message, by=None)
    response = officer(as_user).get(url("message_preview", message))
    assert response.status_code == 302 and response["Location"] == url("message_detail",
                                                                        message)
    response = officer(as_user).get(url("message_edit", message))
    assert response.status_code == 302 and response["Location"] == url("message_detail",
                                                                        message)


def _preview_queries(client, message) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("message_preview", message)).status_code == 200
    return len(ctx.captured_queries)


def test_preview_queries_do_not_grow_with_the_audience(world, as_user):
    client = officer(as_user)
    message = write(world.local)
    PersonFactory(local=world.local, worksite=world.site_a, personal_email="")
    small = _preview_queries(client, message)
    for i in range(40):
        site = WorksiteFactory(local=world.local, name=f"Extra School {i}")
        PersonFactory(local=world.local, worksite=site, personal_email="" if i % 2 else
                      f"extra{i}@example.org", language="es" if i % 3 else "en")
    actions.set_translation(message, "es", "Hola", "Texto", by=None)
    large = _preview_queries(client, message)
    assert large <= small + 1  # + the Spanish version's text


def test_send_from_the_page_once(world, as_user, django_capture_on_commit_callbacks):
    client = officer(as_user)
    message = write(world.local)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("message_send", message), follow=True)
    assert response.redirect_chain[-1][0] == url("message_detail", message)
    assert "6 emails are queued" in response.content.decode()
    assert len(mail.outbox) == 6
    response = client.post(url("message_send", message), follow=True)
    assert "already been sent" in response.content.decode()
    assert Delivery.objects.filter(message=message).count() == 6 and len(mail.outbox) == 6


def test_sending_to_no_one_stays_a_draft_with_the_reason(world, as_user):
    message = write(world.local, audience={"languages": ["es"]})
    response = officer(as_user).post(url("message_send", message), follow=True)
    assert response.redirect_chain[-1][0] == url("message_preview", message)
    assert "No one is in this audience" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "draft"


def test_the_message_page_shows_who_may_not_have_it(world, as_user):
    PersonFactory(local=world.local, worksite=world.site_a, personal_email="",
                  legal_first_name="Graciela", legal_last_name="Ruiz")
    message = write(world.local)
    actions.set_translation(message, "es", "Reunión", "Traigan preguntas.", by=None)
    actions.send_message(message, by=None)
    lost = sending.claim_next(message.pk)
    Delivery.objects.filter(pk=lost.pk).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=30))
    sending.work(message.pk)
    page = officer(as_user).get(url("message_detail", message)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Sent 5" in text and "No email address 1" in text and "Uncertain 1" in text
    assert "Languages English, Spanish" in text
    assert "Graciela Ruiz" in page
    assert lost.person.display_name in page
    assert "may or may not have arrived" in text and "not sent again" in text


def test_the_list_shows_drafts_and_counts(world, as_user):
    draft = write(world.local, subject="Rep training on two Saturdays")
    sent = write(world.local)
    actions.send_message(sent, by=None)
    sending.work(sent.pk)
    page = officer(as_user).get(url("message_list")).content.decode()
    assert url("message_edit", draft) in page and url("message_detail", sent) in page
    assert page.index("Rep training") < page.index("Route bid meeting")  # drafts first
    assert re.search(r'class="num">6</td>', page)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("message_list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_messages(world, as_user):
    client = officer(as_user)
    write(world.local)
    few = _list_queries(client)
    for i in range(12):
        message = write(world.local, subject=f"Message {i}")
        if i % 2:
            actions.send_message(message, by=None)
    assert _list_queries(client) == few


def test_another_locals_message_is_not_found(world, as_user):
    theirs = write(world.other_local)
    client = officer(as_user)
    for name in ("message_detail", "message_edit", "message_preview"):
        assert client.get(url(name, theirs)).status_code == 404
    assert client.post(url("message_send", theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"

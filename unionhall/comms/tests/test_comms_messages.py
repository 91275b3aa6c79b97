"""Writing a message: who may, what is checked, translations, drafts only, the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from unionhall.comms import actions
from unionhall.comms.models import Message, Translation
from unionhall.comms.tests.conftest import write
from unionhall.core.models import AuditEntry, Worksite


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_who_may_email_members_writes_or_sends(world, persona):
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        write(world.local, by=user)
    message = write(world.local)
    with pytest.raises(PermissionDenied):
        actions.update_message(message, by=user, subject="Changed")
    with pytest.raises(PermissionDenied):
        actions.set_translation(message, "es", "Hola", "Texto", by=user)
    with pytest.raises(PermissionDenied):
        actions.send_message(message, by=user)
    message.refresh_from_db()
    assert message.status == "draft" and message.subject == "Route bid meeting Thursday"


@pytest.mark.parametrize("persona", ["officer", "admin"])
def test_officers_and_the_admin_write_and_send(world, persona, send):
    user = world.users[persona]
    message = write(world.local, by=user)
    assert message.created_by == user
    actions.update_message(message, by=user, subject="Route bid meeting moved to Friday")
    send(message, by=user)
    message.refresh_from_db()
    assert message.status == "sent"
    verbs = list(AuditEntry.objects.filter(object_id=str(message.pk),
                                           object_type="comms.message")
                 .order_by("id").values_list("verb", "actor_id"))
    assert verbs == [("message.created", user.pk), ("message.updated", user.pk),
                     ("message.sent", user.pk)]
    changes = AuditEntry.objects.get(verb="message.sent").changes
    assert changes["people"] == 6 and changes["queued"] == 6 and changes["no_email"] == 0


def test_another_locals_officer_cannot_touch_this_locals_message(world):
    message = write(world.local)
    with pytest.raises(PermissionDenied):
        actions.send_message(message, by=world.users["outsider"])


@pytest.mark.parametrize("values, error", [
    ({"subject": "  "}, "subject"),
    ({"body": ""}, "Write the message"),
    ({"topic": "gossip"}, "what the message is about"),
    ({"language": "fr"}, "language"),
    ({"body": "x" * 50_001}, "at most"),
    ({"audience": {"statuses": ["boss"]}}, "membership statuses"),
    ({"audience": {"languages": ["fr"]}}, "languages"),
    ({"audience": {"roles": ["state_staff"]}}, "roles"),
    ({"audience": {"worksites": ["x"]}}, "worksites"),
])
def test_mistakes_are_refused_with_a_message(world, values, error):
    with pytest.raises(ValidationError) as exc:
        write(world.local, **values)
    assert error in " ".join(exc.value.messages)


def test_worksites_of_another_local_are_refused(world):
    theirs = Worksite.objects.filter(local=world.other_local).first()
    with pytest.raises(ValidationError, match="this local's worksites"):
        write(world.local, audience={"worksites": [world.site_a.pk, theirs.pk]})


def test_text_is_kept_clean_and_audience_normalized(world):
    message = write(world.local, subject="  Pay\u202e day \x07 ", body="Hello\r\nworld",
                    audience={"worksites": [str(world.site_b.pk), world.site_b.pk,
                                            world.site_a.pk], "languages": ["es", "es"]})
    assert message.subject == "Pay day"
    assert message.body == "Hello\nworld"
    assert message.audience == {"worksites": sorted([world.site_a.pk, world.site_b.pk]),
                                "job_families": [], "statuses": [], "languages": ["es"],
                                "roles": []}


def test_translations_are_written_changed_and_removed(world):
    message = write(world.local)
    actions.set_translation(message, "es", "Reunión", "Traigan preguntas.", by=None)
    assert Translation.objects.get(message=message).subject == "Reunión"
    actions.update_message(message, by=None, translations={"es": ("Reunión del jueves",
                                                                   "Traigan preguntas.")})
    assert Translation.objects.get(message=message).subject == "Reunión del jueves"
    actions.update_message(message, by=None, translations={"es": ("", "")})
    assert not Translation.objects.filter(message=message).exists()
    with pytest.raises(ValidationError, match="both its subject and its text"):
        actions.set_translation(message, "es", "Solo el asunto", "", by=None)
    with pytest.raises(ValidationError, match="another one"):
        actions.set_translation(message, "en", "Same", "Same", by=None)


def test_changing_the_language_drops_a_translation_into_it(world):
    message = write(world.local)
    actions.set_translation(message, "es", "Reunión", "Traigan preguntas.", by=None)
    actions.update_message(message, by=None, language="es", subject="Reunión",
                           body="Traigan preguntas.")
    assert not Translation.objects.filter(message=message).exists()


def test_a_sent_message_cannot_be_changed(world, send):
    message = send(write(world.local))
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.update_message(message, by=None, subject="Oops")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.set_translation(message, "es", "Hola", "Texto", by=None)
    assert Message.objects.get(pk=message.pk).subject == "Route bid meeting Thursday"


def test_an_audience_with_no_one_is_not_sent(world):
    message = write(world.local, audience={"languages": ["es"]})
    with pytest.raises(ValidationError, match="No one is in this audience"):
        actions.send_message(message, by=None)
    message.refresh_from_db()
    assert message.status == "draft" and not message.deliveries.exists()

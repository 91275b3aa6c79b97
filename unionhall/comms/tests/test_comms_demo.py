"""The demo's messages: two sent (their copies recorded as sent, nothing queued, nothing
emailed) and one draft."""

from django.core import mail

from unionhall.comms.demo import seed_messages
from unionhall.comms.models import Delivery, Message


def test_two_sent_and_a_draft(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = seed_messages(world.local)
    assert callbacks == [] and mail.outbox == []
    assert [m.status for m in made] == ["sent", "sent", "draft"]
    for message in made[:2]:
        message.refresh_from_db()
        assert message.finished_at is not None and message.finished_at < message.created_at
        statuses = set(Delivery.objects.filter(message=message)
                       .values_list("status", flat=True))
        assert statuses <= {"sent", "no_email"} and "sent" in statuses
        assert message.translations.filter(language="es").exists()
    assert Message.objects.filter(local=world.local).count() == 3
    assert not Delivery.objects.filter(message=made[2]).exists()

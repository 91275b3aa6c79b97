"""Email goes through the database task queue and is sent by the worker, not by the request."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from unionhall.core.mail import queue_email


@pytest.fixture
def database_queue(settings):
    # django-tasks rebuilds its backends when the TASKS setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_email_waits_for_commit_then_for_the_worker(database_queue):
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        queue_email("someone@example.org", "Hello", "Body")
        assert DBTaskResult.objects.count() == 0  # nothing is queued before commit
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_sends_nothing(database_queue):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("someone@example.org", "Hello", "Body")
        raise RuntimeError
    assert DBTaskResult.objects.count() == 0

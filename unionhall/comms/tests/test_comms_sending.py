"""The send pipeline, step by step: what each email carries (unsubscribe headers, footer,
sanitized body), one copy per person even when the worker dies mid-way, failures recorded,
the pace, the task queueing its own next run, and resuming a stalled message."""

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory
from unionhall.comms import actions, queries, sending
from unionhall.comms.models import Delivery, Message
from unionhall.comms.tests.conftest import write
from unionhall.members.models import EmailPreference

LINK = re.compile(r"<(https://union\.example\.org/unsubscribe/[^>]+/)>")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(world, n=0, **kwargs):
    """A message sent to the world's six people (plus `n` more at site A), its copies queued
    and no task run (on_commit does not fire inside a test's transaction)."""
    for _ in range(n):
        PersonFactory(local=world.local, worksite=world.site_a)
    message = write(world.local, **kwargs)
    actions.send_message(message, by=None)
    return message


def addresses():
    return [to for m in mail.outbox for to in m.to]


# --- the email ----------------------------------------------------------------------------


def test_each_email_has_a_one_click_unsubscribe(world, send):
    person = world.people_a[0]
    send(write(world.local, topic="bargaining"))
    email = next(m for m in mail.outbox if m.to == [person.personal_email])
    link = LINK.fullmatch(email.extra_headers["List-Unsubscribe"])[1]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.from_email.startswith("Lakeview ESP <")
    html = email.alternatives[0][0]
    assert link in html and link in email.body  # the visible link in the footer, both parts
    assert "Stop emails about Bargaining updates" in html
    # The link is that person's and that topic's: a mail client's one-click POST works.
    response = Client(enforce_csrf_checks=True).post(
        link.removeprefix("https://union.example.org"),
        {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailPreference.objects.get(person=person, topic="bargaining").wants is False


def test_the_footer_is_in_the_readers_language(world, send):
    world.people_b[1].language = "es"
    world.people_b[1].save()
    send(write(world.local))
    by_to = {m.to[0]: m.alternatives[0][0] for m in mail.outbox}
    assert '<footer lang="es"' in by_to[world.people_b[1].personal_email]
    assert '<footer lang="en"' in by_to[world.people_a[0].personal_email]


def test_the_body_is_sanitized_markdown(world, send):
    send(write(world.local, body="**Bold** <script>alert(1)</script> "
                                 "[x](javascript:alert(2)) [site](https://example.org)"))
    email = mail.outbox[0]
    html = email.alternatives[0][0]
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html)
    assert 'href="https://example.org"' in html
    assert "Bold" in email.body and "**" not in email.body


def test_the_subject_is_escaped_in_html(world, send):
    send(write(world.local, subject="Pay & <b>hours</b>"))
    email = mail.outbox[0]
    assert email.subject == "Pay & <b>hours</b>"
    assert "<b>hours</b>" not in email.alternatives[0][0]


# --- once, and only once --------------------------------------------------------------------


def test_a_message_is_never_sent_twice(world, send):
    message = write(world.local)
    send(message)
    assert len(mail.outbox) == 6
    with pytest.raises(ValidationError):
        send(message)
    assert len(mail.outbox) == 6
    assert Delivery.objects.filter(message=message).count() == 6


def test_all_sent_marks_the_message_sent(world, send):
    message = send(write(world.local))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.finished_at is not None
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {
        "sent"}
    assert sorted(addresses()) == sorted(p.personal_email for p in world.people_a
                                         + world.people_b)


def test_a_copy_claimed_by_a_killed_worker_is_not_sent_again(world):
    message = queued(world)
    lost = sending.claim_next(message.pk)  # claimed and committed: then the worker is killed
    assert Delivery.objects.get(pk=lost.pk).status == "sending"
    result = sending.work(message.pk)  # the next worker
    assert result["sent"] == 5
    assert lost.address not in addresses()
    assert len(addresses()) == len(set(addresses())) == 5
    message.refresh_from_db()
    assert message.status == "sent"
    assert Delivery.objects.get(pk=lost.pk).status == "sending"


def test_killed_in_the_middle_of_sending_then_restarted_sends_each_once(world, monkeypatch):
    message = queued(world, n=4)
    real_send = EmailMultiAlternatives.send
    calls = {"n": 0}

    def dies_on_the_fourth(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise SystemExit("killed")  # not an Exception: the worker process goes away
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", dies_on_the_fourth)
    with pytest.raises(SystemExit):
        sending.work(message.pk)
    statuses = list(Delivery.objects.filter(message=message).order_by("id")
                    .values_list("status", flat=True))
    assert statuses == ["sent"] * 3 + ["sending"] + ["queued"] * 6
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    sending.work(message.pk)  # a new worker
    assert len(addresses()) == len(set(addresses())) == 9
    assert Delivery.objects.filter(message=message, status="sent").count() == 9


def test_uncertain_after_ten_minutes(world):
    message = queued(world)
    lost = sending.claim_next(message.pk)
    sending.work(message.pk)
    assert not queries.is_uncertain(Delivery.objects.get(pk=lost.pk))
    assert queries.message_or_404(_access(world), message.pk).n_uncertain == 0
    Delivery.objects.filter(pk=lost.pk).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=11))
    assert queries.is_uncertain(Delivery.objects.get(pk=lost.pk))
    counted = queries.message_or_404(_access(world), message.pk)
    assert (counted.n_uncertain, counted.n_sent) == (1, 5)
    assert [d.pk for d in queries.problem_deliveries(message)] == [lost.pk]


def _access(world):
    from unionhall.core.permissions import access_for

    return access_for(world.users["officer"], world.local)


def test_a_failed_email_is_recorded_with_its_error(world, monkeypatch):
    message = queued(world)
    bad = world.people_a[2].personal_email
    real_send = EmailMultiAlternatives.send

    def refuse(self, *args, **kwargs):
        if self.to == [bad]:
            raise smtplib.SMTPRecipientsRefused({bad: (550, b"No such user")})
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    result = sending.work(message.pk)
    assert (result["sent"], result["failed"]) == (5, 1)
    failed = Delivery.objects.get(message=message, status="failed")
    assert failed.address == bad and "SMTPRecipientsRefused" in failed.error
    assert bad not in addresses()


def test_everyone_without_email_is_sent_at_once_with_nothing_queued(world, send):
    from unionhall.accounts.models import User

    for person in world.people_a + world.people_b:
        person.personal_email = ""
        person.save()
    User.objects.update(person=None)  # no account's address to fall back on either
    message = send(write(world.local))
    message.refresh_from_db()
    assert message.status == "sent" and mail.outbox == []
    assert Delivery.objects.filter(message=message, status="no_email").count() == 6


# --- the pace and the runs of the task ------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def test_emails_go_out_at_the_configured_pace(world, settings):
    settings.COMMS_EMAILS_PER_MINUTE = 30  # one every 2 seconds
    message = queued(world)
    clock = FakeClock()
    sending.work(message.pk, clock=clock, sleep=clock.sleep)
    assert clock.sleeps == [2.0] * 5
    assert len(mail.outbox) == 6


def test_a_run_stops_when_its_time_is_up_and_leaves_the_rest_queued(world, settings):
    settings.COMMS_EMAILS_PER_MINUTE = 60
    message = queued(world)
    clock = FakeClock()
    result = sending.work(message.pk, budget=2.5, clock=clock, sleep=clock.sleep)
    assert result == {"sent": 3, "failed": 0, "finished": False}
    assert Delivery.objects.filter(message=message, status="queued").count() == 3
    message.refresh_from_db()
    assert message.status == "sending"


def test_send_queues_one_task_when_it_commits(world, database_queue,
                                              django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    message = write(world.local)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.send_message(message, by=None)
    assert DBTaskResult.objects.count() == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    task = DBTaskResult.objects.get()
    assert task.task_path == "unionhall.comms.tasks.work_queue"
    assert task.args_kwargs["args"] == [message.pk]
    assert mail.outbox == []  # the worker sends, not the request


def test_each_run_queues_the_next_before_it_starts(world, database_queue, settings):
    from django_tasks_db.models import DBTaskResult

    from unionhall.comms.tasks import work_queue

    settings.COMMS_RUN_SECONDS = 30
    message = queued(world)
    before = timezone.now()
    result = work_queue.call(message.pk)
    assert result["sent"] == 6 and result["finished"]
    nxt = DBTaskResult.objects.get()
    assert nxt.status == "READY" and nxt.args_kwargs["args"] == [message.pk]
    assert nxt.run_after >= before + dt.timedelta(seconds=30)
    # The next run finds nothing left to send and queues no other.
    assert work_queue.call(message.pk)["sent"] == 0
    assert DBTaskResult.objects.count() == 1


def test_resume_stalled_requeues_only_messages_no_run_is_waiting_for(world, database_queue):
    from django_tasks_db.models import DBTaskResult

    message = queued(world)
    done = queued(world)
    sending.work(done.pk)
    assert sending.resume_stalled() == 1
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [[message.pk]]
    assert sending.resume_stalled() == 0  # a run is waiting
    # A run its worker died in (RUNNING long past a run's time) does not count.
    DBTaskResult.objects.update(status="RUNNING",
                                started_at=timezone.now() - dt.timedelta(hours=1))
    assert sending.resume_stalled() == 1
    DBTaskResult.objects.all().delete()
    sending.work(message.pk)
    assert sending.resume_stalled() == 0  # nothing left to send

"""The send pipeline: the task worker works through a message's deliveries one at a time.

For each copy, in this order:
1. claim: in a short transaction, the next `queued` row becomes `sending` (claimed_at set),
   and that is committed;
2. send the email;
3. mark it `sent` (or `failed`, with the error).

A worker killed between 1 and 3 leaves the row `sending`, and nothing ever sends a `sending`
row again: the person may miss this one email, but no one ever gets it twice. After
UNCERTAIN_AFTER such a row is shown as uncertain on the message's page. Rows still `queued`
are picked up by the next run of the task, on whichever worker is alive.

Pace: settings.COMMS_EMAILS_PER_MINUTE (default 120; 0 means no pause). One run of the task
works for at most settings.COMMS_RUN_SECONDS (default 60) and, before it starts, queues the
next run for when its own time is up: so a killed worker's message is taken up again by the
next worker within a minute, and a run that finishes the message leaves a next run with
nothing to do. See docs/communications.md.
"""

import datetime as dt
import logging
import time
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from unionhall.comms.models import Delivery, Message
from unionhall.comms.unsubscribe import headers as unsubscribe_headers
from unionhall.comms.unsubscribe import unsubscribe_url
from unionhall.core import markdown
from unionhall.members.models import Topic

logger = logging.getLogger(__name__)

# Time between the end of one run's budget and the start of the next run.
NEXT_RUN_MARGIN = dt.timedelta(seconds=2)
# A run of work_queue that has been RUNNING this much longer than a run's budget is dead.
DEAD_RUN_AFTER = dt.timedelta(minutes=5)
ERROR_LENGTH = 300


def emails_per_minute() -> float:
    return float(getattr(settings, "COMMS_EMAILS_PER_MINUTE", 120) or 0)


def run_seconds() -> float:
    return float(getattr(settings, "COMMS_RUN_SECONDS", 60))


def interval() -> float:
    rate = emails_per_minute()
    return 60.0 / rate if rate > 0 else 0.0


# --- the three steps of one copy ------------------------------------------------------------


def claim_next(message_id: int) -> Delivery | None:
    """The next queued copy of the message, now `sending` and committed; None when none is
    left. Two workers never claim the same row: PostgreSQL skips rows another transaction
    holds, and the update only succeeds from `queued` (SQLite runs one writer at a time)."""
    while True:
        with transaction.atomic():
            row = (Delivery.objects.select_for_update(skip_locked=True)
                   .filter(message_id=message_id, status=Delivery.Status.QUEUED)
                   .order_by("id").only("id").first())
            if row is None:
                return None
            now = timezone.now()
            claimed = (Delivery.objects.filter(pk=row.pk, status=Delivery.Status.QUEUED)
                       .update(status=Delivery.Status.SENDING, claimed_at=now))
        if claimed:
            return Delivery.objects.select_related("person", "message__local").get(pk=row.pk)


def mark_sent(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), error="")


def mark_failed(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED, error=error[:ERROR_LENGTH])


def finish_if_done(message_id: int) -> bool:
    """The message is sent once no copy waits in the queue."""
    if Delivery.objects.filter(message_id=message_id, status=Delivery.Status.QUEUED).exists():
        return False
    Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
        status=Message.Status.SENT, finished_at=timezone.now())
    return True


# --- what the email says ----------------------------------------------------------------------


def content(message: Message, language: str) -> tuple[str, str]:
    """Subject and Markdown body in `language` (the translation, else the message itself)."""
    if language != message.language:
        for t in message.translations.all():
            if t.language == language:
                return t.subject, t.body
    return message.subject, message.body


def from_address(local) -> str:
    """The site's sender address under the local's name: "Lakeview ESP <noreply@…>"."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((local.name, address)) if address else settings.DEFAULT_FROM_EMAIL


def preferences_url(local) -> str:
    return settings.SITE_URL + reverse("email_preferences", kwargs={"local_slug": local.slug})


def render_email(message: Message, language: str, *, footer_language: str,
                 unsubscribe: str, preferences: str) -> dict:
    """Subject, text and HTML of one copy: the body in `language`, the footer (why they get
    it and how to stop) in the reader's own language."""
    subject, body = content(message, language)
    local = message.local
    with translation.override(footer_language):
        topic = str(Topic(message.topic).label)
        footer = {"local": local.name, "topic": topic, "unsubscribe_url": unsubscribe,
                  "preferences_url": preferences}
        footer_text = render_to_string("comms/email/footer.txt", footer).strip()
        footer_html = render_to_string("comms/email/footer.html", footer)
    context = {"subject": subject, "language": language, "local": local,
               "body_text": markdown.plain(body),
               "body_html": mark_safe(markdown.render(body)),  # noqa: S308 (nh3-sanitized)
               "footer_text": footer_text,
               "footer_html": mark_safe(footer_html)}  # noqa: S308 (our template, escaped)
    return {"subject": subject,
            "text": render_to_string("comms/email/message.txt", context),
            "html": render_to_string("comms/email/message.html", context),
            "content_html": render_to_string("comms/email/_content.html", context)}


def build_email(delivery: Delivery, connection=None) -> EmailMultiAlternatives:
    message = delivery.message
    person = delivery.person
    link = unsubscribe_url(person.pk, message.topic)
    parts = render_email(message, delivery.language,
                         footer_language=person.language or message.local.language or "en",
                         unsubscribe=link, preferences=preferences_url(message.local))
    email = EmailMultiAlternatives(
        subject=parts["subject"], body=parts["text"], to=[delivery.address],
        from_email=from_address(message.local), connection=connection,
        headers=unsubscribe_headers(person.pk, message.topic))
    email.attach_alternative(parts["html"], "text/html")
    return email


# --- one run of the task --------------------------------------------------------------------


def work(message_id: int, *, budget: float | None = None, clock=time.monotonic,
         sleep=time.sleep) -> dict:
    """Send the message's queued copies, one at a time, at the configured pace, for at most
    `budget` seconds (None: until none is left). Returns the counts of this run."""
    pause = interval()
    started = clock()
    last = None
    done = {"sent": 0, "failed": 0, "finished": False}
    connection = get_connection()
    try:
        while True:
            if last is not None:
                if not has_queued(message_id):
                    break
                wait = max(0.0, pause - (clock() - last))
                if budget is not None and clock() - started + wait > budget:
                    break  # the next run (already queued) carries on
                if wait:
                    sleep(wait)
            delivery = claim_next(message_id)
            if delivery is None:
                break
            last = clock()
            try:
                build_email(delivery, connection).send()
            except Exception as exc:  # noqa: BLE001 (the person's row says what went wrong)
                logger.warning("Message %s to delivery %s failed: %s", message_id,
                               delivery.pk, exc)
                mark_failed(delivery, f"{type(exc).__name__}: {exc}")
                done["failed"] += 1
                try:
                    connection.close()  # the next copy opens a fresh connection
                except Exception:  # noqa: BLE001,S110
                    pass
            else:
                mark_sent(delivery)
                done["sent"] += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            logger.warning("Closing the mail connection failed", exc_info=True)
    done["finished"] = finish_if_done(message_id)
    return done


def has_queued(message_id: int) -> bool:
    return Delivery.objects.filter(message_id=message_id, status=Delivery.Status.QUEUED,
                                   message__status=Message.Status.SENDING).exists()


# --- when the worker died before queueing the next run -------------------------------------


def _pending_runs() -> set[int] | None:
    """The messages a run of work_queue is waiting for or working on (a RUNNING one that has
    gone on far longer than a run's budget is dead: its worker was killed). None when the
    task backend keeps no such record (not the database backend)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from unionhall.comms.tasks import work_queue

    if not isinstance(work_queue.get_backend(), DatabaseBackend):
        return None
    alive_since = timezone.now() - dt.timedelta(seconds=run_seconds()) - DEAD_RUN_AFTER
    pending = set()
    rows = (DBTaskResult.objects.filter(task_path=work_queue.module_path)
            .filter(status__in=["READY", "RUNNING"]).values_list("status", "started_at",
                                                                  "args_kwargs"))
    for status, started_at, args_kwargs in rows:
        if status == "RUNNING" and started_at is not None and started_at < alive_since:
            continue
        args = (args_kwargs or {}).get("args") or []
        if args:
            pending.add(args[0])
    return pending


def resume_stalled() -> int:
    """Queue a run for each message still sending with copies waiting and no run of the task
    pending (its worker died before it could queue the next one, or the queueing after the
    send's commit was lost). Safe to call any time: run it from run_scheduled."""
    from unionhall.comms.tasks import work_queue

    waiting = set(Delivery.objects.filter(status=Delivery.Status.QUEUED,
                                          message__status=Message.Status.SENDING)
                  .values_list("message_id", flat=True).distinct())
    if not waiting:
        return 0
    pending = _pending_runs() or set()
    resumed = 0
    for message_id in sorted(waiting - pending):
        work_queue.enqueue(message_id)
        resumed += 1
    return resumed

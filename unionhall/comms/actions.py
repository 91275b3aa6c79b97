"""Every write of member communications: writing a message and its translations, sending it
(one Delivery per person, then the task queue works through them: see sending.py), a person's
email preferences and the one-click unsubscribe."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.comms import queries
from unionhall.comms.audience import Audience
from unionhall.comms.models import Delivery, Message, Translation
from unionhall.core.audit import record
from unionhall.core.models import JobFamily, Worksite
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import EmailPreference, MembershipStatus, Person, Topic

MAX_SUBJECT = 200
MAX_BODY = 50_000
MESSAGE_FIELDS = ("subject", "body", "topic", "language", "audience")
BATCH = 1000


# --- writing ----------------------------------------------------------------------------------


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def clean_audience(local, audience) -> dict:
    """The audience as stored: known values of this local only, sorted, no repeats."""
    if isinstance(audience, Audience):
        audience = audience.to_json()
    audience = audience or {}
    try:
        worksites = sorted({int(x) for x in audience.get("worksites") or ()})
        families = sorted({int(x) for x in audience.get("job_families") or ()})
    except (TypeError, ValueError):
        raise ValidationError(_("Choose worksites and job families from the lists.")) from None
    statuses = sorted({str(x) for x in audience.get("statuses") or ()})
    languages = sorted({str(x) for x in audience.get("languages") or ()})
    roles = sorted({str(x) for x in audience.get("roles") or ()})
    if worksites and Worksite.objects.filter(local=local, pk__in=worksites).count() != len(
            worksites):
        raise ValidationError(_("Choose only this local's worksites."))
    if families and JobFamily.objects.filter(pk__in=families).count() != len(families):
        raise ValidationError(_("Choose job families from the list."))
    if set(statuses) - set(MembershipStatus.values):
        raise ValidationError(_("Choose membership statuses from the list."))
    if set(languages) - _languages():
        raise ValidationError(_("Choose languages from the list."))
    if set(roles) - set(queries.AUDIENCE_ROLES):
        raise ValidationError(_("Choose roles from the list."))
    return Audience(worksites=tuple(worksites), job_families=tuple(families),
                    statuses=tuple(statuses), languages=tuple(languages),
                    roles=tuple(roles)).to_json()


def _clean_message(local, values: dict) -> dict:
    data = {
        "subject": clean_text(values.get("subject") or "")[:MAX_SUBJECT],
        "body": clean_text(values.get("body") or ""),
        "topic": values.get("topic") or "",
        "language": values.get("language") or local.language or "en",
        "audience": clean_audience(local, values.get("audience")),
    }
    if not data["subject"]:
        raise ValidationError(_("Give the message a subject."))
    if not data["body"]:
        raise ValidationError(_("Write the message."))
    if len(data["body"]) > MAX_BODY:
        raise ValidationError(_("A message is at most %(n)s characters.") % {"n": MAX_BODY})
    if data["topic"] not in Topic.values:
        raise ValidationError(_("Choose what the message is about: people turn topics off "
                                "one by one."))
    if data["language"] not in _languages():
        raise ValidationError(_("Choose the language the message is written in."))
    return data


def _draft_for_update(message: Message) -> Message:
    message = Message.objects.select_for_update().select_related("local").get(pk=message.pk)
    if message.status != Message.Status.DRAFT:
        raise ValidationError(_("This message has been sent: it can no longer be changed."))
    return message


def _set_translation(message: Message, language: str, subject: str, body: str) -> str | None:
    """Write, change or (both left empty) remove one translation; what changed, or None."""
    subject = clean_text(subject or "")[:MAX_SUBJECT]
    body = clean_text(body or "")
    if language not in _languages():
        raise ValidationError(_("Choose the language of the translation."))
    if language == message.language:
        raise ValidationError(_("The message itself is written in this language: a "
                              "translation is in another one."))
    existing = Translation.objects.filter(message=message, language=language).first()
    if not subject and not body:
        if existing is not None:
            existing.delete()
            return "removed"
        return None
    if not subject or not body:
        raise ValidationError(_("A translation needs both its subject and its text (or leave "
                                "both empty)."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("A message is at most %(n)s characters.") % {"n": MAX_BODY})
    if existing is None:
        Translation.objects.create(message=message, language=language, subject=subject,
                                   body=body)
        return "added"
    if (existing.subject, existing.body) != (subject, body):
        existing.subject, existing.body = subject, body
        existing.save(update_fields=["subject", "body"])
        return "changed"
    return None


@transaction.atomic(durable=True)
def create_message(local, *, by, **values) -> Message:
    """A new message, as a draft: subject, body (Markdown), topic, language, audience."""
    require(by, local, Perm.EMAIL_MEMBERS)
    data = _clean_message(local, values)
    message = Message.objects.create(local=local, created_by=by, **data)
    record("message.created", by=by, affiliate=local, obj=message,
           changes={"topic": [None, message.topic], "audience": [None, message.audience]})
    return message


@transaction.atomic(durable=True)
def update_message(message: Message, *, by, translations: dict | None = None,
                   **values) -> Message:
    """Change a draft; `translations` is {language: (subject, body)} (both empty removes)."""
    require(by, message.local, Perm.EMAIL_MEMBERS)
    message = _draft_for_update(message)
    current = {f: getattr(message, f) for f in MESSAGE_FIELDS}
    data = _clean_message(message.local, {**current, **values})
    changes = {f: [current[f], data[f]] for f in MESSAGE_FIELDS
               if current[f] != data[f] and f != "body"}
    if current["body"] != data["body"]:
        changes["body"] = [None, "changed"]
    for field, value in data.items():
        setattr(message, field, value)
    message.save()
    if data["language"] != current["language"]:
        # A translation into what is now the message's own language would never be read.
        if Translation.objects.filter(message=message, language=data["language"]).delete()[0]:
            changes[f"translation_{data['language']}"] = [None, "removed"]
    for language, (subject, body) in (translations or {}).items():
        if language == message.language:
            continue
        done = _set_translation(message, language, subject, body)
        if done:
            changes[f"translation_{language}"] = [None, done]
    if changes:
        record("message.updated", by=by, affiliate=message.local, obj=message, changes=changes)
    return message


@transaction.atomic(durable=True)
def set_translation(message: Message, language: str, subject: str, body: str, *,
                    by) -> Translation | None:
    """Write (or, with subject and body empty, remove) the message in another language."""
    require(by, message.local, Perm.EMAIL_MEMBERS)
    message = _draft_for_update(message)
    done = _set_translation(message, language, subject, body)
    if done:
        record("message.updated", by=by, affiliate=message.local, obj=message,
               changes={f"translation_{language}": [None, done]})
    return Translation.objects.filter(message=message, language=language).first()


# --- sending --------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def send_message(message: Message, *, by, already_sent_at=None) -> Message:
    """Send a draft to its audience, once. In this one transaction: one Delivery per person
    (queries.recipients, the same rows the preview counts), each with the address and the
    language it goes in, and the message marked sending; when it commits, one task is queued
    that works through the deliveries (sending.py). A second send is refused.

    `already_sent_at` is for the system only (the demo): the copies are recorded as sent at
    that time and nothing is queued."""
    require(by, message.local, Perm.EMAIL_MEMBERS)
    message = Message.objects.select_for_update().select_related("local").get(pk=message.pk)
    if message.status != Message.Status.DRAFT:
        raise ValidationError(_("This message has already been sent. It is never sent twice: "
                                "write a new one to follow it up."))
    available = set(queries.content_languages(message))
    rows = (queries.recipients(message).order_by("pk")
            .values_list("pk", "language", "address"))
    now = timezone.now()
    simulated = already_sent_at is not None and by is None
    deliveries = []
    for person_id, language, address in rows.iterator(chunk_size=2000):
        if address:
            status = Delivery.Status.SENT if simulated else Delivery.Status.QUEUED
        else:
            status = Delivery.Status.NO_EMAIL
        deliveries.append(Delivery(
            message=message, person_id=person_id, address=address, status=status,
            language=queries.delivery_language(language, available, message.language),
            claimed_at=already_sent_at if simulated and address else None,
            sent_at=already_sent_at if simulated and address else None))
    if not deliveries:
        raise ValidationError(_("No one is in this audience: choose fewer filters."))
    Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
    queued = sum(d.status == Delivery.Status.QUEUED for d in deliveries)
    no_email = sum(d.status == Delivery.Status.NO_EMAIL for d in deliveries)
    message.queued_at = already_sent_at if simulated else now
    if queued:
        message.status = Message.Status.SENDING
    else:
        message.status = Message.Status.SENT
        message.finished_at = message.queued_at
    message.save(update_fields=["status", "queued_at", "finished_at"])
    record("message.sent", by=by, affiliate=message.local, obj=message,
           changes={"status": [Message.Status.DRAFT, message.status],
                    "people": len(deliveries), "queued": queued, "no_email": no_email})
    if queued:
        from unionhall.comms.tasks import work_queue

        message_id = message.pk
        transaction.on_commit(lambda: work_queue.enqueue(message_id))
    message.n_people, message.n_queued, message.n_no_email = len(deliveries), queued, no_email
    return message


# --- a person's email -------------------------------------------------------------------------


def _own(person: Person, by) -> None:
    if by is not None and by.person_id != person.pk:
        raise PermissionDenied


@transaction.atomic(durable=True)
def set_email_preferences(person: Person, *, topics: dict[str, bool], language: str,
                          by) -> dict:
    """A person chooses which topics they get by email, and their language: only their own
    (by=None: the system)."""
    _own(person, by)
    if set(topics) - set(Topic.values):
        raise ValidationError(_("Unknown topic."))
    if language not in _languages():
        raise ValidationError(_("Choose a language from the list."))
    person = Person.objects.select_for_update().select_related("local").get(pk=person.pk)
    existing = {row.topic: row for row in EmailPreference.objects.filter(person=person)}
    changes = {}
    for topic, wants in topics.items():
        wants = bool(wants)
        row = existing.get(topic)
        before = True if row is None else row.wants
        if before == wants:
            continue
        if row is None:
            EmailPreference.objects.create(person=person, topic=topic, wants=wants)
        else:
            row.wants = wants
            row.save(update_fields=["wants", "changed_at"])
        changes[topic] = [before, wants]
    if person.language != language:
        changes["language"] = [person.language, language]
        person.language = language
        person.save(update_fields=["language"])
    if changes:
        record("email_preferences.changed", by=by, affiliate=person.local, obj=person,
               changes=changes)
    return changes


@transaction.atomic(durable=True)
def unsubscribe(person: Person, topic: str, *, by=None) -> bool:
    """Turn one topic off for a person, from a signed unsubscribe link (the link is the
    authorisation: by is None, or the person themselves). True if it was on."""
    _own(person, by)
    if topic not in Topic.values:
        raise ValidationError(_("Unknown topic."))
    row, created = EmailPreference.objects.select_for_update().get_or_create(
        person=person, topic=topic, defaults={"wants": False})
    was_on = created or row.wants
    if not created and row.wants:
        row.wants = False
        row.save(update_fields=["wants", "changed_at"])
    if was_on:
        record("email.unsubscribed", by=by, affiliate=person.local, obj=person,
               changes={topic: [True, False]})
    return was_on

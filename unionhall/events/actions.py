"""Every write to events: creating and publishing them (the invitation email), answers with a
wait list that moves up by itself, cancelling, and check-in at the door.

Who may do what:
- RUN_EVENTS (officers, the local admin): create, change, publish and cancel events; answer for
  someone who is invited (a phone call to the office).
- MARK_ATTENDANCE (reps, stewards, officers, the admin) or RUN_EVENTS: check people in at the
  door, by the code on their phone or by name. Walk-ins who were not invited are welcome.
- A person (the user's own Person in the local): answer the events they are invited to, and
  check themself in with the code shown in the room.
- The system (`by=None`): anything; the RSVP link in an email calls `answer_rsvp` with
  `by=None` once its signature is checked. `now` is honoured for the system only (demo data).

The wait list: a "yes" past the capacity waits in line in the order of `answered_at`. Whenever
a place frees up (someone changes their "yes", the capacity goes up) the first in line gets it
in the same transaction and is told by email. Every change of answers locks the event's row
first, so two answers at the same moment cannot both take the last place.
"""

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionhall.comms.unsubscribe import headers as unsubscribe_headers
from unionhall.core import attempts, markdown
from unionhall.core.audit import diff, record
from unionhall.core.mail import queue_email
from unionhall.core.models import JobFamily, Role, Worksite
from unionhall.core.permissions import Perm, access_for, require
from unionhall.core.sanitize import clean_text
from unionhall.events import links
from unionhall.events import queries as q
from unionhall.events.models import RSVP, CheckIn, Event
from unionhall.members.models import EmailPreference, Person, Topic

EVENT_FIELDS = ("title", "description", "place", "video_url", "starts_at", "ends_at", "audience",
                "roles", "capacity")
M2M_FIELDS = ("worksites", "job_families")
# The roles an event may invite (those held in a local, not the member's own standing).
EVENT_ROLES = (Role.BUILDING_REP, Role.STEWARD, Role.GRIEVANCE_CHAIR, Role.OFFICER,
               Role.BARGAINING_TEAM, Role.ELECTION_COMMITTEE, Role.MENTORING_COORDINATOR,
               Role.LOCAL_ADMIN)
MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_PLACE = 300
MAX_CAPACITY = 100_000
# Stewards may check people in from two hours before the start (and afterwards, from a paper
# list); members check themselves in from then until an hour after the end.
CHECK_IN_OPENS = dt.timedelta(hours=2)
SELF_CHECK_IN_CLOSES = dt.timedelta(hours=1)
Y = RSVP.Answer.YES


class WrongCode(ValidationError):
    """The door code typed is not the event's (counted against the rate limit)."""


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def _now(by, now):
    return now if (now is not None and by is None) else timezone.now()


def _require_any(by, local, *perms: Perm) -> None:
    if by is None or by.is_superuser:
        return
    access = access_for(by, local)
    if not any(access.can(p) for p in perms):
        raise PermissionDenied


def _locked(event: Event) -> Event:
    """The event, locked for this transaction (its local read along, not locked)."""
    return (Event.objects.select_for_update(of=("self",)).select_related("local")
            .get(pk=event.pk))


# --- Creating and changing --------------------------------------------------------------------


def _objects(model, values, local=None) -> list:
    ids = []
    for value in values or ():
        ids.append(value.pk if hasattr(value, "pk") else int(value))
    qs = model.objects.filter(pk__in=ids)
    if local is not None:
        qs = qs.filter(local=local)
    found = list(qs.order_by("pk"))
    if len(found) != len(set(ids)):
        raise ValidationError(_("Choose from the list."))
    return found


def _check(local, values: dict) -> tuple[dict, dict]:
    """The event's fields and many-to-many values, cleaned, or a ValidationError by field."""
    data = {
        "title": clean_text(values.get("title") or "")[:MAX_TITLE],
        "description": clean_text(values.get("description") or ""),
        "place": clean_text(values.get("place") or "")[:MAX_PLACE],
        "video_url": (values.get("video_url") or "").strip(),
        "starts_at": values.get("starts_at"),
        "ends_at": values.get("ends_at"),
        "audience": values.get("audience") or Event.Audience.EVERYONE,
        "roles": [],
        "capacity": values.get("capacity"),
    }
    errors = {}
    if not data["title"]:
        errors["title"] = _("Give the event a title.")
    if len(data["description"]) > MAX_DESCRIPTION:
        errors["description"] = _("The description is at most %(n)s characters.") % {
            "n": MAX_DESCRIPTION}
    if data["video_url"] and not data["video_url"].startswith(("https://", "http://")):
        errors["video_url"] = _("A video link starts with https://.")
    if len(data["video_url"]) > 500:
        errors["video_url"] = _("The video link is too long.")
    if not data["place"] and not data["video_url"]:
        errors["place"] = _("Say where the event is: a place, a video link, or both.")
    if data["starts_at"] is None:
        errors["starts_at"] = _("Give the day and time the event starts.")
    if data["ends_at"] is None:
        errors["ends_at"] = _("Give the day and time the event ends.")
    elif data["starts_at"] is not None and data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = _("The event must end after it starts.")
    if data["audience"] not in Event.Audience.values:
        errors["audience"] = _("Choose who is invited.")
    capacity = data["capacity"]
    if capacity in ("", None):
        data["capacity"] = None
    else:
        try:
            data["capacity"] = int(capacity)
        except (TypeError, ValueError):
            data["capacity"] = 0
        if not 1 <= data["capacity"] <= MAX_CAPACITY:
            errors["capacity"] = _("Places: a whole number from 1 up, or empty for no limit.")
    related = {"worksites": [], "job_families": []}
    audience = data["audience"]
    try:
        if audience == Event.Audience.WORKSITES:
            related["worksites"] = _objects(Worksite, values.get("worksites"), local)
            if not related["worksites"]:
                errors["worksites"] = _("Choose at least one worksite.")
        if audience == Event.Audience.JOB_FAMILIES:
            related["job_families"] = _objects(JobFamily, values.get("job_families"))
            if not related["job_families"]:
                errors["job_families"] = _("Choose at least one job family.")
    except (ValidationError, TypeError, ValueError):
        errors["audience"] = _("Choose from the list.")
    if audience == Event.Audience.ROLES:
        roles = sorted({str(r) for r in values.get("roles") or ()})
        if any(r not in EVENT_ROLES for r in roles):
            errors["roles"] = _("Choose from the list.")
        elif not roles:
            errors["roles"] = _("Choose at least one role.")
        data["roles"] = roles
    if errors:
        raise ValidationError(errors)
    return data, related


def _snapshot(event: Event) -> dict:
    out = {f: getattr(event, f) for f in EVENT_FIELDS}
    out["starts_at"] = event.starts_at.isoformat() if event.starts_at else None
    out["ends_at"] = event.ends_at.isoformat() if event.ends_at else None
    out["roles"] = ",".join(event.roles or ())
    return out


@transaction.atomic(durable=True)
def create_event(local, *, by, **values) -> Event:
    """A draft event. `values`: title, description (Markdown), place, video_url, starts_at,
    ends_at, audience, worksites, job_families, roles, capacity (None: no limit)."""
    require(by, local, Perm.RUN_EVENTS)
    data, related = _check(local, values)
    event = Event.objects.create(local=local, created_by=_actor(by), **data)
    for name, objects in related.items():
        getattr(event, name).set(objects)
    record("event.created", by=by, affiliate=local, obj=event,
           changes={"title": [None, event.title], "starts_at": [None, event.starts_at.isoformat()],
                    "audience": [None, event.audience], "capacity": [None, event.capacity]})
    return event


@transaction.atomic(durable=True)
def update_event(event: Event, *, by, now=None, **values) -> Event:
    """Change an event. The places cannot go below the "yes" already confirmed; more places (or
    none: no limit) move the wait list up in order."""
    require(by, event.local, Perm.RUN_EVENTS)
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled: it can no longer be changed."))
    before = _snapshot(event)
    before_related = {n: sorted(getattr(event, n).values_list("pk", flat=True))
                      for n in M2M_FIELDS}
    current = {f: getattr(event, f) for f in EVENT_FIELDS}
    current.update({n: before_related[n] for n in M2M_FIELDS})
    merged = {**current, **{k: v for k, v in values.items() if k in EVENT_FIELDS + M2M_FIELDS}}
    data, related = _check(event.local, merged)
    confirmed = q.confirmed_count(event)
    if data["capacity"] is not None and data["capacity"] < confirmed:
        raise ValidationError({"capacity": _(
            "%(n)s people already have a place: the places cannot be fewer than that. Ask some "
            "of them first, or keep %(n)s places.") % {"n": confirmed}})
    for name, value in data.items():
        setattr(event, name, value)
    event.save(update_fields=list(EVENT_FIELDS))
    for name, objects in related.items():
        getattr(event, name).set(objects)
    event.__dict__.pop("_audience", None)
    changes = diff(before, _snapshot(event))
    after_related = {n: sorted(o.pk for o in related[n]) for n in M2M_FIELDS}
    for name in M2M_FIELDS:
        if before_related[name] != after_related[name]:
            changes[name] = [before_related[name], after_related[name]]
    record("event.updated", by=by, affiliate=event.local, obj=event, changes=changes)
    if event.status == Event.Status.PUBLISHED:
        _promote(event, by=by, now=_now(by, now))
    return event


# --- Publishing and cancelling ----------------------------------------------------------------


@transaction.atomic(durable=True)
def publish_event(event: Event, *, by, invite: bool = True, now=None) -> Event:
    """Publish a draft: invited people see it, and (the first time, unless `invite` is False)
    each of them who has an email and has not turned event emails off gets an invitation in
    their language with one-click Yes / No / Maybe links. The event comes back with
    `invitations` (how many emails were queued)."""
    require(by, event.local, Perm.RUN_EVENTS)
    event = _locked(event)
    now = _now(by, now)
    if event.status == Event.Status.PUBLISHED:
        raise ValidationError(_("This event is already published."))
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled: it cannot be published again."))
    if q.is_over(event, now):
        raise ValidationError(_("This event is already over."))
    first = event.published_at is None
    event.status = Event.Status.PUBLISHED
    event.published_at = event.published_at or now
    if not event.door_code:
        event.door_code = links.new_door_code()
    event.save(update_fields=["status", "published_at", "door_code"])
    event.invitations = _email_invitations(event) if (first and invite) else 0
    record("event.published", by=by, affiliate=event.local, obj=event,
           changes={"status": [Event.Status.DRAFT, Event.Status.PUBLISHED],
                    "invitations": [None, event.invitations]})
    return event


@transaction.atomic(durable=True)
def cancel_event(event: Event, *, by, now=None) -> Event:
    """Cancel: the answers are kept, and who said yes (waiting or not) or maybe is told."""
    require(by, event.local, Perm.RUN_EVENTS)
    event = _locked(event)
    now = _now(by, now)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is already cancelled."))
    if q.is_over(event, now):
        raise ValidationError(_("This event is already over."))
    was = event.status
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    told = _email_cancelled(event) if was == Event.Status.PUBLISHED else 0
    record("event.cancelled", by=by, affiliate=event.local, obj=event,
           changes={"status": [was, Event.Status.CANCELLED], "told": [None, told]})
    event.told = told
    return event


# --- Answers and the wait list ----------------------------------------------------------------


def _may_answer(by, event: Event, person: Person) -> None:
    if by is None or by.is_superuser:
        return
    if by.is_authenticated and by.person_id is not None and by.person_id == person.pk:
        return
    if not access_for(by, event.local).can(Perm.RUN_EVENTS):
        raise PermissionDenied


def _open_for_answers(event: Event, now) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled."), code="cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event is not published yet."), code="draft")
    if q.is_over(event, now):
        raise ValidationError(_("This event is over: answers are closed."), code="over")


@transaction.atomic(durable=True)
def answer_rsvp(event: Event, person: Person, answer: str, *, by, via: str = "page",
                now=None) -> RSVP:
    """Yes, no or maybe. A new "yes" when the event is full (or others already wait) joins the
    end of the wait list; answering "yes" again keeps one's place or place in line. A "yes"
    that becomes "no" or "maybe" frees a place for the first in line."""
    _may_answer(by, event, person)
    event = _locked(event)
    now = _now(by, now)
    if answer not in RSVP.Answer.values:
        raise ValidationError(_("Answer yes, no or maybe."), code="answer")
    _open_for_answers(event, now)
    if person.local_id != event.local_id or not q.is_invited(event, person):
        raise ValidationError(_("%(name)s is not invited to this event.") % {
            "name": person.display_name}, code="not_invited")
    rsvp = RSVP.objects.filter(event=event, person=person).first()
    before = (rsvp.answer, rsvp.waitlisted) if rsvp else (None, False)
    if rsvp is not None and rsvp.answer == answer:
        return rsvp  # the same answer again: a confirmed place or a place in line is kept
    if answer == Y:
        waiting = RSVP.objects.filter(event=event, answer=Y, waitlisted=True).exists()
        full = event.capacity is not None and q.confirmed_count(event) >= event.capacity
        waitlisted = full or waiting
    else:
        waitlisted = False
    if rsvp is None:
        rsvp = RSVP(event=event, person=person)
    rsvp.answer, rsvp.waitlisted, rsvp.answered_at, rsvp.via = answer, waitlisted, now, via[:10]
    rsvp.save()
    record("rsvp.answered", by=by, affiliate=event.local, obj=event,
           changes={"person": person.pk, "answer": [before[0], answer],
                    "waitlisted": [before[1], waitlisted], "via": via})
    promoted = _promote(event, by=by, now=now)
    if rsvp.pk in {r.pk for r in promoted}:
        rsvp.waitlisted = False
    return rsvp


def _promote(event: Event, *, by, now) -> list[RSVP]:
    """Give the free places to the first in line, in order, and tell them. Inside the caller's
    transaction, with the event locked."""
    line = (RSVP.objects.filter(event=event, answer=Y, waitlisted=True)
            .select_related("person__user").order_by("answered_at", "id"))
    if event.capacity is not None:
        free = event.capacity - q.confirmed_count(event)
        if free <= 0:
            return []
        line = line[:free]
    promoted = list(line)
    if not promoted:
        return []
    RSVP.objects.filter(pk__in=[r.pk for r in promoted]).update(waitlisted=False)
    for rsvp in promoted:
        rsvp.waitlisted = False
        record("rsvp.promoted", by=by, affiliate=event.local, obj=event,
               changes={"person": rsvp.person_id, "waitlisted": [True, False]})
        _email_person(event, rsvp.person, "events/email/place", _place_subject)
    return promoted


# --- Check-in ---------------------------------------------------------------------------------


def _open_for_check_in(event: Event, now) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled."), code="cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event is not published yet."), code="draft")
    if now < event.starts_at - CHECK_IN_OPENS:
        raise ValidationError(_("Check-in opens two hours before the event starts."),
                              code="early")


def _check_in(event: Event, person: Person, how: str, *, by, now) -> CheckIn:
    """Check in once: a second time changes nothing (and says so in `created`)."""
    check_in, created = CheckIn.objects.get_or_create(
        event=event, person=person, defaults={"how": how, "by": _actor(by)})
    if created:
        if by is None and now < timezone.now() - dt.timedelta(minutes=1):
            CheckIn.objects.filter(pk=check_in.pk).update(at=now)  # demo data, after the fact
            check_in.at = now
        record("event.checked_in", by=by, affiliate=event.local, obj=event,
               changes={"person": person.pk, "how": how})
    check_in.created = created
    return check_in


@transaction.atomic(durable=True)
def check_in_person(event: Event, person: Person, *, by, now=None) -> CheckIn:
    """A steward at the door marks someone in (found by name). Walk-ins who were not invited
    are welcome: they are checked in all the same."""
    _require_any(by, event.local, Perm.MARK_ATTENDANCE, Perm.RUN_EVENTS)
    event = _locked(event)
    now = _now(by, now)
    _open_for_check_in(event, now)
    if person.local_id != event.local_id:
        raise ValidationError(_("This person is not in the local."))
    return _check_in(event, person, CheckIn.How.MARKED, by=by, now=now)


@transaction.atomic(durable=True)
def check_in_by_code(event: Event, code: str, *, by, now=None) -> CheckIn:
    """A steward types the code a member shows on their phone. The code names one of the
    people who answered the event; the check-in comes back with `rsvp` (their answer)."""
    _require_any(by, event.local, Perm.MARK_ATTENDANCE, Perm.RUN_EVENTS)
    event = _locked(event)
    now = _now(by, now)
    _open_for_check_in(event, now)
    code = links.normalize_code(code)
    if not code:
        raise ValidationError(_("Type the code shown on the member's phone."), code="empty")
    rsvps = (RSVP.objects.filter(event=event).select_related("person")
             .only("id", "answer", "waitlisted", "event_id", "person"))
    found = [r for r in rsvps
             if secrets.compare_digest(links.check_in_code(event.pk, r.person_id), code)]
    if not found:
        raise ValidationError(_("No one who answered this event has that code. Check it, or "
                                "search for them by name."), code="wrong")
    if len(found) > 1:
        raise ValidationError(_("That code matches more than one person: search by name."),
                              code="ambiguous")
    check_in = _check_in(event, found[0].person, CheckIn.How.CODE, by=by, now=now)
    check_in.rsvp = found[0]
    return check_in


def _wrong_code_key(event: Event, by) -> str:
    return f"event-check-in:{event.pk}:{by.pk}"


def check_in_with_door_code(event: Event, code: str, *, by) -> CheckIn:
    """A member checks themself in with the code shown in the room. They must be invited, and
    when the event has a limit of places, have one. Checking in again is harmless. Five wrong
    codes in ten minutes lock them out of this event's code for the rest of those ten minutes
    (counted in the cache, outside the transaction that a wrong code rolls back)."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    key = _wrong_code_key(event, by)
    if attempts.locked_out(key):
        raise ValidationError(_("Too many wrong codes. Wait ten minutes, or ask a steward at "
                                "the door to check you in."), code="rate_limited")
    try:
        return _check_in_self(event, links.normalize_code(code), by=by)
    except WrongCode:
        attempts.count_wrong(key)
        raise


@transaction.atomic(durable=True)
def _check_in_self(event: Event, code: str, *, by) -> CheckIn:
    event = _locked(event)
    person = getattr(by, "person", None) if by.person_id else None
    if person is None or person.local_id != event.local_id:
        raise PermissionDenied
    now = timezone.now()
    existing = CheckIn.objects.filter(event=event, person=person).first()
    if existing is not None:
        existing.created = False
        return existing
    _open_for_check_in(event, now)
    if now > event.ends_at + SELF_CHECK_IN_CLOSES:
        raise ValidationError(_("Check-in for this event is closed. Ask a steward to mark "
                                "you present."), code="closed")
    if not q.is_invited(event, person):
        raise ValidationError(_("You are not invited to this event: ask a steward at the "
                                "door."), code="not_invited")
    if event.capacity is not None and not RSVP.objects.filter(
            event=event, person=person, answer=Y, waitlisted=False).exists():
        raise ValidationError(_("This event has a limit of places and you do not have one "
                                "yet: ask a steward at the door."), code="no_place")
    if not code:
        raise ValidationError(_("Type the code shown in the room."), code="empty")
    if not event.door_code or not secrets.compare_digest(code, event.door_code):
        raise WrongCode(_("That is not the code shown in the room. Check it and try again."),
                        code="wrong")
    return _check_in(event, person, CheckIn.How.CODE, by=by, now=now)


# --- Email ------------------------------------------------------------------------------------


def email_of(person: Person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("event_detail", kwargs={"local_slug": event.local.slug,
                                                               "pk": event.pk})


def _context(event: Event) -> dict:
    return {"event": event, "local": event.local, "url": event_url(event),
            "when": q.when(event),
            "description_text": markdown.plain(event.description),
            "description_html": mark_safe(markdown.render(event.description))}  # noqa: S308


def invitation_recipients(event: Event):
    """The invited people who have not turned event emails off, with their account (for its
    email when they have no personal one). One query, whatever their number."""
    opted_out = EmailPreference.objects.filter(topic=Topic.EVENTS, wants=False).values(
        "person_id")
    return (q.invited(event).exclude(pk__in=opted_out).select_related("user")
            .only("personal_email", "language", "preferred_name", "legal_first_name",
                  "legal_last_name", "user__email")
            .order_by("pk"))


# Stand-ins in the email rendered once per language, replaced for each person.
_SLOTS = {"name": "@@NAME@@", "yes": "@@YES@@", "no": "@@NO@@", "maybe": "@@MAYBE@@",
          "stop": "@@STOP@@"}


def stop_url(person_id: int) -> str:
    """The one-click link that turns event emails off (comms), or "" where it is not wired."""
    from django.urls import NoReverseMatch

    try:
        from unionhall.comms.unsubscribe import unsubscribe_url

        return unsubscribe_url(person_id, Topic.EVENTS)
    except (ImportError, NoReverseMatch):
        return ""


def _email_invitations(event: Event) -> int:
    """Queue one invitation per invited person with an email who wants event emails. The text
    is rendered once per language; each person's name and links are put in after."""
    local = event.local
    zone = ZoneInfo(local.time_zone)
    rendered: dict[str, tuple[str, str, str]] = {}
    queued = 0
    can_stop = bool(stop_url(0))
    for person in invitation_recipients(event).iterator(chunk_size=2000):
        to = email_of(person)
        if not to:
            continue
        language = person.language or local.language
        if language not in rendered:
            with translation.override(language), timezone.override(zone):
                context = {**_context(event), **{f"{k}_url": v for k, v in _SLOTS.items()},
                           "name": _SLOTS["name"]}
                if not can_stop:
                    context["stop_url"] = ""
                subject = _("You're invited: %(title)s") % {"title": event.title}
                body = render_to_string("events/email/invitation.txt", context)
                html = render_to_string("events/email/invitation.html", context)
            rendered[language] = (subject, body, html)
        subject, body, html = rendered[language]
        urls = {k: links.rsvp_url(event.pk, person.pk, k) for k in ("yes", "no", "maybe")}
        if can_stop:
            urls["stop"] = stop_url(person.pk)
        for key, url in urls.items():
            body = body.replace(_SLOTS[key], url)
            html = html.replace(_SLOTS[key], escape(url))
        body = body.replace(_SLOTS["name"], person.first_name)
        html = html.replace(_SLOTS["name"], escape(person.first_name))
        queue_email(to, subject, body, html,
                    headers=unsubscribe_headers(person.pk, Topic.EVENTS) if can_stop else None)
        queued += 1
    return queued


def _place_subject(event: Event) -> str:
    return _("You have a place: %(title)s") % {"title": event.title}


def _cancelled_subject(event: Event) -> str:
    return _("Cancelled: %(title)s") % {"title": event.title}


def _email_person(event: Event, person: Person, template: str, subject) -> bool:
    """One email to one person in their language (sent whatever their event-email choice:
    it is about an answer they gave)."""
    to = email_of(person)
    if not to:
        return False
    local = event.local
    with translation.override(person.language or local.language), \
            timezone.override(ZoneInfo(local.time_zone)):
        context = {**_context(event), "name": person.first_name,
                   "code": links.format_check_in_code(links.check_in_code(event.pk, person.pk))}
        queue_email(to, subject(event), render_to_string(f"{template}.txt", context),
                    render_to_string(f"{template}.html", context))
    return True


def _email_cancelled(event: Event) -> int:
    told = 0
    answered = (RSVP.objects.filter(event=event, answer__in=[Y, RSVP.Answer.MAYBE])
                .select_related("person__user").order_by("id"))
    for rsvp in answered.iterator(chunk_size=2000):
        told += _email_person(event, rsvp.person, "events/email/cancelled", _cancelled_subject)
    return told

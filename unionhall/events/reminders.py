"""The day-before reminder: on the day before a published event (in the local's own calendar),
everyone who answered yes or maybe gets an email in their language; who is on the wait list
is told they still are. Who turned event emails off gets nothing.

`send_due` runs hourly (run_scheduled). Each event is claimed by setting `reminder_sent_at` in
the same transaction that queues its emails (they leave when it commits), so however often the
scheduler runs, and even two at once, an event's reminders go out once.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from unionhall.comms.unsubscribe import headers as unsubscribe_headers
from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.events.models import RSVP, Event
from unionhall.members.models import EmailPreference, Topic

REMINDED = (RSVP.Answer.YES, RSVP.Answer.MAYBE)


def due_events(local, today: dt.date):
    """The local's published events starting tomorrow (local time) not yet reminded; never one
    that has already begun (a day replayed with --date long after)."""
    zone = ZoneInfo(local.time_zone)
    start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(today + dt.timedelta(days=2), dt.time.min, tzinfo=zone)
    return Event.objects.filter(local=local, status=Event.Status.PUBLISHED,
                                reminder_sent_at__isnull=True,
                                starts_at__gte=max(start, timezone.now()), starts_at__lt=end)


def send_due(local, today: dt.date) -> int:
    """Queue the reminders for the events starting the day after `today`; returns how many
    emails were queued. Running it again the same day queues none."""
    return sum(remind(pk) for pk in
               due_events(local, today).order_by("starts_at", "pk").values_list("pk", flat=True))


@transaction.atomic(durable=True)
def remind(event_pk: int) -> int:
    """Claim the event and queue its reminders, or do nothing if another run claimed it (or
    it was cancelled) in the meantime."""
    now = timezone.now()
    claimed = (Event.objects.filter(pk=event_pk, status=Event.Status.PUBLISHED,
                                    reminder_sent_at__isnull=True)
               .update(reminder_sent_at=now))
    if not claimed:
        return 0
    event = Event.objects.select_related("local").get(pk=event_pk)
    local = event.local
    sent = skipped = 0
    for rsvp in recipients(event):
        person = rsvp.person
        to = _email_of(person)
        if not to:
            skipped += 1
            continue
        subject, body = message(event, rsvp, person.language or local.language)
        queue_email(to, subject, body, headers=unsubscribe_headers(person.pk, Topic.EVENTS))
        sent += 1
    record("event.reminders_sent", by=None, affiliate=local, obj=event,
           changes={"sent": [None, sent], "no_email": [None, skipped]})
    return sent


def recipients(event):
    """The yes and maybe answers (the wait list included) of people who have not turned event
    emails off, with their person and account: one query."""
    opted_out = EmailPreference.objects.filter(topic=Topic.EVENTS, wants=False,
                                               person__local_id=event.local_id).values(
                                                   "person_id")
    return (RSVP.objects.filter(event=event, answer__in=REMINDED)
            .exclude(person_id__in=opted_out).select_related("person__user")
            .order_by("answered_at", "pk"))


def _email_of(person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None and user.is_active else ""


def _when(value, zone) -> tuple[str, str]:
    """("Thursday, March 5, 2026", "6:30 p.m.") in the active language, in the local's zone."""
    local = timezone.localtime(value, zone)
    return (f"{formats.date_format(local, 'l')}, {formats.date_format(local, 'DATE_FORMAT')}",
            formats.time_format(local, "TIME_FORMAT"))


def message(event, rsvp, language: str) -> tuple[str, str]:
    """The reminder's subject and text for one answer, in `language`."""
    local = event.local
    zone = ZoneInfo(local.time_zone)
    url = settings.SITE_URL + reverse("event_detail",
                                      kwargs={"local_slug": local.slug, "pk": event.pk})
    calendar_url = settings.SITE_URL + reverse("event_feed_settings",
                                               kwargs={"local_slug": local.slug})
    with translation.override(language):
        day, starts = _when(event.starts_at, zone)
        ends_day, ends = _when(event.ends_at, zone)
        subject = _("Tomorrow: %(title)s") % {"title": event.title}
        lines = [_("Hello %(name)s,") % {"name": rsvp.person.first_name}, ""]
        if ends_day == day:
            lines.append(_("A reminder: %(title)s is tomorrow, %(day)s, from %(starts)s to "
                           "%(ends)s.") % {"title": event.title, "day": day, "starts": starts,
                                           "ends": ends})
        else:
            lines.append(_("A reminder: %(title)s starts tomorrow, %(day)s, at %(starts)s, "
                           "and ends %(ends_day)s, %(ends)s.") % {
                "title": event.title, "day": day, "starts": starts, "ends_day": ends_day,
                "ends": ends})
        lines.append("")
        if event.place:
            lines.append(_("Where: %(place)s") % {"place": event.place})
        if event.video_url:
            lines.append(_("Video link: %(url)s") % {"url": event.video_url})
        if event.place or event.video_url:
            lines.append("")
        if rsvp.waitlisted:
            lines.append(_("You are still on the wait list: the event is full for now. If a "
                           "place opens up it is yours, and we email you at once."))
        elif rsvp.answer == RSVP.Answer.MAYBE:
            lines.append(_("You answered maybe. If you know now, please change your answer: "
                           "it helps us plan."))
        else:
            lines.append(_("You said you would come. If you cannot any more, please change "
                           "your answer so someone on the wait list can have your place."))
        answer_url = _optional_url(_rsvp_url, event.pk, rsvp.person_id)
        stop_url = _optional_url(_unsubscribe_url, rsvp.person_id)
        lines.append("")
        if answer_url:
            lines.append(_("Change your answer (no sign-in needed): %(url)s") % {
                "url": answer_url})
        lines += [_("Details: %(url)s") % {"url": url}, "", "— " + local.name, "",
                  _("You get this because you answered this event. Put the union's events in "
                    "your phone's calendar: %(url)s") % {"url": calendar_url}]
        if stop_url:
            lines.append(_("No more emails about events: %(url)s") % {"url": stop_url})
        else:
            lines.append(_("To stop emails about events, change your email settings when you "
                           "sign in."))
    return subject, "\n".join(lines)


def _rsvp_url(event_id: int, person_id: int) -> str:
    from unionhall.events.links import rsvp_url

    return rsvp_url(event_id, person_id)


def _unsubscribe_url(person_id: int) -> str:
    from unionhall.comms.unsubscribe import unsubscribe_url

    return unsubscribe_url(person_id, Topic.EVENTS)


def _optional_url(make, *args) -> str | None:
    """A signed link from the events or comms app, or None where that app's address is not
    wired (yet): the reminder still goes, with the sign-in route instead."""
    from django.urls import NoReverseMatch

    try:
        return make(*args)
    except (ImportError, NoReverseMatch):
        return None

"""Events as iCalendar (RFC 5545), with the `icalendar` package: one event's `.ics` file and a
person's calendar feed share the same VEVENT.

The UID is stable per event (`event-<pk>@<site host>`), so a calendar app updates the entry it
already has instead of adding another; SEQUENCE goes up with each change or cancellation
recorded in the audit log, and a cancelled event stays in the feed with STATUS:CANCELLED (and
"Cancelled:" in its title, which every app shows). Times are written in UTC.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from unionhall.core import markdown

# The audit verbs that change what a calendar shows, each one bumping SEQUENCE.
CHANGES = ("event.updated", "event.cancelled")


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(event) -> str:
    return f"event-{event.pk}@{site_host()}"


def event_url(event, local_slug: str) -> str:
    return settings.SITE_URL + reverse("event_detail",
                                       kwargs={"local_slug": local_slug, "pk": event.pk})


def sequences(event_ids) -> dict[int, int]:
    """{event pk: number of recorded changes}, in one query."""
    from unionhall.core.models import AuditEntry

    ids = [str(pk) for pk in event_ids]
    if not ids:
        return {}
    rows = (AuditEntry.objects.filter(object_type="events.event", object_id__in=ids,
                                      verb__in=CHANGES)
            .values("object_id").annotate(n=Count("id")).values_list("object_id", "n"))
    return {int(pk): n for pk, n in rows}


def vevent(event, *, url: str, now: dt.datetime, sequence: int = 0) -> VEvent:
    cancelled = event.status == event.Status.CANCELLED
    item = VEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", now.astimezone(dt.UTC))
    item.add("dtstart", event.starts_at.astimezone(dt.UTC))
    item.add("dtend", event.ends_at.astimezone(dt.UTC))
    item.add("summary", _("Cancelled: %(title)s") % {"title": event.title} if cancelled
             else event.title)
    if event.place:
        item.add("location", event.place)
    elif event.video_url:
        item.add("location", event.video_url)
    parts = []
    if cancelled:
        parts.append(_("This event is cancelled."))
    text = markdown.plain(event.description)
    if text:
        parts.append(text)
    if event.video_url:
        parts.append(_("Video link: %(url)s") % {"url": event.video_url})
    parts.append(_("Details and your answer: %(url)s") % {"url": url})
    item.add("description", "\n\n".join(parts))
    item.add("url", url)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("sequence", sequence)
    return item


def calendar(events, *, local, name: str, now: dt.datetime) -> bytes:
    """A VCALENDAR with each event (all of the local `local`); one query for the sequences."""
    cal = Calendar()
    cal.add("prodid", "-//Unionhall//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    # Ask calendar apps to look again every hour (most take it as a hint at best).
    cal.add("x-published-ttl", "PT1H")
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    events = list(events)
    seq = sequences(e.pk for e in events)
    for event in events:
        cal.add_component(vevent(event, url=event_url(event, local.slug), now=now,
                                 sequence=seq.get(event.pk, 0)))
    return cal.to_ical()

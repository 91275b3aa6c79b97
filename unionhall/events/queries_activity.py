"""Reads about one person: the events on their calendar (what they are invited to), the events
they attended and the messages they received. Each is a fixed number of queries, whatever the
number of events, check-ins or messages.

Who an event invites is the events core's rule (`queries.invitee` and `queries.invites`, the
same as `comms.audience.people`), asked here for a whole calendar at once.
"""

import datetime as dt

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from unionhall.comms.models import Delivery, Translation
from unionhall.core.models import JobFamily, Worksite
from unionhall.events import queries
from unionhall.events.models import CheckIn, Event

RECENT = 20
FEED_PAST = dt.timedelta(days=30)
FEED_AHEAD = dt.timedelta(days=365)
ON_CALENDAR = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def calendar_events(person, *, now) -> list[Event]:
    """The published and cancelled events the person is invited to that start from 30 days
    ago to a year ahead, soonest first. Five queries (the person, their roles, the events,
    the events' worksites and job families)."""
    who = queries.invitee(person.local, person.pk)
    if who is None:
        return []
    events = (Event.objects.filter(local_id=person.local_id, status__in=ON_CALENDAR,
                                   starts_at__gte=now - FEED_PAST,
                                   starts_at__lte=now + FEED_AHEAD)
              .prefetch_related(Prefetch("worksites", queryset=Worksite.objects.only("pk")),
                                Prefetch("job_families", queryset=JobFamily.objects.only("pk")))
              .order_by("starts_at", "pk"))
    return [e for e in events if queries.invites(e, who)]


# --- activity on the person page --------------------------------------------------------------


def events_attended(person, limit: int = RECENT) -> tuple[int, list[CheckIn]]:
    """How many events the person was checked in at, and the latest `limit` (two queries)."""
    rows = CheckIn.objects.filter(person=person)
    latest = list(rows.select_related("event").order_by("-event__starts_at", "-pk")[:limit])
    return rows.count(), latest


def messages_received(person, limit: int = RECENT) -> tuple[int, list]:
    """How many messages were sent to the person, and the latest `limit` as Delivery rows with
    `shown_subject`: the subject in the language they got it in (two queries)."""
    rows = Delivery.objects.filter(person=person, status=Delivery.Status.SENT)
    translated = Translation.objects.filter(message_id=OuterRef("message_id"),
                                            language=OuterRef("language")).values("subject")[:1]
    latest = list(rows.select_related("message")
                  .annotate(shown_subject=Coalesce(Subquery(translated), "message__subject"))
                  .order_by("-sent_at", "-pk")[:limit])
    return rows.count(), latest

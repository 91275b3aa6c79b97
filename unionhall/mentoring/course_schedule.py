"""The course's scheduled work, run hourly from run_scheduled:

- when a published offering's application window opens, the association's interest list is
  told, once per offering (`interest_told_at` claims it);
- from 9:00 on an offering's notification date (in its own time zone; never before its
  deadline), every decided application not yet told is emailed, once (`notified_at` claims
  it). Applications still undecided on that day wait: the review page shows them as overdue,
  and the next run after they are decided tells them.

Running it again, or two at once, sends nothing twice.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import CourseOffering

log = logging.getLogger(__name__)


def decisions_due(offering: CourseOffering, now: dt.datetime) -> bool:
    return now >= max(actions.notify_moment(offering), offering.deadline)


def send_due(now: dt.datetime | None = None) -> int:
    """Queue what is due at `now`; returns the number of emails queued."""
    now = now or timezone.now()
    published = CourseOffering.objects.filter(status=CourseOffering.Status.PUBLISHED)
    sent = 0
    for offering in published.filter(interest_told_at__isnull=True, opens_at__lte=now) \
            .select_related("affiliate").order_by("opens_at", "pk"):
        sent += actions.tell_interest_list(offering, by=None, now=now)
    # The notification day has begun somewhere on Earth by tomorrow's date in UTC.
    maybe = (published.filter(notify_on__lte=now.date() + dt.timedelta(days=1),
                              applications__status__in=actions.DECISIONS,
                              applications__notified_at__isnull=True)
             .select_related("affiliate").distinct().order_by("notify_on", "pk"))
    for offering in maybe:
        if not decisions_due(offering, now):
            continue
        try:
            sent += actions.send_decisions(offering, by=None, now=now)
        except ValidationError as exc:  # e.g. unpublished in the meantime
            log.warning("Course decisions for %s not sent: %s", offering.slug, exc.messages)
    return sent

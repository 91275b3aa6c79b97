"""Module releases: on a module's release day (in the offering's time zone) the members of the
offering's selected teams are told by email, in their language, that it is open, with its
activities and due dates. Who turned mentoring emails off is not emailed (the module opens
for them all the same).

`send_due(now)` runs hourly from run_scheduled. Each module is claimed by setting
`released_at` in the same transaction that queues its emails (they leave when it commits), so
however often the scheduler runs, and even two at once, a module is announced once."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from unionhall.comms.unsubscribe import headers as unsubscribe_headers
from unionhall.comms.unsubscribe import unsubscribe_url
from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.members.models import EmailPreference, Topic
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions.learning import email_of
from unionhall.mentoring.models import CourseOffering, Module, TeamApplication, TeamMember


def due_modules(now: dt.datetime) -> list[int]:
    """Ids of the published offerings' modules whose day has come and that were not announced.
    The day is compared in each offering's own time zone."""
    candidates = (Module.objects.filter(released_at__isnull=True,
                                        offering__status=CourseOffering.Status.PUBLISHED,
                                        releases_on__lte=(now + dt.timedelta(days=1)).date())
                  .select_related("offering").order_by("releases_on", "offering_id", "number"))
    return [m.pk for m in candidates if q.is_released(m, q.offering_today(m.offering, now))]


def send_due(now: dt.datetime | None = None) -> int:
    """Announce every module released by `now`; returns how many emails were queued. Running
    it again sends nothing twice."""
    now = now or timezone.now()
    return sum(release(pk, now) for pk in due_modules(now))


def recipients(offering: CourseOffering):
    """The members of the selected teams who have not turned mentoring emails off, with their
    account (for its email when they have no personal one) and local."""
    opted_out = EmailPreference.objects.filter(topic=Topic.MENTORING, wants=False).values(
        "person_id")
    return (TeamMember.objects.filter(application__offering=offering,
                                      application__status=TeamApplication.Status.SELECTED)
            .exclude(person_id__in=opted_out)
            .select_related("person__user", "application__local").order_by("id"))


@transaction.atomic(durable=True)
def release(module_pk: int, now: dt.datetime, *, notify: bool = True) -> int:
    """Claim the module and queue its announcements, or do nothing if another run claimed it
    in the meantime. `notify=False` (demo data of the past) claims it without email."""
    claimed = Module.objects.filter(pk=module_pk, released_at__isnull=True).update(
        released_at=now)
    if not claimed:
        return 0
    module = Module.objects.select_related("offering__affiliate").get(pk=module_pk)
    offering = module.offering
    sent = skipped = 0
    for member in recipients(offering) if notify else ():
        person = member.person
        to = email_of(person)
        if not to:
            skipped += 1
            continue
        local = member.application.local
        subject, body = message(module, person, person.language or local.language,
                                ZoneInfo(local.time_zone))
        queue_email(to, subject, body, headers=unsubscribe_headers(person.pk, Topic.MENTORING))
        sent += 1
    record("module.released", by=None, affiliate=offering.affiliate, obj=module,
           changes={"sent": [None, sent], "no_email": [None, skipped]})
    return sent


def _when(value: dt.datetime, zone: ZoneInfo) -> str:
    local = timezone.localtime(value, zone)
    return (f"{formats.date_format(local, 'l')}, {formats.date_format(local, 'DATE_FORMAT')}, "
            f"{formats.time_format(local, 'TIME_FORMAT')} {local.tzname()}")


def message(module: Module, person, language: str, zone: ZoneInfo) -> tuple[str, str]:
    """The announcement's subject and text for one member, in `language`, times in `zone`
    (their local's)."""
    offering = module.offering
    url = settings.SITE_URL + reverse("learning_module", kwargs={
        "offering_slug": offering.slug, "number": module.number})
    with translation.override(language):
        subject = _("Module %(n)s is open: %(title)s") % {"n": module.number,
                                                           "title": module.title}
        lines = [_("Hello %(name)s,") % {"name": person.first_name}, "",
                 _("Module %(n)s of %(course)s, \"%(title)s\", is open for your team.") % {
                     "n": module.number, "course": offering.title, "title": module.title}, ""]
        activities = list(module.activities.order_by("position", "id"))
        if activities:
            lines.append(_("In this module:"))
            for activity in activities:
                line = f"- {activity.title} ({activity.get_kind_display().lower()})"
                if activity.kind == activity.Kind.WEBINAR and activity.starts_at:
                    line += ": " + _when(activity.starts_at, zone)
                elif activity.due_on:
                    line += ": " + _("due %(day)s") % {
                        "day": formats.date_format(activity.due_on, "DATE_FORMAT")}
                lines.append(line)
            lines.append("")
        lines += [_("Start here: %(url)s") % {"url": url}, "", "— " + offering.affiliate.name,
                  "", _("You get this because your local's team takes part in the course."),
                  _("No more emails about mentoring: %(url)s") % {
                      "url": unsubscribe_url(person.pk, Topic.MENTORING)}]
    return subject, "\n".join(lines)

"""Every write to the course's offerings: the association that runs the course drafts and
publishes an offering (its modules are made with it), local teams apply by the deadline,
reviewers score the applications, who runs the course decides, and the decisions are emailed
on the notification date. People "not yet ready" join the interest list and are told once when
the next offering opens.

Who may do what:
- RUN_COURSE in the offering's association (national or state staff; national staff also for
  their states): create, change and publish offerings, set facilitators, decide, send the
  decisions now, see and export the interest list.
- A facilitator of the offering, or who runs it: score applications (1 to 5, with a note).
- MANAGE_MENTORING in a local below the offering's association (its mentoring coordinator,
  officers, admin): apply for the local's team, change the application until the deadline,
  withdraw it.
- Any signed-in user: ask to be told about an association's next offering; remove themself.
- The system (`by=None`): anything; `now` is honoured only for it (the demo, the scheduler).

Time: the deadline is a moment, announced in the offering's `time_zone`; an applicant who is
late is told the deadline in their own local's time zone. Decisions go out on `notify_on` from
9:00 in the morning in the offering's time zone (course_schedule.send_due), or when who runs
the course sends them by hand once every application is decided.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.core.audit import diff, record
from unionhall.core.mail import queue_email
from unionhall.core.models import Affiliate, Role, RoleAssignment
from unionhall.core.permissions import Perm, access_for, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import EmailPreference, Person, Topic
from unionhall.mentoring.models import (
    ApplicationReview,
    CourseInterest,
    CourseOffering,
    Module,
    TeamApplication,
    TeamMember,
)

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_NOTE = 2_000
MAX_MODULES = 12
MAX_WEEKS = 8
MAX_TEAM = 12
MAX_FACILITATORS = 30
# Decisions are emailed from this hour of the notification day, in the offering's time zone.
NOTIFY_HOUR = 9
DECISIONS = (TeamApplication.Status.SELECTED, TeamApplication.Status.WAITLISTED,
             TeamApplication.Status.DECLINED)
# Paths under /mentoring/course/ that an offering's slug may not take.
RESERVED_SLUGS = frozenset({"new", "interest"})
# The zones an offering's deadline is usually announced in (the association's own is added).
US_ZONES = (
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
    ("Pacific/Guam", "Chamorro (Guam)"),
)


def clock() -> dt.datetime:
    """Now (a function of its own so tests can stand at a deadline to the second)."""
    return timezone.now()


def _now(by, now):
    return now if (now is not None and by is None) else clock()


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def format_moment(moment: dt.datetime, zone: str) -> str:
    """A moment as it reads in `zone`: "Monday, June 7, 2027, 10:00 AM EDT"."""
    from django.utils import formats
    from django.utils.translation import pgettext

    fmt = pgettext("a moment with its weekday and zone", "l, F j, Y, g:i A T")
    return formats.date_format(moment.astimezone(ZoneInfo(zone)), fmt)


def notify_moment(offering: CourseOffering) -> dt.datetime:
    """When the decisions may go out: 9:00 on the notification day, in the offering's zone."""
    return dt.datetime.combine(offering.notify_on, dt.time(NOTIFY_HOUR),
                               tzinfo=ZoneInfo(offering.time_zone))


def offering_today(offering: CourseOffering, now=None) -> dt.date:
    return (now or clock()).astimezone(ZoneInfo(offering.time_zone)).date()


# --- who may ---------------------------------------------------------------------------------


def runs_course(user, affiliate: Affiliate) -> bool:
    if user is None:
        return True
    return user.is_superuser or access_for(user, affiliate).can(Perm.RUN_COURSE)


def _require_runs(by, affiliate: Affiliate) -> None:
    if not runs_course(by, affiliate):
        raise PermissionDenied


def _require_reviewer(by, offering: CourseOffering) -> None:
    if by is None or runs_course(by, offering.affiliate):
        return
    if not offering.facilitators.filter(pk=by.pk).exists():
        raise PermissionDenied


def course_associations(user):
    """The national and state associations where `user` runs the course (a queryset)."""
    associations = Affiliate.objects.filter(kind__in=(Affiliate.Kind.NATIONAL,
                                                      Affiliate.Kind.STATE))
    if user.is_superuser:
        return associations
    held = RoleAssignment.objects.filter(
        user=user, role__in=(Role.STATE_STAFF, Role.NATIONAL_STAFF),
        affiliate__kind__in=(Affiliate.Kind.NATIONAL, Affiliate.Kind.STATE)).values(
            "affiliate_id")
    return associations.filter(Q(pk__in=held) | Q(parent_id__in=held))


# --- offerings -------------------------------------------------------------------------------

OFFERING_FIELDS = ("title", "description", "contact_email", "opens_at", "deadline",
                   "time_zone", "notify_on", "starts_on", "module_count",
                   "weeks_between_modules", "asks_state_contact", "min_team_size",
                   "max_team_size")


def zone_choices(affiliate: Affiliate | None = None) -> list[tuple[str, str]]:
    """The zones offered for a deadline: the US zones and the association's own."""
    choices = [(zone, f"{label} ({zone})") for zone, label in US_ZONES]
    if affiliate is not None and affiliate.time_zone not in dict(US_ZONES):
        choices.insert(0, (affiliate.time_zone, affiliate.time_zone))
    return choices


def _int(value, low, high, message) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not low <= number <= high:
        raise ValidationError(message)
    return number


def _check_offering(values: dict) -> dict:
    """The offering's fields, cleaned, or a ValidationError by field."""
    data = {
        "title": clean_text(values.get("title") or "")[:MAX_TITLE],
        "description": clean_text(values.get("description") or "")[:MAX_TEXT * 2],
        "contact_email": (values.get("contact_email") or "").strip(),
        "opens_at": values.get("opens_at"),
        "deadline": values.get("deadline"),
        "time_zone": values.get("time_zone") or "America/New_York",
        "notify_on": values.get("notify_on"),
        "starts_on": values.get("starts_on"),
        "asks_state_contact": bool(values.get("asks_state_contact", True)),
    }
    errors: dict[str, str] = {}
    if not data["title"]:
        errors["title"] = _("Give the offering a title.")
    try:
        validate_email(data["contact_email"])
    except ValidationError:
        errors["contact_email"] = _("Give the address teams write to with questions.")
    if data["time_zone"] not in available_timezones():
        errors["time_zone"] = _("Choose a time zone from the list.")
    for key, message in (("opens_at", _("Give the day and time applications open.")),
                         ("deadline", _("Give the day and time of the deadline."))):
        moment = data[key]
        if not isinstance(moment, dt.datetime) or timezone.is_naive(moment):
            errors[key] = message
    if "opens_at" not in errors and "deadline" not in errors \
            and data["deadline"] <= data["opens_at"]:
        errors["deadline"] = _("The deadline must come after applications open.")
    if not isinstance(data["notify_on"], dt.date):
        errors["notify_on"] = _("Give the day by which teams are told.")
    elif "deadline" not in errors and "time_zone" not in errors and data["notify_on"] < \
            data["deadline"].astimezone(ZoneInfo(data["time_zone"])).date():
        errors["notify_on"] = _("Teams are told after the deadline, not before.")
    if not isinstance(data["starts_on"], dt.date):
        errors["starts_on"] = _("Give the day the cohort starts.")
    elif "notify_on" not in errors and data["starts_on"] < data["notify_on"]:
        errors["starts_on"] = _("The cohort starts after the teams are told.")
    numbers = (
        ("module_count", 5, 1, MAX_MODULES,
         _("Modules: a whole number from 1 to %(n)s.") % {"n": MAX_MODULES}),
        ("weeks_between_modules", 2, 1, MAX_WEEKS,
         _("Weeks between modules: a whole number from 1 to %(n)s.") % {"n": MAX_WEEKS}),
        ("min_team_size", 2, 1, MAX_TEAM,
         _("Smallest team: a whole number from 1 to %(n)s.") % {"n": MAX_TEAM}),
        ("max_team_size", 6, 1, MAX_TEAM,
         _("Largest team: a whole number from 1 to %(n)s.") % {"n": MAX_TEAM}),
    )
    for key, default, low, high, message in numbers:
        value = values.get(key)
        try:
            data[key] = _int(default if value in (None, "") else value, low, high, message)
        except ValidationError as exc:
            errors[key] = exc.messages[0]
    if "min_team_size" not in errors and "max_team_size" not in errors \
            and data["max_team_size"] < data["min_team_size"]:
        errors["max_team_size"] = _("The largest team cannot be smaller than the smallest.")
    if errors:
        raise ValidationError(errors)
    return data


def _unique_slug(title: str, starts_on: dt.date) -> str:
    base = slugify(f"{title} {starts_on.year}")[:52].strip("-") or "course"
    if base in RESERVED_SLUGS:
        base = f"{base}-course"
    taken = set(CourseOffering.objects.filter(slug__startswith=base)
                .values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _facilitators(emails) -> list:
    """Users by email (one per line or a list); unknown addresses are an error."""
    from django.contrib.auth import get_user_model

    if isinstance(emails, str):
        emails = re.split(r"[\s,;]+", emails)
    wanted = []
    for email in emails or ():
        email = (email or "").strip().lower()
        if email and email not in wanted:
            wanted.append(email)
    if len(wanted) > MAX_FACILITATORS:
        raise ValidationError(_("At most %(n)s facilitators.") % {"n": MAX_FACILITATORS})
    match = Q(pk__in=[])
    for email in wanted:
        match |= Q(email__iexact=email)
    users = {u.email.lower(): u for u in get_user_model().objects.filter(match)}
    missing = [e for e in wanted if e not in users]
    if missing:
        raise ValidationError(
            _("No one has an account with %(emails)s: a facilitator signs in to Unionhall "
              "first.") % {"emails": ", ".join(missing)})
    return [users[e] for e in wanted]


def module_schedule(offering: CourseOffering) -> list[dt.date]:
    """The day each module is released: the cohort's start, then every few weeks."""
    step = dt.timedelta(weeks=offering.weeks_between_modules)
    return [offering.starts_on + k * step for k in range(offering.module_count)]


def _schedule_modules(offering: CourseOffering) -> dict:
    """Make the modules the offering lacks and move the unreleased ones to the schedule; drop
    modules past the count when nothing is in them yet."""
    days = module_schedule(offering)
    existing = {m.number: m for m in offering.modules.all()}
    made = moved = dropped = 0
    for number, day in enumerate(days, 1):
        module = existing.get(number)
        if module is None:
            Module.objects.create(offering=offering, number=number,
                                  title=_("Module %(n)s") % {"n": number}, releases_on=day)
            made += 1
        elif module.released_at is None and module.releases_on != day:
            module.releases_on = day
            module.save(update_fields=["releases_on"])
            moved += 1
    for number, module in existing.items():
        if number <= len(days):
            continue
        if module.released_at is not None or module.activities.exists():
            raise ValidationError({"module_count": _(
                "Module %(n)s has activities or is released: it cannot be dropped. Remove its "
                "activities first, or keep %(n)s modules.") % {"n": number}})
        module.delete()
        dropped += 1
    return {"made": made, "moved": moved, "dropped": dropped}


def _check_association(affiliate: Affiliate) -> None:
    if affiliate.kind not in (Affiliate.Kind.NATIONAL, Affiliate.Kind.STATE):
        raise ValidationError(_("The course is run by a national or state association, not "
                                "a local."))


@transaction.atomic(durable=True)
def create_offering(affiliate: Affiliate, *, by, facilitators=None, **values) -> CourseOffering:
    """A draft offering with its modules ("Module 1"…, one every few weeks from the start)."""
    _require_runs(by, affiliate)
    _check_association(affiliate)
    data = _check_offering(values)
    people = _facilitators(facilitators) if facilitators is not None else []
    offering = CourseOffering.objects.create(
        affiliate=affiliate, slug=_unique_slug(data["title"], data["starts_on"]),
        created_by=_actor(by), **data)
    modules = _schedule_modules(offering)
    record("offering.created", by=by, affiliate=affiliate, obj=offering,
           changes={"modules": [None, modules["made"]]})
    if people:
        offering.facilitators.set(people)
        record("offering.facilitators_set", by=by, affiliate=affiliate, obj=offering,
               changes={"facilitators": [None, len(people)]})
    return offering


def _snapshot(offering: CourseOffering) -> dict:
    return {k: getattr(offering, k) for k in OFFERING_FIELDS}


@transaction.atomic(durable=True)
def update_offering(offering: CourseOffering, *, by, facilitators=None,
                    **values) -> CourseOffering:
    """Change an offering (e.g. extend its deadline). When its start or rhythm changes, the
    modules not yet released move with it. `facilitators`: None leaves them as they are."""
    _require_runs(by, offering.affiliate)
    offering = (CourseOffering.objects.select_for_update(of=("self",))
                .select_related("affiliate").get(pk=offering.pk))
    data = _check_offering({**_snapshot(offering), **values})
    before = _snapshot(offering)
    for key, value in data.items():
        setattr(offering, key, value)
    offering.save(update_fields=list(data))
    changes = diff(before, _snapshot(offering))
    if "description" in changes:  # the text itself stays out of the log
        changes["description"] = [None, "changed"]
    if {"starts_on", "module_count", "weeks_between_modules"} & set(changes):
        changes["modules"] = [None, _schedule_modules(offering)]
    record("offering.updated", by=by, affiliate=offering.affiliate, obj=offering,
           changes=changes)
    if facilitators is not None:
        _set_facilitators(offering, _facilitators(facilitators), by=by)
    return offering


def _set_facilitators(offering, people, *, by) -> None:
    before = set(offering.facilitators.values_list("pk", flat=True))
    after = {u.pk for u in people}
    if before == after:
        return
    offering.facilitators.set(people)
    record("offering.facilitators_set", by=by, affiliate=offering.affiliate, obj=offering,
           changes={"facilitators": [len(before), len(after)]})


@transaction.atomic(durable=True)
def set_facilitators(offering: CourseOffering, emails, *, by) -> CourseOffering:
    """The offering's facilitators, by the email of their accounts."""
    _require_runs(by, offering.affiliate)
    _set_facilitators(offering, _facilitators(emails), by=by)
    return offering


@transaction.atomic(durable=True)
def publish_offering(offering: CourseOffering, *, by, now=None) -> CourseOffering:
    """Show the offering to the locals below the association. The interest list is told when
    applications open (course_schedule.send_due)."""
    _require_runs(by, offering.affiliate)
    offering = CourseOffering.objects.select_for_update(of=("self",)).select_related(
        "affiliate").get(pk=offering.pk)
    if offering.status == CourseOffering.Status.PUBLISHED:
        raise ValidationError(_("The offering is already published."))
    now = _now(by, now)
    if offering.deadline <= now:
        raise ValidationError(_("The deadline has passed: set a new one before publishing."))
    offering.status = CourseOffering.Status.PUBLISHED
    offering.published_at = now
    offering.save(update_fields=["status", "published_at"])
    record("offering.published", by=by, affiliate=offering.affiliate, obj=offering)
    return offering


# --- applying --------------------------------------------------------------------------------


def window_error(offering: CourseOffering, local: Affiliate, now) -> str | None:
    """Why a local may not apply or change its application now, in its own time zone."""
    if offering.status != CourseOffering.Status.PUBLISHED:
        return _("This offering is not open for applications.")
    if now < offering.opens_at:
        return _("Applications open %(when)s.") % {
            "when": format_moment(offering.opens_at, local.time_zone)}
    if now >= offering.deadline:
        return _("The deadline was %(when)s.") % {
            "when": format_moment(offering.deadline, local.time_zone)}
    return None


def may_apply_for(offering: CourseOffering, local: Affiliate) -> bool:
    """The local is below the offering's association."""
    return (local.kind == Affiliate.Kind.LOCAL and local.pk != offering.affiliate_id
            and offering.affiliate_id in local.ancestor_ids())


def _check_team(offering: CourseOffering, local: Affiliate, members) -> list[dict]:
    """members: dicts {person (a Person or its id), role, job_title}."""
    rows, ids = [], []
    for member in members or ():
        person = member.get("person")
        if person in (None, ""):
            continue
        pk = person.pk if hasattr(person, "pk") else int(person)
        if pk in ids:
            raise ValidationError(_("Someone is on the team twice."))
        role = member.get("role") or TeamMember.Role.MEMBER
        if role not in TeamMember.Role.values:
            raise ValidationError(_("Choose each team member's role from the list."))
        ids.append(pk)
        rows.append({"person_id": pk, "role": role,
                     "job_title": clean_text(member.get("job_title") or "")[:120]})
    found = dict(Person.objects.filter(local=local, pk__in=ids)
                 .select_related("job_class").values_list("pk", "job_class__title"))
    if len(found) != len(ids):
        raise ValidationError(_("Team members are people of your local: choose them from the "
                                "list."))
    n = len(rows)
    if not offering.min_team_size <= n <= offering.max_team_size:
        raise ValidationError(
            _("A team has from %(min)s to %(max)s members; yours has %(n)s.")
            % {"min": offering.min_team_size, "max": offering.max_team_size, "n": n})
    if not any(r["role"] == TeamMember.Role.LEAD for r in rows):
        raise ValidationError(_("Name the team's lead: one member with the role “Team lead”."))
    for row in rows:
        row["job_title"] = row["job_title"] or (found[row["person_id"]] or "")
    return rows


def _check_answers(offering: CourseOffering, values: dict) -> dict:
    data = {"why": clean_text(values.get("why") or ""),
            "situation": clean_text(values.get("situation") or ""),
            "state_contact_name": clean_text(values.get("state_contact_name") or "")[:200],
            "state_contact_email": (values.get("state_contact_email") or "").strip()}
    if not data["why"]:
        raise ValidationError(_("Say why your local applies."))
    if not data["situation"]:
        raise ValidationError(_("Describe your local's situation."))
    if len(data["why"]) > MAX_TEXT or len(data["situation"]) > MAX_TEXT:
        raise ValidationError(_("Each answer is at most %(n)s characters.") % {"n": MAX_TEXT})
    if offering.asks_state_contact:
        if not data["state_contact_name"] or not data["state_contact_email"]:
            raise ValidationError(_("Name your state staff contact and their email."))
        try:
            validate_email(data["state_contact_email"])
        except ValidationError:
            raise ValidationError(_("The state staff contact's email is not an email "
                                    "address.")) from None
    else:
        data["state_contact_name"] = data["state_contact_email"] = ""
    return data


def _set_team(application: TeamApplication, rows: list[dict]) -> None:
    application.team_members.all().delete()
    TeamMember.objects.bulk_create(TeamMember(application=application, **r) for r in rows)


@transaction.atomic(durable=True)
def submit_application(offering: CourseOffering, local: Affiliate, *, by, members, why,
                       situation, state_contact_name="", state_contact_email="",
                       now=None) -> TeamApplication:
    """The local's team applies (once per offering; a withdrawn application may be sent
    again). Refused outside the window, with the deadline in the local's own time."""
    require(by, local, Perm.MANAGE_MENTORING)
    offering = CourseOffering.objects.select_for_update(of=("self",)).select_related(
        "affiliate").get(pk=offering.pk)
    if not may_apply_for(offering, local):
        raise PermissionDenied
    problem = window_error(offering, local, _now(by, now))
    if problem:
        raise ValidationError(problem)
    rows = _check_team(offering, local, members)
    data = _check_answers(offering, {"why": why, "situation": situation,
                                     "state_contact_name": state_contact_name,
                                     "state_contact_email": state_contact_email})
    application = TeamApplication.objects.filter(offering=offering, local=local).first()
    if application is not None and application.status != TeamApplication.Status.WITHDRAWN:
        raise ValidationError(_("Your local has already applied: change its application "
                                "instead."))
    values = {**data, "status": TeamApplication.Status.SUBMITTED, "submitted_by": _actor(by),
              "submitted_at": _now(by, now), "decided_by": None, "decided_at": None,
              "notified_at": None}
    if application is None:
        try:
            with transaction.atomic():
                application = TeamApplication.objects.create(offering=offering, local=local,
                                                             **values)
        except IntegrityError:
            raise ValidationError(_("Your local has already applied: change its application "
                                    "instead.")) from None
    else:
        for key, value in values.items():
            setattr(application, key, value)
        application.save()
        application.reviews.all().delete()
    _set_team(application, rows)
    record("course_application.submitted", by=by, affiliate=local, obj=application,
           changes={"team": [None, len(rows)]})
    return application


def _locked_application(application: TeamApplication) -> TeamApplication:
    return (TeamApplication.objects.select_for_update(of=("self",))
            .select_related("offering__affiliate", "local").get(pk=application.pk))


@transaction.atomic(durable=True)
def update_application(application: TeamApplication, *, by, members, why, situation,
                       state_contact_name="", state_contact_email="",
                       now=None) -> TeamApplication:
    """Change the team or the answers, until the deadline."""
    require(by, application.local, Perm.MANAGE_MENTORING)
    application = _locked_application(application)
    offering, local = application.offering, application.local
    if application.status != TeamApplication.Status.SUBMITTED:
        raise ValidationError(_("This application is %(status)s: it can no longer change.")
                              % {"status": application.get_status_display().lower()})
    problem = window_error(offering, local, _now(by, now))
    if problem:
        raise ValidationError(problem)
    rows = _check_team(offering, local, members)
    data = _check_answers(offering, {"why": why, "situation": situation,
                                     "state_contact_name": state_contact_name,
                                     "state_contact_email": state_contact_email})
    before = {k: getattr(application, k) for k in data}
    before_team = sorted(application.team_members.values_list("person_id", "role"))
    for key, value in data.items():
        setattr(application, key, value)
    application.save(update_fields=list(data))
    _set_team(application, rows)
    changes = {k: [None, "changed"] for k in diff(before, data)}
    if sorted((r["person_id"], r["role"]) for r in rows) != before_team:
        changes["team"] = [len(before_team), len(rows)]
    record("course_application.updated", by=by, affiliate=local, obj=application,
           changes=changes)
    return application


@transaction.atomic(durable=True)
def withdraw_application(application: TeamApplication, *, by) -> TeamApplication:
    """The local takes its team out (a selected team frees its place). It may apply again
    before the deadline."""
    require(by, application.local, Perm.MANAGE_MENTORING)
    application = _locked_application(application)
    if application.status in (TeamApplication.Status.WITHDRAWN,
                              TeamApplication.Status.DECLINED):
        raise ValidationError(_("This application is %(status)s already.")
                              % {"status": application.get_status_display().lower()})
    before = application.status
    application.status = TeamApplication.Status.WITHDRAWN
    application.save(update_fields=["status"])
    record("course_application.withdrawn", by=by, affiliate=application.local, obj=application,
           changes={"status": [before, application.status]})
    return application


# --- reviewing and deciding ------------------------------------------------------------------


@transaction.atomic(durable=True)
def review_application(application: TeamApplication, *, by, score, note="") -> ApplicationReview:
    """One reviewer's score (1 to 5) and note; scoring again replaces their earlier one."""
    application = _locked_application(application)
    offering = application.offering
    _require_reviewer(by, offering)
    if by is None:
        raise ValidationError(_("A score is a reviewer's own."))
    if application.status == TeamApplication.Status.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."))
    score = _int(score, 1, 5, _("Score from 1 (weak) to 5 (strong)."))
    note = clean_text(note or "")[:MAX_NOTE]
    review, made = ApplicationReview.objects.update_or_create(
        application=application, reviewer=by, defaults={"score": score, "note": note})
    record("course_application.reviewed", by=by, affiliate=offering.affiliate, obj=application,
           changes={"score": [None, score]})
    return review


@transaction.atomic(durable=True)
def decide_application(application: TeamApplication, *, by, status, now=None) -> TeamApplication:
    """Selected, wait-listed or not selected ("submitted" takes a decision back). Decided after
    the deadline. Until the team is told, the decision may change; afterwards only a
    wait-listed team may be selected or declined, and it is told again."""
    application = _locked_application(application)
    offering = application.offering
    _require_runs(by, offering.affiliate)
    if status not in (*DECISIONS, TeamApplication.Status.SUBMITTED):
        raise ValidationError(_("Choose selected, wait-listed or not selected."))
    now = _now(by, now)
    if now < offering.deadline:
        raise ValidationError(_("Decide after the deadline, when every application is in "
                                "(teams may change theirs until then)."))
    if application.status == TeamApplication.Status.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."))
    before = application.status
    if before == status:
        return application
    if application.notified_at is not None:
        if before != TeamApplication.Status.WAITLISTED or status not in (
                TeamApplication.Status.SELECTED, TeamApplication.Status.DECLINED):
            raise ValidationError(_("The team has been told this decision: only a wait-listed "
                                    "team can still be selected or declined."))
        application.notified_at = None  # told again with the next sending
    application.status = status
    undone = status == TeamApplication.Status.SUBMITTED
    application.decided_by = None if undone else _actor(by)
    application.decided_at = None if undone else now
    application.save(update_fields=["status", "decided_by", "decided_at", "notified_at"])
    record("course_application.decided", by=by, affiliate=offering.affiliate, obj=application,
           changes={"status": [before, status]})
    return application


# --- telling the teams -----------------------------------------------------------------------


def email_of(person: Person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""


def _url(name: str, **kwargs) -> str:
    try:
        return settings.SITE_URL + reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def decision_message(application: TeamApplication, language: str) -> tuple[str, str]:
    """(subject, body) of the decision for one reader, in their language."""
    offering, local = application.offering, application.local
    status = application.status
    with translation.override(language):
        names = {"title": offering.title, "local": local.name,
                 "association": offering.affiliate.name,
                 "starts": _day(offering.starts_on),
                 "url": _url("course_detail", offering_slug=offering.slug),
                 "contact": offering.contact_email}
        if status == TeamApplication.Status.SELECTED:
            subject = _("Your team is selected: %(title)s") % names
            body = _("Congratulations: the team of %(local)s is selected for “%(title)s”, the "
                     "course %(association)s runs for local teams building their own ESP "
                     "mentoring program.\n\nThe course starts %(starts)s. The first module "
                     "opens that day; you will find it, with your team's page, here:\n"
                     "%(url)s\n\nQuestions: %(contact)s") % names
        elif status == TeamApplication.Status.WAITLISTED:
            subject = _("On the wait list: %(title)s") % names
            body = _("Thank you for applying to “%(title)s”. The team of %(local)s is on the "
                     "wait list: every place is taken for now. If one opens before the course "
                     "starts (%(starts)s), we will write to you at once.\n\n%(url)s\n\n"
                     "Questions: %(contact)s") % names
        else:
            subject = _("Your application: %(title)s") % names
            body = _("Thank you for applying to “%(title)s”. We could not offer the team of "
                     "%(local)s a place this time. We hope you will apply again: ask to be "
                     "told when the next course opens on the course's page.\n\n%(url)s\n\n"
                     "Questions: %(contact)s") % names
    return subject, body


def _day(value: dt.date) -> str:
    from django.utils import formats

    return f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'DATE_FORMAT')}"


def _decision_recipients(application: TeamApplication) -> list[tuple[str, str]]:
    """(email, language) of the team members with an email and of who applied, once each."""
    fallback = application.local.language
    out: dict[str, str] = {}
    for member in application.team_members.all():
        to = email_of(member.person)
        if to and to.lower() not in out:
            out[to.lower()] = member.person.language or fallback
    applicant = application.submitted_by
    if applicant is not None and applicant.email and applicant.email.lower() not in out:
        person = applicant.person
        out[applicant.email.lower()] = (person.language if person else "") or fallback
    return list(out.items())


def _tell(application_pk: int, now, *, quiet=False) -> int:
    """Claim one decided, untold application and queue its emails (inside a transaction)."""
    claimed = (TeamApplication.objects.filter(pk=application_pk, status__in=DECISIONS,
                                              notified_at__isnull=True)
               .update(notified_at=now))
    if not claimed or quiet:
        return 0
    application = (TeamApplication.objects
                   .select_related("offering__affiliate", "local", "submitted_by__person")
                   .prefetch_related("team_members__person__user").get(pk=application_pk))
    sent = 0
    for to, language in _decision_recipients(application):
        subject, body = decision_message(application, language)
        queue_email(to, subject, body)
        sent += 1
    return sent


def untold(offering: CourseOffering):
    return offering.applications.filter(status__in=DECISIONS, notified_at__isnull=True)


@transaction.atomic(durable=True)
def send_decisions(offering: CourseOffering, *, by, now=None, quiet=False) -> int:
    """Email every decided application not yet told. By hand (RUN_COURSE) it is refused while
    any application is still undecided, so no team hears before the others have been
    weighed; on the notification date (by=None, the scheduler) the decided ones go and the
    undecided ones wait, shown as overdue. Returns the number of emails queued. `quiet` (the
    system only: demo data) marks them told without emailing anyone."""
    _require_runs(by, offering.affiliate)
    offering = CourseOffering.objects.select_for_update(of=("self",)).select_related(
        "affiliate").get(pk=offering.pk)
    now = _now(by, now)
    if offering.status != CourseOffering.Status.PUBLISHED:
        raise ValidationError(_("The offering is not published."))
    if now < offering.deadline:
        raise ValidationError(_("Wait for the deadline before telling the teams."))
    if by is not None and offering.applications.filter(
            status=TeamApplication.Status.SUBMITTED).exists():
        raise ValidationError(_("Decide every application first: teams are told together."))
    pks = list(untold(offering).order_by("pk").values_list("pk", flat=True))
    sent = sum(_tell(pk, now, quiet=quiet and by is None) for pk in pks)
    if pks:
        record("course_decisions.sent", by=by, affiliate=offering.affiliate, obj=offering,
               changes={"applications": [None, len(pks)], "emails": [None, sent]})
    return sent


# --- the interest list -----------------------------------------------------------------------


def _interest_local(affiliate: Affiliate, local) -> Affiliate | None:
    if local in (None, ""):
        return None
    if not isinstance(local, Affiliate):
        local = Affiliate.objects.select_related("parent__parent").filter(pk=local).first()
    if local is None or local.kind != Affiliate.Kind.LOCAL \
            or affiliate.pk not in local.ancestor_ids():
        raise ValidationError(_("Choose your local from the list (one of %(name)s's).")
                              % {"name": affiliate.name})
    return local


@transaction.atomic(durable=True)
def add_interest(affiliate: Affiliate, *, by, name, email, local=None,
                 note="") -> CourseInterest:
    """Put someone on the association's list, to be told when its next offering opens. The
    same email again updates the entry."""
    if by is not None and not by.is_authenticated:
        raise PermissionDenied
    _check_association(affiliate)
    name = clean_text(name or "")[:200]
    email = (email or "").strip()
    if not name:
        raise ValidationError(_("Give your name."))
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Give an email address to be told at.")) from None
    local = _interest_local(affiliate, local)
    note = clean_text(note or "")[:MAX_NOTE]
    entry = CourseInterest.objects.filter(affiliate=affiliate, email__iexact=email).first()
    if entry is not None and by is not None and not by.is_superuser \
            and entry.user_id not in (None, by.pk) and email.lower() != by.email.lower():
        raise ValidationError(_("This address is on the list already."))
    if entry is None:
        entry = CourseInterest(affiliate=affiliate, email=email)
    entry.name, entry.local, entry.note = name, local, note
    entry.user = entry.user or _actor(by)
    entry.save()
    record("course_interest.added", by=by, affiliate=affiliate, obj=entry,
           changes={"local": [None, local.name if local else None]})
    return entry


def may_remove_interest(user, entry: CourseInterest) -> bool:
    return (user.is_superuser or entry.user_id == user.pk
            or (bool(user.email) and entry.email.lower() == user.email.lower())
            or runs_course(user, entry.affiliate))


@transaction.atomic(durable=True)
def remove_interest(entry: CourseInterest, *, by) -> None:
    """Off the list: by the person themself, or by who runs the course."""
    if by is not None and not may_remove_interest(by, entry):
        raise PermissionDenied
    affiliate = entry.affiliate
    record("course_interest.removed", by=by, affiliate=affiliate, obj=entry)
    entry.delete()


def _wants_mentoring_mail(entries) -> dict[int, bool]:
    persons = [e.user.person_id for e in entries if e.user and e.user.person_id]
    off = set(EmailPreference.objects.filter(person_id__in=persons, topic=Topic.MENTORING,
                                             wants=False).values_list("person_id", flat=True))
    return {p: p not in off for p in persons}


def interest_message(offering: CourseOffering, language: str) -> tuple[str, str]:
    with translation.override(language):
        names = {"title": offering.title, "association": offering.affiliate.name,
                 "deadline": format_moment(offering.deadline, offering.time_zone),
                 "notify": _day(offering.notify_on), "starts": _day(offering.starts_on),
                 "url": _url("course_detail", offering_slug=offering.slug),
                 "stop": _url("course_interest"), "contact": offering.contact_email}
        subject = _("Now open: %(title)s") % names
        body = _("You asked %(association)s to tell you when its next mentoring course for "
                 "local teams opens. Applications for “%(title)s” are open now.\n\n"
                 "Deadline: %(deadline)s\nTeams are told by %(notify)s; the course starts "
                 "%(starts)s.\n\n%(url)s\n\nQuestions: %(contact)s\n\nTo come off the list: "
                 "%(stop)s") % names
    return subject, body


@transaction.atomic(durable=True)
def tell_interest_list(offering: CourseOffering, *, by=None, now=None, quiet=False) -> int:
    """Tell the association's interest list that the offering is open, once per offering
    (claimed by `interest_told_at`). Returns the number of emails queued. `quiet` (the system
    only: demo data) marks them told without emailing anyone."""
    _require_runs(by, offering.affiliate)
    now = _now(by, now)
    claimed = (CourseOffering.objects.filter(pk=offering.pk, interest_told_at__isnull=True,
                                             status=CourseOffering.Status.PUBLISHED)
               .update(interest_told_at=now))
    if not claimed:
        return 0
    offering = CourseOffering.objects.select_related("affiliate").get(pk=offering.pk)
    if now >= offering.deadline:
        return 0  # opened and closed before anyone could be told: nothing to apply to
    entries = list(CourseInterest.objects.filter(affiliate=offering.affiliate)
                   .select_related("user__person", "local").order_by("pk"))
    wants = _wants_mentoring_mail(entries)
    sent, told = 0, []
    for entry in entries:
        person = entry.user.person if entry.user and entry.user.person_id else None
        if person is not None and not wants.get(person.pk, True):
            continue
        language = (person.language if person else "") or (
            entry.local.language if entry.local else offering.affiliate.language)
        told.append(entry.pk)
        if quiet and by is None:
            continue
        subject, body = interest_message(offering, language)
        headers = None
        if person is not None:
            from unionhall.comms.unsubscribe import headers as unsubscribe_headers

            try:
                headers = unsubscribe_headers(person.pk, Topic.MENTORING)
            except NoReverseMatch:
                headers = None
        queue_email(entry.email, subject, body, headers=headers)
        sent += 1
    CourseInterest.objects.filter(pk__in=told).update(told_at=now, told_about=offering)
    record("course_interest.told", by=by, affiliate=offering.affiliate, obj=offering,
           changes={"told": [None, len(told)], "emails": [None, sent]})
    return sent

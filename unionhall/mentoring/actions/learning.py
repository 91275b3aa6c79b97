"""Every write to the course itself: modules and activities, self-study, team assignments and
their files, feedback, webinar attendance, certificates.

Who may do what:
- Who runs the course (RUN_COURSE in the offering's association): modules and activities.
- Staff (who runs it or facilitates it): feedback on any selected team's work; webinar
  attendance for every member of every selected team.
- A member of a SELECTED team (their own person on the team): completes a self-study for
  themself, writes the team's one assignment (any member; the last save wins), adds files,
  takes their own certificate once they have finished. Only once the module is released.
- The system (`by=None`): anything (demo data, the scheduler); `now` is honoured for it only.
"""

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unionhall.core import markdown
from unionhall.core.audit import diff, record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, access_for
from unionhall.core.sanitize import clean_text
from unionhall.grievances import filetypes
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.course_access import course_role
from unionhall.mentoring.models import (
    Activity,
    Certificate,
    CourseOffering,
    Module,
    Submission,
    SubmissionFile,
    TeamApplication,
    TeamMember,
    WebinarAttendance,
)

K = Activity.Kind
MAX_TITLE = 200
MAX_TEXT = 50_000
MAX_REFLECTION = 2_000
MAX_FEEDBACK = 20_000
MAX_FILES = 20
MIN_MINUTES, MAX_MINUTES = 5, 480
# Letters and digits that cannot be mistaken for one another when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def _now(by, now):
    return now if (now is not None and by is None) else timezone.now()


# --- Who may ----------------------------------------------------------------------------------


def require_runs(by, offering: CourseOffering) -> None:
    if by is None or by.is_superuser:
        return
    if not access_for(by, offering.affiliate).can(Perm.RUN_COURSE):
        raise PermissionDenied


def require_staff(by, offering: CourseOffering) -> None:
    if by is None or by.is_superuser:
        return
    if not course_role(by, offering).staff:
        raise PermissionDenied


def _team_of(by, offering: CourseOffering, person=None,
             application: TeamApplication | None = None):
    """(application, person id) of the member acting. A user acts for their own person on
    their own selected team; the system names the person (or the team, for team work)."""
    if by is not None:
        role = course_role(by, offering)
        if role.team is None:
            raise PermissionDenied
        return role.team, role.person_id
    if application is not None:
        if application.offering_id != offering.pk:
            raise PermissionDenied
        return application, getattr(person, "pk", person)
    member = (TeamMember.objects.select_related("application")
              .filter(person=person, application__offering=offering,
                      application__status=TeamApplication.Status.SELECTED).first())
    if member is None:
        raise ValidationError(_("This person is not on a selected team of the course."))
    return member.application, member.person_id


def _released_for(by, activity: Activity, now) -> None:
    module = activity.module
    if by is not None and not q.is_released(module, q.offering_today(module.offering, now)):
        raise ValidationError(_("This module opens on %(day)s.") % {
            "day": date_filter(module.releases_on, "DATE_FORMAT")})


def _offering_of(activity: Activity) -> CourseOffering:
    return activity.module.offering


# --- Modules and activities (who runs the course) ---------------------------------------------


def _module_values(values: dict) -> dict:
    data = {"title": clean_text(values.get("title") or "")[:MAX_TITLE],
            "summary": clean_text(values.get("summary") or "")[:MAX_TEXT],
            "releases_on": values.get("releases_on")}
    errors = {}
    if not data["title"]:
        errors["title"] = _("Give the module a title.")
    if not isinstance(data["releases_on"], dt.date):
        errors["releases_on"] = _("Give the day the module opens.")
    if errors:
        raise ValidationError(errors)
    return data


def _module_snapshot(module: Module) -> dict:
    return {"title": module.title, "summary": module.summary,
            "releases_on": module.releases_on.isoformat() if module.releases_on else None}


@transaction.atomic(durable=True)
def save_module(offering: CourseOffering, *, by, module: Module | None = None,
                **values) -> Module:
    """A new module (numbered after the last) or changes to one: title, summary (Markdown),
    releases_on (a day in the offering's time zone)."""
    require_runs(by, offering)
    data = _module_values(values)
    if module is None:
        last = (Module.objects.select_for_update().filter(offering=offering)
                .aggregate(n=Max("number"))["n"]) or 0
        module = Module.objects.create(offering=offering, number=last + 1, **data)
        before = {}
    else:
        module = Module.objects.select_for_update().get(pk=module.pk, offering=offering)
        before = _module_snapshot(module)
        for name, value in data.items():
            setattr(module, name, value)
        module.save(update_fields=list(data))
    module.offering = offering
    record("module.saved", by=by, affiliate=offering.affiliate, obj=module,
           changes={"number": module.number, **diff(before, _module_snapshot(module))})
    return module


ACTIVITY_FIELDS = ("kind", "title", "instructions", "position", "due_on", "starts_at",
                   "minutes", "join_url", "recording_url")


def _url(value, field: str, errors: dict) -> str:
    value = (value or "").strip()
    if value and not value.startswith(("https://", "http://")):
        errors[field] = _("A link starts with https://.")
    elif len(value) > 500:
        errors[field] = _("The link is too long.")
    return value


def _activity_values(values: dict) -> dict:
    errors = {}
    kind = values.get("kind")
    data = {"kind": kind, "title": clean_text(values.get("title") or "")[:MAX_TITLE],
            "instructions": clean_text(values.get("instructions") or "")[:MAX_TEXT],
            "position": values.get("position"), "due_on": values.get("due_on") or None,
            "starts_at": None, "minutes": None, "join_url": "", "recording_url": ""}
    if kind not in K.values:
        errors["kind"] = _("Choose the kind of activity.")
    if not data["title"]:
        errors["title"] = _("Give the activity a title.")
    if data["position"] in ("", None):
        data["position"] = None
    else:
        try:
            data["position"] = max(0, min(int(data["position"]), 999))
        except (TypeError, ValueError):
            errors["position"] = _("The order is a whole number.")
    if kind == K.WEBINAR:
        data["starts_at"] = values.get("starts_at")
        if not isinstance(data["starts_at"], dt.datetime):
            errors["starts_at"] = _("Give the day and time the webinar starts.")
        minutes = values.get("minutes") or 60
        try:
            data["minutes"] = int(minutes)
        except (TypeError, ValueError):
            data["minutes"] = 0
        if not MIN_MINUTES <= data["minutes"] <= MAX_MINUTES:
            errors["minutes"] = _("The length is from %(a)s to %(b)s minutes.") % {
                "a": MIN_MINUTES, "b": MAX_MINUTES}
        data["join_url"] = _url(values.get("join_url"), "join_url", errors)
        data["recording_url"] = _url(values.get("recording_url"), "recording_url", errors)
    if errors:
        raise ValidationError(errors)
    return data


def _activity_snapshot(activity: Activity) -> dict:
    out = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    for name in ("due_on", "starts_at"):
        out[name] = out[name].isoformat() if out[name] else None
    return out


def _has_work(activity: Activity) -> bool:
    return (Submission.objects.filter(activity=activity).exists()
            or WebinarAttendance.objects.filter(activity=activity).exists())


@transaction.atomic(durable=True)
def save_activity(module: Module, *, by, activity: Activity | None = None,
                  **values) -> Activity:
    """A new activity of a module, or changes to one. `values`: kind (self_study,
    team_assignment, webinar), title, instructions (Markdown), position (the order; empty:
    last), due_on; for a webinar starts_at (aware), minutes, join_url and recording_url."""
    offering = module.offering
    require_runs(by, offering)
    data = _activity_values(values)
    if activity is None:
        if data["position"] is None:
            last = Activity.objects.filter(module=module).aggregate(p=Max("position"))["p"]
            data["position"] = 0 if last is None else last + 1
        activity = Activity.objects.create(module=module, **data)
        before = {}
    else:
        activity = Activity.objects.select_for_update().get(pk=activity.pk, module=module)
        if data["kind"] != activity.kind and _has_work(activity):
            raise ValidationError({"kind": _("Teams already did work on this activity: its "
                                             "kind cannot change.")})
        if data["position"] is None:
            data["position"] = activity.position
        before = _activity_snapshot(activity)
        for name, value in data.items():
            setattr(activity, name, value)
        activity.save(update_fields=list(data))
    activity.module = module
    record("activity.saved", by=by, affiliate=offering.affiliate, obj=activity,
           changes={"module": module.number, **diff(before, _activity_snapshot(activity))})
    return activity


@transaction.atomic(durable=True)
def delete_activity(activity: Activity, *, by) -> None:
    """Remove an activity no team has worked on yet (work is never thrown away)."""
    offering = _offering_of(activity)
    require_runs(by, offering)
    if _has_work(activity):
        raise ValidationError(_("Teams already did work on this activity: it cannot be "
                                "removed. Change it instead."))
    record("activity.deleted", by=by, affiliate=offering.affiliate, obj=activity,
           changes={"title": [activity.title, None], "kind": activity.kind})
    activity.delete()


# --- Self-study (each member) -----------------------------------------------------------------


@transaction.atomic(durable=True)
def complete_self_study(activity: Activity, *, by, person=None, reflection: str = "",
                        now=None) -> Submission:
    """Mark a self-study completed for oneself, with an optional short reflection. Doing it
    again keeps the first completion and replaces the reflection."""
    offering = _offering_of(activity)
    if activity.kind != K.SELF_STUDY:
        raise ValidationError(_("Only a self-study is completed this way."))
    application, person_id = _team_of(by, offering, person)
    now = _now(by, now)
    _released_for(by, activity, now)
    reflection = clean_text(reflection)
    if len(reflection) > MAX_REFLECTION:
        raise ValidationError({"reflection": _(
            "A reflection is at most %(n)s characters.") % {"n": MAX_REFLECTION}})
    sub = (Submission.objects.select_for_update()
           .filter(activity=activity, person_id=person_id).first())
    if sub is None:
        sub = Submission.objects.create(activity=activity, application=application,
                                        person_id=person_id, text=reflection,
                                        submitted_by=_actor(by), submitted_at=now)
        record("self_study.completed", by=by, affiliate=offering.affiliate, obj=activity,
               changes={"person": person_id, "team": application.pk})
    elif sub.text != reflection:
        sub.text = reflection
        sub.save(update_fields=["text", "updated_at"])
        record("self_study.completed", by=by, affiliate=offering.affiliate, obj=activity,
               changes={"person": person_id, "reflection": "changed"})
    return sub


# --- Team assignments (one per team) ----------------------------------------------------------


def _locked_team_submission(activity, application):
    return (Submission.objects.select_for_update()
            .filter(activity=activity, application=application, person__isnull=True).first())


@transaction.atomic(durable=True)
def save_team_work(activity: Activity, *, by, text: str, application=None, seen=None,
                   now=None) -> Submission:
    """Save the team's text. Any member edits the same text; the last save wins. `seen`: when
    the text the writer started from was saved (its `updated_at`); if someone saved since,
    the result has `overwrote` = who that was, so the page can say so."""
    offering = _offering_of(activity)
    if activity.kind != K.TEAM_ASSIGNMENT:
        raise ValidationError(_("Only a team assignment is written this way."))
    application, _person_id = _team_of(by, offering, application=application)
    now = _now(by, now)
    _released_for(by, activity, now)
    text = clean_text(text)
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The text is at most %(n)s characters.") % {
            "n": MAX_TEXT}})
    sub = _locked_team_submission(activity, application)
    if not text and (sub is None or not sub.files.exists()):
        raise ValidationError({"text": _("Write your team's work, or add a file.")})
    overwrote = None
    if sub is None:
        sub = Submission.objects.create(activity=activity, application=application,
                                        text=text, submitted_by=_actor(by), submitted_at=now)
        changes = {"team": application.pk, "created": True}
    else:
        if seen is not None and sub.updated_at > seen and sub.submitted_by_id != getattr(
                by, "pk", None):
            overwrote = sub.submitted_by
        changes = {"team": application.pk, "length": [len(sub.text), len(text)]}
        sub.text = text
        sub.submitted_by = _actor(by)
        sub.save(update_fields=["text", "submitted_by", "updated_at"])
    record("submission.saved", by=by, affiliate=offering.affiliate, obj=sub, changes=changes)
    sub.overwrote = overwrote
    return sub


def stored_path(file: SubmissionFile) -> Path:
    return Path(settings.MENTORING_FILES_ROOT) / file.stored_as


def _safe_name(name: str, content_type: str) -> str:
    """The uploader's file name without any path, with the extension its content has."""
    base = Path((name or "").replace("\\", "/")).name
    stem = clean_text(Path(base).stem).strip(" .") or "file"
    return f"{stem[:150]}.{filetypes.EXTENSIONS[content_type]}"


@transaction.atomic(durable=True)
def add_submission_file(activity: Activity, *, by, name: str, data: bytes, application=None,
                        now=None) -> SubmissionFile:
    """A file on the team's assignment (the submission is started if there is none yet). The
    type is read from the bytes; the size is limited; the bytes go under
    MENTORING_FILES_ROOT with a random name, never in the web root."""
    offering = _offering_of(activity)
    if activity.kind != K.TEAM_ASSIGNMENT:
        raise ValidationError(_("Only a team assignment takes files."))
    application, _person_id = _team_of(by, offering, application=application)
    now = _now(by, now)
    _released_for(by, activity, now)
    limit = settings.MENTORING_FILE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": round(limit / 1024 / 1024, 1)})
    if not data:
        raise ValidationError(_("The file is empty."))
    content_type = filetypes.sniff(data)
    if content_type is None:
        raise ValidationError(_("%(name)s is not a PDF, an image (PNG, JPEG, GIF, WebP), a "
                                "Word or OpenDocument file, or plain text.") % {
            "name": clean_text(Path((name or "").replace("\\", "/")).name)[:150]})
    sub = _locked_team_submission(activity, application)
    if sub is None:
        sub = Submission.objects.create(activity=activity, application=application, text="",
                                        submitted_by=_actor(by), submitted_at=now)
    elif sub.files.count() >= MAX_FILES:
        raise ValidationError(_("A team assignment holds at most %(n)s files.") % {
            "n": MAX_FILES})
    stored_as = f"{offering.pk}/{secrets.token_hex(20)}"
    path = Path(settings.MENTORING_FILES_ROOT) / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        file = SubmissionFile.objects.create(
            submission=sub, name=_safe_name(name, content_type), content_type=content_type,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), stored_as=stored_as,
            uploaded_by=_actor(by))
        record("submission.file_added", by=by, affiliate=offering.affiliate, obj=sub,
               changes={"size": [None, len(data)], "type": [None, content_type]})
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return file


# --- Feedback (staff) -------------------------------------------------------------------------


def email_of(person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None and user.is_active else ""


def activity_url(activity: Activity) -> str:
    return settings.SITE_URL + reverse("learning_activity", kwargs={
        "offering_slug": activity.module.offering.slug, "pk": activity.pk})


def _feedback_message(sub: Submission, person, language: str) -> tuple[str, str]:
    activity = sub.activity
    offering = activity.module.offering
    with translation.override(language):
        subject = _("Feedback on %(activity)s") % {"activity": activity.title}
        if sub.person_id is None:
            intro = _("A facilitator of %(course)s gave feedback on your team's work on "
                      "\"%(activity)s\":") % {"course": offering.title,
                                              "activity": activity.title}
        else:
            intro = _("A facilitator of %(course)s gave feedback on your reflection on "
                      "\"%(activity)s\":") % {"course": offering.title,
                                              "activity": activity.title}
        lines = [_("Hello %(name)s,") % {"name": person.first_name}, "", intro, "",
                 markdown.plain(sub.feedback), "",
                 _("Read it with your work: %(url)s") % {"url": activity_url(activity)},
                 "", "— " + offering.affiliate.name]
    return subject, "\n".join(lines)


@transaction.atomic(durable=True)
def give_feedback(submission: Submission, *, by, feedback: str, now=None,
                  notify: bool = True) -> Submission:
    """Feedback (Markdown) on a team's assignment or a member's reflection. The team (or the
    member) is emailed, whatever their mentoring-email choice: it is about their own work.
    `notify=False`: no email (the system's demo data only)."""
    offering = submission.activity.module.offering
    require_staff(by, offering)
    feedback = clean_text(feedback)
    if not feedback:
        raise ValidationError({"feedback": _("Write the feedback.")})
    if len(feedback) > MAX_FEEDBACK:
        raise ValidationError({"feedback": _("Feedback is at most %(n)s characters.") % {
            "n": MAX_FEEDBACK}})
    sub = Submission.objects.select_for_update().get(pk=submission.pk)
    before = sub.feedback
    sub.feedback, sub.feedback_by, sub.feedback_at = feedback, _actor(by), _now(by, now)
    sub.save(update_fields=["feedback", "feedback_by", "feedback_at", "updated_at"])
    sub.activity = submission.activity
    if sub.person_id is None:
        people = [m.person for m in TeamMember.objects.filter(
            application_id=sub.application_id).select_related("person__user")]
    else:
        people = [sub.person]
    local = TeamApplication.objects.select_related("local").get(pk=sub.application_id).local
    told = 0
    for person in people if (notify or by is not None) else ():
        to = email_of(person)
        if to:
            subject, body = _feedback_message(sub, person, person.language or local.language)
            queue_email(to, subject, body)
            told += 1
    record("submission.feedback", by=by, affiliate=offering.affiliate, obj=sub,
           changes={"team": sub.application_id, "changed": bool(before), "told": told})
    sub.told = told
    return sub


# --- Webinar attendance (staff) ---------------------------------------------------------------


@transaction.atomic(durable=True)
def mark_attendance(activity: Activity, marks: dict, *, by, now=None) -> int:
    """Attendance at a webinar: `marks` is {person id: present|late|absent|excused, or "" to
    clear}, for members of the offering's selected teams. Before the webinar starts only
    "excused" can be given. Returns how many marks changed."""
    offering = _offering_of(activity)
    require_staff(by, offering)
    if activity.kind != K.WEBINAR:
        raise ValidationError(_("Attendance is taken for webinars only."))
    now = _now(by, now)
    members = {m.person_id: m.application_id for m in TeamMember.objects.filter(
        application__offering=offering, application__status=TeamApplication.Status.SELECTED)}
    current = {a.person_id: a for a in WebinarAttendance.objects.select_for_update()
               .filter(activity=activity)}
    started = activity.starts_at is not None and now >= activity.starts_at
    changed, counts = 0, {}
    for key, status in marks.items():
        person_id = int(key)
        status = status or ""
        if person_id not in members:
            raise ValidationError(_("Attendance is only taken for members of selected teams."))
        if status and status not in WebinarAttendance.Status.values:
            raise ValidationError(_("Choose present, late, absent or excused."))
        if status and status != WebinarAttendance.Status.EXCUSED and not started:
            raise ValidationError(_("The webinar has not started yet: only \"excused\" can "
                                    "be marked before it."))
        mark = current.get(person_id)
        if not status:
            if mark is not None:
                mark.delete()
                changed += 1
            continue
        counts[status] = counts.get(status, 0) + 1
        if mark is None:
            WebinarAttendance.objects.create(activity=activity, person_id=person_id,
                                             application_id=members[person_id],
                                             status=status, marked_by=_actor(by))
            changed += 1
        elif mark.status != status:
            mark.status, mark.marked_by = status, _actor(by)
            mark.save(update_fields=["status", "marked_by", "marked_at"])
            changed += 1
    if changed:
        record("webinar.attendance", by=by, affiliate=offering.affiliate, obj=activity,
               changes={"changed": changed, **counts})
    return changed


# --- Certificates -----------------------------------------------------------------------------


def new_code() -> str:
    """16 random characters (80 bits) in four groups: "K7QM-3XWD-PA9T-HN2C"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def missing_text(missing: list) -> str:
    return "; ".join(f"{a.module.number}. {a.title} ({a.get_kind_display().lower()})"
                     for a in missing)


@transaction.atomic(durable=True)
def issue_certificate(offering: CourseOffering, *, by, person=None) -> Certificate:
    """The member's certificate, issued once when they have finished the course (every
    self-study completed, every team assignment of their team submitted, every webinar
    attended or excused). Asking again gives the same certificate."""
    application, person_id = _team_of(by, offering, person)
    existing = Certificate.objects.filter(application=application, person_id=person_id).first()
    if existing is not None:
        return existing
    done = q.member_completion(offering, application, person_id)
    if not done.finished:
        if not done.missing:
            raise ValidationError(_("The course has no activities yet."))
        raise ValidationError(_("Not finished yet. Still to do: %(list)s.") % {
            "list": missing_text(done.missing)})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                cert = Certificate.objects.create(application=application, person_id=person_id,
                                                  code=new_code(),
                                                  completed_on=done.completed_on)
            break
        except IntegrityError:
            cert = Certificate.objects.filter(application=application,
                                              person_id=person_id).first()
            if cert is not None:
                return cert
    else:  # pragma: no cover - three random 80-bit codes taken
        raise RuntimeError("No free certificate code.")
    record("certificate.issued", by=by, affiliate=offering.affiliate, obj=cert,
           changes={"person": person_id, "team": application.pk,
                    "completed_on": done.completed_on.isoformat()})
    return cert

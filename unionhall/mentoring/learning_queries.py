"""Reads for the course itself (modules, activities, work, attendance, progress, certificates),
scoped to the viewer's role in the offering (`course_access.course_role`).

- Staff (who runs the course, its facilitators) see every module and every selected team's work.
- A member of a selected team sees the released modules and their own team's work only; a
  module's activities appear on its release day, in the offering's time zone.
- Anything else is "not found".

Progress and completion are computed from a handful of queries whatever the number of teams,
members and activities (`course_progress`)."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone

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
ATTENDED = (WebinarAttendance.Status.PRESENT, WebinarAttendance.Status.LATE)
COUNTS_AS_DONE = (*ATTENDED, WebinarAttendance.Status.EXCUSED)


# --- Time -------------------------------------------------------------------------------------


def offering_zone(offering: CourseOffering) -> ZoneInfo:
    return ZoneInfo(offering.time_zone)


def offering_today(offering: CourseOffering, now: dt.datetime | None = None) -> dt.date:
    """Today in the offering's own calendar: modules open and work falls due by it."""
    return timezone.localtime(now or timezone.now(), offering_zone(offering)).date()


def is_released(module: Module, today: dt.date) -> bool:
    return today >= module.releases_on


def viewer_zone(offering: CourseOffering, role, user=None) -> ZoneInfo:
    """Times as the viewer reads them: a team member in their local's zone; anyone else in
    the zone of their own local if they have one, else the offering's."""
    if role.team is not None:
        return ZoneInfo(role.team.local.time_zone)
    person = getattr(user, "person", None) if user is not None and user.person_id else None
    if person is not None:
        return ZoneInfo(person.local.time_zone)
    return offering_zone(offering)


def webinar_end(activity: Activity) -> dt.datetime | None:
    if activity.starts_at is None:
        return None
    return activity.starts_at + dt.timedelta(minutes=activity.minutes or 60)


def due_day(activity: Activity, zone: ZoneInfo) -> dt.date | None:
    """The day an activity falls due: its due date, or a webinar's own day."""
    if activity.due_on:
        return activity.due_on
    if activity.kind == K.WEBINAR and activity.starts_at:
        return timezone.localtime(activity.starts_at, zone).date()
    return None


# --- Modules and activities -------------------------------------------------------------------


def _ordered_activities():
    return Prefetch("activities", queryset=Activity.objects.order_by("position", "id"))


def modules_for(offering: CourseOffering, role, today: dt.date) -> list[Module]:
    """Every module of the offering, each with `released` and `shown` (the activities the
    viewer sees: all for staff, none before the release day for a team)."""
    modules = list(Module.objects.filter(offering=offering).order_by("number")
                   .prefetch_related(_ordered_activities()))
    for module in modules:
        module.released = is_released(module, today)
        module.shown = list(module.activities.all()) if (role.staff or module.released) else []
    return modules


def module_or_404(offering: CourseOffering, role, number: int, today: dt.date) -> Module:
    """A module: its page exists for a team before its release day, without the activities."""
    if not (role.staff or role.team is not None):
        raise Http404
    module = (Module.objects.filter(offering=offering, number=number)
              .prefetch_related(_ordered_activities()).first())
    if module is None:
        raise Http404
    module.offering = offering
    module.released = is_released(module, today)
    module.shown = list(module.activities.all()) if (role.staff or module.released) else []
    return module


def activity_or_404(offering: CourseOffering, role, pk: int, today: dt.date) -> Activity:
    """An activity of the offering; for a team, only once its module is released."""
    if not (role.staff or role.team is not None):
        raise Http404
    activity = (Activity.objects.select_related("module")
                .filter(pk=pk, module__offering=offering).first())
    if activity is None:
        raise Http404
    activity.module.offering = offering
    if not role.staff and not is_released(activity.module, today):
        raise Http404
    return activity


# --- A team's own work ------------------------------------------------------------------------


def team_members(application: TeamApplication) -> list[TeamMember]:
    return list(TeamMember.objects.filter(application=application)
                .select_related("person").order_by("person__legal_last_name",
                                                   "person__legal_first_name", "id"))


def team_submission(activity: Activity, application: TeamApplication) -> Submission | None:
    """The team's one submission for a team assignment, with its files and last saver."""
    return (Submission.objects.filter(activity=activity, application=application,
                                      person__isnull=True)
            .select_related("submitted_by__person", "feedback_by__person")
            .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.order_by(
                "uploaded_at", "id").select_related("uploaded_by__person")))
            .first())


def self_study_done(activity: Activity, application: TeamApplication) -> dict[int, Submission]:
    """{person id: completion} for the team's members who completed a self-study."""
    return {s.person_id: s for s in Submission.objects.filter(
        activity=activity, application=application, person__isnull=False)
        .select_related("feedback_by__person")}


def my_attendance(activity: Activity, person_id: int | None) -> WebinarAttendance | None:
    if person_id is None:
        return None
    return WebinarAttendance.objects.filter(activity=activity, person_id=person_id).first()


def team_attendance(activity: Activity, application: TeamApplication) -> dict[int, str]:
    return dict(WebinarAttendance.objects.filter(activity=activity, application=application)
                .values_list("person_id", "status"))


def file_or_404(offering: CourseOffering, role, pk: int) -> SubmissionFile:
    """A file: for staff any file of the offering, for a team only its own team's."""
    files = SubmissionFile.objects.select_related("submission").filter(
        pk=pk, submission__activity__module__offering=offering)
    if not role.staff:
        if role.team is None:
            raise Http404
        files = files.filter(submission__application=role.team)
    found = files.first()
    if found is None:
        raise Http404
    return found


# --- Staff: every team's work -----------------------------------------------------------------


def _selected(offering: CourseOffering):
    members = Prefetch("team_members", queryset=TeamMember.objects.select_related("person")
                       .order_by("person__legal_last_name", "person__legal_first_name", "id"))
    return (TeamApplication.objects.filter(offering=offering,
                                           status=TeamApplication.Status.SELECTED)
            .select_related("local").prefetch_related(members).order_by("local__name", "id"))


def selected_teams(offering: CourseOffering) -> list[TeamApplication]:
    """The offering's selected teams with their local and members (two queries)."""
    return list(_selected(offering))


def selected_team_or_404(offering: CourseOffering, pk: int) -> TeamApplication:
    team = _selected(offering).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


@dataclass
class TeamWork:
    team: TeamApplication
    submission: Submission | None = None  # a team assignment's one submission
    done: dict = field(default_factory=dict)  # a self-study's {person id: completion}
    members: list = field(default_factory=list)  # (TeamMember, completion or None)


def work_for_activity(activity: Activity) -> list[TeamWork]:
    """For staff: every selected team with its work on one activity (a fixed number of
    queries, however many teams)."""
    teams = selected_teams(activity.module.offering)
    rows = {team.pk: TeamWork(team) for team in teams}
    subs = (Submission.objects.filter(activity=activity, application_id__in=list(rows))
            .select_related("submitted_by__person", "feedback_by__person", "person")
            .annotate(file_count=Count("files")).order_by("id"))
    for sub in subs:
        if sub.person_id is None:
            rows[sub.application_id].submission = sub
        else:
            rows[sub.application_id].done[sub.person_id] = sub
    for row in rows.values():
        row.members = [(m, row.done.get(m.person_id)) for m in row.team.team_members.all()]
    return list(rows.values())


def submission_or_404(offering: CourseOffering, role, pk: int) -> Submission:
    """For staff: one submission of a selected team, with its files."""
    if not role.staff:
        raise Http404
    sub = (Submission.objects.filter(pk=pk, activity__module__offering=offering,
                                     application__status=TeamApplication.Status.SELECTED)
           .select_related("activity__module", "application__local", "person",
                           "submitted_by__person", "feedback_by__person")
           .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.order_by(
               "uploaded_at", "id").select_related("uploaded_by__person")))
           .first())
    if sub is None:
        raise Http404
    sub.activity.module.offering = offering
    return sub


def attendance_marks(activity: Activity) -> dict[int, str]:
    """{person id: status} of every mark for a webinar."""
    return dict(WebinarAttendance.objects.filter(activity=activity)
                .values_list("person_id", "status"))


# --- Progress and completion ------------------------------------------------------------------


class Cell:
    DONE = "done"
    NOT_YET = "not_yet"
    LATE = "late"  # past its due day and not done
    MISSED = "missed"  # a webinar that is over, with someone absent or not marked


@dataclass
class Completion:
    """Whether one member finished, and if not, the activities still open for them."""

    missing: list = field(default_factory=list)  # Activity objects
    completed_on: dt.date | None = None

    @property
    def finished(self) -> bool:
        return self.completed_on is not None and not self.missing


@dataclass
class MemberRow:
    member: TeamMember
    cells: list  # one state per activity
    completion: Completion
    certificate: Certificate | None


@dataclass
class TeamRow:
    team: TeamApplication
    cells: list  # (state, done count, of) per activity
    members: list  # MemberRow


@dataclass
class Progress:
    activities: list
    teams: list  # TeamRow

    @property
    def finished(self) -> list:
        """(team, member row) for every member who finished, by team."""
        return [(row.team, m) for row in self.teams for m in row.members
                if m.completion.finished]


@dataclass
class Facts:
    """Everything done in an offering, as sets and maps for quick lookups."""

    completed: dict  # (activity id, person id) -> submitted_at of a self-study
    team_subs: dict  # (activity id, application id) -> submitted_at of a team assignment
    attendance: dict  # (activity id, person id) -> status


def offering_activities(offering: CourseOffering) -> list[Activity]:
    return list(Activity.objects.filter(module__offering=offering).select_related("module")
                .order_by("module__number", "position", "id"))


def facts(offering: CourseOffering, application_ids=None) -> Facts:
    subs = Submission.objects.filter(activity__module__offering=offering)
    marks = WebinarAttendance.objects.filter(activity__module__offering=offering)
    if application_ids is not None:
        subs = subs.filter(application_id__in=application_ids)
        marks = marks.filter(application_id__in=application_ids)
    completed, team_subs = {}, {}
    for activity_id, application_id, person_id, at in subs.values_list(
            "activity_id", "application_id", "person_id", "submitted_at"):
        if person_id is None:
            team_subs[(activity_id, application_id)] = at
        else:
            completed[(activity_id, person_id)] = at
    attendance = {(a, p): s for a, p, s in marks.values_list("activity_id", "person_id",
                                                             "status")}
    return Facts(completed, team_subs, attendance)


def member_done(activity: Activity, application_id: int, person_id: int, f: Facts) -> bool:
    if activity.kind == K.SELF_STUDY:
        return (activity.pk, person_id) in f.completed
    if activity.kind == K.TEAM_ASSIGNMENT:
        return (activity.pk, application_id) in f.team_subs
    return f.attendance.get((activity.pk, person_id)) in COUNTS_AS_DONE


def _done_on(activity: Activity, application_id: int, person_id: int, f: Facts,
             zone: ZoneInfo) -> dt.date:
    if activity.kind == K.SELF_STUDY:
        at = f.completed[(activity.pk, person_id)]
    elif activity.kind == K.TEAM_ASSIGNMENT:
        at = f.team_subs[(activity.pk, application_id)]
    else:
        at = activity.starts_at
    return timezone.localtime(at, zone).date()


def completion(activities: list, application_id: int, person_id: int, f: Facts,
               zone: ZoneInfo) -> Completion:
    """A member has finished when every self-study is completed by them, every team
    assignment of their team is submitted, and every webinar attended (present or late) or
    excused. The completion day is the day the last of these was done."""
    missing = [a for a in activities if not member_done(a, application_id, person_id, f)]
    if missing or not activities:
        return Completion(missing=missing)
    return Completion(completed_on=max(_done_on(a, application_id, person_id, f, zone)
                                       for a in activities))


def member_completion(offering: CourseOffering, application: TeamApplication,
                      person_id: int) -> Completion:
    return completion(offering_activities(offering), application.pk, person_id,
                      facts(offering, [application.pk]), offering_zone(offering))


def _member_cell(activity, application_id, person_id, f, today, now, zone) -> str:
    if member_done(activity, application_id, person_id, f):
        return Cell.DONE
    if activity.kind == K.WEBINAR:
        end = webinar_end(activity)
        return Cell.MISSED if end is not None and now >= end else Cell.NOT_YET
    due = due_day(activity, zone)
    return Cell.LATE if due is not None and today > due else Cell.NOT_YET


def _team_cell(states: list[str]) -> tuple[str, int, int]:
    done = sum(1 for s in states if s == Cell.DONE)
    if states and done == len(states):
        return Cell.DONE, done, len(states)
    for worst in (Cell.MISSED, Cell.LATE):
        if worst in states:
            return worst, done, len(states)
    return Cell.NOT_YET, done, len(states)


def course_progress(offering: CourseOffering, *, teams=None, now=None) -> Progress:
    """Teams × activities (and each member × activities) for staff: about seven queries,
    whatever the number of teams, members and activities."""
    now = now or timezone.now()
    zone = offering_zone(offering)
    today = offering_today(offering, now)
    activities = offering_activities(offering)
    teams = selected_teams(offering) if teams is None else teams
    f = facts(offering, [t.pk for t in teams])
    certificates = {(c.application_id, c.person_id): c for c in Certificate.objects.filter(
        application_id__in=[t.pk for t in teams])}
    rows = []
    for team in teams:
        members = []
        for member in team.team_members.all():
            cells = [_member_cell(a, team.pk, member.person_id, f, today, now, zone)
                     for a in activities]
            members.append(MemberRow(member, cells,
                                     completion(activities, team.pk, member.person_id, f, zone),
                                     certificates.get((team.pk, member.person_id))))
        cells = [_team_cell([m.cells[i] for m in members]) for i in range(len(activities))]
        rows.append(TeamRow(team, cells, members))
    return Progress(activities, rows)


def my_states(offering: CourseOffering, application: TeamApplication, person_id: int,
              activities: list, now=None) -> dict[int, str]:
    """{activity id: state} for one member (their own course home and module pages)."""
    now = now or timezone.now()
    zone = offering_zone(offering)
    today = offering_today(offering, now)
    f = facts(offering, [application.pk])
    return {a.pk: _member_cell(a, application.pk, person_id, f, today, now, zone)
            for a in activities}


# --- Certificates -----------------------------------------------------------------------------


def my_certificate(application: TeamApplication, person_id: int) -> Certificate | None:
    return Certificate.objects.filter(application=application, person_id=person_id).first()


def normalize_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def certificate_by_code_or_404(code: str) -> Certificate:
    """The certificate a code names (typed with or without dashes, any case)."""
    wanted = normalize_code(code)
    if len(wanted) != 16:
        raise Http404
    formatted = "-".join(wanted[i:i + 4] for i in range(0, 16, 4))
    cert = (Certificate.objects.filter(code=formatted)
            .select_related("person", "application__offering__affiliate",
                            "application__local").first())
    if cert is None:
        raise Http404
    return cert


def facilitator_names(offering: CourseOffering) -> list[str]:
    """The facilitators' names as printed on a certificate (their account's name, or their
    person's; never an email address)."""
    names = []
    for user in offering.facilitators.select_related("person").order_by("name", "id"):
        name = user.name or (user.person.display_name if user.person_id else "")
        if name:
            names.append(name)
    return names

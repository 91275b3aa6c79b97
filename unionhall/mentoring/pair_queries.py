"""Reads for the pairs and the program's results, always scoped to the viewer's local.

Who sees a pair (a published or ended match of the local; a proposed one is no one's yet):
- the mentor's person and the mentee's person: everything, their reflection notes included,
  and how to reach each other;
- MANAGE_MENTORING (the coordinator, officers, the local admin): the pair's names, why they
  were matched, meetings, hours and goals with check-ins; never the reflection notes, the
  exit-survey answers or the contact details (unless they are in the pair themselves);
- anyone else: the pair does not exist (404).

Reflection notes are read in exactly one place, `notes_for_pair`, which asks for the viewer
and refuses anyone outside the pair."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.models import JobFamily
from unionhall.core.permissions import Access, Perm
from unionhall.mentoring import results as core
from unionhall.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    ExitSurvey,
    Goal,
    Match,
    PairMeeting,
    ReflectionNote,
    ThankYouLetter,
)

LIVE = (Match.Status.PUBLISHED, Match.Status.ENDED)
_PERSON = ("person", "person__worksite", "person__job_class", "person__user", "job_family",
           "worksite")


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a pair: one of the pair ("mentor"/"mentee"), or who runs the program."""

    role: str | None
    manages: bool
    person_id: int | None

    @property
    def in_pair(self) -> bool:
        return self.role is not None


def can_manage(access: Access) -> bool:
    return access.can(Perm.MANAGE_MENTORING)


def local_today(local) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(local.time_zone)).date()


def viewer_of(access: Access, match: Match) -> Viewer:
    pid = access.person_id
    role = None
    if pid is not None and pid == match.mentor.person_id:
        role = "mentor"
    elif pid is not None and pid == match.mentee.person_id:
        role = "mentee"
    return Viewer(role=role, manages=can_manage(access), person_id=pid)


def pair_or_404(access: Access, pk) -> tuple[Match, Viewer]:
    """A published or ended match of the viewer's local, for the pair or who runs the program
    (anyone else: 404). One query, the two people and the program read along."""
    related = ["cycle__program"] + [f"{side}__{r}" for side in ("mentor", "mentee")
                                    for r in _PERSON]
    match = (Match.objects.select_related(*related)
             .filter(cycle__program__local=access.local, status__in=LIVE, pk=pk).first())
    if match is None:
        raise Http404
    viewer = viewer_of(access, match)
    if not viewer.in_pair and not viewer.manages:
        raise Http404
    return match, viewer


def meeting_of_or_404(match: Match, pk) -> PairMeeting:
    meeting = PairMeeting.objects.filter(match=match, pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def goal_of_or_404(match: Match, pk) -> Goal:
    goal = Goal.objects.filter(match=match, pk=pk).first()
    if goal is None:
        raise Http404
    return goal


# --- The pair page ----------------------------------------------------------------------------


def meetings(match: Match) -> list[PairMeeting]:
    """The pair's meetings, most recent first."""
    return list(PairMeeting.objects.filter(match=match).order_by("-held_on", "-id"))


def goals(match: Match) -> list[Goal]:
    """The pair's goals, open first, with their check-ins (two queries)."""
    order = {Goal.Status.OPEN: 0, Goal.Status.MET: 1, Goal.Status.DROPPED: 2}
    rows = list(Goal.objects.filter(match=match).prefetch_related(
        Prefetch("check_ins", queryset=CheckIn.objects.order_by("at", "id"))))
    rows.sort(key=lambda g: (order.get(g.status, 3), g.created_at, g.pk))
    return rows


def notes_for_pair(match: Match, viewer: Viewer) -> list[ReflectionNote]:
    """The pair's reflection notes, oldest first: for the two of them and no one else."""
    if not viewer.in_pair:
        raise PermissionDenied
    return list(ReflectionNote.objects.filter(match=match).order_by("created_at", "id"))


def mentor_minutes(mentor: Enrollment) -> int:
    """All the minutes a mentor met in the cycle, with every mentee (the paid-hours cap is per
    mentor and cycle)."""
    return (PairMeeting.objects.filter(match__mentor=mentor, match__status__in=LIVE)
            .aggregate(m=Coalesce(Sum("minutes"), 0))["m"])


def has_answered(match: Match, person_id: int | None) -> bool:
    return person_id is not None and ExitSurvey.objects.filter(
        match=match, person_id=person_id).exists()


def letter_of(enrollment: Enrollment) -> ThankYouLetter | None:
    return ThankYouLetter.objects.filter(enrollment=enrollment).first()


def term_over(cycle: Cycle, today: dt.date) -> bool:
    """At or after the end of the term (or the coordinator closed it early)."""
    return cycle.closed_at is not None or today >= cycle.ends_on


def email_of(person) -> str:
    """Where the union writes to someone: their email on the roster, else their account's."""
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""


def contact(person, enrollment: Enrollment) -> dict:
    """What one of a pair sees of the other: name, where and what they work, when they can
    meet, how to reach them (email and phone). Never a home address."""
    worksite = enrollment.worksite or person.worksite
    return {
        "name": person.display_name,
        "worksite": worksite.name if worksite else "",
        "job": person.job_class.title if person.job_class_id else "",
        "family": enrollment.job_family.get_code_display() if enrollment.job_family else "",
        "email": email_of(person),
        "phone": person.mobile_phone,
    }


# --- Cycles and letters, for who runs the program --------------------------------------------


def cycle_or_404(access: Access, pk) -> Cycle:
    cycle = (Cycle.objects.select_related("program", "program__local")
             .filter(program__local=access.local, pk=pk).first())
    if cycle is None:
        raise Http404
    return cycle


def letter_or_404(access: Access, cycle_pk, enrollment_pk) -> ThankYouLetter:
    """A mentor's letter: for that mentor, and for who runs the program."""
    letter = (ThankYouLetter.objects
              .select_related("enrollment__person", "enrollment__cycle__program__local")
              .filter(enrollment__cycle__program__local=access.local,
                      enrollment__cycle_id=cycle_pk, enrollment_id=enrollment_pk).first())
    if letter is None:
        raise Http404
    if not can_manage(access) and letter.enrollment.person_id != access.person_id:
        raise Http404
    return letter


def mentors_for_letters(cycle: Cycle) -> list[Enrollment]:
    """The cycle's mentors with a published or ended match, each with `minutes` (all their
    meetings), `mentee_names` and `letter` (or None). Three queries, whatever their number."""
    minutes = (PairMeeting.objects.filter(match__mentor=OuterRef("pk"), match__status__in=LIVE)
               .order_by().values("match__mentor").annotate(m=Sum("minutes")).values("m"))
    mentors = list(
        Enrollment.objects.filter(cycle=cycle, role=Enrollment.Role.MENTOR,
                                  matches_as_mentor__status__in=LIVE)
        .distinct()
        .select_related("person", "person__user", "thank_you_letter")
        .annotate(minutes=Coalesce(Subquery(minutes, output_field=IntegerField()), Value(0)))
        .order_by("person__legal_last_name", "person__legal_first_name", "pk"))
    names: dict[int, list[str]] = {}
    for mentor_id, first, preferred, last in (
            Match.objects.filter(cycle=cycle, status__in=LIVE)
            .order_by("mentee__person__legal_last_name", "pk")
            .values_list("mentor_id", "mentee__person__legal_first_name",
                         "mentee__person__preferred_name", "mentee__person__legal_last_name")):
        names.setdefault(mentor_id, []).append(f"{preferred or first} {last}")
    for mentor in mentors:
        mentor.mentee_names = names.get(mentor.pk, [])
        mentor.letter = getattr(mentor, "thank_you_letter", None)
    return mentors


# --- Results ----------------------------------------------------------------------------------


def family_labels() -> dict[str, str]:
    return {code: str(label) for code, label in JobFamily.Code.choices}


def role_labels() -> dict[str, str]:
    return {Enrollment.Role.MENTOR: _("Mentors"), Enrollment.Role.MENTEE: _("Mentees")}


def _goal_count(**extra):
    return Coalesce(Subquery(
        Goal.objects.filter(match=OuterRef("pk"), **extra).order_by().values("match")
        .annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def pair_rows(cycle: Cycle) -> list[dict]:
    """The cycle's published or ended pairs with their counts: one query."""
    meetings = PairMeeting.objects.filter(match=OuterRef("pk")).order_by().values("match")
    return list(
        Match.objects.filter(cycle=cycle, status__in=LIVE)
        .annotate(
            n_meetings=Coalesce(Subquery(meetings.annotate(n=Count("pk")).values("n"),
                                         output_field=IntegerField()), Value(0)),
            n_minutes=Coalesce(Subquery(meetings.annotate(m=Sum("minutes")).values("m"),
                                        output_field=IntegerField()), Value(0)),
            n_goals=_goal_count(), n_met=_goal_count(status=Goal.Status.MET),
            n_dropped=_goal_count(status=Goal.Status.DROPPED))
        .values("pk", "mentor_id", "mentee__job_family__code", "n_meetings", "n_minutes",
                "n_goals", "n_met", "n_dropped", "published_at",
                "mentor__person__legal_first_name", "mentor__person__preferred_name",
                "mentor__person__legal_last_name", "mentor__job_family__code",
                "mentee__person__legal_first_name", "mentee__person__preferred_name",
                "mentee__person__legal_last_name")
        .order_by("mentor__person__legal_last_name", "mentor_id", "pk"))


def _name(row: dict, side: str) -> str:
    first = row[f"{side}__person__preferred_name"] or row[f"{side}__person__legal_first_name"]
    return f"{first} {row[f'{side}__person__legal_last_name']}"


def pair_months(cycle: Cycle, today: dt.date) -> float:
    """The months a pair of the cycle has had: from the start of the term to its end (or to
    today while it runs)."""
    return core.months_between(cycle.starts_on, min(cycle.ends_on, today))


def results(cycle: Cycle, today: dt.date, *, unknown: str, everyone: str) -> dict:
    """Everything the results page and its CSV show. Four queries, whatever the cycle's size."""
    mentee_rows = (Enrollment.objects.filter(cycle=cycle, role=Enrollment.Role.MENTEE)
                   .annotate(matched=Exists(Match.objects.filter(mentee=OuterRef("pk"),
                                                                 status__in=LIVE)))
                   .filter(Q(withdrawn_at__isnull=True) | Q(matched=True))
                   .values_list("job_family__code", "matched"))
    mentees = [core.Mentee(family=f, matched=m) for f, m in mentee_rows]
    rows = pair_rows(cycle)
    months = pair_months(cycle, today)
    pairs, mentors, seen = [], [], set()
    for row in rows:
        pairs.append(core.Pair(
            family=row["mentee__job_family__code"], mentor=row["mentor_id"],
            meetings=row["n_meetings"], minutes=row["n_minutes"], months=months,
            goals=row["n_goals"], goals_met=row["n_met"], goals_dropped=row["n_dropped"]))
        row["mentor_name"], row["mentee_name"] = _name(row, "mentor"), _name(row, "mentee")
        row["hours"] = core.hours(row["n_minutes"])
        if row["mentor_id"] not in seen:
            seen.add(row["mentor_id"])
            mentors.append(core.Mentor(key=row["mentor_id"], label=row["mentor_name"],
                                       family=row["mentor__job_family__code"]))
    survey_rows = (ExitSurvey.objects.filter(match__cycle=cycle, match__status__in=LIVE)
                   .values_list("person_id", "role", "match__mentor__job_family__code",
                                "match__mentee__job_family__code", "overall",
                                "goals_progress", "support", "would_again", "comments"))
    surveys = [core.Survey(person=pid, role=role,
                           family=mentor_family if role == Enrollment.Role.MENTOR
                           else mentee_family,
                           overall=o, goals_progress=g, support=s, would_again=w,
                           comments=c or "")
               for pid, role, mentor_family, mentee_family, o, g, s, w, c in survey_rows]
    summary = core.summarize(mentees, pairs, mentors, surveys, family_labels=family_labels(),
                             role_labels=role_labels(), unknown=unknown, everyone=everyone,
                             paid_cap=cycle.program.paid_hours_cap)
    return {"summary": summary, "pairs": rows, "months": months}

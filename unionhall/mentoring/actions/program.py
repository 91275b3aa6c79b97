"""Every write to a local's mentoring program before the pairs start: the program and its
advisory committee, cycles and their matching criteria, enrolment, the matcher's proposal,
changes by hand, and publishing the pairs (each person told by email).

Who may do what:
- MANAGE_MENTORING (the coordinator, officers, the local admin): the program, its committee,
  cycles, criteria, matching and publishing; enrol someone (a paper form), change or withdraw
  anyone's enrolment, also outside the registration window, until the cycle is closed.
- A person of the local (the user's own Person): enrol themself as mentor or mentee, change it
  or withdraw it, only while registration is open (the window's dates in the local's time
  zone), and not once their pair is published (the coordinator changes it then).
- The system (`by=None`: demo data, tests): anything; `today`/`now` are honoured for it only.

Matching: `propose_matches` scores every active mentee against every active mentor with room
(scoring.candidate_rows: sparse rows, never a full matrix) and lets `matching.assign` choose
(as many pairs as possible, then the most points). It replaces the PROPOSED matches, changes by
hand included, and never touches published ones: a published mentee is not matched again and a
mentor's published mentees count against their capacity. A change by hand may break a hard
rule (the page warns; the match is marked by_hand) but never a mentor's capacity: raise the
capacity on their enrolment first. `publish_matches` publishes what is proposed (the pairs new
or changed since the last time) and emails each person in those pairs once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from unionhall.core.audit import diff, record
from unionhall.core.mail import queue_email
from unionhall.core.models import JobFamily, Worksite
from unionhall.core.permissions import Perm, access_for, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import Person
from unionhall.mentoring import scoring
from unionhall.mentoring.models import (
    SPOKEN_LANGUAGES,
    AdvisoryMember,
    Availability,
    Cycle,
    Enrollment,
    Match,
    MentoringProgram,
    Shift,
    Standard,
)

MAX_NAME = 200
MAX_DESCRIPTION = 20_000
MAX_LETTER = 20_000
MAX_ABOUT = 2000
MAX_ROLE_TITLE = 120
MAX_YEARS = 60
MAX_PAID_HOURS = 2000
MAX_CAPACITY = 5
LANGUAGE_CODES = [code for code, _label in SPOKEN_LANGUAGES]
MENTOR, MENTEE = Enrollment.Role.MENTOR, Enrollment.Role.MENTEE
PROPOSED, PUBLISHED, ENDED = Match.Status.PROPOSED, Match.Status.PUBLISHED, Match.Status.ENDED


def _today(local, by, today) -> dt.date:
    return today if (today is not None and by is None) else local.today()


def _now(by, now) -> dt.datetime:
    return now if (now is not None and by is None) else timezone.now()


def _can_manage(by, local) -> bool:
    return by is None or by.is_superuser or access_for(by, local).can(Perm.MANAGE_MENTORING)


def _locked(cycle: Cycle) -> Cycle:
    return (Cycle.objects.select_for_update(of=("self",)).select_related("program__local")
            .get(pk=cycle.pk))


def _not_closed(cycle: Cycle) -> None:
    if cycle.closed_at is not None:
        raise ValidationError(_("This cycle is closed: its enrolments and pairs stay as they "
                                "are."))


def registration_open(cycle: Cycle, today: dt.date) -> bool:
    return (cycle.closed_at is None
            and cycle.registration_opens_on <= today <= cycle.registration_closes_on)


def years_since(hired: dt.date | None, today: dt.date) -> int:
    if hired is None:
        return 0
    years = today.year - hired.year - ((today.month, today.day) < (hired.month, hired.day))
    return max(0, min(MAX_YEARS, years))


def enrollment_defaults(person: Person, today: dt.date) -> dict:
    """What the sign-up form starts with: the person's job family, worksite, years since their
    hire date, and their language."""
    job_class = person.job_class
    return {"job_family": job_class.family if job_class is not None else None,
            "worksite": person.worksite, "shift": Shift.DAY,
            "years_of_service": years_since(person.hire_date, today),
            "languages": [person.language] if person.language in LANGUAGE_CODES else [],
            "capacity": 1}


# --- The program and its committee -------------------------------------------------------------


def _clean_program(values: dict) -> dict:
    data = {"name": clean_text(values.get("name") or "")[:MAX_NAME],
            "description": clean_text(values.get("description") or ""),
            "thank_you_letter": clean_text(values.get("thank_you_letter") or ""),
            "paid_hours_cap": values.get("paid_hours_cap")}
    errors = {}
    if not data["name"]:
        errors["name"] = _("Give the program a name.")
    if len(data["description"]) > MAX_DESCRIPTION:
        errors["description"] = _("The description is at most %(n)s characters.") % {
            "n": MAX_DESCRIPTION}
    if len(data["thank_you_letter"]) > MAX_LETTER:
        errors["thank_you_letter"] = _("The letter is at most %(n)s characters.") % {
            "n": MAX_LETTER}
    cap = data["paid_hours_cap"]
    if cap in ("", None):
        data["paid_hours_cap"] = None
    else:
        try:
            data["paid_hours_cap"] = int(cap)
        except (TypeError, ValueError):
            data["paid_hours_cap"] = -1
        if not 0 <= data["paid_hours_cap"] <= MAX_PAID_HOURS:
            errors["paid_hours_cap"] = _("Paid hours: a whole number from 0 to %(n)s, or "
                                         "empty for no cap.") % {"n": MAX_PAID_HOURS}
    if errors:
        raise ValidationError(errors)
    return data


PROGRAM_FIELDS = ("name", "description", "paid_hours_cap", "thank_you_letter")


@transaction.atomic(durable=True)
def save_program(local, *, by, program: MentoringProgram | None = None,
                 **values) -> MentoringProgram:
    """Create the local's program (one per local) or change it. `values`: name, description
    (Markdown), paid_hours_cap (None: no cap), thank_you_letter."""
    require(by, local, Perm.MANAGE_MENTORING)
    data = _clean_program(values)
    if program is None:
        if MentoringProgram.objects.filter(local=local).exists():
            raise ValidationError(_("This local already has a mentoring program."))
        program = MentoringProgram.objects.create(local=local, **data)
        record("mentoring_program.saved", by=by, affiliate=local, obj=program,
               changes={"name": [None, program.name]})
        return program
    program = MentoringProgram.objects.select_for_update().get(pk=program.pk)
    if program.local_id != local.pk:
        raise PermissionDenied
    before = {f: getattr(program, f) for f in PROGRAM_FIELDS}
    for name, value in data.items():
        setattr(program, name, value)
    program.save()
    changes = diff(before, data)
    for long_field in ("description", "thank_you_letter"):
        if long_field in changes:
            changes[long_field] = ["…", "…"]  # the texts themselves are on the page
    record("mentoring_program.saved", by=by, affiliate=local, obj=program, changes=changes)
    return program


@transaction.atomic(durable=True)
def set_committee(program: MentoringProgram, members, *, by) -> list[AdvisoryMember]:
    """The advisory committee, as a whole: `members` is a list of (person, role title);
    everyone must be a person of the program's local."""
    local = program.local
    require(by, local, Perm.MANAGE_MENTORING)
    wanted: dict[int, str] = {}
    for person, title in members:
        person_id = person.pk if hasattr(person, "pk") else int(person)
        wanted[person_id] = clean_text(title or "")[:MAX_ROLE_TITLE]
    found = set(Person.objects.filter(local=local, pk__in=wanted).values_list("pk", flat=True))
    if found != set(wanted):
        raise ValidationError(_("Choose people of this local."))
    current = {m.person_id: m for m in AdvisoryMember.objects.filter(program=program)}
    removed = [pid for pid in current if pid not in wanted]
    AdvisoryMember.objects.filter(program=program, person_id__in=removed).delete()
    added = []
    for person_id, title in wanted.items():
        member = current.get(person_id)
        if member is None:
            added.append(person_id)
            AdvisoryMember.objects.create(program=program, person_id=person_id,
                                          role_title=title)
        elif member.role_title != title:
            member.role_title = title
            member.save(update_fields=["role_title"])
    record("mentoring_program.committee_set", by=by, affiliate=local, obj=program,
           changes={"added": [None, len(added)], "removed": [None, len(removed)],
                    "members": [len(current), len(wanted)]})
    return list(AdvisoryMember.objects.filter(program=program).select_related("person"))


# --- Cycles and criteria -----------------------------------------------------------------------

CYCLE_FIELDS = ("name", "registration_opens_on", "registration_closes_on", "starts_on",
                "ends_on")


def _clean_cycle(values: dict) -> dict:
    data = {"name": clean_text(values.get("name") or "")[:MAX_NAME]}
    errors = {}
    if not data["name"]:
        errors["name"] = _("Give the cycle a name, for example “2026–27”.")
    for name in CYCLE_FIELDS[1:]:
        value = values.get(name)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            errors[name] = _("Give a date.")
        data[name] = value
    if not errors:
        if data["registration_closes_on"] < data["registration_opens_on"]:
            errors["registration_closes_on"] = _("Registration must close on or after the day "
                                                 "it opens.")
        if data["starts_on"] < data["registration_closes_on"]:
            errors["starts_on"] = _("Pairs start once registration has closed: on or after "
                                    "%(day)s.") % {
                "day": date_format(data["registration_closes_on"])}
        if data["ends_on"] <= data["starts_on"]:
            errors["ends_on"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    return data


def _iso(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


@transaction.atomic(durable=True)
def save_cycle(program: MentoringProgram, *, by, cycle: Cycle | None = None, **values) -> Cycle:
    """A new cycle (with the default criteria) or a change to one. `values`: name,
    registration_opens_on, registration_closes_on, starts_on, ends_on (dates in the local's
    time zone)."""
    local = program.local
    require(by, local, Perm.MANAGE_MENTORING)
    data = _clean_cycle(values)
    if cycle is None:
        cycle = Cycle.objects.create(program=program, criteria=dict(scoring.DEFAULT_CRITERIA),
                                     **data)
        record("cycle.saved", by=by, affiliate=local, obj=cycle,
               changes=diff({}, _iso(data)))
        return cycle
    cycle = _locked(cycle)
    if cycle.program_id != program.pk:
        raise PermissionDenied
    _not_closed(cycle)
    before = _iso({f: getattr(cycle, f) for f in CYCLE_FIELDS})
    for name, value in data.items():
        setattr(cycle, name, value)
    cycle.save(update_fields=list(CYCLE_FIELDS))
    record("cycle.saved", by=by, affiliate=local, obj=cycle, changes=diff(before, _iso(data)))
    return cycle


CRITERIA_PROBLEMS = {
    "shape": gettext_lazy("The matching criteria are not in the expected form."),
    "unknown": gettext_lazy("Unknown matching criterion."),
    "weight": gettext_lazy("A weight is a whole number from 0 to 10."),
    "required": gettext_lazy("Say whether the criterion is a hard rule."),
    "want": gettext_lazy("Choose same worksite, different worksite or doesn't matter."),
}


def criteria_error(exc: scoring.CriteriaError) -> ValidationError:
    return ValidationError(str(CRITERIA_PROBLEMS.get(exc.problem, CRITERIA_PROBLEMS["shape"])))


@transaction.atomic(durable=True)
def set_criteria(cycle: Cycle, criteria: dict, *, by) -> Cycle:
    """The matching criteria (the shape in scoring.py). The proposed pairs keep their scores
    until matches are proposed again."""
    cycle = _locked(cycle)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    _not_closed(cycle)
    try:
        clean = scoring.validate(criteria)
    except scoring.CriteriaError as exc:
        raise criteria_error(exc) from None
    before = scoring.validate(cycle.criteria) if cycle.criteria else {}
    cycle.criteria = clean
    cycle.save(update_fields=["criteria"])
    changes = {name: [str(before.get(name)), str(clean[name])] for name in scoring.CRITERIA
               if before.get(name) != clean[name]}
    record("matching.criteria_set", by=by, affiliate=local, obj=cycle, changes=changes)
    return cycle


# --- Enrolment ---------------------------------------------------------------------------------


def _choices(values, allowed: list[str], field: str, errors: dict) -> list[str]:
    chosen = {str(v) for v in values or ()}
    if chosen - set(allowed):
        errors[field] = _("Choose from the list.")
    return [v for v in allowed if v in chosen]


def _clean_enrollment(local, values: dict) -> dict:
    errors: dict[str, str] = {}
    role = values.get("role")
    if role not in Enrollment.Role.values:
        errors["role"] = _("Choose mentor or mentee.")
    family = values.get("job_family")
    if family not in (None, ""):
        family_id = family.pk if hasattr(family, "pk") else family
        family = JobFamily.objects.filter(pk=family_id).first() if str(family_id).isdigit() \
            else None
        if family is None:
            errors["job_family"] = _("Choose from the list.")
    else:
        family = None
    site = values.get("worksite")
    if site not in (None, ""):
        site_id = site.pk if hasattr(site, "pk") else site
        site = Worksite.objects.filter(pk=site_id, local=local).first() \
            if str(site_id).isdigit() else None
        if site is None:
            errors["worksite"] = _("Choose from the list.")
    else:
        site = None
    shift = values.get("shift") or Shift.DAY
    if shift not in Shift.values:
        errors["shift"] = _("Choose from the list.")
    try:
        years = int(values.get("years_of_service") or 0)
    except (TypeError, ValueError):
        years = -1
    if not 0 <= years <= MAX_YEARS:
        errors["years_of_service"] = _("Years of service: a whole number from 0 to %(n)s.") % {
            "n": MAX_YEARS}
    languages = _choices(values.get("languages"), LANGUAGE_CODES, "languages", errors)
    availability = _choices(values.get("availability"), list(Availability.values),
                            "availability", errors)
    standards = _choices(values.get("standards"), list(Standard.values), "standards", errors)
    about = clean_text(values.get("about") or "")
    if len(about) > MAX_ABOUT:
        errors["about"] = _("At most %(n)s characters.") % {"n": MAX_ABOUT}
    capacity = 1
    if role == MENTOR:
        try:
            capacity = int(values.get("capacity") or 1)
        except (TypeError, ValueError):
            capacity = 0
        if not 1 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = _("A mentor takes 1 to %(n)s mentees.") % {"n": MAX_CAPACITY}
    if errors:
        raise ValidationError(errors)
    return {"role": role, "job_family": family, "worksite": site, "shift": shift,
            "years_of_service": years, "languages": languages, "availability": availability,
            "standards": standards, "about": about, "capacity": capacity}


def window_message(cycle: Cycle) -> str:
    return _("Registration for %(cycle)s is open from %(opens)s to %(closes)s.") % {
        "cycle": cycle.name, "opens": date_format(cycle.registration_opens_on),
        "closes": date_format(cycle.registration_closes_on)}


def closed_message(cycle: Cycle, today: dt.date) -> str:
    """Why a person cannot sign up or change their sign-up today, with the dates."""
    values = {"cycle": cycle.name, "opens": date_format(cycle.registration_opens_on),
              "closes": date_format(cycle.registration_closes_on)}
    if cycle.closed_at is None and today < cycle.registration_opens_on:
        return _("Registration for %(cycle)s opens on %(opens)s and closes on %(closes)s.") \
            % values
    return _("Registration for %(cycle)s closed on %(closes)s (it was open from %(opens)s).") \
        % values


def _may_enrol(cycle: Cycle, person: Person, by, today: dt.date) -> bool:
    """Whether `by` may write this person's enrolment; True when as the coordinator (or the
    system), False as the person themself. PermissionDenied or ValidationError otherwise."""
    local = cycle.program.local
    if person.local_id != local.pk:
        raise PermissionDenied
    if _can_manage(by, local):
        return True
    if access_for(by, local).person_id != person.pk:
        raise PermissionDenied
    if not registration_open(cycle, today):
        raise ValidationError(closed_message(cycle, today))
    return False


ENROLLMENT_FIELDS = ("role", "job_family", "worksite", "shift", "years_of_service", "languages",
                     "availability", "standards", "capacity")


def published_pairs(enrollment: Enrollment) -> list[Match]:
    """The enrolment's pairs that are published (or ended): they hold it in place."""
    if enrollment.role == MENTEE:
        return list(Match.objects.filter(mentee=enrollment).exclude(status=PROPOSED))
    return list(Match.objects.filter(mentor=enrollment).exclude(status=PROPOSED))


def _refresh_proposed(enrollment: Enrollment, criteria) -> None:
    """After an enrolment changed: its proposed pairs get new scores; a mentor's pairs past
    their (new) capacity go, the lowest scores first."""
    side = "mentee" if enrollment.role == MENTEE else "mentor"
    proposed = list(Match.objects.filter(**{side: enrollment}, status=PROPOSED)
                    .select_related("mentee__job_family", "mentor__job_family")
                    .order_by("-score", "id"))
    if enrollment.role == MENTOR:
        published = Match.objects.filter(mentor=enrollment, status=PUBLISHED).count()
        room = max(0, enrollment.capacity - published)
        for match in proposed[room:]:
            match.delete()
        proposed = proposed[:room]
    for match in proposed:
        points, reasons = scoring.score(profile(match.mentee), profile(match.mentor), criteria)
        match.score, match.reasons = points or 0, reasons
        match.save(update_fields=["score", "reasons"])


@transaction.atomic(durable=True)
def save_enrollment(cycle: Cycle, person: Person, *, by, today=None, **values) -> Enrollment:
    """Enrol a person in a cycle, or change their enrolment (enrolling again after
    withdrawing takes it up again). `values`: role, job_family, worksite, shift,
    years_of_service, languages, availability, standards (goals or strengths), about,
    capacity (mentors)."""
    cycle = _locked(cycle)
    local = cycle.program.local
    today = _today(local, by, today)
    as_coordinator = _may_enrol(cycle, person, by, today)
    _not_closed(cycle)
    data = _clean_enrollment(local, values)
    enrollment = (Enrollment.objects.select_for_update().filter(cycle=cycle, person=person)
                  .first())
    if enrollment is None:
        enrollment = Enrollment.objects.create(cycle=cycle, person=person, **data)
        record("enrollment.saved", by=by, affiliate=local, obj=enrollment,
               changes={"role": [None, enrollment.role], "cycle": [None, cycle.name],
                        "capacity": [None, enrollment.capacity]})
        return enrollment
    published = published_pairs(enrollment) if enrollment.withdrawn_at is None else []
    if published:
        if not as_coordinator:
            raise ValidationError(_("Your pair is published: to change your sign-up, ask "
                                    "the mentoring coordinator."))
        if data["role"] != enrollment.role:
            raise ValidationError({"role": _("This person has a published pair as %(role)s: "
                                             "the role cannot change.") % {
                "role": enrollment.get_role_display().lower()}})
        if enrollment.role == MENTOR and data["capacity"] < len(
                [m for m in published if m.status == PUBLISHED]):
            raise ValidationError({"capacity": _("This mentor already has more published "
                                                 "mentees than that.")})
    before = {f: getattr(enrollment, f) for f in ENROLLMENT_FIELDS}
    role_changed = data["role"] != enrollment.role
    if role_changed:
        Match.objects.filter(status=PROPOSED).filter(
            **{("mentee" if enrollment.role == MENTEE else "mentor"): enrollment}).delete()
    came_back = enrollment.withdrawn_at is not None
    for name, value in data.items():
        setattr(enrollment, name, value)
    enrollment.withdrawn_at = None
    enrollment.save()
    _refresh_proposed(enrollment, cycle.criteria)
    changes = diff({k: _plain(v) for k, v in before.items()},
                   {k: _plain(data[k]) for k in ENROLLMENT_FIELDS})
    if came_back:
        changes["withdrawn"] = [True, False]
    record("enrollment.saved", by=by, affiliate=local, obj=enrollment, changes=changes)
    return enrollment


def _plain(value):
    if isinstance(value, list):
        return ",".join(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic(durable=True)
def withdraw_enrollment(enrollment: Enrollment, *, by, today=None, now=None) -> Enrollment:
    """Leave the cycle: the enrolment stays on record as withdrawn and its proposed pairs go.
    Not once a pair is published (the pair is ended instead)."""
    cycle = _locked(enrollment.cycle)
    local = cycle.program.local
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    as_coordinator = _may_enrol(cycle, enrollment.person, by, _today(local, by, today))
    _not_closed(cycle)
    if enrollment.withdrawn_at is not None:
        return enrollment
    if published_pairs(enrollment):
        raise ValidationError(
            _("This pair is published: to leave it, ask the mentoring coordinator.")
            if not as_coordinator else
            _("This person has a published pair: it stays on record until the cycle is "
              "closed."))
    side = "mentee" if enrollment.role == MENTEE else "mentor"
    dropped, _counts = Match.objects.filter(**{side: enrollment}, status=PROPOSED).delete()
    enrollment.withdrawn_at = _now(by, now)
    enrollment.save(update_fields=["withdrawn_at", "updated_at"])
    record("enrollment.withdrawn", by=by, affiliate=local, obj=enrollment,
           changes={"withdrawn": [False, True], "proposed_pairs_dropped": [None, dropped]})
    return enrollment


# --- Matching ---------------------------------------------------------------------------------


def family_codes() -> dict[int, str]:
    return dict(JobFamily.objects.values_list("pk", "code"))


def profile(enrollment: Enrollment, families: dict[int, str] | None = None) -> scoring.Profile:
    """What the matcher knows of an enrolment. Pass `families` (family_codes()) for many, else
    the enrolment's job_family is read (select_related it)."""
    if families is not None:
        family = families.get(enrollment.job_family_id)
    else:
        family = enrollment.job_family.code if enrollment.job_family_id else None
    return scoring.Profile(job_family=family, worksite=enrollment.worksite_id,
                           languages=frozenset(enrollment.languages or ()),
                           availability=frozenset(enrollment.availability or ()),
                           standards=frozenset(enrollment.standards or ()),
                           years=enrollment.years_of_service)


def _assign(rows, capacity):
    from unionhall.mentoring.matching import assign

    return assign(rows, capacity)


@transaction.atomic(durable=True)
def propose_matches(cycle: Cycle, *, by) -> dict:
    """Replace the proposed pairs with the matcher's. Returns {"pairs", "mentees",
    "unmatched"} (mentees: those who were to be matched, published ones aside)."""
    cycle = _locked(cycle)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    _not_closed(cycle)
    try:
        criteria = scoring.validate(cycle.criteria)
    except scoring.CriteriaError as exc:
        raise criteria_error(exc) from None
    active = list(Enrollment.objects.filter(cycle=cycle, withdrawn_at=None)
                  .only("id", "role", "job_family_id", "worksite_id", "languages",
                        "availability", "standards", "years_of_service", "capacity")
                  .order_by("id"))
    settled = Match.objects.filter(cycle=cycle).exclude(status=PROPOSED)
    taken = set(settled.values_list("mentee_id", flat=True))
    used = Counter(settled.filter(status=PUBLISHED).values_list("mentor_id", flat=True))
    mentees = [e for e in active if e.role == MENTEE and e.pk not in taken]
    mentors = [e for e in active if e.role == MENTOR]
    room = [max(0, m.capacity - used[m.pk]) for m in mentors]
    families = family_codes()
    e_profiles = [profile(e, families) for e in mentees]
    m_profiles = [profile(m, families) for m in mentors]
    rows = scoring.candidate_rows(e_profiles, m_profiles, criteria, room=room)
    chosen = _assign(rows, room) if mentees else []
    removed, _counts = Match.objects.filter(cycle=cycle, status=PROPOSED).delete()
    new = []
    for i, j in enumerate(chosen):
        if j is None:
            continue
        points, reasons = scoring.score(e_profiles[i], m_profiles[j], criteria)
        new.append(Match(cycle=cycle, mentee_id=mentees[i].pk, mentor_id=mentors[j].pk,
                         score=points or 0, reasons=reasons, status=PROPOSED))
    Match.objects.bulk_create(new, batch_size=1000)
    summary = {"pairs": len(new), "mentees": len(mentees),
               "unmatched": len(mentees) - len(new)}
    record("matching.proposed", by=by, affiliate=local, obj=cycle,
           changes={"pairs": [removed or None, len(new)],
                    "unmatched": [None, summary["unmatched"]]})
    return summary


def has_activity(match: Match) -> bool:
    """Whether the pair has begun: meetings, goals, notes or surveys on record."""
    return (match.meetings.exists() or match.goals.exists() or match.notes.exists()
            or match.exit_surveys.exists())


@transaction.atomic(durable=True)
def set_match(mentee: Enrollment, mentor: Enrollment | None, *, by) -> Match | None:
    """The coordinator's choice for a mentee: another mentor (the pair is proposed again,
    by hand, even against a hard rule) or none (`mentor=None`). A published pair may change
    only before it has begun (no meetings, goals, notes or surveys)."""
    cycle = _locked(mentee.cycle)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    _not_closed(cycle)
    mentee = Enrollment.objects.select_related("job_family").get(pk=mentee.pk)
    if mentee.role != MENTEE or mentee.withdrawn_at is not None:
        raise ValidationError(_("Only a mentee who is still enrolled can be matched."))
    existing = Match.objects.select_for_update().filter(mentee=mentee).select_related(
        "mentor__person").first()
    if existing is not None:
        if existing.status == ENDED:
            raise ValidationError(_("This pair has ended."))
        if existing.status == PUBLISHED and has_activity(existing):
            raise ValidationError(_("This pair has already begun (meetings, goals or notes "
                                    "are on record): it cannot change."))
    old_name = str(existing.mentor.person) if existing is not None else None
    if mentor is None:
        if existing is None:
            return None
        existing.delete()
        record("match.changed", by=by, affiliate=local, obj=mentee,
               changes={"mentor": [old_name, None]})
        return None
    mentor = Enrollment.objects.select_related("job_family", "person").get(pk=mentor.pk)
    if mentor.cycle_id != cycle.pk or mentor.role != MENTOR or mentor.withdrawn_at is not None:
        raise ValidationError(_("Choose a mentor who is enrolled in this cycle."))
    if existing is not None and existing.mentor_id == mentor.pk:
        return existing
    taken = (Match.objects.filter(mentor=mentor).exclude(status=ENDED)
             .exclude(mentee=mentee).count())
    if taken >= mentor.capacity:
        raise ValidationError(ngettext(
            "%(name)s takes %(n)s mentee and has %(n)s already: raise the number on their "
            "enrolment first.",
            "%(name)s takes %(n)s mentees and has %(n)s already: raise the number on their "
            "enrolment first.", mentor.capacity) % {
            "name": mentor.person.display_name, "n": mentor.capacity})
    points, reasons = scoring.score(profile(mentee), profile(mentor), cycle.criteria)
    values = {"mentor": mentor, "score": points or 0, "reasons": reasons, "by_hand": True,
              "status": PROPOSED, "published_at": None}
    if existing is None:
        match = Match.objects.create(cycle=cycle, mentee=mentee, **values)
    else:
        match = existing
        for name, value in values.items():
            setattr(match, name, value)
        match.save()
    record("match.changed", by=by, affiliate=local, obj=match,
           changes={"mentor": [old_name, mentor.person.display_name],
                    "breaks_a_hard_rule": [None, points is None]})
    return match


# --- Publishing -------------------------------------------------------------------------------


def email_of(person: Person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""


def pair_url(match: Match, local) -> str:
    """The pair's page, or the program's home where the pair pages are not there (yet)."""
    try:
        path = reverse("pair_detail", kwargs={"local_slug": local.slug, "pk": match.pk})
    except NoReverseMatch:
        path = reverse("mentoring_home", kwargs={"local_slug": local.slug})
    return settings.SITE_URL + path


def _email_pairs(cycle: Cycle, matches: list[Match]) -> int:
    """One email to each mentee (their mentor) and one to each mentor (their new mentees), in
    each one's language. Sent whatever their mentoring-email choice: it is about a sign-up of
    their own."""
    from unionhall.mentoring.program_queries import describe_reasons, worksite_names

    local = cycle.program.local
    zone = ZoneInfo(local.time_zone)
    names = worksite_names(local)
    by_mentor: dict[int, list[Match]] = defaultdict(list)
    sent = 0
    for match in matches:
        by_mentor[match.mentor_id].append(match)
    letters = [(m.mentee.person, "mentee", [m]) for m in matches]
    letters += [(ms[0].mentor.person, "mentor", ms) for ms in by_mentor.values()]
    for person, role, pairs in letters:
        to = email_of(person)
        if not to:
            continue
        with translation.override(person.language or local.language), timezone.override(zone):
            context = {
                "person": person, "cycle": cycle, "program": cycle.program, "local": local,
                "home_url": settings.SITE_URL + reverse("mentoring_home",
                                                        kwargs={"local_slug": local.slug}),
                "pairs": [{"match": m, "url": pair_url(m, local),
                           "other": m.mentor if role == "mentee" else m.mentee,
                           "reasons": [r for r in describe_reasons(m.reasons, names)
                                       if r["met"]]} for m in pairs]}
            if role == "mentee":
                subject = _("Your mentor for %(cycle)s: %(name)s") % {
                    "cycle": cycle.name, "name": pairs[0].mentor.person.display_name}
            else:
                subject = _("Your mentees for %(cycle)s") % {"cycle": cycle.name} \
                    if len(pairs) > 1 else _("Your mentee for %(cycle)s: %(name)s") % {
                        "cycle": cycle.name, "name": pairs[0].mentee.person.display_name}
            body = render_to_string(f"mentoring/program_email_{role}.txt", context)
            html = render_to_string(f"mentoring/program_email_{role}.html", context)
        queue_email(to, subject, body, html)
        sent += 1
    return sent


@transaction.atomic(durable=True)
def publish_matches(cycle: Cycle, *, by, now=None, today=None, notify: bool = True) -> int:
    """Publish the proposed pairs (new or changed since the last time) once registration has
    closed, and email the people in them. Returns the number of pairs published (0: none
    waiting, nothing sent). `notify=False` (the system only: demo data) sends no email."""
    cycle = _locked(cycle)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    _not_closed(cycle)
    if _today(local, by, today) <= cycle.registration_closes_on:
        raise ValidationError(_("Registration is still open until %(day)s: publish the pairs "
                                "after it closes, when everyone who signs up is in.") % {
            "day": date_format(cycle.registration_closes_on)})
    now = _now(by, now)
    matches = list(Match.objects.filter(cycle=cycle, status=PROPOSED)
                   .select_related("mentee__person__user", "mentee__job_family",
                                   "mentee__worksite", "mentor__person__user",
                                   "mentor__job_family", "mentor__worksite")
                   .order_by("id"))
    if not matches:
        return 0
    Match.objects.filter(pk__in=[m.pk for m in matches]).update(status=PUBLISHED,
                                                                 published_at=now)
    for match in matches:
        match.status, match.published_at = PUBLISHED, now
    before = cycle.matches_published_at
    cycle.matches_published_at = now
    cycle.save(update_fields=["matches_published_at"])
    told = _email_pairs(cycle, matches) if (notify or by is not None) else 0
    record("matches.published", by=by, affiliate=local, obj=cycle,
           changes={"pairs": [None, len(matches)], "emails": [None, told],
                    "published_at": [before.isoformat() if before else None, now.isoformat()]})
    return len(matches)

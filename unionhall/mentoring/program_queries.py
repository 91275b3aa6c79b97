"""Reads for a local's mentoring program, scoped to the viewer: the program, its cycles with
their counts, one's own enrolment and published match, and (for MANAGE_MENTORING) the
enrolments and the matching page. Every lookup by id goes through the local (404 otherwise).

A member sees their own enrolment and, once published, their own match; the coordinator sees
everyone's enrolment; no one else sees any."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.core.models import JobFamily, Worksite
from unionhall.core.permissions import Access, Perm
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
    Standard,
)

MENTOR, MENTEE = Enrollment.Role.MENTOR, Enrollment.Role.MENTEE
PROPOSED, PUBLISHED, ENDED = Match.Status.PROPOSED, Match.Status.PUBLISHED, Match.Status.ENDED
SEARCH_LIMIT = 20


def can_manage(access: Access) -> bool:
    return access.can(Perm.MANAGE_MENTORING)


def program_of(local) -> MentoringProgram | None:
    """The local's program (a local runs one)."""
    return MentoringProgram.objects.filter(local=local).order_by("id").first()


def committee(program: MentoringProgram) -> list[AdvisoryMember]:
    return list(AdvisoryMember.objects.filter(program=program).select_related("person")
                .order_by("person__legal_last_name", "person__legal_first_name", "id"))


def cycle_or_404(access: Access, pk) -> Cycle:
    cycle = (Cycle.objects.select_related("program__local")
             .filter(pk=pk, program__local=access.local).first())
    if cycle is None:
        raise Http404
    return cycle


def enrollment_or_404(access: Access, pk) -> Enrollment:
    """Anyone's enrolment, for who manages the program (the views check it first)."""
    if not can_manage(access):
        raise Http404
    enrollment = (Enrollment.objects
                  .select_related("cycle__program__local", "person__job_class__family",
                                  "person__worksite", "job_family", "worksite")
                  .filter(pk=pk, cycle__program__local=access.local).first())
    if enrollment is None:
        raise Http404
    return enrollment


def person_or_404(local, pk) -> Person:
    person = (Person.objects.select_related("job_class__family", "worksite")
              .filter(local=local, pk=pk).first())
    if person is None:
        raise Http404
    return person


def own_enrollment(access: Access, cycle: Cycle) -> Enrollment | None:
    if access.person_id is None:
        return None
    return Enrollment.objects.filter(cycle=cycle, person_id=access.person_id).first()


def registration_open(cycle: Cycle, today: dt.date) -> bool:
    return (cycle.closed_at is None
            and cycle.registration_opens_on <= today <= cycle.registration_closes_on)


def phase(cycle: Cycle, today: dt.date) -> str:
    """soon | open | matching (registration closed, not published) | running | closed."""
    if cycle.closed_at is not None:
        return "closed"
    if today < cycle.registration_opens_on:
        return "soon"
    if today <= cycle.registration_closes_on:
        return "open"
    return "running" if cycle.matches_published_at else "matching"


def cycles_with_counts(program: MentoringProgram) -> list[Cycle]:
    """The program's cycles, newest first, each with mentors, mentees, places (the mentors'
    capacity), matched and published. Three queries, whatever the numbers."""
    cycles = list(Cycle.objects.filter(program=program).order_by("-starts_on", "-id"))
    counts = defaultdict(dict)
    rows = (Enrollment.objects.filter(cycle__program=program, withdrawn_at=None)
            .values("cycle_id", "role").annotate(n=Count("id"), places=Sum("capacity")))
    for row in rows:
        counts[row["cycle_id"]][row["role"]] = row
    matched = defaultdict(Counter)
    for row in (Match.objects.filter(cycle__program=program).values("cycle_id", "status")
                .annotate(n=Count("id"))):
        matched[row["cycle_id"]][row["status"]] = row["n"]
    for cycle in cycles:
        by_role = counts[cycle.pk]
        cycle.mentor_count = by_role.get(MENTOR, {}).get("n", 0)
        cycle.mentee_count = by_role.get(MENTEE, {}).get("n", 0)
        cycle.places = by_role.get(MENTOR, {}).get("places", 0) or 0
        cycle.matched = sum(matched[cycle.pk].values())
        cycle.published = matched[cycle.pk][PUBLISHED] + matched[cycle.pk][ENDED]
        cycle.proposed = matched[cycle.pk][PROPOSED]
    return cycles


def enrollments(cycle: Cycle, *, withdrawn: bool = True) -> list[Enrollment]:
    """Everyone enrolled in the cycle, mentors first, by name; with what the list shows.
    One query."""
    qs = (Enrollment.objects.filter(cycle=cycle)
          .select_related("person", "job_family", "worksite")
          .order_by("role", Lower("person__legal_last_name"), Lower("person__legal_first_name"),
                    "id"))
    if not withdrawn:
        qs = qs.filter(withdrawn_at=None)
    return list(qs)


def with_labels(rows: list[Enrollment]) -> list[Enrollment]:
    """Each enrolment's languages, times and standards in words (language_labels,
    availability_labels, standard_labels)."""
    labels = _labels()
    for e in rows:
        e.language_labels = [labels["language"].get(c, c) for c in e.languages or ()]
        e.availability_labels = [labels["availability"].get(c, c) for c in e.availability or ()]
        e.standard_labels = [labels["standard"].get(c, c) for c in e.standards or ()]
    return rows


def search_people(local, text: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """People of the local by name or employee id (every word must match)."""
    words = (text or "").split()[:5]
    if not words:
        return []
    qs = Person.objects.filter(local=local).select_related("worksite", "job_class")
    for word in words:
        qs = qs.filter(Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word)
                       | Q(preferred_name__icontains=word) | Q(employee_id__iexact=word))
    return list(qs.order_by("legal_last_name", "legal_first_name", "id")[:limit])


def worksite_names(local) -> dict[int, str]:
    return dict(Worksite.objects.filter(local=local).values_list("pk", "name"))


# --- Reasons in words -------------------------------------------------------------------------


def _labels() -> dict[str, dict[str, str]]:
    return {"family": {c: str(label) for c, label in JobFamily.Code.choices},
            "language": {c: str(label) for c, label in SPOKEN_LANGUAGES},
            "availability": {c: str(label) for c, label in Availability.choices},
            "standard": {c: str(label) for c, label in Standard.choices}}


def _list(values) -> str:
    return ", ".join(values)


def _text(reason: dict, labels: dict, sites: dict[int, str]) -> str:
    name, d = reason["criterion"], reason["detail"]
    met = d.get("met")
    family = labels["family"]
    if name == "job_family":
        if met:
            return _("Same job family: %(family)s") % {"family": family.get(d["mentee"], "?")}
        if not d.get("mentee") or not d.get("mentor"):
            return _("Job family not known for both")
        return _("Different job families: %(mentee)s and %(mentor)s") % {
            "mentee": family.get(d["mentee"], "?"), "mentor": family.get(d["mentor"], "?")}
    if name == "worksite":
        site = sites.get(d.get("mentee"), "?")
        if d.get("same"):
            return _("Same worksite: %(site)s") % {"site": site}
        return _("Different worksites")
    if name == "language":
        if met:
            return _("Shares %(languages)s") % {
                "languages": _list(labels["language"].get(c, c) for c in d["shared"])}
        return _("No language in common")
    if name == "goals":
        goals, covered = d.get("goals", 0), d.get("covered", [])
        if not goals:
            return _("The mentee named no goals")
        if covered:
            return ngettext(
                "Strengths cover %(n)s of %(goals)s goal: %(standards)s",
                "Strengths cover %(n)s of %(goals)s goals: %(standards)s", goals) % {
                "n": len(covered), "goals": goals,
                "standards": _list(labels["standard"].get(c, c) for c in covered)}
        return ngettext("Strengths cover none of the mentee's %(goals)s goal",
                        "Strengths cover none of the mentee's %(goals)s goals", goals) % {
            "goals": goals}
    if name == "availability":
        if met:
            return _("Both free: %(times)s") % {
                "times": _list(labels["availability"].get(c, c) for c in d["shared"])}
        return _("No free time in common")
    if name == "seniority":
        values = {"mentor": d.get("mentor"), "mentee": d.get("mentee")}
        if met:
            return _("Mentor has more years of service (%(mentor)s to %(mentee)s)") % values
        return _("Mentor does not have more years of service (%(mentor)s to %(mentee)s)") \
            % values
    return name


def describe_reasons(reasons, sites: dict[int, str]) -> list[dict]:
    """Each reason as {"text", "points", "met", "breaks"} where text reads like "Same job
    family: Paraeducators (+10)" and `breaks` says a hard rule is not met."""
    labels = _labels()
    out = []
    for reason in reasons or ():
        if not isinstance(reason, dict) or "detail" not in reason:
            continue
        text = _text(reason, labels, sites)
        points = reason.get("points") or 0
        if points:
            text = f"{text} (+{points})"
        detail = reason["detail"]
        breaks = bool(detail.get("required") and not detail.get("met"))
        if breaks:
            text = _("%(reason)s: breaks a hard rule") % {"reason": text}
        out.append({"text": text, "points": points, "met": bool(detail.get("met")),
                    "breaks": breaks, "criterion": reason.get("criterion")})
    return out


def breaks_a_rule(reasons) -> bool:
    return any(isinstance(r, dict) and r.get("detail", {}).get("required")
               and not r.get("detail", {}).get("met") for r in reasons or ())


# --- The matching page ------------------------------------------------------------------------


def _profiles(enrollments_: list[Enrollment]) -> list[scoring.Profile]:
    """The matcher's view of enrolments read with their job_family (no query)."""
    from unionhall.mentoring.actions.program import profile

    return [profile(e) for e in enrollments_]


def matching_overview(cycle: Cycle) -> dict:
    """The pairs (with reasons in words), the unmatched mentees with why, the mentors with
    room, and the counts. A fixed number of queries, whatever the numbers."""
    local = cycle.program.local
    every = enrollments(cycle)
    by_id = {e.pk: e for e in every}
    active = [e for e in every if e.withdrawn_at is None]
    mentors = [e for e in active if e.role == MENTOR]
    mentees = [e for e in active if e.role == MENTEE]
    matches = list(Match.objects.filter(cycle=cycle).order_by("-status", "-score", "id"))
    sites = worksite_names(local)
    taken = Counter(m.mentor_id for m in matches if m.status != ENDED)
    pairs = []
    for match in matches:
        mentee, mentor = by_id.get(match.mentee_id), by_id.get(match.mentor_id)
        if mentee is None or mentor is None:
            continue
        reasons = describe_reasons(match.reasons, sites)
        pairs.append({"match": match, "mentee": mentee, "mentor": mentor,
                      "reasons": [r for r in reasons if r["met"] or r["breaks"]],
                      "breaks": any(r["breaks"] for r in reasons)})
    matched_ids = {m.mentee_id for m in matches}
    unmatched = [e for e in mentees if e.pk not in matched_ids]
    rows = scoring.candidate_rows(_profiles(unmatched), _profiles(mentors),
                                  cycle.criteria) if unmatched and mentors else []
    waiting = []
    for i, mentee in enumerate(unmatched):
        allowed = rows[i] if rows else {}
        if not allowed:
            why = "none"
        elif all(taken[mentors[j].pk] >= mentors[j].capacity for j in allowed):
            why = "full"
        else:
            why = "room"
        waiting.append({"mentee": mentee, "why": why, "allowed": len(allowed)})
    spare = [{"mentor": m, "taken": taken[m.pk], "room": m.capacity - taken[m.pk]}
             for m in mentors if taken[m.pk] < m.capacity]
    return {
        "pairs": pairs, "unmatched": waiting, "spare": spare,
        "counts": {"mentors": len(mentors), "mentees": len(mentees),
                   "places": sum(m.capacity for m in mentors),
                   "matched": len([m for m in matches if m.status != ENDED]),
                   "proposed": len([m for m in matches if m.status == PROPOSED]),
                   "published": len([m for m in matches if m.status != PROPOSED]),
                   "spare": sum(s["room"] for s in spare)},
    }


def mentor_choices(cycle: Cycle, mentee: Enrollment) -> list[dict]:
    """Every active mentor for one mentee: points, reasons in words, whether a hard rule
    breaks and whether they are full; the allowed and highest first."""
    local = cycle.program.local
    mentors = [e for e in enrollments(cycle, withdrawn=False) if e.role == MENTOR]
    taken = Counter(Match.objects.filter(cycle=cycle).exclude(status=ENDED)
                    .exclude(mentee=mentee).values_list("mentor_id", flat=True))
    sites = worksite_names(local)
    [mine], theirs = _profiles([mentee]), _profiles(mentors)
    out = []
    for mentor, their in zip(mentors, theirs, strict=True):
        points, reasons = scoring.score(mine, their, cycle.criteria)
        out.append({"mentor": mentor, "points": points, "allowed": points is not None,
                    "reasons": describe_reasons(reasons, sites),
                    "taken": taken[mentor.pk], "full": taken[mentor.pk] >= mentor.capacity})
    out.sort(key=lambda o: (not o["allowed"], o["full"], -(o["points"] or 0),
                            o["mentor"].person.display_name.lower()))
    return out


def match_of(mentee: Enrollment) -> Match | None:
    return Match.objects.filter(mentee=mentee).select_related("mentor__person").first()


# --- A person's own view ----------------------------------------------------------------------


def my_cycles(access: Access, program: MentoringProgram, today: dt.date) -> list[dict]:
    """The program's cycles a person sees on the program's home: each with its phase, their
    own enrolment and, once published, their own pairs (as mentee: their mentor; as mentor:
    their mentees). Proposed pairs are never shown to them."""
    cycles = list(Cycle.objects.filter(program=program).order_by("-starts_on", "-id"))
    mine: dict[int, Enrollment] = {}
    pairs: dict[int, list[Match]] = defaultdict(list)
    if access.person_id is not None:
        for e in (Enrollment.objects.filter(cycle__program=program, person_id=access.person_id)
                  .select_related("job_family", "worksite")):
            mine[e.cycle_id] = e
        visible = (Match.objects.filter(cycle__program=program)
                   .exclude(status=PROPOSED)
                   .filter(Q(mentee__person_id=access.person_id)
                           | Q(mentor__person_id=access.person_id))
                   .select_related("mentee__person", "mentor__person", "mentee__job_family",
                                   "mentor__job_family", "mentee__worksite",
                                   "mentor__worksite")
                   .order_by("id"))
        for match in visible:
            pairs[match.cycle_id].append(match)
    out = []
    for cycle in cycles:
        state = phase(cycle, today)
        enrollment = mine.get(cycle.pk)
        if state == "closed" and enrollment is None:
            continue
        out.append({"cycle": cycle, "phase": state, "enrollment": enrollment,
                    "pairs": pairs.get(cycle.pk, []),
                    "open": state == "open"})
    return out

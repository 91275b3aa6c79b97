"""Every write to a grievance case: opening it, its steps, extensions, notes, stewards and its
close. Each adds an entry to the case's timeline in the same transaction."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.models import Affiliate
from unionhall.core.permissions import Perm, access_for, require
from unionhall.core.sanitize import clean_text
from unionhall.grievances import events, queries
from unionhall.grievances.models import (
    CaseStep,
    Extension,
    Grievance,
    StepRule,
    TimelineEntry,
)

DETAIL_FIELDS = ("title", "grievant_kind", "group_name", "worksite", "job_family", "articles",
                 "what_happened", "remedy_sought", "incident_on", "learned_on")


def require_handler(case: Grievance, by) -> None:
    """`by` may work this case: the chair and officers, or one of its stewards."""
    if by is None or by.is_superuser:
        return
    if not queries.handles(access_for(by, case.local), case):
        raise PermissionDenied


def _name(by) -> str:
    if by is None:
        return _("Unionhall")
    return by.get_full_name() or by.email


def log(case: Grievance, event: str, *, by, **params) -> TimelineEntry:
    """An event on the timeline, told in each reader's language (events.describe)."""
    assert event in events.EVENTS, event
    return TimelineEntry.objects.create(
        grievance=case, author=by if by and by.pk else None, author_name=_name(by),
        kind=TimelineEntry.Kind.EVENT, text=event, shared=True,
        params={k: str(v) for k, v in params.items()})


def _check_details(local, data: dict, grievants: list) -> None:
    today = local.today()
    if data["incident_on"] > today:
        raise ValidationError(_("The incident cannot be in the future."))
    if data.get("learned_on") and data["learned_on"] < data["incident_on"]:
        raise ValidationError(_("The grievant cannot learn of it before it happened."))
    if data.get("learned_on") and data["learned_on"] > today:
        raise ValidationError(_("The date the grievant learned of it cannot be in the "
                                "future."))
    kind = data["grievant_kind"]
    if kind not in Grievance.GrievantKind.values:
        raise ValidationError(_("Choose who the grievant is."))
    if any(p.local_id != local.pk for p in grievants):
        raise ValidationError(_("Every grievant must be in this local's bargaining unit."))
    if kind == Grievance.GrievantKind.PERSON and len(grievants) != 1:
        raise ValidationError(_("A grievance for one person names exactly one grievant."))
    if kind == Grievance.GrievantKind.GROUP and not (grievants or data.get("group_name")):
        raise ValidationError(_("Name the group, or the workers in it."))
    for field in ("worksite", "job_family"):
        value = data.get(field)
        if field == "worksite" and value is not None and value.local_id != local.pk:
            raise ValidationError(_("Choose one of this local's worksites."))
    if not str(data.get("title", "")).strip():
        raise ValidationError(_("Give the case a title."))


def _clean(data: dict) -> dict:
    out = dict(data)
    for field in ("title", "group_name", "what_happened", "remedy_sought"):
        if field in out:
            out[field] = clean_text(out[field] or "").strip()
    out["articles"] = [clean_text(a).strip()[:50] for a in out.get("articles") or ()
                       if a and a.strip()]
    return out


def _next_number(local, year: int) -> str:
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()  # one number at a time
    taken = Grievance.objects.filter(local=local, number__startswith=f"{year}-").count()
    return f"{year}-{taken + 1:03d}"


def _can_handle(user, local) -> bool:
    return user.is_superuser or access_for(user, local).can(Perm.HANDLE_GRIEVANCES)


@transaction.atomic(durable=True)
def open_grievance(local, *, by, grievants=(), stewards=(), filed_on: dt.date | None = None,
                   **details) -> Grievance:
    """Open a case. A steward may open one at their own worksites and is put on it; the chair
    and officers anywhere. `details` are the DETAIL_FIELDS."""
    require(by, local, Perm.HANDLE_GRIEVANCES)
    grievants = list(grievants)
    data = _clean({f: details.get(f) for f in DETAIL_FIELDS})
    data["group_name"] = data["group_name"] or ""
    if data["worksite"] is None and grievants:
        data["worksite"] = grievants[0].worksite
    if data["job_family"] is None and grievants and grievants[0].job_class_id:
        data["job_family"] = grievants[0].job_class.family
    _check_details(local, data, grievants)
    if by is not None and not by.is_superuser:
        access = access_for(by, local)
        if not access.covers(Perm.HANDLE_GRIEVANCES, getattr(data["worksite"], "pk", None)):
            raise PermissionDenied
    stewards = list(stewards) or ([by] if by is not None else [])
    if any(not _can_handle(s, local) for s in stewards):
        raise ValidationError(_("Only stewards, the grievance chair and officers can be "
                                "assigned to a case."))
    case = Grievance.objects.create(local=local, number=_next_number(local, local.today().year),
                                    **data)
    case.grievants.set(grievants)
    case.stewards.set(stewards)
    log(case, "opened", by=by)
    if filed_on is not None:
        _file_step(case, 1, filed_on, by=by)
    record("grievance.opened", by=by, affiliate=local, obj=case,
           changes={"stewards": [None, len(stewards)]})
    return case


@transaction.atomic(durable=True)
def update_grievance(case: Grievance, *, by, grievants=None, **details) -> Grievance:
    require_handler(case, by)
    data = _clean({f: details.get(f, getattr(case, f)) for f in DETAIL_FIELDS})
    grievants = list(case.grievants.all()) if grievants is None else list(grievants)
    _check_details(case.local, data, grievants)
    first = case.steps.filter(position=1).first()
    learned = data["learned_on"] or data["incident_on"]
    if first and first.filed_on and first.filed_on < learned:
        raise ValidationError(_("The case was filed on %(day)s, before that date.")
                              % {"day": first.filed_on})
    changed = [f for f in DETAIL_FIELDS if getattr(case, f) != data[f]]
    for field in DETAIL_FIELDS:
        setattr(case, field, data[field])
    case.save()
    if set(case.grievants.values_list("pk", flat=True)) != {p.pk for p in grievants}:
        case.grievants.set(grievants)
        changed.append("grievants")
    if changed:
        log(case, "updated", by=by, fields=",".join(changed))
        record("grievance.updated", by=by, affiliate=case.local, obj=case,
               changes={"fields": [None, changed]})
    return case


@transaction.atomic(durable=True)
def assign_stewards(case: Grievance, stewards, *, by) -> None:
    """The chair (or an officer) decides who works the case."""
    require(by, case.local, Perm.VIEW_ALL_GRIEVANCES)
    stewards = list(stewards)
    if not stewards:
        raise ValidationError(_("A case needs at least one steward."))
    if any(not _can_handle(s, case.local) for s in stewards):
        raise ValidationError(_("Only stewards, the grievance chair and officers can be "
                                "assigned to a case."))
    before = sorted(_name(u) for u in case.stewards.all())
    case.stewards.set(stewards)
    after = sorted(_name(u) for u in stewards)
    log(case, "stewards", by=by, names=", ".join(after))
    record("grievance.stewards_assigned", by=by, affiliate=case.local, obj=case,
           changes={"stewards": [len(before), len(after)]})


def _rule(case: Grievance, position: int) -> StepRule:
    rule = StepRule.objects.filter(local=case.local_id, position=position).first()
    if rule is None:
        raise ValidationError(_("The procedure has no step %(n)s.") % {"n": position})
    return rule


def _open(case: Grievance) -> None:
    if case.status != Grievance.Status.OPEN:
        raise ValidationError(_("This case is closed. Reopen it first."))


def _file_step(case: Grievance, position: int, filed_on: dt.date, *, by) -> CaseStep:
    rule = _rule(case, position)
    if filed_on > case.local.today():
        raise ValidationError(_("The filing date cannot be in the future."))
    if position == 1:
        earliest = case.learned_on or case.incident_on
        if filed_on < earliest:
            raise ValidationError(_("A grievance cannot be filed before the grievant knew of "
                                    "it (%(day)s).") % {"day": earliest})
    else:
        before = case.steps.filter(position=position - 1, filed_on__isnull=False).first()
        if before is None:
            raise ValidationError(_("Record step %(n)s first.") % {"n": position - 1})
        if filed_on < (before.answered_on or before.filed_on):
            raise ValidationError(_("Step %(n)s cannot be filed before step %(prev)s.")
                                  % {"n": position, "prev": position - 1})
    step, _created = CaseStep.objects.get_or_create(grievance=case, position=position)
    if step.answered_on and filed_on > step.answered_on:
        raise ValidationError(_("The employer answered this step on %(day)s, before that "
                                "date.") % {"day": step.answered_on})
    step.filed_on = filed_on
    step.save()
    if position == 1:
        case.filed_on = filed_on
        case.save(update_fields=["filed_on"])
    log(case, "filed", by=by, step=rule.name, day=filed_on)
    return step


@transaction.atomic(durable=True)
def record_filing(case: Grievance, position: int, filed_on: dt.date, *, by) -> CaseStep:
    """The union filed the grievance at step 1, or appealed it to a later step."""
    require_handler(case, by)
    _open(case)
    step = _file_step(case, position, filed_on, by=by)
    record("grievance.step_filed", by=by, affiliate=case.local, obj=case,
           changes={"step": [None, position], "filed_on": [None, str(filed_on)]})
    return step


@transaction.atomic(durable=True)
def record_answer(case: Grievance, position: int, answered_on: dt.date, answer: str = "", *,
                  by) -> CaseStep:
    """The employer's answer at a step: the next step's time limit may run from it."""
    require_handler(case, by)
    _open(case)
    rule = _rule(case, position)
    step = case.steps.filter(position=position).first()
    if step is None or step.filed_on is None:
        raise ValidationError(_("Record when %(step)s was filed before the employer's answer.")
                              % {"step": rule.name})
    if answered_on < step.filed_on:
        raise ValidationError(_("The answer cannot come before the filing (%(day)s).")
                              % {"day": step.filed_on})
    if answered_on > case.local.today():
        raise ValidationError(_("The answer date cannot be in the future."))
    later = case.steps.filter(position=position + 1, filed_on__lt=answered_on).first()
    if later is not None:
        raise ValidationError(_("The next step was filed on %(day)s, before that date.")
                              % {"day": later.filed_on})
    step.answered_on = answered_on
    step.answer = clean_text(answer).strip()
    step.save()
    log(case, "answered", by=by, step=rule.name, day=answered_on)
    record("grievance.answer_recorded", by=by, affiliate=case.local, obj=case,
           changes={"step": [None, position], "answered_on": [None, str(answered_on)]})
    return step


@transaction.atomic(durable=True)
def extend_deadline(case: Grievance, position: int, *, new_due: dt.date, agreed_on: dt.date,
                    agreed_with: str, by) -> Extension:
    """Both sides agreed to a new due date for a step."""
    require_handler(case, by)
    _open(case)
    rule = _rule(case, position)
    agreed_with = clean_text(agreed_with).strip()
    if not agreed_with:
        raise ValidationError(_("Say who agreed to the extension for the employer."))
    if new_due < agreed_on:
        raise ValidationError(_("The new due date comes after the day it was agreed."))
    if agreed_on > case.local.today():
        raise ValidationError(_("The agreement cannot be dated in the future."))
    if case.steps.filter(position=position, filed_on__isnull=False).exists():
        raise ValidationError(_("%(step)s has already been filed.") % {"step": rule.name})
    ext = Extension.objects.create(grievance=case, position=position, new_due=new_due,
                                   agreed_on=agreed_on, agreed_with=agreed_with[:200],
                                   recorded_by=by if by and by.pk else None)
    log(case, "extended", by=by, step=rule.name, day=new_due, who=agreed_with,
        agreed=agreed_on)
    record("grievance.extended", by=by, affiliate=case.local, obj=case,
           changes={"step": [None, position], "new_due": [None, str(new_due)]})
    return ext


@transaction.atomic(durable=True)
def add_note(case: Grievance, text: str, *, shared: bool = False, by) -> TimelineEntry:
    require_handler(case, by)
    text = clean_text(text).strip()
    if not text:
        raise ValidationError(_("The note is empty."))
    entry = TimelineEntry.objects.create(
        grievance=case, author=by if by and by.pk else None, author_name=_name(by),
        kind=TimelineEntry.Kind.NOTE, text=text, shared=shared)
    record("grievance.note_added", by=by, affiliate=case.local, obj=case)
    return entry


@transaction.atomic(durable=True)
def close_grievance(case: Grievance, *, outcome: str, closed_on: dt.date,
                    remedy_obtained: str = "", by) -> Grievance:
    require_handler(case, by)
    _open(case)
    if outcome not in Grievance.Outcome.values:
        raise ValidationError(_("Choose the outcome."))
    if closed_on > case.local.today():
        raise ValidationError(_("The closing date cannot be in the future."))
    if closed_on < case.incident_on:
        raise ValidationError(_("A case cannot close before the incident."))
    case.status = Grievance.Status.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.remedy_obtained = clean_text(remedy_obtained).strip()
    case.save(update_fields=["status", "outcome", "closed_on", "remedy_obtained"])
    log(case, "closed", by=by, outcome=outcome)
    record("grievance.closed", by=by, affiliate=case.local, obj=case,
           changes={"outcome": [None, outcome]})
    return case


@transaction.atomic(durable=True)
def reopen_grievance(case: Grievance, *, by) -> Grievance:
    """Only the chair or an officer reopens a closed case (e.g. a settlement not honoured)."""
    require(by, case.local, Perm.VIEW_ALL_GRIEVANCES)
    if case.status == Grievance.Status.OPEN:
        return case
    outcome = case.outcome
    case.status, case.outcome, case.closed_on = Grievance.Status.OPEN, "", None
    case.save(update_fields=["status", "outcome", "closed_on"])
    log(case, "reopened", by=by, outcome=outcome)
    record("grievance.reopened", by=by, affiliate=case.local, obj=case)
    return case

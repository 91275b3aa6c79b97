"""Every write to people and memberships."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, access_for
from unionhall.members.models import Membership, MembershipChange, MembershipStatus, Person


def _require(by, local, perm: Perm) -> None:
    # `by=None` is the system itself: a management command or the task worker.
    if by is not None and not by.is_superuser and not access_for(by, local).can(perm):
        raise PermissionDenied


@transaction.atomic(durable=True)
def add_people(local, rows: list[dict], *, by=None, reason: str = "") -> list[Person]:
    """Persons from dicts of Person fields plus `status` and `since`; all or none."""
    _require(by, local, Perm.MANAGE_PEOPLE)
    today = timezone.localdate()
    persons, memberships = [], []
    for row in rows:
        row = dict(row)
        status = row.pop("status", MembershipStatus.NON_MEMBER)
        since = row.pop("since", None) or today
        person = Person(local=local, **row)
        persons.append(person)
        memberships.append((status, since))
    Person.objects.bulk_create(persons, batch_size=500)
    Membership.objects.bulk_create(
        [Membership(person=p, status=s, since=d) for p, (s, d) in zip(persons, memberships,
                                                                      strict=True)],
        batch_size=500,
    )
    MembershipChange.objects.bulk_create(
        [MembershipChange(person=p, to_status=s, effective=d, reason=reason,
                          recorded_by=_actor(by))
         for p, (s, d) in zip(persons, memberships, strict=True)],
        batch_size=500,
    )
    record("people.added", by=by, affiliate=local, changes={"count": [0, len(persons)]})
    return persons


@transaction.atomic(durable=True)
def change_membership(person: Person, status: str, *, effective: dt.date | None = None,
                      reason: str = "", by=None) -> Membership:
    _require(by, person.local, Perm.MANAGE_PEOPLE)
    if status not in MembershipStatus.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status == status:
        return membership
    effective = effective or timezone.localdate()
    MembershipChange.objects.create(
        person=person, from_status=membership.status, to_status=status, effective=effective,
        reason=reason, recorded_by=_actor(by),
    )
    record("membership.changed", by=by, affiliate=person.local, obj=person,
           changes={"status": [membership.status, status], "reason": [None, reason]})
    membership.status, membership.since = status, effective
    membership.save(update_fields=["status", "since"])
    return membership


def _actor(by):
    return by if by is not None and by.is_authenticated else None


# --- Joining: the signed membership form ------------------------------------------------------

CONTACT_FIELDS = ("preferred_name", "personal_email", "mobile_phone", "street", "city", "state",
                  "postal_code", "language")


def _policy(local):
    from unionhall.members.models import DuesPolicy

    return DuesPolicy.objects.filter(local=local).first() or DuesPolicy(local=local)


def _roster_candidates(local, worksite_id, employee_id):
    from django.db.models import Q

    from unionhall.members.matching import Candidate

    wanted = Q(worksite_id=worksite_id) if worksite_id else Q(pk__in=[])
    if employee_id.strip():
        wanted |= Q(employee_id__iexact=employee_id.strip())
    return [
        Candidate(row["pk"], row["employee_id"], row["legal_first_name"], row["legal_last_name"],
                  row["preferred_name"], row["worksite_id"])
        for row in Person.objects.filter(wanted, local=local).values(
            "pk", "employee_id", "legal_first_name", "legal_last_name", "preferred_name",
            "worksite_id")
    ]


@transaction.atomic(durable=True)
def submit_application(local, fields: dict, *, terms, quote: dict, ip: str | None,
                       user_agent: str = "", signed_at=None):
    """Record a signed membership form, matched to the roster; mail the signer their card.

    `fields` are the form's cleaned values; `quote` the dues shown (yearly_cents,
    first_year_cents, per_paycheck_cents, pay_periods). A signer who is already a member, or who
    already has a form waiting, is refused with a message and nothing is written.
    """
    from unionhall.members import matching
    from unionhall.members.models import Application

    signed_at = signed_at or timezone.now()
    worksite = fields.get("worksite")
    found = matching.match(
        employee_id=fields.get("employee_id", ""), first=fields["legal_first_name"],
        last=fields["legal_last_name"], worksite_id=worksite.pk if worksite else None,
        candidates=_roster_candidates(local, worksite.pk if worksite else None,
                                      fields.get("employee_id", "")),
    )
    person = (Person.objects.select_related("membership").get(pk=found.person_id)
              if found.person_id else None)
    if found.kind == "employee_id" and person.membership.status == MembershipStatus.MEMBER:
        raise ValidationError(_("Our records show you are already a member. Thank you! If "
                                "something has changed, contact your building rep."))
    email = (fields.get("personal_email") or "").strip().lower()
    waiting = Application.objects.filter(local=local, status=Application.Status.PENDING)
    same = waiting.filter(personal_email__iexact=email) if email else waiting.none()
    if fields.get("employee_id", "").strip():
        same = same | waiting.filter(employee_id__iexact=fields["employee_id"].strip())
    if found.kind == "employee_id":
        same = same | waiting.filter(person=person)
    if same.exists():
        raise ValidationError(_("You have already signed a membership form; it is waiting for "
                                "the union's staff. You do not need to sign again."))
    policy = _policy(local)
    application = Application.objects.create(
        local=local, **{k: v for k, v in fields.items() if k != "consent"},
        consent=True, signed_at=signed_at, ip_address=ip, user_agent=user_agent[:300],
        terms=terms, terms_language=fields.get("language", "en"),
        terms_sha256=terms_hash(terms, fields.get("language", "en")),
        anniversary=timezone.localdate(signed_at),
        revocation_opens_days=policy.revocation_opens_days,
        revocation_closes_days=policy.revocation_closes_days,
        person=person, match=found.kind, match_score=found.score, **quote,
    )
    record("application.submitted", by=None, affiliate=local, obj=application,
           changes={"match": [None, found.kind]})
    if found.kind == "employee_id":
        _set_status(person, MembershipStatus.PENDING, reason=_("Signed the membership form"),
                    by=None)
        if policy.auto_approve_on_employee_id:
            _approve(application, person, by=None, note="automatic: employee id on the roster")
    if email:
        _mail_card(application)
    return application


def terms_hash(terms, language: str) -> str:
    import hashlib

    return hashlib.sha256(terms.text(language).encode("utf-8")).hexdigest()


def _set_status(person, status, *, reason, by):
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status == status:
        return
    today = timezone.localdate()
    MembershipChange.objects.create(person=person, from_status=membership.status,
                                    to_status=status, effective=today, reason=reason,
                                    recorded_by=_actor(by))
    record("membership.changed", by=by, affiliate=person.local, obj=person,
           changes={"status": [membership.status, status], "reason": [None, str(reason)]})
    membership.status, membership.since = status, today
    membership.save(update_fields=["status", "since"])


def _approve(application, person, *, by, note=""):
    from unionhall.members.models import Application, DuesAuthorization, PersonChange

    if person is None:
        person = Person.objects.create(
            local=application.local, employee_id=application.employee_id.strip() or None,
            legal_first_name=application.legal_first_name,
            legal_last_name=application.legal_last_name, worksite=application.worksite,
            job_class=application.job_class, fte=application.fte,
            **{f: getattr(application, f) for f in CONTACT_FIELDS},
        )
        Membership.objects.create(person=person, status=MembershipStatus.NON_MEMBER,
                                  since=timezone.localdate())
        MembershipChange.objects.create(person=person, to_status=MembershipStatus.NON_MEMBER,
                                        effective=timezone.localdate(),
                                        reason=_("Added from the membership form"),
                                        recorded_by=_actor(by))
    else:
        # The member's own contact details come from the form; job and worksite stay as the
        # district's roster has them.
        changes = {f: [getattr(person, f), getattr(application, f)] for f in CONTACT_FIELDS
                   if getattr(application, f) and getattr(application, f) != getattr(person, f)}
        if changes:
            for field, (_old, new) in changes.items():
                setattr(person, field, new)
            person.save(update_fields=list(changes))
            PersonChange.objects.create(person=person, by=_actor(by),
                                        source=PersonChange.Source.JOIN, changes=changes)
    _set_status(person, MembershipStatus.MEMBER,
                reason=_("Membership form of %(date)s approved") % {
                    "date": application.anniversary.isoformat()}, by=by)
    DuesAuthorization.objects.filter(person=person, status="active").update(
        status="revoked", revoked_at=timezone.now())
    DuesAuthorization.objects.create(
        person=person, application=application, signed_at=application.signed_at,
        anniversary=application.anniversary,
        revocation_opens_days=application.revocation_opens_days,
        revocation_closes_days=application.revocation_closes_days,
    )
    application.status = Application.Status.APPROVED
    application.person = person
    application.decided_at = timezone.now()
    application.decided_by = _actor(by)
    application.decision_note = note
    application.save()
    record("application.approved", by=by, affiliate=application.local, obj=application,
           changes={"person": [None, person.pk]})
    return application


def _require_approver(by, local):
    if by is None:
        return
    if not by.is_superuser and not access_for(by, local).can(Perm.APPROVE_MEMBERSHIP):
        raise PermissionDenied


@transaction.atomic(durable=True)
def approve_application(application, *, by, use_match: bool = True):
    """Approve a form; use_match=False sets a suggested name match aside for a new person."""
    from unionhall.members.models import Application

    _require_approver(by, application.local)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This form has already been decided."))
    person = application.person if use_match else None
    if person is not None and person.membership.status == MembershipStatus.MEMBER:
        raise ValidationError(_("%(name)s is already a member.") % {"name": person})
    return _approve(application, person, by=by)


@transaction.atomic(durable=True)
def reject_application(application, *, note: str, by):
    from unionhall.members.models import Application

    _require_approver(by, application.local)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This form has already been decided."))
    if application.person_id and application.match == "employee_id":
        _set_status(application.person, MembershipStatus.NON_MEMBER,
                    reason=_("Membership form not approved: %(note)s") % {"note": note}, by=by)
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = _actor(by)
    application.decision_note = note
    application.save()
    record("application.rejected", by=by, affiliate=application.local, obj=application,
           changes={"note": [None, note]})
    return application


def _mail_card(application) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from unionhall.members.cards import card_for

    with translation.override(application.language):
        subject = _("Your membership card for %(local)s") % {"local": application.local.name}
        body = render_to_string("members/email/card.txt", {"application": application})
        pdf = card_for(application)
    queue_email([application.personal_email], subject, body,
                attachments=[("membership-card.pdf", pdf, "application/pdf")])


# --- Dues: rates per affiliate level and the local's policy -----------------------------------

DUES_POLICY_FIELDS = ("year_start_month", "year_start_day", "pay_periods", "proration",
                      "revocation_opens_days", "revocation_closes_days",
                      "auto_approve_on_employee_id")


def _require_dues_admin(by, affiliate) -> None:
    """A local's rates and policy: whoever manages its people. A state's or the national
    association's rates: only a superuser or the system itself (by=None)."""
    if by is None or by.is_superuser:
        return
    if affiliate.kind != "local" or not access_for(by, affiliate).can(Perm.MANAGE_PEOPLE):
        raise PermissionDenied


def _fte_bound(value):
    from decimal import Decimal, InvalidOperation

    try:
        fte = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return fte if fte.is_finite() and fte == fte.quantize(Decimal("0.001")) else None


@transaction.atomic(durable=True)
def set_dues_rate(affiliate, *, category: str, label: str, min_fte, max_fte, yearly_cents: int,
                  effective_from: dt.date, effective_until: dt.date | None = None, by=None):
    """Set what `affiliate` charges a category and FTE band, from `effective_from` on.

    The same affiliate, category, band and start date update that rate. A new start date adds a
    rate and ends the band's rate before it on the day before; a rate set before a later one
    ends the day before that one starts. A band so never has two rates in force at once.
    """
    from unionhall.core.audit import diff
    from unionhall.members.models import DuesRate

    _require_dues_admin(by, affiliate)
    category, label = (category or "").strip(), (label or "").strip()
    low, high = _fte_bound(min_fte), _fte_bound(max_fte)
    errors = {}
    if not category or len(category) > 40:
        errors["category"] = _("Give the rate a category of at most 40 characters.")
    if not label or len(label) > 100:
        errors["label"] = _("Give the rate a label of at most 100 characters.")
    if low is None or high is None or not 0 <= low <= high <= 1:
        errors["max_fte"] = _("The FTE band runs from 0 to 1 in steps of 0.001, and starts "
                              "at or below where it ends.")
    if isinstance(yearly_cents, bool) or not isinstance(yearly_cents, int) or yearly_cents < 0:
        errors["yearly_cents"] = _("The yearly amount is a whole number of cents, zero or more.")
    if effective_until is not None and effective_until < effective_from:
        errors["effective_until"] = _("A rate ends on or after the day it starts.")
    if errors:
        raise ValidationError(errors)
    band = list(DuesRate.objects.select_for_update().filter(
        affiliate=affiliate, category=category, min_fte=low, max_fte=high))
    later = min((r.effective_from for r in band if r.effective_from > effective_from),
                default=None)
    if later is not None and (effective_until is None or effective_until >= later):
        effective_until = later - dt.timedelta(days=1)
    values = {"label": label, "yearly_cents": yearly_cents, "effective_until": effective_until}
    rate = next((r for r in band if r.effective_from == effective_from), None)
    if rate is not None:
        changes = diff({f: getattr(rate, f) for f in values}, values)
        if not changes:
            return rate
        for field, value in values.items():
            setattr(rate, field, value)
        rate.save(update_fields=list(values))
    else:
        ended = []
        for earlier in band:
            if earlier.effective_from < effective_from and (
                    earlier.effective_until is None or earlier.effective_until >= effective_from):
                earlier.effective_until = effective_from - dt.timedelta(days=1)
                earlier.save(update_fields=["effective_until"])
                ended.append(earlier.pk)
        rate = DuesRate.objects.create(affiliate=affiliate, category=category, min_fte=low,
                                       max_fte=high, effective_from=effective_from, **values)
        changes = diff({}, {"category": category, "min_fte": low, "max_fte": high,
                            "effective_from": effective_from, **values})
        if ended:
            changes["ended_rates"] = [None, ended]
    record("dues.rate_set", by=by, affiliate=affiliate, obj=rate, changes=changes)
    return rate


@transaction.atomic(durable=True)
def set_dues_policy(local, *, by=None, **fields):
    """Set some of a local's dues policy fields (DUES_POLICY_FIELDS); creates it if missing."""
    from unionhall.core.audit import diff
    from unionhall.members.models import DuesPolicy

    unknown = sorted(set(fields) - set(DUES_POLICY_FIELDS))
    if unknown:
        raise TypeError(f"Not dues policy fields: {', '.join(unknown)}")
    if local.kind != "local":
        raise ValidationError(_("Only a local has a dues policy."))
    _require_dues_admin(by, local)
    policy = (DuesPolicy.objects.select_for_update().filter(local=local).first()
              or DuesPolicy(local=local))
    before = {f: getattr(policy, f) for f in DUES_POLICY_FIELDS}
    for field, value in fields.items():
        setattr(policy, field, value)
    after = {f: getattr(policy, f) for f in DUES_POLICY_FIELDS}
    _check_dues_policy(after)
    changes = diff(before, after) if policy.pk else diff({}, after)
    if policy.pk and not changes:
        return policy
    policy.save()
    record("dues.policy_set", by=by, affiliate=local, obj=policy, changes=changes)
    return policy


def _check_dues_policy(values: dict) -> None:
    from unionhall.members.models import DuesPolicy

    def whole(name, low, high):
        value = values[name]
        return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high

    errors = {}
    if not whole("year_start_month", 1, 12) or not whole("year_start_day", 1, 28):
        errors["year_start_day"] = _("The membership year starts on a day from 1 to 28 of a "
                                     "month.")
    if not whole("pay_periods", 1, 53):
        errors["pay_periods"] = _("Pay periods a year must be from 1 to 53.")
    if values["proration"] not in DuesPolicy.Proration.values:
        errors["proration"] = _("Choose how mid-year joins are pro-rated.")
    if not whole("revocation_closes_days", 0, 366) or not whole("revocation_opens_days", 0, 366):
        errors["revocation_opens_days"] = _("The revocation window is given in days, 0 to 366.")
    elif values["revocation_opens_days"] < values["revocation_closes_days"]:
        errors["revocation_opens_days"] = _("The revocation window opens before it closes.")
    if not isinstance(values["auto_approve_on_employee_id"], bool):
        errors["auto_approve_on_employee_id"] = _("Say yes or no.")
    if errors:
        raise ValidationError(errors)

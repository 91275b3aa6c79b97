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



# --- Roster import: the district's HR export -------------------------------------------------

ROSTER_BATCH = 2000
# Persons the roster import reads and may write, besides pk, worksite and job class.
ROSTER_FIELDS = ("employee_id", "legal_first_name", "legal_last_name", "preferred_name",
                 "personal_email", "mobile_phone", "street", "city", "state", "postal_code",
                 "language", "fte", "hire_date")


def _insert_many(model, names: list[str], rows) -> None:
    """INSERT rows (tuples in the order of `names`, foreign keys as ids) with executemany, in
    batches. The ORM's bulk_create prepares every value of every row through its field, which at
    100,000 rows is most of an import's time; here only dates and decimals are adapted, once per
    distinct value."""
    from django.db import connection, models

    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    # Table and column names come from the model, never from the file; values are parameters.
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapt = []
    for index, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            continue  # passed in already prepared
        if isinstance(f, models.DateField):
            adapt.append((index, connection.ops.adapt_datefield_value, {}))
        elif isinstance(f, models.DecimalField):
            adapt.append((index, _decimal_adapter(connection, f), {}))
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            if adapt:
                row = list(row)
                for index, prepare, seen in adapt:
                    value = row[index]
                    if value is not None:
                        done = seen.get(value)
                        if done is None:
                            done = seen[value] = prepare(value)
                        row[index] = done
            batch.append(row)
            if len(batch) == ROSTER_BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _decimal_adapter(connection, field):
    def prepare(value):
        return connection.ops.adapt_decimalfield_value(value, field.max_digits,
                                                       field.decimal_places)
    return prepare


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic(durable=True)
def import_roster(local, data: bytes, *, filename: str = "", partial: bool = False,
                  create_worksites: bool = False, dry_run: bool = False, by=None):
    """Bring the roster in line with the district's HR export (CSV or XLSX); see members/roster.py.

    The whole file is checked first: with any bad row nothing is written and the summary lists
    every one. A full roster (not `partial`) marks whoever is missing from it as having left the
    unit. A fixed number of queries whatever the size of the file (bulk writes in batches).
    """
    from django.conf import settings
    from django.db import connection

    from unionhall.core.models import JobClass, Worksite
    from unionhall.members import roster
    from unionhall.members.models import PersonChange, PossibleDuplicate, RosterImport

    _require(by, local, Perm.MANAGE_PEOPLE)
    sites = dict(Worksite.objects.filter(local=local).values_list("name", "pk"))
    classes = dict(JobClass.objects.filter(local=local).values_list("title", "pk"))
    parsed = roster.read_roster(
        data, filename=filename, worksites=sites, job_classes=classes,
        create_worksites=create_worksites, languages=[code for code, _name in settings.LANGUAGES],
    )
    summary = roster.Summary(rows=parsed.rows, errors=parsed.errors, warnings=parsed.warnings,
                             dry_run=dry_run)
    if parsed.errors:
        return summary
    site_names = {pk: name for name, pk in sites.items()}
    class_titles = {pk: title for title, pk in classes.items()}
    existing: dict[str, dict] = {}
    others: list[tuple] = []  # (pk, first, last, worksite) of everyone on record
    notes: dict[int, str] = {}  # follow-up notes already on record
    top = 0  # the highest pk on record: new persons come after it
    for row in Person.objects.filter(local=local).values(
            "pk", *ROSTER_FIELDS, "worksite_id", "job_class_id", "in_unit", "left_unit_on",
            "follow_up", "membership__status"):
        if row["follow_up"]:
            notes[row["pk"]] = row["follow_up"]
        del row["follow_up"]
        row["worksite"] = site_names.get(row.pop("worksite_id"))
        row["job_class"] = class_titles.get(row.pop("job_class_id"))
        row["status"] = row.pop("membership__status")
        others.append((row["pk"], row["legal_first_name"], row["legal_last_name"],
                       row["worksite"]))
        top = max(top, row["pk"])
        if row["employee_id"]:
            existing[roster.normalize_id(row["employee_id"])] = row
    plan = roster.plan_changes(parsed, existing, partial=partial)
    del existing
    duplicates = roster.possible_duplicates(
        ((r["key"], r["legal_first_name"], r["legal_last_name"], r.get("worksite"))
         for r in plan.creates), others) if plan.creates and others else []
    del others
    summary.created, summary.updated = len(plan.creates), len(plan.updates)
    summary.unchanged, summary.left = plan.unchanged, len(plan.left)
    summary.new_worksites, summary.new_job_classes = parsed.new_worksites, parsed.new_job_classes
    summary.possible_duplicates = len(duplicates)
    if dry_run:
        return summary

    actor = _actor(by)
    today = timezone.localdate()
    for site in Worksite.objects.bulk_create(
            [Worksite(local=local, name=name) for name in parsed.new_worksites]):
        sites[site.name] = site.pk
    for job in JobClass.objects.bulk_create(
            [JobClass(local=local, title=title) for title in parsed.new_job_classes]):
        classes[job.title] = job.pk
    imported = RosterImport.objects.create(
        local=local, by=actor, filename=filename[:255], partial=partial, rows=summary.rows,
        created=summary.created, updated=summary.updated, unchanged=summary.unchanged,
        left=summary.left)
    summary.import_id = imported.pk

    # New persons, each with a membership (not a member) and its first history entry.
    reason = str(_("Added from the district's roster"))
    person_fields = [f.name for f in Person._meta.concrete_fields if not f.primary_key]
    defaults = {f.name: f.to_python(f.get_default()) for f in Person._meta.concrete_fields}
    defaults.update(local=local.pk, worksite=None, job_class=None)

    def new_person(row: dict) -> tuple:
        values = {**defaults, **row}
        values["worksite"] = sites.get(row.get("worksite"))
        values["job_class"] = classes.get(row.get("job_class"))
        return tuple(values[name] for name in person_fields)

    _insert_many(Person, person_fields, (new_person(
        {k: v for k, v in row.items() if k not in ("key", "line")}) for row in plan.creates))
    created_keys = {row["key"] for row in plan.creates}
    new_pks: dict[str, int] = {}
    for employee_id, pk in Person.objects.filter(local=local, pk__gt=top).values_list(
            "employee_id", "pk"):
        key = roster.normalize_id(employee_id or "")
        if key in created_keys:
            new_pks[key] = pk
    del created_keys
    _insert_many(Membership, ["person", "status", "since"],
                 ((pk, MembershipStatus.NON_MEMBER, today) for pk in new_pks.values()))
    recorded_at = MembershipChange._meta.get_field("recorded_at").get_db_prep_save(
        timezone.now(), connection)
    _insert_many(MembershipChange, ["person", "from_status", "to_status", "effective", "reason",
                                    "recorded_at", "recorded_by"],
                 ((pk, "", MembershipStatus.NON_MEMBER, today, reason, recorded_at,
                   actor.pk if actor else None) for pk in new_pks.values()))

    # Changed persons: one bulk update per set of changed fields, only those fields.
    history = []
    groups: dict[tuple, list[Person]] = {}
    for pk, changes in plan.updates:
        person = Person(pk=pk)
        for name, (_old, new) in changes.items():
            if name == "worksite":
                person.worksite_id = sites.get(new)
            elif name == "job_class":
                person.job_class_id = classes.get(new)
            else:
                setattr(person, name, new)
        groups.setdefault(tuple(sorted(changes)), []).append(person)
        history.append(PersonChange(
            person_id=pk, by=actor, source=PersonChange.Source.IMPORT, roster_import=imported,
            changes={name: [roster.plain_value(old), roster.plain_value(new)]
                     for name, (old, new) in changes.items()}))
    for names, persons in groups.items():
        Person.objects.bulk_update(persons, list(names), batch_size=ROSTER_BATCH)

    # Whoever a full roster leaves out has left the unit; a member who left is someone to call.
    follow_up = set(plan.follow_up)
    calls = [pk for pk in plan.left if pk in follow_up]
    quiet = [pk for pk in plan.left if pk not in follow_up]
    note = _("Missing from the district's roster of %(date)s") % {"date": today.isoformat()}
    for chunk in _chunks(quiet, 900):
        Person.objects.filter(pk__in=chunk).update(in_unit=False, left_unit_on=today)
    for chunk in _chunks(calls, 900):
        Person.objects.filter(pk__in=chunk).update(in_unit=False, left_unit_on=today,
                                                   follow_up=note[:200])
    left_changes = {"in_unit": [True, False], "left_unit_on": [None, today.isoformat()]}
    history += [PersonChange(person_id=pk, by=actor, source=PersonChange.Source.IMPORT,
                             roster_import=imported,
                             changes={**left_changes, "follow_up": [notes.get(pk, ""), note]}
                             if pk in follow_up else left_changes)
                for pk in plan.left]
    PersonChange.objects.bulk_create(history, batch_size=ROSTER_BATCH)
    PossibleDuplicate.objects.bulk_create(
        [PossibleDuplicate(local=local, person_id=new_pks[key], candidate_id=pk, score=score)
         for key, pk, score in duplicates], batch_size=ROSTER_BATCH, ignore_conflicts=True)
    record("roster.imported", by=by, affiliate=local, obj=imported, changes={
        "rows": [None, summary.rows], "created": [None, summary.created],
        "updated": [None, summary.updated], "unchanged": [None, summary.unchanged],
        "left": [None, summary.left], "new_worksites": [None, len(parsed.new_worksites)],
        "new_job_classes": [None, len(parsed.new_job_classes)],
        "possible_duplicates": [None, len(duplicates)]})
    return summary


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
                       user_agent: str = "", signed_at=None, referral=None):
    """Record a signed membership form, matched to the roster; mail the signer their card.

    `fields` are the form's cleaned values; `quote` the dues shown (yearly_cents,
    first_year_cents, per_paycheck_cents, pay_periods). A signer who is already a member, or who
    already has a form waiting, is refused with a message and nothing is written. `referral`
    (an organizing.Referral the signer came from) is linked to the form, and to the person
    when the form is approved.
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
    if referral is not None and referral.local_id == local.pk and referral.application_id is None:
        referral.application = application
        referral.save(update_fields=["application"])
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
    from unionhall.organizing.models import Referral

    Referral.objects.filter(application=application, joined__isnull=True).update(joined=person)
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


# --- The join page's content -------------------------------------------------------------------


@transaction.atomic(durable=True)
def set_join_page(local, *, intro_en: str, intro_es: str, by):
    """What membership gives, in the local's words; shown as plain text on the join page."""
    from unionhall.core.audit import diff
    from unionhall.members.models import JoinPage

    _require(by, local, Perm.MANAGE_PEOPLE)
    page = JoinPage.objects.select_for_update().filter(local=local).first() or JoinPage(
        local=local)
    before = {"intro_en": page.intro_en, "intro_es": page.intro_es}
    page.intro_en, page.intro_es = intro_en.strip(), intro_es.strip()
    page.save()
    record("join_page.updated", by=by, affiliate=local, obj=page,
           changes=diff(before, {"intro_en": page.intro_en, "intro_es": page.intro_es}))
    return page


@transaction.atomic(durable=True)
def publish_terms(local, *, text_en: str, text_es: str = "", by):
    """A new version of the terms and conditions; earlier versions stay as they were signed."""
    from django.db.models import Max

    from unionhall.members.models import TermsVersion

    _require(by, local, Perm.MANAGE_PEOPLE)
    if not text_en.strip():
        raise ValidationError({"text_en": _("The terms need an English text.")})
    latest = TermsVersion.objects.select_for_update().filter(local=local)
    number = (latest.aggregate(n=Max("version"))["n"] or 0) + 1
    terms = TermsVersion.objects.create(local=local, version=number, text_en=text_en.strip(),
                                        text_es=text_es.strip())
    record("terms.published", by=by, affiliate=local, obj=terms,
           changes={"version": [number - 1 or None, number]})
    return terms


# --- Payroll: the deduction file and the district's remittance ---------------------------------
# The pure part (which paycheck, how much, the file's layout, matching) is members/payroll.py.


def _core_policy(local):
    from unionhall.members import dues
    from unionhall.members.queries import dues_policy

    policy = dues_policy(local)
    return dues.Policy(year_start_month=policy.year_start_month,
                       year_start_day=policy.year_start_day, pay_periods=policy.pay_periods,
                       proration=policy.proration)


@transaction.atomic(durable=True)
def set_payroll_layout(local, *, deduction_code: str, columns: list, amount_format: str,
                       include_header: bool = True, by):
    """How the deduction file looks: `columns` is a list of (key, header), keys from
    payroll.COLUMNS in the order the district wants them; a blank header uses the default."""
    from unionhall.core.audit import diff
    from unionhall.members import payroll
    from unionhall.members.models import PayrollLayout

    _require(by, local, Perm.MANAGE_PEOPLE)
    code = (deduction_code or "").strip()
    pairs = [[key, (header or "").strip() or payroll.DEFAULT_HEADERS.get(key, key)]
             for key, header in columns]
    layout = payroll.Layout(deduction_code=code, columns=tuple(map(tuple, pairs)),
                            amount_format=amount_format, include_header=bool(include_header))
    errors = {}
    if not code or len(code) > 20:
        errors["deduction_code"] = _("Give the deduction code the district uses (at most 20 "
                                     "characters).")
    if layout.check():
        errors["columns"] = _("Choose each column once, from: %(keys)s; the employee id and "
                              "the amount are required. Amounts are in dollars or cents.") % {
            "keys": ", ".join(payroll.COLUMNS)}
    if errors:
        raise ValidationError(errors)
    current = (PayrollLayout.objects.select_for_update().filter(local=local).first()
               or PayrollLayout(local=local))
    fields = ("deduction_code", "columns", "amount_format", "include_header")
    before = {f: getattr(current, f) for f in fields} if current.pk else {}
    current.deduction_code, current.columns = code, pairs
    current.amount_format, current.include_header = amount_format, bool(include_header)
    current.save()
    record("payroll.layout_set", by=by, affiliate=local, obj=current,
           changes=diff(before, {f: getattr(current, f) for f in fields}))
    return current


def _owed_on(local, pay_date, policy):
    """What each authorized member owes on `pay_date`: ({person_id: Line}, warnings). A fixed
    number of queries whatever the number of members."""
    from unionhall.members import dues, payroll
    from unionhall.members.models import DuesAuthorization, Resignation
    from unionhall.members.queries import dues_rates

    rates = dues_rates(local)
    resigning = set(Resignation.objects.filter(
        person__local=local, applied_at__isnull=True, withdrawn_at__isnull=True,
        effective__lte=pay_date).values_list("person_id", flat=True))
    lines, warnings, cache = {}, [], {}
    for row in DuesAuthorization.objects.filter(
            status=DuesAuthorization.Status.ACTIVE, person__local=local, person__in_unit=True,
            person__membership__status=MembershipStatus.MEMBER,
    ).values("person_id", "person__employee_id", "person__legal_last_name",
             "person__legal_first_name", "person__fte", "signed_at").order_by(
            "person__legal_last_name", "person__legal_first_name", "person_id"):
        pid = row["person_id"]
        name = f"{row['person__legal_first_name']} {row['person__legal_last_name']}"
        if pid in resigning:
            warnings.append({"kind": "resigning", "person": pid, "name": name})
            continue
        if not row["person__employee_id"]:
            warnings.append({"kind": "no_employee_id", "person": pid, "name": name})
            continue
        signed_on = timezone.localdate(row["signed_at"])
        key = (row["person__fte"], max(signed_on, dues.membership_year(pay_date, policy)[0]))
        try:
            if key not in cache:
                cache[key] = payroll.expected_amount(rates, fte=row["person__fte"],
                                                     pay_date=pay_date, policy=policy,
                                                     signed_on=signed_on)
        except dues.DuesError:
            warnings.append({"kind": "no_rate", "person": pid, "name": name})
            continue
        if cache[key] > 0:
            lines[pid] = payroll.Line(row["person__employee_id"], row["person__legal_last_name"],
                                      row["person__legal_first_name"], cache[key])
    for pid, first, last in Person.objects.filter(
            local=local, in_unit=True, membership__status=MembershipStatus.MEMBER,
    ).exclude(dues_authorizations__status=DuesAuthorization.Status.ACTIVE).values_list(
            "pk", "legal_first_name", "legal_last_name").order_by("legal_last_name", "pk"):
        warnings.append({"kind": "no_authorization", "person": pid, "name": f"{first} {last}"})
    return lines, warnings


def layout_of(local):
    from unionhall.members import payroll
    from unionhall.members.models import PayrollLayout

    row = PayrollLayout.objects.filter(local=local).first()
    if row is None:
        return payroll.Layout()
    return payroll.Layout(deduction_code=row.deduction_code,
                          columns=tuple(tuple(pair) for pair in row.columns),
                          amount_format=row.amount_format, include_header=row.include_header)


def deduction_csv(layout, lines, pay_date) -> bytes:
    """The deduction file: the layout's columns, formula-safe cells, UTF-8, CRLF lines."""
    import csv
    import io

    from unionhall.core.spreadsheet import safe_row
    from unionhall.members import payroll

    out = io.StringIO()
    writer = csv.writer(out)
    for row in payroll.render_rows(lines, layout, pay_date):
        writer.writerow(safe_row(row))
    return out.getvalue().encode("utf-8")


@transaction.atomic(durable=True)
def export_deductions(local, pay_date: dt.date, *, by):
    """The deduction file for a pay date: every member with an active dues authorization, what
    they owe on that paycheck. Returns (PayrollExport, CSV bytes); members who cannot be
    deducted (no card, no employee id, no rate for their FTE, resigning) are the export's
    warnings."""
    from unionhall.members import dues, payroll
    from unionhall.members.models import PayrollExport, PayrollExportLine

    _require(by, local, Perm.MANAGE_PEOPLE)
    _apply_due_resignations(local, timezone.localdate())
    policy = _core_policy(local)
    layout = layout_of(local)
    period = payroll.period_of(pay_date, policy)
    lines, warnings = _owed_on(local, pay_date, policy)
    year_start, year_end = dues.membership_year(pay_date, policy)
    clash = (PayrollExport.objects.filter(local=local, period=period,
                                          pay_date__range=(year_start, year_end))
             .exclude(pay_date=pay_date).values_list("pay_date", flat=True).first())
    if clash:
        warnings.insert(0, {"kind": "same_period", "date": clash.isoformat()})
    export = PayrollExport.objects.create(
        local=local, pay_date=pay_date, period=period, by=_actor(by),
        deduction_code=layout.deduction_code, rows=len(lines),
        total_cents=sum(line.amount_cents for line in lines.values()), warnings=warnings)
    PayrollExportLine.objects.bulk_create(
        [PayrollExportLine(export=export, person_id=pid, employee_id=line.employee_id,
                           last_name=line.last_name, first_name=line.first_name,
                           amount_cents=line.amount_cents) for pid, line in lines.items()],
        batch_size=1000)
    record("payroll.exported", by=by, affiliate=local, obj=export,
           changes={"rows": [None, export.rows], "total_cents": [None, export.total_cents]})
    return export, deduction_csv(layout, list(lines.values()), pay_date)


@transaction.atomic(durable=True)
def import_remittance(local, data: bytes, *, pay_date: dt.date, filename: str = "", by):
    """The district's remittance for a pay date: rows matched on employee id against what was
    owed (the deduction file sent for that date, or what is owed now when none was sent).
    Members paid in full are paid through the pay date; every other row is an exception for
    staff. A bad file raises ValidationError listing each bad row and column; nothing is
    written."""
    from django.db.models import Q

    from unionhall.members import payroll
    from unionhall.members.models import (
        PayrollExport,
        Remittance,
        RemittanceException,
        RemittanceLine,
    )

    _require(by, local, Perm.MANAGE_PEOPLE)
    layout = layout_of(local)
    parsed = payroll.read_remittance(data, amount_format=layout.amount_format)
    if parsed.errors:
        raise ValidationError(parsed.errors[:200])
    if not parsed.rows:
        raise ValidationError(_("The file has no rows."))
    earlier = Remittance.objects.filter(local=local, pay_date=pay_date).first()
    if earlier is not None:
        raise ValidationError(_("A remittance for %(date)s was already imported (%(file)s).") % {
            "date": pay_date.isoformat(), "file": earlier.filename or "-"})
    export = PayrollExport.objects.filter(local=local, pay_date=pay_date).order_by("-id").first()
    if export is not None:
        owed = {payroll.normalize_id(e): payroll.Owed(p, c) for e, p, c in export.lines.filter(
            person__isnull=False).values_list("employee_id", "person_id", "amount_cents")}
    else:
        lines, _warnings = _owed_on(local, pay_date, _core_policy(local))
        owed = {payroll.normalize_id(line.employee_id): payroll.Owed(pid, line.amount_cents)
                for pid, line in lines.items()}
    people = {payroll.normalize_id(e): pk for e, pk in Person.objects.filter(
        local=local, employee_id__isnull=False).values_list("employee_id", "pk")}
    result = payroll.match_remittance(parsed.rows, owed=owed, people=people)
    remittance = Remittance.objects.create(
        local=local, pay_date=pay_date, filename=filename[:255], by=_actor(by),
        rows=len(parsed.rows), matched=len(result.ok), exceptions=len(result.exceptions),
        missing=len(result.missing), received_cents=sum(r.cents for r in parsed.rows))
    RemittanceLine.objects.bulk_create(
        [RemittanceLine(remittance=remittance, person_id=o.person_id,
                        received_cents=o.received_cents)
         for o in result.outcomes if o.person_id is not None], batch_size=1000)
    RemittanceException.objects.bulk_create(
        [RemittanceException(remittance=remittance, row=o.row, employee_id=o.employee_id[:40],
                             person_id=o.person_id, expected_cents=o.expected_cents,
                             received_cents=o.received_cents, kind=o.kind)
         for o in result.exceptions], batch_size=1000)
    paid = [o.person_id for o in result.ok]
    for chunk in _chunks(paid, 900):
        Membership.objects.filter(person_id__in=chunk).filter(
            Q(paid_through__isnull=True) | Q(paid_through__lt=pay_date)).update(
            paid_through=pay_date)
    record("remittance.imported", by=by, affiliate=local, obj=remittance,
           changes={"rows": [None, remittance.rows], "matched": [None, remittance.matched],
                    "exceptions": [None, remittance.exceptions]})
    return remittance


@transaction.atomic(durable=True)
def resolve_exception(exception, *, note: str, by):
    """Staff have dealt with a remittance exception; the note says how."""
    from unionhall.members.models import RemittanceException

    exception = RemittanceException.objects.select_for_update().select_related(
        "remittance__local").get(pk=exception.pk)
    _require(by, exception.remittance.local, Perm.MANAGE_PEOPLE)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say how the exception was resolved.")})
    if exception.resolved_at is not None:
        raise ValidationError(_("This exception is already resolved."))
    exception.resolved_at, exception.resolved_by = timezone.now(), _actor(by)
    exception.note = note[:300]
    exception.save(update_fields=["resolved_at", "resolved_by", "note"])
    record("remittance.exception_resolved", by=by, affiliate=exception.remittance.local,
           obj=exception, changes={"note": [None, exception.note]})
    return exception


# --- The membership lifecycle: resigning, lapsing (rejoining is a new membership form) --------


def _record_status(person, status, *, effective, reason, by, recorded_by=None):
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status == status:
        return membership
    reason = str(reason)[:200]
    MembershipChange.objects.create(person=person, from_status=membership.status,
                                    to_status=status, effective=effective, reason=reason,
                                    recorded_by=recorded_by or _actor(by))
    record("membership.changed", by=by, affiliate=person.local, obj=person,
           changes={"status": [membership.status, status], "reason": [None, reason]})
    membership.status, membership.since = status, effective
    membership.save(update_fields=["status", "since"])
    return membership


def _apply_resignation(resignation, *, by):
    from unionhall.members.models import DuesAuthorization

    if resignation.authorization_id:
        DuesAuthorization.objects.filter(pk=resignation.authorization_id,
                                         status=DuesAuthorization.Status.ACTIVE).update(
            status=DuesAuthorization.Status.REVOKED, revoked_at=timezone.now())
    _record_status(resignation.person, MembershipStatus.RESIGNED,
                   effective=resignation.effective, reason=resignation.reason, by=by,
                   recorded_by=resignation.by)
    resignation.applied_at = timezone.now()
    resignation.save(update_fields=["applied_at"])


def _apply_due_resignations(local, on) -> int:
    from unionhall.members.models import Resignation

    due = list(Resignation.objects.select_related("person__local").filter(
        person__local=local, applied_at__isnull=True, withdrawn_at__isnull=True,
        effective__lte=on))
    for resignation in due:
        _apply_resignation(resignation, by=None)
    return len(due)


@transaction.atomic(durable=True)
def apply_due_resignations(local, *, on: dt.date | None = None, by=None) -> int:
    """Resignations whose card's revocation window has opened take effect (run daily)."""
    _require(by, local, Perm.MANAGE_PEOPLE)
    return _apply_due_resignations(local, on or timezone.localdate())


def active_authorization(person):
    from unionhall.members.models import DuesAuthorization

    return DuesAuthorization.objects.filter(person=person,
                                            status=DuesAuthorization.Status.ACTIVE).first()


@transaction.atomic(durable=True)
def resign(person, *, on: dt.date | None = None, reason: str, by, release: bool = False):
    """Record a member's resignation, asked for on `on` (the day the letter was sent or given).

    The membership card is a contract: its dues authorization can be revoked only in the
    window before each anniversary of signing. So:
    - inside the window (or with no active card), the resignation takes effect at once: the
      authorization is revoked and the membership is "resigned" from `on`;
    - outside it, the request is recorded now and takes effect on the opening day of the next
      window, when the authorization is revoked and the status becomes "resigned"; until then
      the member stays a member and is deducted as the card says. A union keeps the request
      rather than refusing it: the member has told us, nobody has to remember to send the
      letter again, and the change happens on the first day the card allows;
    - `release=True` is the local's choice to let the member go before the window (the
      authorization is revoked now); the history says it was a release.
    Every step writes the membership history (who recorded it and why) and the audit log.
    Returns the Resignation; its `applied_at` is set when it has taken effect.
    """
    from unionhall.members import payroll
    from unionhall.members.models import Resignation

    _require(by, person.local, Perm.MANAGE_PEOPLE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the member resigns (e.g. their letter of "
                                           "the date).")})
    on = on or timezone.localdate()
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status not in (MembershipStatus.MEMBER, MembershipStatus.PENDING):
        raise ValidationError(_("%(name)s is not a member.") % {"name": person})
    pending = Resignation.objects.filter(person=person, applied_at__isnull=True,
                                         withdrawn_at__isnull=True).first()
    if pending is not None:
        raise ValidationError(_("A resignation is already recorded; it takes effect on "
                                "%(date)s.") % {"date": pending.effective.isoformat()})
    card = active_authorization(person)
    effective, waived, window = on, False, None
    if card is not None:
        window = payroll.revocation_window(
            timezone.localdate(card.signed_at), on, opens_days=card.revocation_opens_days,
            closes_days=card.revocation_closes_days)
        if not window[0] <= on <= window[1]:
            if release:
                waived = True
            else:
                effective = window[0]
    note = reason
    if waived:
        note = _("%(reason)s (released from the card before its revocation window)") % {
            "reason": reason}
    elif effective != on:
        note = _("%(reason)s (asked on %(asked)s; the card's revocation window is %(opens)s to "
                 "%(closes)s)") % {"reason": reason, "asked": on.isoformat(),
                                    "opens": window[0].isoformat(),
                                    "closes": window[1].isoformat()}
    resignation = Resignation.objects.create(
        person=person, authorization=card, requested_on=on, effective=effective,
        reason=str(note)[:200], waived=waived, by=_actor(by))
    record("membership.resignation_recorded", by=by, affiliate=person.local, obj=person,
           changes={"effective": [None, effective.isoformat()], "reason": [None, reason],
                    "released": [None, waived]})
    if effective <= timezone.localdate():
        _apply_resignation(resignation, by=by)
    return resignation


@transaction.atomic(durable=True)
def lapse(person, *, reason: str, by, on: dt.date | None = None):
    """The membership lapses: the district stopped deducting (a leave, a job outside the unit, an
    error) and the member has not paid otherwise. The card is kept: if deductions resume, staff
    make the person a member again; a new membership form replaces the card."""
    _require(by, person.local, Perm.MANAGE_PEOPLE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the membership lapses.")})
    membership = Membership.objects.select_for_update().get(person=person)
    if membership.status != MembershipStatus.MEMBER:
        raise ValidationError(_("%(name)s is not a member.") % {"name": person})
    return _record_status(person, MembershipStatus.LAPSED, effective=on or timezone.localdate(),
                          reason=reason, by=by)


# --- Possible duplicates from the roster ------------------------------------------------------

_STATUS_RANK = {MembershipStatus.MEMBER: 4, MembershipStatus.PENDING: 3,
                MembershipStatus.LAPSED: 2, MembershipStatus.RESIGNED: 1,
                MembershipStatus.NON_MEMBER: 0}


@transaction.atomic(durable=True)
def resolve_duplicate(duplicate, *, merge: bool, by):
    """Two records of one worker: merge the older one into the roster's, or mark them distinct.

    A merge keeps the roster's person (it has the district's employee id), fills its empty
    contact fields from the other record, moves that record's history, forms, dues cards and
    account over, keeps the stronger membership, and removes the other record.
    """
    from unionhall.accounts.models import User
    from unionhall.members.models import (
        Application,
        DuesAuthorization,
        PersonChange,
        PossibleDuplicate,
    )

    _require(by, duplicate.local, Perm.MANAGE_PEOPLE)
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.resolution:
        raise ValidationError(_("This pair has already been looked at."))
    if not merge:
        duplicate.resolution = PossibleDuplicate.Resolution.DISTINCT
        duplicate.save(update_fields=["resolution"])
        record("duplicate.distinct", by=by, affiliate=duplicate.local, obj=duplicate.person)
        return duplicate
    keep = Person.objects.select_related("membership").get(pk=duplicate.person_id)
    other = Person.objects.select_related("membership").get(pk=duplicate.candidate_id)
    filled = {f: [getattr(keep, f), getattr(other, f)] for f in CONTACT_FIELDS + ("hire_date",)
              if not getattr(keep, f) and getattr(other, f)}
    for field, (_old, new) in filled.items():
        setattr(keep, field, new)
    if filled:
        keep.save(update_fields=list(filled))
        PersonChange.objects.create(person=keep, by=_actor(by), source=PersonChange.Source.STAFF,
                                    changes={k: [str(a), str(b)] for k, (a, b) in filled.items()})
    if User.objects.filter(person=other).exists() and not User.objects.filter(
            person=keep).exists():
        User.objects.filter(person=other).update(person=keep)
    Application.objects.filter(person=other).update(person=keep)
    if DuesAuthorization.objects.filter(person=keep, status="active").exists():
        DuesAuthorization.objects.filter(person=other, status="active").update(
            status="revoked", revoked_at=timezone.now())
    DuesAuthorization.objects.filter(person=other).update(person=keep)
    MembershipChange.objects.filter(person=other).update(person=keep)
    PersonChange.objects.filter(person=other).update(person=keep)
    if _STATUS_RANK[other.membership.status] > _STATUS_RANK[keep.membership.status]:
        membership = keep.membership
        membership.status, membership.since = other.membership.status, other.membership.since
        membership.save(update_fields=["status", "since"])
    record("duplicate.merged", by=by, affiliate=duplicate.local, obj=keep,
           changes={"merged": [str(other), None], "filled": [None, sorted(filled)]})
    other.delete()  # the pair goes with it; the audit entry keeps what was merged
    return keep


# --- Roster import from the web: check and preview, then the worker imports ------------------


def stage_roster(local, data: bytes, *, filename: str, partial: bool, create_worksites: bool,
                 by):
    """Check an uploaded roster (a dry run) and keep it for the user to confirm."""
    from unionhall.members.models import RosterUpload

    summary = import_roster(local, data, filename=filename, partial=partial,
                            create_worksites=create_worksites, dry_run=True, by=by)
    with transaction.atomic(durable=True):
        upload = RosterUpload.objects.create(
            local=local, by=_actor(by), filename=filename[:255], data=data, partial=partial,
            create_worksites=create_worksites, preview=summary.as_dict())
        record("roster.uploaded", by=by, affiliate=local, obj=upload,
               changes={"rows": [None, summary.rows], "errors": [None, len(summary.errors)]})
    return upload


@transaction.atomic(durable=True)
def confirm_roster(upload, *, by):
    """Queue a checked roster for the worker; a file with errors can't be confirmed."""
    from unionhall.members.models import RosterUpload
    from unionhall.members.tasks import run_roster_upload

    _require(by, upload.local, Perm.MANAGE_PEOPLE)
    upload = RosterUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != RosterUpload.Status.PREVIEWED:
        raise ValidationError(_("This file has already been imported or is being imported."))
    if upload.preview.get("errors"):
        raise ValidationError(_("Fix the rows listed and upload the file again."))
    upload.status = RosterUpload.Status.QUEUED
    upload.save(update_fields=["status"])
    record("roster.confirmed", by=by, affiliate=upload.local, obj=upload)
    transaction.on_commit(lambda: run_roster_upload.enqueue(upload.pk))
    return upload


def _upload_status(upload, status, **fields):
    from unionhall.members.models import RosterUpload

    with transaction.atomic(durable=True):
        RosterUpload.objects.filter(pk=upload.pk).update(status=status, **fields)


def run_roster_upload_now(upload) -> None:
    """The worker's side: import a confirmed file, keeping its status current for the page."""
    from unionhall.members.models import RosterUpload

    _upload_status(upload, RosterUpload.Status.RUNNING)
    try:
        summary = import_roster(upload.local, bytes(upload.data), filename=upload.filename,
                                partial=upload.partial, create_worksites=upload.create_worksites,
                                by=upload.by)
    except Exception as exc:  # the page must say it failed, whatever the cause
        _upload_status(upload, RosterUpload.Status.FAILED, finished_at=timezone.now(),
                       result={"failure": str(exc)[:500]})
        raise
    status = RosterUpload.Status.FAILED if summary.errors else RosterUpload.Status.DONE
    _upload_status(upload, status, finished_at=timezone.now(), result=summary.as_dict(),
                   data=b"")

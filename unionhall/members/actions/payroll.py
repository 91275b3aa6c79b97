"""Payroll deductions, remittances, and the membership lifecycle (resigning, lapsing)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm
from unionhall.members.actions._common import (
    _actor,
    _chunks,
    _require,
)
from unionhall.members.models import Membership, MembershipChange, MembershipStatus, Person

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

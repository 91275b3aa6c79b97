"""Dues rates per affiliate level and the local's dues policy."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm, access_for

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

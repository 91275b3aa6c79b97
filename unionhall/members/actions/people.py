"""Adding people and changing a membership by hand."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm
from unionhall.members.actions._common import (
    _actor,
    _require,
)
from unionhall.members.models import Membership, MembershipChange, MembershipStatus, Person


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

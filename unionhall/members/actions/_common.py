"""What the members actions share: the permission check, the acting user, status changes."""

from django.utils import timezone

from unionhall.core.audit import record
from unionhall.core.permissions import require as _require  # noqa: F401
from unionhall.members.models import Membership, MembershipChange


def _actor(by):
    return by if by is not None and by.is_authenticated else None


CONTACT_FIELDS = ("preferred_name", "personal_email", "mobile_phone", "street", "city", "state",
                  "postal_code", "language")

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

def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]

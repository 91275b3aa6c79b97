"""Writing the audit log. Called by actions inside their transaction, never by views."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import AuditEntry

# What each verb reads as in the audit log; a verb missing here shows as its code.
VERB_LABELS = {
    "affiliate.created": _("Affiliate created"),
    "affiliate.deleted": _("Affiliate deleted"),
    "worksites.added": _("Worksites added"),
    "job_classes.added": _("Job classes added"),
    "role.assigned": _("Role assigned"),
    "role.revoked": _("Role revoked"),
    "roles.assigned": _("Roles assigned"),
    "people.added": _("People added"),
    "membership.changed": _("Membership changed"),
    "account.invited": _("Invited to an account"),
    "account.created": _("Account created"),
    "accounts.created": _("Accounts created"),
    "accounts.deleted": _("Accounts deleted"),
    "people.exported": _("People exported"),
    "organizing.density_goal_set": _("Density goal set"),
    "organizing.worksite_goal_set": _("Worksite density goal set"),
    "roster.imported": _("Roster imported"),
    "dues.rate_set": _("Dues rate set"),
    "dues.policy_set": _("Dues policy set"),
    "payroll.layout_set": _("Payroll layout set"),
    "payroll.exported": _("Deduction file made"),
    "remittance.imported": _("Remittance imported"),
    "remittance.exception_resolved": _("Remittance exception resolved"),
    "membership.resignation_recorded": _("Resignation recorded"),
    "organizing.conversation_logged": _("Conversation logged"),
    "organizing.assessed": _("Assessment recorded"),
    "organizing.next_step_set": _("Next step set"),
    "organizing.coworker_invited": _("Coworker invited"),
    "organizing.scale_set": _("Assessment scale set"),
    "organizing.issues_set": _("Issues set"),
    "organizing.numbers_set": _("Density goal and rep ratio set"),
    "local.privacy_set": _("Privacy setting changed"),
}


def verb_label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


def record(verb: str, *, by, affiliate=None, obj=None, changes: dict | None = None) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the action's transaction.")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        affiliate=affiliate,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
    )


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, as JSON-friendly strings."""
    out = {}
    for key in after:
        if before.get(key) != after[key]:
            out[key] = [_plain(before.get(key)), _plain(after[key])]
    return out


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)

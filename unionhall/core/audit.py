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
    # Meetings and motions
    "meeting.created": _("Meeting scheduled"),
    "meeting.updated": _("Meeting changed"),
    "meeting.agenda_item_added": _("Agenda item added"),
    "meeting.agenda_item_edited": _("Agenda item changed"),
    "meeting.agenda_item_removed": _("Agenda item removed"),
    "meeting.agenda_reordered": _("Agenda reordered"),
    "meeting.sign_in_opened": _("Meeting sign-in opened"),
    "meeting.sign_in_closed": _("Meeting sign-in closed"),
    "meeting.signed_in": _("Signed in at a meeting"),
    "meeting.marked_present": _("Marked present at a meeting"),
    "meeting.unmarked_present": _("Taken off a meeting's attendance"),
    "meeting.minutes_saved": _("Minutes saved"),
    "meeting.minutes_approved": _("Minutes approved"),
    "motion.moved": _("Motion moved"),
    "motion.seconded": _("Motion seconded"),
    "motion.amendment_moved": _("Amendment moved"),
    "motion.amended": _("Motion amended"),
    "motion.withdrawn": _("Motion withdrawn"),
    "motion.hands_counted": _("Motion decided by a count of hands"),
    "democracy.rules_set": _("Voting rules set"),
    "election.created": _("Election created"),
    "election.changed": _("Election changed"),
    "election.contest_added": _("Office or question added to a ballot"),
    "election.candidate_added": _("Candidate added"),
    "election.candidate_withdrawn": _("Candidate withdrawn"),
    "election.statement_set": _("Candidate statement changed"),
    "election.published": _("Election published"),
    "election.cancelled": _("Election cancelled"),
    "election.nominated": _("Nomination made"),
    "election.nomination_answered": _("Nomination answered"),
    "election.roll_frozen": _("Voter roll frozen"),
    "election.reminded": _("Voting reminders sent"),
    "election.paper_checked_in": _("Paper ballot envelope checked in"),
    "election.paper_ballot_entered": _("Paper ballot entered"),
    "election.tallied": _("Votes counted"),
    "election.certified": _("Results certified"),
    "motion.secret_vote_opened": _("Secret vote on a motion opened"),
    "motion.decided": _("Motion decided"),
    "contract.imported": _("Contract imported"),
    "contract.updated": _("Contract version changed"),
    "contract.put_in_force": _("Contract version put in force"),
    "contract.deleted": _("Draft contract deleted"),
    "contract.ratified": _("Agreement ratified: new contract version"),
    "bargaining_session.created": _("Bargaining session added"),
    "bargaining_session.updated": _("Bargaining session changed"),
    "bargaining_session.published": _("Bargaining session published"),
    "bargaining_session.unpublished": _("Bargaining session unpublished"),
    "bargaining_session.attendees_set": _("Bargaining session attendees set"),
    "transcript.imported": _("Transcript imported"),
    "transcript.speakers_mapped": _("Transcript speakers matched to attendees"),
    "proposal.created": _("Proposal added"),
    "proposal.updated": _("Proposal changed"),
    "proposal.published": _("Proposal published"),
    "proposal.status_changed": _("Proposal status changed"),
    "agreement.signed": _("Tentative agreement signed"),
    "survey.created": _("Bargaining survey created"),
    "survey.updated": _("Bargaining survey changed"),
    "survey.published": _("Bargaining survey published"),
    "survey.answered": _("Bargaining survey answered"),
    "post.created": _("Update written"),
    "post.updated": _("Update changed"),
    "post.published": _("Update published"),
    "post.unpublished": _("Update unpublished"),
    "comment.posted": _("Comment posted"),
    "comment.moderated": _("Comment moderated"),
    "news.settings_changed": _("Comment moderation changed"),
    "email_preferences.changed": _("Email preferences changed"),
    "event.created": _("Event created"),
    "event.updated": _("Event changed"),
    "event.published": _("Event published"),
    "event.cancelled": _("Event cancelled"),
    "event.reminders_sent": _("Event reminders sent"),
    "rsvp.answered": _("RSVP answered"),
    "rsvp.promoted": _("Moved up from the wait list"),
    "event.checked_in": _("Checked in at an event"),
    "event_feed.created": _("Personal calendar address made"),
    "event_feed.revoked": _("Personal calendar address revoked"),
    "message.created": _("Message to members written"),
    "message.updated": _("Message to members changed"),
    "message.sent": _("Message to members sent"),
    "email.unsubscribed": _("Unsubscribed from a topic"),
    "grievances.procedure_set": _("Grievance procedure set"),
    "grievances.school_year_saved": _("School year saved"),
    "grievances.calendar_imported": _("District calendar imported"),
    "grievances.calendar_day_set": _("Calendar day set"),
    "grievances.calendar_day_removed": _("Calendar day removed"),
    "grievances.calendar_days_set": _("Calendar days set"),
    "grievance.opened": _("Grievance opened"),
    "grievance.updated": _("Grievance details changed"),
    "grievance.stewards_assigned": _("Grievance stewards assigned"),
    "grievance.step_filed": _("Grievance step filed"),
    "grievance.answer_recorded": _("Employer's answer recorded"),
    "grievance.extended": _("Grievance deadline extended"),
    "grievance.note_added": _("Grievance note added"),
    "grievance.document_added": _("Grievance file added"),
    "grievance.closed": _("Grievance closed"),
    "grievance.reopened": _("Grievance reopened"),
    "grievance.feed_created": _("Deadline calendar address made"),
    "grievance.feed_revoked": _("Deadline calendar address revoked"),
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

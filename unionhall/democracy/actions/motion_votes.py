"""A motion at a meeting put to a secret online vote: an election of one yes/no question whose
roll is the members signed in at the meeting, opened and closed by the chair."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm
from unionhall.democracy.actions._common import actor, require
from unionhall.democracy.actions.elections import _roll_rows
from unionhall.democracy.actions.meetings import apply_amendment
from unionhall.democracy.actions.voting import _tally
from unionhall.democracy.models import Contest, Election, Motion, VoterRollEntry


@transaction.atomic(durable=True)
def start_motion_vote(motion: Motion, *, minutes: int = 10, by) -> Election:
    """Open a secret vote on a seconded motion for `minutes`; the roll is frozen at once from
    the members signed in at the meeting."""
    meeting = motion.meeting
    require(by, meeting.local, Perm.RUN_MEETINGS)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.SECONDED:
        raise ValidationError(_("Only a seconded motion can be put to a vote."))
    if not 1 <= minutes <= 240:
        raise ValidationError(_("A vote stays open between 1 and 240 minutes."))
    now = timezone.now()
    election = Election.objects.create(
        local=meeting.local, kind=Election.Kind.MOTION, meeting=meeting,
        title=_("Motion: %(text)s") % {"text": motion.text[:150]},
        status=Election.Status.PUBLISHED, opens_at=now,
        closes_at=now + dt.timedelta(minutes=minutes), cutoff=timezone.localdate(now),
        created_by=actor(by))
    Contest.objects.create(election=election, position=1, title=motion.text[:200],
                           description=motion.text, method=Contest.Method.YES_NO,
                           threshold=motion.threshold)
    VoterRollEntry.objects.bulk_create(_roll_rows(election), batch_size=1000)
    election.roll_frozen_at = now
    election.save(update_fields=["roll_frozen_at"])
    motion.status, motion.voting, motion.election = (Motion.Status.VOTING,
                                                     Motion.Voting.SECRET, election)
    motion.save(update_fields=["status", "voting", "election"])
    record("motion.secret_vote_opened", by=by, affiliate=meeting.local, obj=motion,
           changes={"minutes": [None, minutes]})
    return election


@transaction.atomic(durable=True)
def close_motion_vote(motion: Motion, *, by) -> Motion:
    """Close the vote now (or record it closed on time), count it and decide the motion."""
    meeting = motion.meeting
    require(by, meeting.local, Perm.RUN_MEETINGS)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.VOTING or motion.election_id is None:
        raise ValidationError(_("This motion is not being voted on."))
    election = Election.objects.select_for_update().get(pk=motion.election_id)
    now = timezone.now()
    if election.closes_at > now:
        election.closes_at = max(now, election.opens_at + dt.timedelta(microseconds=1))
        election.save(update_fields=["closes_at"])
    election = _tally(election, by=by)
    result = next(iter(election.results["contests"].values()))
    motion.yes, motion.no, motion.abstain = result["yes"], result["no"], result["abstain"]
    motion.status = Motion.Status.PASSED if result["passed"] else Motion.Status.FAILED
    motion.save(update_fields=["yes", "no", "abstain", "status"])
    apply_amendment(motion, by=by)
    record("motion.decided", by=by, affiliate=meeting.local, obj=motion,
           changes={"status": ["voting", motion.status],
                    "votes": [None, f"{motion.yes}/{motion.no}/{motion.abstain}"]})
    return motion

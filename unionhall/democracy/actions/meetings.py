"""Meetings: scheduling, the agenda, sign-in and attendance, motions and hand votes, minutes.

Who may do what:
- RUN_MEETINGS (officers, the local admin): everything but a member's own sign-in.
- MARK_ATTENDANCE (building reps, stewards, officers, the admin): mark members present.
- A member (the user's own Person in the local): sign in with the code shown in the room.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from unionhall.core import attempts
from unionhall.core.audit import diff, record
from unionhall.core.permissions import Perm
from unionhall.core.sanitize import clean_text
from unionhall.democracy import counting
from unionhall.democracy.actions._common import actor, own_person, require
from unionhall.democracy.models import AgendaItem, Attendance, Contest, Meeting, Motion
from unionhall.members.models import Person

MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "video_url")
# Digits only: read aloud without spelling ("four, seven, one...") and typed on a phone's
# number pad. A million codes against five wrong tries per member per ten minutes.
CODE_ALPHABET = "0123456789"
CODE_LENGTH = 6
PENDING = (Motion.Status.MOVED, Motion.Status.SECONDED, Motion.Status.VOTING)


class WrongCode(ValidationError):
    """The code typed is not the meeting's (counted against the rate limit)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """What a member typed, as the code is stored: no spaces, dashes or dots, capitals."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def format_code(code: str) -> str:
    """The code as shown in the room: two groups of three, easier to read aloud."""
    return f"{code[:3]} {code[3:]}" if len(code) == CODE_LENGTH else code


def _locked(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction (its local read along, not locked)."""
    return (Meeting.objects.select_for_update(of=("self",)).select_related("local")
            .get(pk=meeting.pk))


# --- Meetings ---------------------------------------------------------------------------------


def _check_meeting(values: dict) -> dict:
    values = dict(values)
    values["title"] = clean_text(values.get("title", ""))[:200]
    values["place"] = clean_text(values.get("place", "") or "")[:200]
    values["video_url"] = (values.get("video_url") or "").strip()
    if not values["title"]:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if values.get("kind", Meeting.Kind.GENERAL) not in Meeting.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of meeting this is.")})
    if values.get("starts_at") is None:
        raise ValidationError({"starts_at": _("Give the day and time the meeting starts.")})
    ends = values.get("ends_at")
    if ends is not None and ends <= values["starts_at"]:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if values["video_url"] and not values["video_url"].startswith(("https://", "http://")):
        raise ValidationError({"video_url": _("A video link starts with https://.")})
    return values


@transaction.atomic(durable=True)
def create_meeting(local, *, by, **values) -> Meeting:
    """Schedule a meeting. `values`: kind, title, starts_at, ends_at, place, video_url."""
    require(by, local, Perm.RUN_MEETINGS)
    values = _check_meeting({k: v for k, v in values.items() if k in MEETING_FIELDS})
    meeting = Meeting.objects.create(local=local, sign_in_code=new_code(),
                                     created_by=actor(by), **values)
    record("meeting.created", by=by, affiliate=local, obj=meeting,
           changes={"title": [None, meeting.title],
                    "starts_at": [None, meeting.starts_at.isoformat()]})
    return meeting


@transaction.atomic(durable=True)
def update_meeting(meeting: Meeting, *, by, **values) -> Meeting:
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = _locked(meeting)
    before = {f: getattr(meeting, f) for f in MEETING_FIELDS}
    merged = _check_meeting({**before, **{k: v for k, v in values.items()
                                          if k in MEETING_FIELDS}})
    for name in MEETING_FIELDS:
        setattr(meeting, name, merged[name])
    meeting.save(update_fields=list(MEETING_FIELDS))
    record("meeting.updated", by=by, affiliate=meeting.local, obj=meeting,
           changes=diff(before, {f: getattr(meeting, f) for f in MEETING_FIELDS}))
    return meeting


# --- The agenda -------------------------------------------------------------------------------


def _agenda_item(item: AgendaItem) -> AgendaItem:
    return (AgendaItem.objects.select_related("meeting__local").select_for_update(of=("self",))
            .get(pk=item.pk))


@transaction.atomic(durable=True)
def add_agenda_item(meeting: Meeting, *, title: str, notes: str = "", by) -> AgendaItem:
    """Add an item at the end of the agenda."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    title, notes = clean_text(title)[:200], clean_text(notes)
    if not title:
        raise ValidationError({"title": _("Give the agenda item a title.")})
    _locked(meeting)  # one writer of positions at a time
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title,
                                     notes=notes)
    record("meeting.agenda_item_added", by=by, affiliate=meeting.local, obj=meeting,
           changes={"item": [None, title]})
    return item


@transaction.atomic(durable=True)
def edit_agenda_item(item: AgendaItem, *, title: str, notes: str = "", by) -> AgendaItem:
    require(by, item.meeting.local, Perm.RUN_MEETINGS)
    item = _agenda_item(item)
    title, notes = clean_text(title)[:200], clean_text(notes)
    if not title:
        raise ValidationError({"title": _("Give the agenda item a title.")})
    before = {"title": item.title, "notes": item.notes}
    item.title, item.notes = title, notes
    item.save(update_fields=["title", "notes"])
    record("meeting.agenda_item_edited", by=by, affiliate=item.meeting.local, obj=item.meeting,
           changes=diff(before, {"title": title, "notes": notes}))
    return item


@transaction.atomic(durable=True)
def remove_agenda_item(item: AgendaItem, *, by) -> None:
    """Take an item off the agenda; motions made under it stay, under no item."""
    require(by, item.meeting.local, Perm.RUN_MEETINGS)
    item = _agenda_item(item)
    meeting = item.meeting
    item.delete()
    _renumber(meeting, [i.pk for i in meeting.agenda.all()])
    record("meeting.agenda_item_removed", by=by, affiliate=meeting.local, obj=meeting,
           changes={"item": [item.title, None]})


def _renumber(meeting: Meeting, order: list[int]) -> None:
    items = {i.pk: i for i in meeting.agenda.select_for_update()}
    if sorted(order) != sorted(items):
        raise ValidationError(_("The new order must list every item of the agenda once."))
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic(durable=True)
def reorder_agenda(meeting: Meeting, order: list[int], *, by) -> None:
    """Put the agenda in this order (`order`: every item's id, once)."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    _locked(meeting)
    _renumber(meeting, [int(pk) for pk in order])
    record("meeting.agenda_reordered", by=by, affiliate=meeting.local, obj=meeting)


@transaction.atomic(durable=True)
def move_agenda_item(item: AgendaItem, *, up: bool, by) -> None:
    """Move an item one place up or down (the first stays first, the last stays last)."""
    require(by, item.meeting.local, Perm.RUN_MEETINGS)
    item = _agenda_item(item)
    meeting = item.meeting
    order = [i.pk for i in meeting.agenda.all()]
    at = order.index(item.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        _renumber(meeting, order)
        record("meeting.agenda_reordered", by=by, affiliate=meeting.local, obj=meeting,
               changes={"item": [at + 1, to + 1]})


# --- Sign-in and attendance -------------------------------------------------------------------


def _unlocked(meeting: Meeting) -> None:
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved: its attendance "
                                "can no longer change."))


@transaction.atomic(durable=True)
def open_sign_in(meeting: Meeting, *, by) -> Meeting:
    """Open sign-in with a fresh code (an old code shown at an earlier meeting stops working)."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = _locked(meeting)
    _unlocked(meeting)
    meeting.sign_in_code = new_code()
    meeting.sign_in_open = True
    meeting.save(update_fields=["sign_in_code", "sign_in_open"])
    # The audit log says that sign-in opened, not the code.
    record("meeting.sign_in_opened", by=by, affiliate=meeting.local, obj=meeting)
    return meeting


@transaction.atomic(durable=True)
def close_sign_in(meeting: Meeting, *, by) -> Meeting:
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = _locked(meeting)
    if meeting.sign_in_open:
        meeting.sign_in_open = False
        meeting.save(update_fields=["sign_in_open"])
        record("meeting.sign_in_closed", by=by, affiliate=meeting.local, obj=meeting)
    return meeting


def _wrong_code_key(meeting: Meeting, by) -> str:
    return f"meeting-sign-in:{meeting.pk}:{by.pk}"


def sign_in_with_code(meeting: Meeting, code: str, *, by) -> Attendance:
    """A member signs themself in with the code shown in the room; signing in again is
    harmless (the first sign-in stands). Five wrong codes in ten minutes lock the member out
    of this meeting's sign-in for the rest of those ten minutes.

    The attempts are counted in the cache outside the transaction (the cache may live in the
    database, and a refused sign-in rolls its transaction back); the sign-in itself is one
    durable transaction, `_sign_in`."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    key = _wrong_code_key(meeting, by)
    if attempts.locked_out(key):
        raise ValidationError(_("Too many wrong codes. Wait ten minutes, or ask a steward "
                                "at the door to mark you present."), code="rate_limited")
    try:
        return _sign_in(meeting, normalize_code(code), by=by)
    except WrongCode:
        attempts.count_wrong(key)
        raise


@transaction.atomic(durable=True)
def _sign_in(meeting: Meeting, code: str, *, by) -> Attendance:
    meeting = Meeting.objects.select_related("local").get(pk=meeting.pk)
    person = own_person(by, meeting.local)
    existing = Attendance.objects.filter(meeting=meeting, person=person).first()
    if existing is not None:
        return existing
    if not meeting.sign_in_open:
        raise ValidationError(_("Sign-in for this meeting is closed. Ask a steward at the door "
                                "to mark you present."), code="closed")
    if not code:
        raise ValidationError(_("Type the code shown in the room."), code="empty")
    if not secrets.compare_digest(code, meeting.sign_in_code):
        raise WrongCode(_("That is not the code shown in the room. Check it and try again."),
                        code="wrong")
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"how": Attendance.How.CODE})
    record("meeting.signed_in", by=by, affiliate=meeting.local, obj=meeting,
           changes={"person": [None, person.pk]})
    return attendance


def _person_of(meeting: Meeting, person: Person) -> Person:
    if person.local_id != meeting.local_id:
        raise ValidationError(_("This person is not in the local."))
    return person


@transaction.atomic(durable=True)
def mark_present(meeting: Meeting, person: Person, *, by) -> Attendance:
    """A steward at the door marks a member present; a member already signed in stays as is."""
    require(by, meeting.local, Perm.MARK_ATTENDANCE)
    meeting = _locked(meeting)
    _unlocked(meeting)
    person = _person_of(meeting, person)
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person,
        defaults={"how": Attendance.How.MARKED, "marked_by": actor(by)})
    if created:
        record("meeting.marked_present", by=by, affiliate=meeting.local, obj=meeting,
               changes={"person": [None, person.pk]})
    return attendance


@transaction.atomic(durable=True)
def unmark_present(meeting: Meeting, person: Person, *, by) -> None:
    """Take someone off the attendance (marked by mistake, or left before the vote)."""
    require(by, meeting.local, Perm.MARK_ATTENDANCE)
    meeting = _locked(meeting)
    _unlocked(meeting)
    deleted, _rows = Attendance.objects.filter(meeting=meeting, person=person).delete()
    if deleted:
        record("meeting.unmarked_present", by=by, affiliate=meeting.local, obj=meeting,
               changes={"person": [person.pk, None]})


# --- Motions ----------------------------------------------------------------------------------


def _present_person(meeting: Meeting, person: Person | None, what: str) -> Person:
    if person is None:
        raise ValidationError(what)
    _person_of(meeting, person)
    if not Attendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(_("%(name)s is not signed in at this meeting: only members "
                                "present move or second a motion.") % {
            "name": person.display_name})
    return person


def _motion(motion: Motion) -> Motion:
    return (Motion.objects.select_for_update(of=("self",))
            .select_related("meeting__local").get(pk=motion.pk))


@transaction.atomic(durable=True)
def move_motion(meeting: Meeting, *, text: str, moved_by: Person, agenda_item=None,
                threshold: str = Contest.Threshold.MAJORITY, by) -> Motion:
    """Record a motion as moved from the floor, under an agenda item or none."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = Meeting.objects.select_related("local").get(pk=meeting.pk)
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write the motion as it was moved.")})
    _present_person(meeting, moved_by, _("Say who moved the motion."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("That item is not on this meeting's agenda.")})
    if threshold not in Contest.Threshold.values:
        raise ValidationError({"threshold": _("Choose what the motion needs to pass.")})
    motion = Motion.objects.create(meeting=meeting, agenda_item=agenda_item, text=text,
                                   moved_by=moved_by, threshold=threshold)
    record("motion.moved", by=by, affiliate=meeting.local, obj=motion,
           changes={"moved_by": [None, moved_by.pk], "threshold": [None, threshold]})
    return motion


@transaction.atomic(durable=True)
def second_motion(motion: Motion, *, seconded_by: Person, by) -> Motion:
    require(by, motion.meeting.local, Perm.RUN_MEETINGS)
    motion = _motion(motion)
    if motion.status != Motion.Status.MOVED:
        raise ValidationError(_("Only a motion waiting for a second can be seconded."))
    _present_person(motion.meeting, seconded_by, _("Say who seconded the motion."))
    if seconded_by.pk == motion.moved_by_id:
        raise ValidationError({"seconded_by": _(
            "The member who moved the motion cannot second it.")})
    motion.seconded_by, motion.status = seconded_by, Motion.Status.SECONDED
    motion.save(update_fields=["seconded_by", "status"])
    record("motion.seconded", by=by, affiliate=motion.meeting.local, obj=motion,
           changes={"seconded_by": [None, seconded_by.pk]})
    return motion


@transaction.atomic(durable=True)
def amend_motion(motion: Motion, *, text: str, moved_by: Person, by) -> Motion:
    """Move an amendment to a pending motion. `text` is the motion as amended: if the
    amendment passes, it replaces the motion's text."""
    require(by, motion.meeting.local, Perm.RUN_MEETINGS)
    motion = _motion(motion)
    if motion.status not in (Motion.Status.MOVED, Motion.Status.SECONDED):
        raise ValidationError(_("Only a motion still on the floor can be amended."))
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write the motion as amended.")})
    if text == motion.text:
        raise ValidationError({"text": _("The amended text is the same as the motion's.")})
    _present_person(motion.meeting, moved_by, _("Say who moved the amendment."))
    amendment = Motion.objects.create(meeting=motion.meeting, agenda_item=motion.agenda_item,
                                      amends=motion, text=text, moved_by=moved_by,
                                      threshold=Contest.Threshold.MAJORITY)
    record("motion.amendment_moved", by=by, affiliate=motion.meeting.local, obj=amendment,
           changes={"amends": [None, motion.pk], "moved_by": [None, moved_by.pk]})
    return amendment


@transaction.atomic(durable=True)
def withdraw_motion(motion: Motion, *, by) -> Motion:
    """The mover withdraws the motion (or it dies for want of a second); its pending
    amendments go with it."""
    require(by, motion.meeting.local, Perm.RUN_MEETINGS)
    motion = _motion(motion)
    if motion.status not in (Motion.Status.MOVED, Motion.Status.SECONDED):
        raise ValidationError(_("Only a motion still on the floor can be withdrawn."))
    before = motion.status
    motion.status = Motion.Status.WITHDRAWN
    motion.save(update_fields=["status"])
    motion.amendments.filter(status__in=(Motion.Status.MOVED, Motion.Status.SECONDED)).update(
        status=Motion.Status.WITHDRAWN)
    record("motion.withdrawn", by=by, affiliate=motion.meeting.local, obj=motion,
           changes={"status": [before, motion.status]})
    return motion


def pending_amendments(motion: Motion) -> bool:
    return motion.amendments.filter(status__in=PENDING).exists()


def apply_amendment(amendment: Motion, *, by) -> bool:
    """If `amendment` passed, its text replaces its motion's (once). Call inside the action's
    transaction; returns whether the text changed."""
    if amendment.amends_id is None or amendment.status != Motion.Status.PASSED:
        return False
    parent = (Motion.objects.select_for_update(of=("self",)).select_related("meeting__local")
              .get(pk=amendment.amends_id))
    if parent.text == amendment.text:
        return False
    before = parent.text
    parent.text = amendment.text
    parent.save(update_fields=["text"])
    record("motion.amended", by=by, affiliate=parent.meeting.local, obj=parent,
           changes={"text": [before, parent.text], "amendment": [None, amendment.pk]})
    return True


@transaction.atomic(durable=True)
def apply_passed_amendment(amendment: Motion, *, by) -> bool:
    """After a secret vote on an amendment: apply it if it passed (nothing if already done)."""
    require(by, amendment.meeting.local, Perm.RUN_MEETINGS)
    return apply_amendment(Motion.objects.get(pk=amendment.pk), by=by)


@transaction.atomic(durable=True)
def record_hand_vote(motion: Motion, *, yes: int, no: int, abstain: int = 0, by) -> Motion:
    """The chair's count of hands on a seconded motion; the motion passes or fails by its
    threshold (counting.threshold). A passed amendment replaces its motion's text."""
    from unionhall.democracy.meeting_queries import present_members

    require(by, motion.meeting.local, Perm.RUN_MEETINGS)
    motion = _motion(motion)
    if motion.status != Motion.Status.SECONDED:
        raise ValidationError(_("Only a seconded motion can be put to a vote."))
    if pending_amendments(motion):
        raise ValidationError(_("Vote on the pending amendment first, or withdraw it."))
    try:
        counts = [int(n) for n in (yes, no, abstain)]
    except (TypeError, ValueError):
        raise ValidationError(_("Give the number of votes as whole numbers.")) from None
    if any(n < 0 for n in counts):
        raise ValidationError(_("A count of votes cannot be negative."))
    present = present_members(motion.meeting)
    if sum(counts) > present:
        raise ValidationError(_(
            "%(total)s votes counted, but only %(present)s members are signed in. Sign in "
            "everyone who votes, or count again.") % {"total": sum(counts), "present": present})
    result = counting.threshold(*counts, rule=motion.threshold)
    motion.yes, motion.no, motion.abstain = counts
    motion.voting = Motion.Voting.HANDS
    motion.status = Motion.Status.PASSED if result.passed else Motion.Status.FAILED
    motion.save(update_fields=["yes", "no", "abstain", "voting", "status"])
    record("motion.hands_counted", by=by, affiliate=motion.meeting.local, obj=motion,
           changes={"status": ["seconded", motion.status],
                    "votes": [None, "{}/{}/{}".format(*counts)]})
    apply_amendment(motion, by=by)
    return motion


# --- Minutes ----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def save_minutes(meeting: Meeting, text: str, *, by) -> Meeting:
    """Save the draft minutes (members see them only once approved at a later meeting)."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = _locked(meeting)
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes are approved and can no longer be changed."))
    text = clean_text(text)
    before = meeting.minutes_status
    meeting.minutes = text
    meeting.minutes_status = (Meeting.MinutesStatus.DRAFT if text
                              else Meeting.MinutesStatus.NONE)
    meeting.save(update_fields=["minutes", "minutes_status"])
    record("meeting.minutes_saved", by=by, affiliate=meeting.local, obj=meeting,
           changes={"minutes_status": [before, meeting.minutes_status],
                    "length": [None, len(text)]})
    return meeting


@transaction.atomic(durable=True)
def approve_minutes(meeting: Meeting, *, at_meeting: Meeting, by) -> Meeting:
    """The draft minutes of `meeting`, approved at `at_meeting`, a later meeting of the local.
    Approved minutes are final."""
    require(by, meeting.local, Perm.RUN_MEETINGS)
    meeting = _locked(meeting)
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes are already approved."))
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT or not meeting.minutes:
        raise ValidationError(_("Write the minutes before they are approved."))
    if at_meeting is None or at_meeting.local_id != meeting.local_id:
        raise ValidationError({"at_meeting": _("Choose the meeting that approved them.")})
    if at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError({"at_meeting": _(
            "Minutes are approved at a later meeting than the one they record.")})
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_at = at_meeting
    meeting.save(update_fields=["minutes_status", "minutes_approved_at"])
    record("meeting.minutes_approved", by=by, affiliate=meeting.local, obj=meeting,
           changes={"minutes_status": ["draft", "approved"],
                    "approved_at": [None, at_meeting.pk]})
    return meeting

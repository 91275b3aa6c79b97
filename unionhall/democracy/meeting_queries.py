"""Reads for meetings, always scoped to the viewer's local. Counts for everyone; names of who
attended only for who runs meetings or marks attendance."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from unionhall.core.permissions import Access, Perm
from unionhall.democracy import quorum as quorum_rules
from unionhall.democracy.actions.elections import rules_for
from unionhall.democracy.models import AgendaItem, Attendance, Meeting, Motion
from unionhall.members.models import MembershipStatus, Person

# A member in good standing: in the bargaining unit, with the status "member".
GOOD_STANDING = Q(in_unit=True, membership__status=MembershipStatus.MEMBER)
PRESENT_MEMBER = Q(person__in_unit=True, person__membership__status=MembershipStatus.MEMBER)
SEARCH_LIMIT = 30


def can_see_names(access: Access) -> bool:
    return access.can(Perm.RUN_MEETINGS) or access.can(Perm.MARK_ATTENDANCE)


def meetings_for(access: Access):
    """The local's meetings with how many signed in, newest first."""
    return (Meeting.objects.filter(local=access.local)
            .annotate(present=Count("attendance"))
            .order_by("-starts_at", "-id"))


def split_meetings(meetings, now=None) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past): a meeting is upcoming until it ends (or, with no end given, until the
    end of the day it starts in the local's time zone). Upcoming soonest first."""
    now = now or timezone.now()
    upcoming, past = [], []
    for m in meetings:
        (upcoming if meeting_end(m) > now else past).append(m)
    upcoming.sort(key=lambda m: (m.starts_at, m.pk))
    return upcoming, past


def meeting_end(meeting: Meeting) -> dt.datetime:
    if meeting.ends_at:
        return meeting.ends_at
    day = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meeting_or_404(access: Access, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("local", "minutes_approved_at"),
                             pk=pk, local=access.local)


def agenda_item_or_404(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=meeting, pk=pk)


def motion_or_404(meeting: Meeting, pk: int) -> Motion:
    return get_object_or_404(Motion.objects.select_related("meeting__local"), meeting=meeting,
                             pk=pk)


def person_in_local_or_404(access: Access, pk) -> Person:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(Person, local=access.local, pk=pk)


# --- Quorum and attendance --------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    quorum: quorum_rules.Quorum
    signed_in: int  # everyone on the attendance, members in good standing or not

    @property
    def others(self) -> int:
        """Signed in but not counted for the quorum (not members in good standing)."""
        return self.signed_in - self.quorum.present


def present_members(meeting: Meeting) -> int:
    return Attendance.objects.filter(PRESENT_MEMBER, meeting=meeting).count()


def turnout(meeting: Meeting) -> Turnout:
    """The quorum for this meeting and how many are here: three queries (the rules, the
    attendance, the membership) whatever the size of the local."""
    rules = rules_for(meeting.local)
    counts = Attendance.objects.filter(meeting=meeting).aggregate(
        total=Count("id"), members=Count("id", filter=PRESENT_MEMBER))
    members = Person.objects.filter(GOOD_STANDING, local_id=meeting.local_id).count()
    q = quorum_rules.quorum(rules.quorum_kind, number=rules.quorum_number,
                            percent=rules.quorum_percent, members=members,
                            present=counts["members"])
    return Turnout(quorum=q, signed_in=counts["total"])


def my_attendance(meeting: Meeting, access: Access) -> Attendance | None:
    if access.person_id is None:
        return None
    return Attendance.objects.filter(meeting=meeting, person_id=access.person_id).first()


def attendance_list(meeting: Meeting) -> list[Attendance]:
    """Who is here, by name (for RUN_MEETINGS and MARK_ATTENDANCE only)."""
    return list(Attendance.objects.filter(meeting=meeting)
                .select_related("person__membership", "person__worksite", "marked_by__person")
                .order_by("person__legal_last_name", "person__legal_first_name", "person_id"))


def search_people(meeting: Meeting, text: str) -> list[Person]:
    """People of the local whose name (or employee id) matches, with whether they are here."""
    words = text.split()[:4]
    if not words:
        return []
    match = Q()
    for word in words:
        match &= (Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word)
                  | Q(preferred_name__icontains=word) | Q(employee_id__iexact=word))
    present = Attendance.objects.filter(meeting=meeting, person=OuterRef("pk"))
    return list(Person.objects.filter(match, local_id=meeting.local_id, in_unit=True)
                .select_related("membership", "worksite")
                .annotate(present=Exists(present))
                .order_by("legal_last_name", "legal_first_name", "id")[:SEARCH_LIMIT])


def sign_in_sheet(meeting: Meeting, *, only_present: bool = False) -> list[Person]:
    """Members in good standing in alphabetical order (or only those present), with whether
    each is already signed in, for the printed sheet."""
    present = Attendance.objects.filter(meeting=meeting, person=OuterRef("pk"))
    people = (Person.objects.filter(local_id=meeting.local_id)
              .select_related("worksite").annotate(present=Exists(present))
              .order_by("legal_last_name", "legal_first_name", "id"))
    if only_present:
        return list(people.filter(present=True))
    return list(people.filter(GOOD_STANDING))


# --- Motions ----------------------------------------------------------------------------------


@dataclass
class MotionNode:
    motion: Motion
    amendments: list = field(default_factory=list)


def motions_of(meeting: Meeting) -> list[MotionNode]:
    """The meeting's motions in the order moved, each with its amendments under it; one
    query."""
    motions = list(meeting.motions.select_related("moved_by", "seconded_by", "agenda_item")
                   .order_by("created_at", "id"))
    nodes = {m.pk: MotionNode(m) for m in motions}
    roots = []
    for m in motions:
        parent = nodes.get(m.amends_id)
        (parent.amendments if parent else roots).append(nodes[m.pk])
    for m in motions:
        m.has_pending_amendment = any(a.motion.status in ("moved", "seconded", "voting")
                                      for a in nodes[m.pk].amendments)
    return roots


def minutes_to_approve(meeting: Meeting) -> list[Meeting]:
    """Earlier meetings of the local whose draft minutes wait for approval (newest first)."""
    return list(Meeting.objects.filter(local_id=meeting.local_id,
                                       starts_at__lt=meeting.starts_at,
                                       minutes_status=Meeting.MinutesStatus.DRAFT)
                .order_by("-starts_at", "-id")[:10])


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """Meetings that could approve these minutes: later ones, soonest first."""
    return list(Meeting.objects.filter(local_id=meeting.local_id,
                                       starts_at__gt=meeting.starts_at)
                .order_by("starts_at", "id")[:20])

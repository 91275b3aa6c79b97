"""Reads for events, always scoped to the viewer's local.

Who sees an event:
- RUN_EVENTS (officers, the local admin): every event of the local, drafts included, and the
  names of who answered.
- MARK_ATTENDANCE (reps, stewards): every published or cancelled event, for the door.
- Anyone else: the published (or cancelled) events they are invited to. An event someone is
  not invited to does not exist for them (404, not 403).

Who is invited is `comms.audience.people` of the event's audience: the one definition that
messages to members use too.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from unionhall.comms.audience import Audience, people
from unionhall.core.models import JobFamily, RoleAssignment, Worksite
from unionhall.core.permissions import Access, Perm
from unionhall.events.models import RSVP, CheckIn, Event
from unionhall.members.models import MembershipStatus, Person

PAST_SHOWN = 20
SEARCH_LIMIT = 30
Y, N, M = RSVP.Answer.YES, RSVP.Answer.NO, RSVP.Answer.MAYBE


def can_run(access: Access) -> bool:
    return access.can(Perm.RUN_EVENTS)


def can_door(access: Access) -> bool:
    return access.can(Perm.MARK_ATTENDANCE) or access.can(Perm.RUN_EVENTS)


# --- Who is invited ---------------------------------------------------------------------------


def _ids(event: Event, name: str) -> tuple[int, ...]:
    """The ids of a many-to-many of the event, from its prefetch cache when it has one."""
    prefetched = getattr(event, "_prefetched_objects_cache", {})
    if name in prefetched:
        return tuple(sorted(obj.pk for obj in prefetched[name]))
    return tuple(getattr(event, name).order_by("pk").values_list("pk", flat=True))


def audience_of(event: Event) -> Audience:
    """The event's audience as a `comms.audience.Audience` (kept on the instance)."""
    cached = event.__dict__.get("_audience")
    if cached is not None:
        return cached
    kind = event.audience
    if kind == Event.Audience.MEMBERS:
        audience = Audience(statuses=(MembershipStatus.MEMBER,))
    elif kind == Event.Audience.WORKSITES:
        audience = Audience(worksites=_ids(event, "worksites"))
    elif kind == Event.Audience.JOB_FAMILIES:
        audience = Audience(job_families=_ids(event, "job_families"))
    elif kind == Event.Audience.ROLES:
        audience = Audience(roles=tuple(event.roles or ()))
    else:
        audience = Audience()
    event.__dict__["_audience"] = audience
    return audience


def _nobody(event: Event, audience: Audience) -> bool:
    """An audience by worksite, job family or role with none chosen invites no one (not, as an
    empty filter would, everyone)."""
    kind = event.audience
    return ((kind == Event.Audience.WORKSITES and not audience.worksites)
            or (kind == Event.Audience.JOB_FAMILIES and not audience.job_families)
            or (kind == Event.Audience.ROLES and not audience.roles))


def invited(event: Event):
    """The people the event invites, as a Person queryset."""
    audience = audience_of(event)
    if _nobody(event, audience):
        return Person.objects.none()
    return people(event.local_id, audience)


def is_invited(event: Event, person) -> bool:
    """One query (an EXISTS), once the event's audience is known."""
    person_id = getattr(person, "pk", person)
    if person_id is None:
        return False
    return invited(event).filter(pk=person_id).exists()


@dataclass(frozen=True)
class Invitee:
    """What decides which events invite a person, read once for a list of events."""

    person_id: int
    in_unit: bool
    worksite_id: int | None
    family_id: int | None
    status: str | None
    roles: frozenset[str]


def invitee(local, person_id: int | None) -> Invitee | None:
    """Two queries: the person, and the roles their account holds in the local."""
    if person_id is None:
        return None
    row = (Person.objects.filter(pk=person_id, local=local)
           .values("in_unit", "worksite_id", "job_class__family_id", "membership__status")
           .first())
    if row is None:
        return None
    roles = frozenset(RoleAssignment.objects.filter(user__person_id=person_id, affiliate=local)
                      .values_list("role", flat=True))
    return Invitee(person_id, row["in_unit"], row["worksite_id"], row["job_class__family_id"],
                   row["membership__status"], roles)


def invites(event: Event, who: Invitee) -> bool:
    """Whether `event` invites `who`, in Python, for a list of events: the same rule as
    `comms.audience.people` (a test checks the two agree on every kind of audience)."""
    audience = audience_of(event)
    if _nobody(event, audience):
        return False
    if audience.roles:
        return bool(who.roles & set(audience.roles))
    if not who.in_unit:
        return False
    if audience.statuses and who.status not in audience.statuses:
        return False
    if audience.worksites and who.worksite_id not in audience.worksites:
        return False
    if audience.job_families and who.family_id not in audience.job_families:
        return False
    return True


# --- Events -----------------------------------------------------------------------------------


def _with_audience(qs):
    return qs.prefetch_related(Prefetch("worksites", queryset=Worksite.objects.order_by("name")),
                               Prefetch("job_families", queryset=JobFamily.objects.all()))


def event_or_404(access: Access, pk: int, *, with_audience: bool = False) -> Event:
    """The event if it exists for the viewer (see the module's docstring), or 404. With
    `with_audience`, its worksites and job families come along (for a page that shows them)."""
    qs = Event.objects.select_related("local")
    event = get_object_or_404(_with_audience(qs) if with_audience else qs, pk=pk,
                              local=access.local)
    if can_run(access):
        return event
    if event.status == Event.Status.DRAFT:
        raise Http404
    if can_door(access):
        return event
    if access.person_id is not None and is_invited(event, access.person_id):
        return event
    raise Http404


def is_over(event: Event, now=None) -> bool:
    return event.ends_at <= (now or timezone.now())


@dataclass
class EventLists:
    upcoming: list
    past: list
    more_past: bool


def events_for(access: Access, now=None) -> EventLists:
    """The events the viewer sees, upcoming soonest first and past most recent first, each with
    `mine` (the viewer's RSVP or None), `invited` and `checked_in`; for RUN_EVENTS the counts.
    A fixed number of queries whatever the number of events or answers."""
    now = now or timezone.now()
    qs = _with_audience(Event.objects.filter(local=access.local))
    if can_run(access):
        qs = qs.annotate(
            n_yes=Count("rsvps", filter=Q(rsvps__answer=Y, rsvps__waitlisted=False),
                        distinct=True),
            n_wait=Count("rsvps", filter=Q(rsvps__answer=Y, rsvps__waitlisted=True),
                         distinct=True),
            n_maybe=Count("rsvps", filter=Q(rsvps__answer=M), distinct=True),
        )
    else:
        qs = qs.exclude(status=Event.Status.DRAFT)
    who = invitee(access.local, access.person_id)
    sees_all = can_run(access) or can_door(access)
    if not sees_all and who is None:
        return EventLists([], [], False)

    upcoming = list(qs.filter(ends_at__gt=now).order_by("starts_at", "id"))
    past = list(qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")[:PAST_SHOWN * 5])
    for event in upcoming + past:
        event.invited = who is not None and invites(event, who)
    if not sees_all:
        upcoming = [e for e in upcoming if e.invited]
        past = [e for e in past if e.invited]
    more_past = len(past) > PAST_SHOWN
    past = past[:PAST_SHOWN]
    shown = upcoming + past
    mine, checked = {}, set()
    if who is not None and shown:
        ids = [e.pk for e in shown]
        mine = {r.event_id: r for r in RSVP.objects.filter(person_id=who.person_id,
                                                           event_id__in=ids)}
        checked = set(CheckIn.objects.filter(person_id=who.person_id, event_id__in=ids)
                      .values_list("event_id", flat=True))
    for event in shown:
        event.mine = mine.get(event.pk)
        event.checked_in = event.pk in checked
    return EventLists(upcoming, past, more_past)


# --- Answers ----------------------------------------------------------------------------------


def my_rsvp(event: Event, person_id: int | None) -> RSVP | None:
    if person_id is None:
        return None
    return RSVP.objects.filter(event=event, person_id=person_id).first()


def place_in_line(rsvp: RSVP) -> int | None:
    """1 for the first on the wait list; None when not waiting."""
    if rsvp is None or not rsvp.waitlisted:
        return None
    ahead = RSVP.objects.filter(
        Q(answered_at__lt=rsvp.answered_at) | Q(answered_at=rsvp.answered_at, pk__lt=rsvp.pk),
        event_id=rsvp.event_id, answer=Y, waitlisted=True).count()
    return ahead + 1


def confirmed_count(event: Event) -> int:
    return RSVP.objects.filter(event=event, answer=Y, waitlisted=False).count()


@dataclass(frozen=True)
class Counts:
    yes: int
    waiting: int
    maybe: int
    no: int
    checked_in: int

    def places_left(self, capacity):
        return None if capacity is None else max(capacity - self.yes, 0)


def counts(event: Event) -> Counts:
    """Two queries."""
    row = RSVP.objects.filter(event=event).aggregate(
        yes=Count("id", filter=Q(answer=Y, waitlisted=False)),
        waiting=Count("id", filter=Q(answer=Y, waitlisted=True)),
        maybe=Count("id", filter=Q(answer=M)), no=Count("id", filter=Q(answer=N)))
    return Counts(checked_in=CheckIn.objects.filter(event=event).count(), **row)


@dataclass
class Answers:
    going: list
    waiting: list
    maybe: list
    no: list


def answers(event: Event) -> Answers:
    """Who answered, by name (the wait list in its order): for RUN_EVENTS only. One query."""
    checked = CheckIn.objects.filter(event=event, person=OuterRef("person_id"))
    rows = list(RSVP.objects.filter(event=event).select_related("person")
                .annotate(checked_in=Exists(checked)).order_by("answered_at", "id"))
    by_name = sorted(rows, key=lambda r: (r.person.legal_last_name.lower(),
                                          r.person.first_name.lower(), r.person_id))
    return Answers(going=[r for r in by_name if r.answer == Y and not r.waitlisted],
                   waiting=[r for r in rows if r.answer == Y and r.waitlisted],
                   maybe=[r for r in by_name if r.answer == M],
                   no=[r for r in by_name if r.answer == N])


# --- Check-in ---------------------------------------------------------------------------------


def my_check_in(event: Event, person_id: int | None) -> CheckIn | None:
    if person_id is None:
        return None
    return CheckIn.objects.filter(event=event, person_id=person_id).first()


def checked_in_list(event: Event) -> list[CheckIn]:
    """Who is in, the latest first (the steward sees at once whom they just checked in)."""
    return list(CheckIn.objects.filter(event=event)
                .select_related("person__worksite", "by__person").order_by("-at", "-id"))


def search_people(event: Event, text: str) -> list[Person]:
    """People of the local whose name (or employee id) matches, invited ones first, each with
    `is_invited`, `answer`, `waitlisted` and `checked_in`. One query, at most SEARCH_LIMIT."""
    words = text.split()[:4]
    if not words:
        return []
    match = Q()
    for word in words:
        match &= (Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word)
                  | Q(preferred_name__icontains=word) | Q(employee_id__iexact=word))
    rsvp = RSVP.objects.filter(event=event, person=OuterRef("pk"))
    return list(
        Person.objects.filter(match, local_id=event.local_id)
        .select_related("worksite", "membership")
        .annotate(is_invited=Exists(invited(event).filter(pk=OuterRef("pk"))),
                  answer=Subquery(rsvp.values("answer")[:1]),
                  waitlisted=Subquery(rsvp.values("waitlisted")[:1]),
                  checked_in=Exists(CheckIn.objects.filter(event=event, person=OuterRef("pk"))))
        .order_by("-is_invited", "legal_last_name", "legal_first_name", "id")[:SEARCH_LIMIT])


def person_in_local_or_404(access: Access, pk) -> Person:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(Person, local=access.local, pk=pk)


# --- Showing times ----------------------------------------------------------------------------


def when(event: Event) -> str:
    """"Thu, Dec. 3, 2026, 5:30 p.m.–7 p.m. CST" in the current time zone and language (the
    views and emails activate the local's time zone)."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    day = f"{date_format(starts, 'D')}, {date_format(starts, 'DATE_FORMAT')}"
    start_time = date_format(starts, "TIME_FORMAT")
    if starts.date() == ends.date():
        end = date_format(ends, "TIME_FORMAT")
    else:
        end = f"{date_format(ends, 'D')}, {date_format(ends, 'DATE_FORMAT')}, " + date_format(
            ends, "TIME_FORMAT")
    return f"{day}, {start_time}–{end} {starts.strftime('%Z')}".strip()

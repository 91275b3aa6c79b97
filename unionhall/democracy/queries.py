"""Reads for elections, scoped to the viewer's local and role."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from unionhall.core.permissions import Access, Perm
from unionhall.democracy.models import (
    Candidate,
    Contest,
    Election,
    Nomination,
    Turnout,
    VoterRollEntry,
)


def elections_for(access: Access):
    """The local's elections; drafts only for those who run them. Motions voted at meetings
    are listed on their meeting's page."""
    qs = Election.objects.filter(local=access.local, meeting__isnull=True)
    if not access.can(Perm.RUN_ELECTIONS):
        qs = qs.exclude(status=Election.Status.DRAFT)
    return qs.order_by("-opens_at", "-id")


def election_or_404(access: Access, pk: int) -> Election:
    election = get_object_or_404(Election.objects.select_related("local", "meeting"),
                                 pk=pk, local=access.local)
    if election.status == Election.Status.DRAFT and not access.can(Perm.RUN_ELECTIONS):
        raise Http404
    return election


def contests_with_candidates(election: Election) -> list[Contest]:
    return list(election.contests.prefetch_related("candidates"))


def contest_or_404(election: Election, pk: int) -> Contest:
    return get_object_or_404(Contest, election=election, pk=pk)


def candidate_or_404(election: Election, pk: int) -> Candidate:
    return get_object_or_404(Candidate.objects.select_related("contest"),
                             contest__election=election, pk=pk)


def my_nominations(election: Election, person_id: int | None) -> list[Nomination]:
    if person_id is None:
        return []
    return list(Nomination.objects.filter(contest__election=election, nominee_id=person_id)
                .select_related("contest", "nominated_by"))


def nominations_for(election: Election) -> list[Nomination]:
    return list(Nomination.objects.filter(contest__election=election)
                .select_related("contest", "nominee", "nominated_by"))


def nomination_or_404(access: Access, pk: int) -> Nomination:
    """Only the nominee opens their nomination."""
    nomination = get_object_or_404(
        Nomination.objects.select_related("contest__election__local", "nominated_by"),
        pk=pk, contest__election__local=access.local)
    if access.person_id != nomination.nominee_id:
        raise Http404
    return nomination


def roll_summary(election: Election) -> dict:
    counts = election.roll.aggregate(
        listed=Count("id"), eligible=Count("id", filter=Q(eligible=True)))
    by_reason = dict(election.roll.values_list("reason").annotate(n=Count("id"))
                     .values_list("reason", "n"))
    voted = election.turnout.aggregate(
        total=Count("id"), paper=Count("id", filter=Q(channel="paper")))
    return {**counts, "by_reason": by_reason, "voted": voted["total"], "paper": voted["paper"]}


def roll_search(election: Election, q: str, limit: int = 50) -> list[VoterRollEntry]:
    """Roll entries whose person matches `q` (names or employee id); each gets `.voted`
    (None, "online" or "paper")."""
    qs = VoterRollEntry.objects.filter(election=election).select_related("person")
    for word in q.split()[:4]:
        qs = qs.filter(Q(person__legal_last_name__icontains=word)
                       | Q(person__legal_first_name__icontains=word)
                       | Q(person__preferred_name__icontains=word)
                       | Q(person__employee_id__iexact=word))
    entries = list(qs.order_by("person__legal_last_name", "person__legal_first_name")[:limit])
    channels = dict(election.turnout.filter(person_id__in=[e.person_id for e in entries])
                    .values_list("person_id", "channel"))
    for entry in entries:
        entry.voted = channels.get(entry.person_id)
    return entries


def receipts(election: Election) -> list[str]:
    return list(election.ballots.exclude(receipt=None).order_by("receipt")
                .values_list("receipt", flat=True))


def open_for(access: Access) -> list[Election]:
    """Elections taking nominations or votes now, each with `.voted` for the viewer: what a
    member's home page puts first. Two queries."""
    from django.utils import timezone

    now = timezone.now()
    elections = list(
        Election.objects.filter(local=access.local, status=Election.Status.PUBLISHED,
                                meeting__isnull=True, published_at__isnull=True)
        .filter(Q(opens_at__lte=now, closes_at__gt=now)
                | Q(nominations_open__lte=now, nominations_close__gt=now))
        .order_by("closes_at"))
    voted = set(Turnout.objects.filter(election__in=elections, person_id=access.person_id)
                .values_list("election_id", flat=True)) if elections else set()
    for election in elections:
        election.voting = election.opens_at <= now
        election.voted = election.pk in voted
    return elections

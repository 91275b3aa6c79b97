"""Election pages: the list, an election, setting it up, nominations, the ballot, the roll,
paper ballots, the count, certification, results and the public list of receipts."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.models import Role
from unionhall.core.permissions import Perm
from unionhall.core.queries import local_or_404
from unionhall.democracy import actions, ballot_form, blt, queries, results_view
from unionhall.democracy import ballots as ballot_rules
from unionhall.democracy.ballots import BallotError, receipt_code
from unionhall.democracy.election_forms import (
    AnswerForm,
    CandidateForm,
    ContestForm,
    ElectionForm,
    EnvelopeForm,
    NominationForm,
    RulesForm,
)
from unionhall.democracy.models import Election, Nomination
from unionhall.members.models import Person


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(election: Election, name: str = "election_detail"):
    return redirect(name, local_slug=election.local.slug, pk=election.pk)


@local_view()
@in_local_time
def election_list(request):
    elections = list(queries.elections_for(request.access))
    now = timezone.now()
    groups = {"current": [], "upcoming": [], "past": [], "draft": []}
    for election in elections:
        phase = election.phase(now)
        election.current_phase = phase
        if phase in ("voting", "nominating", "counting"):
            groups["current"].append(election)
        elif phase == "upcoming":
            groups["upcoming"].append(election)
        elif phase == "draft":
            groups["draft"].append(election)
        else:
            groups["past"].append(election)
    return render(request, "democracy/election_list.html", {
        "groups": groups, "can_run": request.access.can(Perm.RUN_ELECTIONS)})


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_new(request):
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = actions.create_election(request.local, by=request.user,
                                               **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Election created as a draft. Add its offices or "
                                        "questions, then publish it."))
            return _back(election, "election_manage")
    return render(request, "democracy/election_form.html", {"form": form, "election": None})


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_edit(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    initial = {f: getattr(election, f) for f in actions.elections.ELECTION_FIELDS}
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_election(election, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Election saved."))
            return _back(election, "election_manage")
    return render(request, "democracy/election_form.html", {"form": form, "election": election})


@local_view()
@in_local_time
def election_detail(request, pk: int):
    access = request.access
    election = actions.ensure_roll(queries.election_or_404(access, pk))
    phase = election.phase()
    contests = queries.contests_with_candidates(election)
    person = Person.objects.filter(pk=access.person_id).first() if access.person_id else None
    entry, turnout = actions.voter_status(election, person)
    nominate_form = None
    if phase == "nominating" and person is not None:
        nominate_form = NominationForm(contests=contests)
    committee = access.can(Perm.RUN_ELECTIONS)
    return render(request, "democracy/election_detail.html", {
        "election": election, "phase": phase, "contests": contests, "entry": entry,
        "reason": actions.reason_text(entry.reason, entry.detail) if entry else "",
        "turnout": turnout, "nominate_form": nominate_form,
        "my_nominations": queries.my_nominations(election, access.person_id),
        "my_candidacies": [c for contest in contests for c in contest.candidates.all()
                           if access.person_id and c.person_id == access.person_id],
        "committee": committee,
        "summary": queries.roll_summary(election) if committee and election.roll_frozen_at
        else None,
        "certifications": list(election.certifications.all()),
        "is_committee_member": Role.ELECTION_COMMITTEE in access.roles,
        "ratified": _ratified_contract(election),
    })


def _ratified_contract(election):
    """For a ratification vote: the contract version it ratified, once assembled."""
    if election.kind != election.Kind.RATIFICATION:
        return None
    from unionhall.bargaining.models import Contract

    return Contract.objects.filter(ratification=election).first()


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_manage(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    contests = queries.contests_with_candidates(election)
    contest_form = ContestForm(prefix="contest")
    candidate_form = CandidateForm(prefix="candidate", contests=contests)
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "contest":
                contest_form = ContestForm(request.POST, prefix="contest")
                if contest_form.is_valid():
                    actions.add_contest(election, by=request.user, **contest_form.cleaned_data)
                    messages.success(request, _("Added to the ballot."))
                    return _back(election, "election_manage")
            elif which == "candidate":
                candidate_form = CandidateForm(request.POST, prefix="candidate",
                                               contests=contests)
                if candidate_form.is_valid():
                    _add_candidate(request, election, candidate_form.cleaned_data)
                    messages.success(request, _("Candidate added."))
                    return _back(election, "election_manage")
            elif which == "withdraw":
                candidate = queries.candidate_or_404(election, _pk(request.POST.get("candidate")))
                actions.withdraw_candidate(candidate, by=request.user)
                messages.success(request, _("%(name)s withdrawn.") % {"name": candidate.name})
                return _back(election, "election_manage")
            elif which == "publish":
                actions.publish_election(election, by=request.user)
                messages.success(request, _("Election published."))
                return _back(election)
            elif which == "cancel":
                actions.cancel_election(election, by=request.user)
                messages.success(request, _("Election cancelled."))
                return _back(election)
            else:
                messages.error(request, _("Choose what to save."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return render(request, "democracy/election_manage.html", {
        "election": election, "phase": election.phase(), "contests": contests,
        "contest_form": contest_form, "candidate_form": candidate_form,
        "nominations": queries.nominations_for(election),
        "editable": election.roll_frozen_at is None
        and election.status != Election.Status.CANCELLED,
    })


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _add_candidate(request, election, data) -> None:
    contest = queries.contest_or_404(election, data["contest"])
    person = None
    if data["employee_id"]:
        person = Person.objects.filter(local=request.local,
                                       employee_id=data["employee_id"].strip()).first()
        if person is None:
            raise ValidationError(_("No one in the local has employee ID %(id)s.") % {
                "id": data["employee_id"]})
    actions.add_candidate(contest, by=request.user, name=data["name"], person=person,
                          statement=data["statement"])


@require_POST
@local_view()
@in_local_time
def election_nominate(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    contests = queries.contests_with_candidates(election)
    form = NominationForm(request.POST, contests=contests)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return _back(election)
    data = form.cleaned_data
    contest = queries.contest_or_404(election, data["contest"])
    if data["who"] == "me":
        nominee = Person.objects.filter(pk=request.access.person_id).first()
    else:
        nominee = _find_member(request.local, data["first_name"], data["last_name"])
    try:
        if nominee is None:
            raise ValidationError(_("We could not find exactly one member of the local with "
                                    "that name. Check the spelling, or ask the election "
                                    "committee."))
        nomination = actions.nominate(contest, nominee, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError)
                       else _("Only members of the local may nominate."))
        return _back(election)
    if nominee.pk == request.access.person_id:
        return redirect("nomination_answer", local_slug=request.local.slug, pk=nomination.pk)
    messages.success(request, _("%(name)s is nominated; we have asked them to accept.") % {
        "name": nominee.display_name})
    return _back(election)


def _find_member(local, first: str, last: str) -> Person | None:
    """Exactly one member of the local by that name; members cannot browse the roster, so a
    near miss says nothing about who exists."""
    from django.db.models import Q

    matches = list(Person.objects.filter(
        Q(legal_first_name__iexact=first.strip()) | Q(preferred_name__iexact=first.strip()),
        local=local, legal_last_name__iexact=last.strip(), membership__status="member",
    )[:2])
    return matches[0] if len(matches) == 1 else None


@local_view()
@in_local_time
def nomination_answer(request, pk: int):
    nomination = queries.nomination_or_404(request.access, pk)
    election = nomination.contest.election
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            actions.answer_nomination(nomination, accept=accept, by=request.user,
                                      statement=form.cleaned_data["statement"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("You are a candidate.") if accept
                             else _("You declined the nomination."))
        return _back(election)
    return render(request, "democracy/nomination_answer.html", {
        "nomination": nomination, "election": election, "form": form,
        "pending": nomination.status == Nomination.Status.PENDING})


@local_view()
@in_local_time
def candidate_statement(request, pk: int, candidate_pk: int):
    """A candidate writes their own statement until voting opens."""
    election = queries.election_or_404(request.access, pk)
    candidate = queries.candidate_or_404(election, candidate_pk)
    if request.access.person_id is None or candidate.person_id != request.access.person_id:
        raise Http404
    form = AnswerForm(request.POST or None, initial={"statement": candidate.statement})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_statement(candidate, form.cleaned_data["statement"], by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Your statement is saved."))
        return _back(election)
    return render(request, "democracy/candidate_statement.html", {
        "election": election, "candidate": candidate, "form": form})


# --- voting -----------------------------------------------------------------------------------


@local_view()
@in_local_time
def election_vote(request, pk: int):
    access = request.access
    election = actions.ensure_roll(queries.election_or_404(access, pk))
    if election.phase() != "voting":
        messages.error(request, _("Voting is not open."))
        return _back(election)
    person = Person.objects.filter(pk=access.person_id).first() if access.person_id else None
    entry, turnout = actions.voter_status(election, person)
    if turnout is not None:
        return _already_voted(request, election)
    if entry is None or not entry.eligible:
        return render(request, "democracy/not_on_roll.html", {
            "election": election,
            "reason": actions.reason_text(entry.reason, entry.detail) if entry else ""},
            status=403)
    contests = queries.contests_with_candidates(election)
    context = {"election": election, "contests": contests}
    if request.method == "POST":
        step = request.POST.get("step")
        raw = ballot_form.read_marks(contests, request.POST)
        try:
            if step == "cast":
                digest = actions.cast_ballot(election, raw, by=request.user)
                return render(request, "democracy/receipt.html", {
                    "election": election, "receipt": receipt_code(digest)})
            ballot = ballot_rules.clean(
                actions.contest_specs(election), raw) if step == "review" else None
        except actions.AlreadyVoted:
            return _already_voted(request, election)
        except BallotError as exc:
            context.update(error=ballot_form.error_text(exc), error_contest=exc.contest)
            ballot = None
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return _back(election)
        if ballot is not None:
            return render(request, "democracy/ballot_review.html", {
                **context, "rows": ballot_form.layout(contests, ballot=ballot),
                "hidden": ballot_form.hidden_fields(contests, ballot)})
        context["rows"] = ballot_form.layout(contests, data=request.POST)
        return render(request, "democracy/ballot.html", context,
                      status=400 if "error" in context else 200)
    context["rows"] = ballot_form.layout(contests)
    return render(request, "democracy/ballot.html", context)


def _already_voted(request, election):
    return render(request, "democracy/already_voted.html", {"election": election}, status=409)


# --- the committee: roll, paper, count, certification ------------------------------------------


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_roll(request, pk: int):
    election = actions.ensure_roll(queries.election_or_404(request.access, pk))
    q = request.GET.get("q", "").strip()
    entries = queries.roll_search(election, q) if q and election.roll_frozen_at else []
    for entry in entries:
        entry.reason_text = actions.reason_text(entry.reason, entry.detail)
    summary = queries.roll_summary(election) if election.roll_frozen_at else None
    if summary:
        summary["reasons"] = sorted(
            ((actions.reason_text(r, "…"), n) for r, n in summary["by_reason"].items()),
            key=lambda rn: -rn[1])
    return render(request, "democracy/election_roll.html", {
        "election": election, "q": q, "entries": entries, "summary": summary})


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_paper(request, pk: int):
    election = actions.ensure_roll(queries.election_or_404(request.access, pk))
    if not election.paper_ballots:
        raise Http404
    contests = queries.contests_with_candidates(election)
    search = EnvelopeForm(request.GET or None)
    entries = []
    if search.is_valid() and election.roll_frozen_at:
        entries = queries.roll_search(election, search.cleaned_data["q"], limit=20)
    context = {"election": election, "search": search, "entries": entries,
               "rows": ballot_form.layout(contests)}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "envelope":
                person = Person.objects.filter(local=request.local,
                                               pk=_pk(request.POST.get("person"))).first()
                if person is None:
                    raise Http404
                actions.record_paper_turnout(election, person, by=request.user)
                messages.success(request, _("Envelope of %(name)s checked in.") % {
                    "name": person.display_name})
            else:
                raw = ballot_form.read_marks(contests, request.POST)
                actions.enter_paper_ballot(election, raw, by=request.user)
                messages.success(request, _("Paper ballot entered."))
            return redirect("election_paper", local_slug=request.local.slug, pk=election.pk)
        except BallotError as exc:
            context.update(error=ballot_form.error_text(exc),
                           rows=ballot_form.layout(contests, data=request.POST))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    summary = queries.roll_summary(election) if election.roll_frozen_at else None
    context.update(summary=summary,
                   entered=election.ballots.filter(paper=True).count())
    return render(request, "democracy/election_paper.html", context)


@local_view(Perm.RUN_ELECTIONS)
@in_local_time
def election_print(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    contests = queries.contests_with_candidates(election)
    return render(request, "democracy/ballot_print.html", {
        "election": election, "rows": ballot_form.layout(contests)})


@require_POST
@local_view(Perm.RUN_ELECTIONS)
def election_tally(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    try:
        actions.tally_election(election, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(election)
    messages.success(request, _("The votes are counted. Two members of the election "
                                "committee must now certify the results."))
    return _back(election, "election_results")


@require_POST
@local_view(Perm.RUN_ELECTIONS)
def election_certify(request, pk: int):
    election = queries.election_or_404(request.access, pk)
    if Role.ELECTION_COMMITTEE not in request.access.roles:
        raise PermissionDenied
    try:
        election = actions.certify_election(election, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Results certified and published.") if
                         election.published_at else _("Your certification is recorded; a "
                                                      "second member must certify too."))
    return _back(election, "election_results")


# --- results, receipts, BLT -----------------------------------------------------------------


def _may_see_results(access, election) -> bool:
    if election.published_at:
        return True
    return bool(election.tallied_at) and access.can(Perm.RUN_ELECTIONS)


@local_view()
@in_local_time
def election_results(request, pk: int):
    access = request.access
    election = queries.election_or_404(access, pk)
    if not _may_see_results(access, election):
        if election.tallied_at:
            messages.info(request, _("The results are published once the election committee "
                                     "certifies them."))
        return _back(election)
    contests = queries.contests_with_candidates(election)
    return render(request, "democracy/election_results.html", {
        "election": election, "contests": results_view.present(election, contests),
        "certifications": list(election.certifications.all()),
        "can_certify": Role.ELECTION_COMMITTEE in access.roles and not election.published_at,
        "committee": access.can(Perm.RUN_ELECTIONS),
    })


@in_local_time
def _receipts(request, election):
    closed = election.phase() in ("counting", "published")
    codes = [receipt_code(r) for r in queries.receipts(election)] if closed else []
    q = request.GET.get("code", "").strip().upper().replace(" ", "")
    found = None
    if q and closed:
        found = any(code.replace("-", "") == q.replace("-", "") for code in codes)
    return render(request, "democracy/receipts.html", {
        "election": election, "closed": closed, "codes": codes, "q": q, "found": found})


def election_receipts(request, local_slug: str, pk: int):
    """Public: anyone may check that a receipt is in the box, signed in or not."""
    local = local_or_404(local_slug)
    election = Election.objects.filter(local=local, pk=pk).exclude(
        status=Election.Status.DRAFT).first()
    if election is None:
        raise Http404
    request.local = local
    return _receipts(request, election)


@local_view()
def contest_blt(request, pk: int, contest_pk: int):
    election = queries.election_or_404(request.access, pk)
    if not _may_see_results(request.access, election):
        raise PermissionDenied
    contest = queries.contest_or_404(election, contest_pk)
    if not contest.is_ranked:
        raise Http404
    candidates = list(contest.candidates.all())
    number = {c.pk: i for i, c in enumerate(candidates, 1)}
    ballots = Counter()
    for marks in election.ballots.values_list("marks", flat=True):
        ranking = tuple(number[c] for c in marks.get(str(contest.pk), []) if c in number)
        if ranking:
            ballots[ranking] += 1
    text = blt.write_blt(blt.BltElection(
        names=[c.name for c in candidates], seats=contest.seats, ballots=ballots,
        withdrawn=[number[c.pk] for c in candidates if c.withdrawn],
        title=f"{election.title}: {contest.title}"))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="election-{election.pk}-' \
                                      f'{contest.pk}.blt"'
    return response


@local_view(Perm.MANAGE_ROLES)
def democracy_settings(request):
    rules = actions.rules_for(request.local)
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_democracy_rules(request.local, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rules saved."))
            return redirect("democracy_settings", local_slug=request.local.slug)
    return render(request, "democracy/settings.html", {"form": form})


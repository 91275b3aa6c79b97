"""Proposal and agreement pages: every proposal by article, one proposal with its chain of
counters and its redline against the contract in force, the team's forms (new, counter, edit,
publish, status, sign the tentative agreement), the register of agreements and ratification.

Who sees what: everyone with standing in the local reads published proposals and every
agreement; drafts are the bargaining team's ("not found" for anyone else); every change is the
team's (Perm.BARGAIN)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.bargaining import proposal_queries as pq
from unionhall.bargaining import queries
from unionhall.bargaining.actions import proposals as actions
from unionhall.bargaining.actions import ratify
from unionhall.bargaining.models import Proposal, Side
from unionhall.bargaining.proposal_forms import (
    AgreementForm,
    ProposalFilterForm,
    ProposalForm,
    RatifyForm,
    StatusForm,
)
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm


def _detail(proposal: Proposal):
    return redirect(reverse("proposal_detail", kwargs={"local_slug": proposal.local.slug,
                                                       "pk": proposal.pk}))


def _posted(request):
    """The POST data of a POST, even an empty one (so it shows what is missing), else None."""
    return request.POST if request.method == "POST" else None


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@local_view()
def proposal_list(request):
    access = request.access
    numbers = pq.article_numbers(access)
    form = ProposalFilterForm(request.GET or None, numbers=numbers)
    filters = form.cleaned_data if form.is_valid() else {}
    groups = pq.proposal_list(access, side=filters.get("side", ""),
                              status=filters.get("status", ""),
                              article=filters.get("article", ""))
    titles = pq.articles_in_force(request.local)
    rows = []
    for number, proposals in groups:
        article = titles.get(number)
        title = (article.title if article else "") or next(
            (p.title for p in proposals if p.title), "")
        rows.append({"number": number, "title": title, "new": article is None,
                     "proposals": proposals})
    return render(request, "bargaining/proposal_list.html", {
        "groups": rows, "form": form, "team": queries.is_team(access),
        "filtered": bool(filters and any(filters.values()))})


def _other_side(side: str) -> str:
    return Side.DISTRICT if side == Side.UNION else Side.UNION


@local_view(Perm.BARGAIN)
def proposal_new(request):
    access = request.access
    answers = None
    answers_pk = request.POST.get("answers") or request.GET.get("answers")
    if answers_pk:
        if not str(answers_pk).isdigit():
            raise Http404
        answers = queries.proposal_or_404(access, int(answers_pk))
    initial = {"presented_on": request.local.today()}
    sides = None
    if answers is not None:
        sides = [s for s in Side.values if s != answers.side]
        initial.update(side=_other_side(answers.side), article_number=answers.article_number,
                       title=answers.title, text=answers.text)
    form = ProposalForm(_posted(request), initial=initial,
                        sessions=queries.sessions_for(access), fixed=answers is not None,
                        sides=sides)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = actions.create_proposal(
                request.local, side=data["side"],
                article_number=answers.article_number if answers else data["article_number"],
                title=data["title"], text=data["text"], rationale=data["rationale"],
                presented_on=data["presented_on"], session=data["session"], answers=answers,
                published=data["published"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proposal %(label)s saved.") % {"label": proposal.label})
            return _detail(proposal)
    return render(request, "bargaining/proposal_form.html", {
        "form": form, "answers": answers, "proposal": None,
        "has_contract": queries.contract_in_force(request.local) is not None})


@local_view()
@in_local_time
def proposal_detail(request, pk: int):
    access = request.access
    proposal = queries.proposal_or_404(access, pk)
    team = queries.is_team(access)
    contract, article, current = pq.current_article(request.local, proposal.article_number)
    against = None
    against_pk = request.GET.get("against")
    if against_pk:
        if not against_pk.isdigit():
            raise Http404
        against = queries.proposal_or_404(access, int(against_pk))
        if against.article_number != proposal.article_number or against.pk == proposal.pk:
            raise Http404
    old = against.text if against is not None else current
    html, stats = pq.compare(old, proposal.text, to_new_label=_("moved: see the new place"),
                             to_old_label=_("moved: see the old place"))
    chain = pq.chain(access, proposal)
    ctx = {
        "proposal": proposal, "team": team, "contract": contract, "article": article,
        "against": against, "redline": mark_safe(html),  # noqa: S308 - escaped in redline
        "stats": stats, "chain": chain if len(chain) > 1 else [],
        "answered": proposal.answers if proposal.answers_id and any(
            p.pk == proposal.answers_id for p in chain) else None,
        "counters": [p for p in chain if p.answers_id == proposal.pk],
        "removes": not proposal.text and article is not None,
        "agreement": getattr(proposal, "agreement", None)
        if proposal.status == Proposal.Status.TENTATIVELY_AGREED else None,
        "superseded": proposal.contract_id != getattr(contract, "pk", None),
    }
    if team:
        open_ = proposal.status in (Proposal.Status.OPEN, Proposal.Status.COUNTERED)
        ctx.update(
            can_edit=open_, can_sign=open_,
            can_counter=open_ and not any(
                p.status in actions.LIVE for p in ctx["counters"]),
            status_form=None if proposal.status == Proposal.Status.TENTATIVELY_AGREED
            else StatusForm(current=proposal.status))
        ctx["team_actions"] = (ctx["can_edit"] or ctx["can_sign"] or ctx["can_counter"]
                               or ctx["status_form"] or not proposal.published)
    return render(request, "bargaining/proposal_detail.html", ctx)


@local_view(Perm.BARGAIN)
def proposal_edit(request, pk: int):
    access = request.access
    proposal = queries.proposal_or_404(access, pk)
    initial = {f: getattr(proposal, f) for f in actions.EDITABLE}
    in_chain = bool(proposal.answers_id) or proposal.counters.exists()
    form = ProposalForm(_posted(request), initial=initial,
                        sessions=queries.sessions_for(access), fixed=in_chain, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if in_chain:
            data["article_number"] = proposal.article_number
        try:
            actions.update_proposal(proposal, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proposal %(label)s saved.") % {"label": proposal.label})
            return _detail(proposal)
    return render(request, "bargaining/proposal_form.html", {
        "form": form, "answers": proposal.answers, "proposal": proposal, "has_contract": True})


@require_POST
@local_view(Perm.BARGAIN)
def proposal_publish(request, pk: int):
    proposal = queries.proposal_or_404(request.access, pk)
    try:
        actions.publish_proposal(proposal, by=request.user)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Proposal %(label)s is published to members.")
                         % {"label": proposal.label})
    return _detail(proposal)


@require_POST
@local_view(Perm.BARGAIN)
def proposal_status(request, pk: int):
    proposal = queries.proposal_or_404(request.access, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _detail(proposal)
    try:
        proposal = actions.set_proposal_status(proposal, form.cleaned_data["status"],
                                               by=request.user)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("%(label)s is now %(status)s.")
                         % {"label": proposal.label,
                            "status": proposal.get_status_display().lower()})
    return _detail(proposal)


@local_view(Perm.BARGAIN)
@in_local_time
def agreement_sign(request, pk: int):
    proposal = queries.proposal_or_404(request.access, pk)
    earlier = pq.pending_agreement(request.local, proposal.article_number)
    if earlier is not None and earlier.proposal_id == proposal.pk:
        earlier = None
    _contract, article, _current = pq.current_article(request.local, proposal.article_number)
    form = AgreementForm(_posted(request), earlier=earlier, initial={
        "signed_on": request.local.today(), "text": proposal.text,
        "title": proposal.title or (article.title if article else "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.sign_agreement(
                proposal, signed_on=data["signed_on"], union_signer=data["union_signer"],
                district_signer=data["district_signer"], text=data["text"],
                title=data["title"], replace=data.get("replace", False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tentative agreement on Article %(number)s signed.")
                             % {"number": proposal.article_number})
            return _detail(proposal)
    return render(request, "bargaining/agreement_sign.html", {
        "form": form, "proposal": proposal, "earlier": earlier,
        "closed": proposal.status not in (Proposal.Status.OPEN, Proposal.Status.COUNTERED)})


@local_view()
def agreement_list(request):
    access = request.access
    rows = pq.agreements(access)
    return render(request, "bargaining/agreement_list.html", {
        "pending": [a for a in rows if a.contract_id is None],
        "ratified": [a for a in rows if a.contract_id is not None],
        "team": queries.is_team(access)})


@local_view(Perm.BARGAIN)
@in_local_time
def agreement_ratify(request):
    local = request.local
    contract = queries.contract_in_force(local)
    pending = list(ratify.pending_agreements(local))
    problem = ""
    changes = []
    try:
        changes = ratify.plan(contract, pending) if contract else []
    except ValidationError as exc:
        problem = _message(exc)
    form = RatifyForm(_posted(request), elections=pq.ratification_elections(local),
                      initial={"title": contract.title if contract else "",
                               "ratified_on": local.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = ratify.ratify_agreement(
                local, name=data["name"], title=data["title"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], ratified_on=data["ratified_on"],
                election=data["election"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Version %(name)s of the contract is now in force.")
                             % {"name": new.name})
            return redirect(reverse("agreement_list", kwargs={"local_slug": local.slug}))
    return render(request, "bargaining/agreement_ratify.html", {
        "form": form, "contract": contract, "pending": pending, "changes": changes,
        "problem": problem})

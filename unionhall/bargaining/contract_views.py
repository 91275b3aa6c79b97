"""The contract's pages: the version in force with its table of contents, every version, an
article in full, one section's permalink, and the team's import, edit, put-in-force and delete.

Who may: everyone with standing in the local reads the versions in force and superseded; the
bargaining team (Perm.BARGAIN: the team, the officers, the local admin) also sees drafts and
imports, edits, puts in force and deletes them. A draft is not found for anyone else.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.bargaining import contract_queries as cq
from unionhall.bargaining import queries
from unionhall.bargaining.actions import contract as actions
from unionhall.bargaining.contract_forms import ContractForm, ContractTextForm
from unionhall.bargaining.models import Contract
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm

Status = Contract.Status


def _to_version(contract):
    return redirect("contract_version", local_slug=contract.local.slug, slug=contract.slug)


# --- reading --------------------------------------------------------------------------------


@local_view()
def contract_current(request):
    return _contents(request, queries.contract_in_force(request.local), current=True)


@local_view()
def contract_version(request, slug: str):
    return _contents(request, queries.contract_or_404(request.access, slug), current=False)


def _contents(request, contract, *, current: bool):
    """The table of contents of `contract` (None: no version in force), with the jump box and
    the other versions. A fixed number of queries, whatever the size of the contract."""
    access = request.access
    team = queries.is_team(access)
    versions = list(cq.versions(access))
    articles = cq.table_of_contents(contract) if contract is not None else []
    jump, jump_error = request.GET.get("go"), ""
    if jump is not None and contract is not None:
        target = _jump_target(contract, articles, jump)
        if target is not None:
            return target
        jump_error = _("There is no section or article “%(number)s” in this version: write a "
                       "number like 7.3 (a section) or 7 (an article).") % {"number": jump}
    in_force = next((v for v in versions if v.status == Status.IN_FORCE), None)
    return render(request, "bargaining/contract_contents.html", {
        "contract": contract, "articles": articles, "current": current, "team": team,
        "in_force": in_force,
        "others": [v for v in versions if contract is None or v.pk != contract.pk],
        "drafts": [v for v in versions if v.status == Status.DRAFT],
        "jump": jump or "", "jump_error": jump_error,
    })


def _jump_target(contract, articles, text: str):
    """A redirect to the section (7.3) or article (7) the jump box names, or None."""
    number = cq.normal_number(text)
    if not number:
        return None
    for article in articles:
        if "." not in number and article.number == number:
            return redirect("contract_article", local_slug=contract.local.slug,
                            slug=contract.slug, number=number)
        for section in article.sections.all():
            if section.number == number:
                return redirect("contract_section", local_slug=contract.local.slug,
                                slug=contract.slug, number=number)
    return None


@local_view()
def contract_versions(request):
    return render(request, "bargaining/contract_versions.html", {
        "versions": cq.versions(request.access), "team": queries.is_team(request.access)})


@local_view()
@in_local_time
def contract_article(request, slug: str, number: str):
    access = request.access
    contract = queries.contract_or_404(access, slug)
    article = cq.article_or_404(contract, number)
    previous, following = cq.neighbours(article)
    in_force = contract if contract.status == Status.IN_FORCE else \
        queries.contract_in_force(request.local)
    return render(request, "bargaining/contract_article.html", {
        "contract": contract, "article": article, "sections": cq.article_sections(article),
        "previous": previous, "next": following, "in_force": in_force,
        "proposals": list(cq.article_proposals(access, contract, article.number)),
        "posts": list(cq.article_posts(access, article)),
        "team": queries.is_team(access),
    })


@local_view()
def contract_section(request, slug: str, number: str):
    contract = queries.contract_or_404(request.access, slug)
    section = queries.section_or_404(contract, number)
    in_force, in_force_has_it = contract, True
    if contract.status != Status.IN_FORCE:
        in_force = queries.contract_in_force(request.local)
        in_force_has_it = cq.section_in(in_force, number)
    return render(request, "bargaining/contract_section.html", {
        "contract": contract, "section": section, "article": section.article,
        "in_force": in_force, "in_force_has_it": in_force_has_it,
    })


@local_view()
def contract_section_current(request, number: str):
    """A stable link: the section (or article) with this number in the version in force,
    whichever version that is when the link is followed."""
    contract = queries.contract_in_force(request.local)
    normal = cq.normal_number(number)
    if contract is None or not normal:
        raise Http404
    if "." in normal:
        section = queries.section_or_404(contract, normal)
        return redirect("contract_section", local_slug=request.local.slug, slug=contract.slug,
                        number=section.number)
    article = cq.article_or_404(contract, normal)
    return redirect("contract_article", local_slug=request.local.slug, slug=contract.slug,
                    number=article.number)


# --- the team's changes ---------------------------------------------------------------------


def _keep_text(form, text: str) -> None:
    """After a refused file, put its text in the text box: fix it there and send again."""
    if text and form.cleaned_data.get("file"):
        form.data = form.data.copy()
        form.data["text"] = text


@local_view(Perm.BARGAIN)
def contract_import(request):
    form = ContractTextForm(request.POST if request.method == "POST" else None,
                            request.FILES if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            contract = actions.import_contract(
                request.local, name=data["name"], title=data["title"], text=data["text"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], by=request.user)
        except ValidationError as exc:
            _keep_text(form, data["text"])
            form.add_error(None, exc)
        else:
            messages.success(request, _(
                "Imported as a draft: %(articles)s articles, %(sections)s sections. Only the "
                "bargaining team sees it. Check it, then put it in force.")
                % {"articles": contract.articles.count(),
                   "sections": contract.sections.count()})
            return _to_version(contract)
    return render(request, "bargaining/contract_import.html", {"form": form})


@local_view(Perm.BARGAIN)
def contract_edit(request, slug: str):
    contract = queries.contract_or_404(request.access, slug)
    draft = contract.status == Status.DRAFT
    initial = {"name": contract.name, "title": contract.title,
               "starts_on": contract.starts_on, "ends_on": contract.ends_on}
    data = request.POST if request.method == "POST" else None
    if draft:
        form = ContractTextForm(data, request.FILES if data is not None else None,
                                initial=initial, text_required=False)
    else:
        form = ContractForm(data, initial=initial)
    if form.is_bound and form.is_valid():
        saved = _save_edit(request, contract, form)
        if saved is not None:
            return _to_version(saved)
    return render(request, "bargaining/contract_edit.html", {
        "form": form, "contract": contract, "draft": draft})


def _save_edit(request, contract, form):
    data = form.cleaned_data
    text = data.get("text") or ""
    try:
        if text:
            actions.read_contract_text(text)  # every problem before anything is written
        contract = actions.update_contract(
            contract, name=data["name"], title=data["title"], starts_on=data["starts_on"],
            ends_on=data["ends_on"], by=request.user)
    except ValidationError as exc:
        _keep_text(form, text)
        form.add_error(None, exc)
        return None
    if text:
        try:
            actions.replace_contract_text(contract, text, by=request.user)
        except ValidationError as exc:
            messages.error(request, _("The name and dates are saved, but the text was not "
                                      "replaced: %(why)s") % {"why": " ".join(exc.messages)})
            return contract
        messages.success(request, _("Saved, and the text replaced."))
    else:
        messages.success(request, _("Saved."))
    return contract


@require_POST
@local_view(Perm.BARGAIN)
def contract_put_in_force(request, slug: str):
    contract = queries.contract_or_404(request.access, slug)
    try:
        actions.put_in_force(contract, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” is now the contract in force: members read it, "
                                    "and links to sections by number lead to it.")
                         % {"name": contract.name})
    return _to_version(contract)


@require_POST
@local_view(Perm.BARGAIN)
def contract_delete(request, slug: str):
    contract = queries.contract_or_404(request.access, slug)
    try:
        actions.delete_draft_contract(contract, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_version(contract)
    messages.success(request, _("The draft “%(name)s” is deleted.") % {"name": contract.name})
    return redirect("contract_current", local_slug=request.local.slug)

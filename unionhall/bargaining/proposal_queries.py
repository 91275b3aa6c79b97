"""Reads for the proposal and agreement pages, scoped like bargaining.queries: the team sees
drafts, everyone with standing in the local sees what is published and every agreement."""

import re

from django.db.models import Prefetch

from unionhall.bargaining import queries, redline
from unionhall.bargaining.contract_text import article_text, section_sort_key
from unionhall.bargaining.models import Article, Proposal, TentativeAgreement


def article_key(number: str):
    return section_sort_key(str(number))


def articles_in_force(local) -> dict[str, Article]:
    """The articles of the version in force by number (no sections): for titles in lists."""
    contract = queries.contract_in_force(local)
    if contract is None:
        return {}
    return {a.number: a for a in Article.objects.filter(contract=contract).only(
        "number", "title", "contract_id")}


def current_article(local, number: str):
    """(version in force or None, its article numbered `number` or None, its plain text)."""
    contract = queries.contract_in_force(local)
    article = None
    if contract is not None:
        article = (Article.objects.filter(contract=contract, number=number)
                   .prefetch_related("sections").first())
    text = article_text(article.intro, article.sections.all()) if article else ""
    return contract, article, text


def _lines(text: str) -> str:
    return re.sub(r"\n\s*", "\n\n", text or "")


def compare(old: str, new: str, *, id_prefix: str = "", to_new_label="", to_old_label=""):
    """(HTML of the redline, its stats). The HTML is escaped inside redline.to_html."""
    # Every line its own paragraph, so that section headings and list items keep their lines
    # (the redline treats whitespace as no change, so this changes only the layout).
    ops = redline.redline(_lines(old), _lines(new))
    kwargs = {"id_prefix": id_prefix}
    if to_new_label:
        kwargs.update(to_new_label=str(to_new_label), to_old_label=str(to_old_label))
    return redline.to_html(ops, **kwargs), redline.stats(ops)


def proposal_list(access, *, side="", status="", article=""):
    """The proposals the viewer may read, filtered, with their visible counters, grouped by
    article number in number order: [(number, [proposal, …]), …]. Three queries."""
    visible = queries.proposals_for(access)
    qs = visible.select_related("answers").prefetch_related(
        Prefetch("counters", queryset=visible.order_by("presented_on", "id"),
                 to_attr="visible_counters"))
    if side:
        qs = qs.filter(side=side)
    if status:
        qs = qs.filter(status=status)
    if article:
        qs = qs.filter(article_number=article)
    groups: dict[str, list] = {}
    for proposal in qs.order_by("presented_on", "id"):
        groups.setdefault(proposal.article_number, []).append(proposal)
    return sorted(groups.items(), key=lambda item: article_key(item[0]))


def article_numbers(access) -> list[str]:
    numbers = set(queries.proposals_for(access).values_list("article_number", flat=True))
    return sorted(numbers, key=article_key)


def chain(access, proposal: Proposal) -> list[Proposal]:
    """Every proposal the viewer may read in `proposal`'s chain of counters, from the first to
    the last, in the order they answer each other (then by date). One query."""
    rows = {p.pk: p for p in queries.proposals_for(access).filter(
        article_number=proposal.article_number).order_by("presented_on", "id")}
    rows[proposal.pk] = proposal
    root = proposal
    seen = {root.pk}
    while root.answers_id in rows and root.answers_id not in seen:
        root = rows[root.answers_id]
        seen.add(root.pk)
    children: dict[int, list] = {}
    for p in rows.values():
        if p.answers_id is not None:
            children.setdefault(p.answers_id, []).append(p)
    out, todo, done = [], [root], set()
    while todo:
        p = todo.pop(0)
        if p.pk in done:
            continue
        done.add(p.pk)
        out.append(p)
        p.answers_label = rows[p.answers_id].label if p.answers_id in rows else ""
        todo[:0] = children.get(p.pk, [])
    return out


def agreements(access):
    """Every tentative agreement: pending ones first, then by version; each in article order."""
    rows = list(queries.agreements_for(access).select_related("proposal", "contract"))
    rows.sort(key=lambda a: (a.contract_id is not None, -(a.contract_id or 0),
                             article_key(a.article_number), a.signed_on))
    return rows


def pending_agreement(local, number: str) -> TentativeAgreement | None:
    return (TentativeAgreement.objects.filter(local=local, article_number=number, contract=None)
            .select_related("proposal").first())


def ratification_elections(local):
    from unionhall.democracy.models import Election

    return Election.objects.filter(local=local, kind=Election.Kind.RATIFICATION).order_by(
        "-closes_at", "-id")

"""Reads for the contract pages, scoped like bargaining.queries: everyone with standing in the
local reads the versions in force or superseded; the bargaining team also sees drafts. Each
read does a fixed number of queries, whatever the size of the contract."""

import re

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from unionhall.bargaining import queries
from unionhall.bargaining.models import Article, Contract, Post, Section

SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+")


def versions(access):
    """Every version the viewer may read, newest first, with its number of articles."""
    return (queries.contracts_for(access).annotate(n_articles=Count("articles"))
            .order_by("-starts_on", "-id"))


def table_of_contents(contract: Contract) -> list[Article]:
    """The version's articles in order, each with its sections (number and title only): two
    queries."""
    sections = Section.objects.only("id", "article_id", "number", "title", "position") \
        .order_by("position")
    return list(contract.articles.order_by("position").prefetch_related(
        Prefetch("sections", queryset=sections)))


def article_or_404(contract: Contract, number: str) -> Article:
    return get_object_or_404(Article, contract=contract, number=number)


def article_sections(article: Article) -> list[Section]:
    return list(article.sections.order_by("position"))


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """The articles before and after, in the version's order: one query."""
    rows = list(Article.objects.filter(contract_id=article.contract_id)
                .only("id", "number", "title", "position", "contract_id").order_by("position"))
    at = next(i for i, a in enumerate(rows) if a.pk == article.pk)
    return (rows[at - 1] if at > 0 else None), (rows[at + 1] if at + 1 < len(rows) else None)


def article_proposals(access, contract: Contract, number: str):
    """Proposals the viewer may read on this article of this version (the version they
    amend), oldest first."""
    return (queries.proposals_for(access)
            .filter(contract=contract, article_number=number)
            .only("id", "label", "side", "status", "presented_on", "published", "local_id")
            .order_by("presented_on", "id"))


def article_posts(access, article: Article):
    """Published updates that link this article, newest first."""
    return (queries.posts_for(access).filter(articles=article, status=Post.Status.PUBLISHED)
            .only("id", "title", "slug", "published_at", "local_id")
            .order_by("-published_at", "-id"))


def section_in(contract: Contract | None, number: str) -> bool:
    return contract is not None and Section.objects.filter(contract=contract,
                                                           number=number).exists()


def normal_number(text: str) -> str:
    """"7.03", " 7.3 ", "§7.3", "Section 7.3" → "7.3"; "Article 7", "7" → "7"; "" when it is
    neither."""
    text = (text or "").strip().lower()
    for word in ("section", "sec.", "art.", "article", "§"):
        if text.startswith(word):
            text = text[len(word):].strip()
    text = text.rstrip(".")
    if text.isdigit():
        return str(int(text))
    if SECTION_NUMBER.fullmatch(text):
        return ".".join(str(int(p)) for p in text.split("."))
    return ""

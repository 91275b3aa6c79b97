"""Reads for bargaining, scoped to a local and to the viewer.

Who sees what: everyone with standing in the local (members, stewards, officers, staff of its
state) reads the contract versions in force or superseded, published sessions with their
transcripts, published proposals, every tentative agreement, published surveys and updates.
The bargaining team (Perm.BARGAIN) also sees drafts, unpublished sessions and proposals, and
team-only session notes. Public updates are also on the open web; nothing else is."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from unionhall.bargaining.models import (
    Contract,
    Post,
    Proposal,
    Section,
    Session,
    Survey,
    TentativeAgreement,
)
from unionhall.core.permissions import Perm


def is_team(access) -> bool:
    return access.can(Perm.BARGAIN)


def can_publish_news(access) -> bool:
    return access.can(Perm.PUBLISH_NEWS)


# --- the contract ---------------------------------------------------------------------------


def contracts_for(access):
    qs = Contract.objects.filter(local=access.local)
    if not is_team(access):
        qs = qs.exclude(status=Contract.Status.DRAFT)
    return qs


def contract_in_force(local) -> Contract | None:
    return Contract.objects.filter(local=local, status=Contract.Status.IN_FORCE).first()


def contract_or_404(access, slug: str) -> Contract:
    return get_object_or_404(contracts_for(access), slug=slug)


def section_or_404(contract: Contract, number: str) -> Section:
    return get_object_or_404(Section.objects.select_related("article"), contract=contract,
                             number=number)


# --- sessions -------------------------------------------------------------------------------


def sessions_for(access):
    qs = Session.objects.filter(local=access.local)
    if not is_team(access):
        qs = qs.filter(published=True)
    return qs


def session_or_404(access, pk: int) -> Session:
    return get_object_or_404(sessions_for(access), pk=pk)


def sees_notes(access, session: Session) -> bool:
    return is_team(access) or (session.published and session.notes_published)


# --- proposals and agreements ---------------------------------------------------------------


def proposals_for(access):
    qs = Proposal.objects.filter(local=access.local)
    if not is_team(access):
        qs = qs.filter(published=True)
    return qs


def proposal_or_404(access, pk: int) -> Proposal:
    return get_object_or_404(
        proposals_for(access).select_related("contract", "article", "answers", "session"), pk=pk)


def agreements_for(access):
    """Every TA: both sides signed it and the members will vote on it, so it is no secret."""
    return TentativeAgreement.objects.filter(local=access.local)


# --- surveys --------------------------------------------------------------------------------


def surveys_for(access):
    qs = Survey.objects.filter(local=access.local)
    if not is_team(access):
        qs = qs.filter(status=Survey.Status.PUBLISHED)
    return qs


def survey_or_404(access, pk: int) -> Survey:
    return get_object_or_404(surveys_for(access), pk=pk)


# --- updates --------------------------------------------------------------------------------


def posts_for(access):
    """Posts the viewer may read; `access` may be that of an anonymous visitor."""
    qs = Post.objects.filter(local=access.local)
    if can_publish_news(access):
        return qs
    qs = qs.filter(status=Post.Status.PUBLISHED)
    if not access.belongs:
        qs = qs.filter(audience=Post.Audience.PUBLIC)
    return qs


def post_or_404(access, slug: str) -> Post:
    return get_object_or_404(posts_for(access), slug=slug)


def public_posts(local):
    return Post.objects.filter(local=local, status=Post.Status.PUBLISHED,
                               audience=Post.Audience.PUBLIC)


def visible(access) -> dict[str, Q]:
    """For search: what the viewer may read, as filters on each searched table."""
    team = is_team(access)
    published_contract = ~Q(contract__status=Contract.Status.DRAFT)
    return {
        "section": Q(contract__local=access.local) & (Q() if team else published_contract),
        "segment": Q(session__local=access.local) & (Q() if team else Q(session__published=True)),
        "proposal": Q(local=access.local) & (Q() if team else Q(published=True)),
        "post": Q(local=access.local) & (Q() if can_publish_news(access)
                                         else Q(status=Post.Status.PUBLISHED)),
    }


def citation_links(local, citations) -> list[tuple[str, str | None]]:
    """Each contract citation as written ("12.3", "§ 7.1", "Art. 9") with a link to that
    section or article of the version in force, or None where it has none."""
    from django.urls import reverse

    from unionhall.bargaining.models import Article

    contract = contract_in_force(local)
    if contract is None or not citations:
        return [(c, None) for c in citations]
    wanted = {c: _citation_number(c) for c in citations}
    sections = set(Section.objects.filter(contract=contract, number__in=wanted.values())
                   .values_list("number", flat=True))
    articles = set(Article.objects.filter(contract=contract, number__in=wanted.values())
                   .values_list("number", flat=True))
    out = []
    for citation, number in wanted.items():
        url = None
        if number in sections:
            url = reverse("contract_section", args=[local.slug, contract.slug, number])
        elif number in articles:
            url = reverse("contract_article", args=[local.slug, contract.slug, number])
        out.append((citation, url))
    return out


def _citation_number(citation: str) -> str:
    import re

    match = re.search(r"\d+(?:\.\d+)*", citation)
    return match.group(0) if match else ""

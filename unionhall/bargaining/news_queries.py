"""Reads for updates and comments beyond bargaining.queries (posts_for, post_or_404,
public_posts): comments as each reader may see them, the moderators' queue, the choices of the
post form and the reader's email preference."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from unionhall.bargaining import queries
from unionhall.bargaining.models import Article, Comment, Post


def post_list(access, kind: str = ""):
    """The posts a reader may read, newest first, each with its count of published comments."""
    qs = queries.posts_for(access)
    if kind:
        qs = qs.filter(kind=kind)
    return (qs.annotate(n_comments=Count("comments", filter=Q(
                comments__status=Comment.Status.PUBLISHED)))
            .order_by("status", "-published_at", "-id"))


def members_only(local, slug: str) -> bool:
    """A published post for members exists at this address (to send a visitor to sign in)."""
    return Post.objects.filter(local=local, slug=slug, status=Post.Status.PUBLISHED,
                               audience=Post.Audience.MEMBERS).exists()


def reader_post(access, slug: str) -> Post:
    return get_object_or_404(queries.posts_for(access).select_related("author__person"),
                             slug=slug)


def linked_sessions(access, post: Post):
    """The sessions a post is about, those the reader may see."""
    if not access.belongs:
        return queries.sessions_for(access).none()
    return queries.sessions_for(access).filter(posts=post).order_by("held_on", "id")


def linked_articles(access, post: Post):
    if not access.belongs:
        return Article.objects.none()
    contracts = queries.contracts_for(access)
    return (Article.objects.filter(posts=post, contract__in=contracts)
            .select_related("contract").order_by("contract_id", "position"))


def comments_for(access, post: Post, user=None, *, moderator: bool = False):
    """Published comments, and those waiting for approval: the reader's own, or every one for
    a moderator."""
    shown = Q(status=Comment.Status.PUBLISHED)
    if moderator:
        shown |= Q(status=Comment.Status.PENDING)
    elif user is not None and user.is_authenticated:
        shown |= Q(status=Comment.Status.PENDING, author=user)
    return post.comments.filter(shown).order_by("created_at", "id")


def pending_comments(access):
    if not queries.can_publish_news(access):
        raise Http404
    return (Comment.objects.filter(post__local=access.local, status=Comment.Status.PENDING)
            .select_related("post").order_by("created_at", "id"))


def recently_rejected(access, limit: int = 20):
    if not queries.can_publish_news(access):
        raise Http404
    return list(Comment.objects.filter(post__local=access.local,
                                       status=Comment.Status.REJECTED)
                .select_related("post").order_by("-moderated_at", "-id")[:limit])


def comment_or_404(access, pk: int) -> Comment:
    if not queries.can_publish_news(access):
        raise Http404
    return get_object_or_404(Comment.objects.select_related("post__local"),
                             post__local=access.local, pk=pk)


def session_choices(access):
    """For the post form: the sessions the team sees (all of the local's)."""
    return queries.sessions_for(access).order_by("-held_on", "-id")


def article_choices(local, post: Post | None = None):
    """The in-force contract's articles, and those the post already links to."""
    contract = queries.contract_in_force(local)
    shown = Q(contract=contract) if contract is not None else Q(pk__in=[])
    if post is not None and post.pk:
        shown |= Q(posts=post)
    return (Article.objects.filter(shown, contract__local=local).select_related("contract")
            .distinct().order_by("contract_id", "position"))



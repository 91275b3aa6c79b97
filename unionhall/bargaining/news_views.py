"""Updates and comments: the list and a post (open to the web for public posts), the team's
writing and publishing, members' replies with their moderation, the Atom feed and the email
preference for bargaining updates.

Who reads (queries.posts_for): public published posts anyone, signed in or not; members-only
posts whoever has standing in the local (an anonymous visitor is sent to sign in, an outsider
refused); drafts only the team (PUBLISH_NEWS). Who replies: whoever has standing in the local,
on a published post with comments open.
"""

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from unionhall.bargaining import news_queries, queries
from unionhall.bargaining.actions import news as actions
from unionhall.bargaining.models import Post
from unionhall.bargaining.news_feed import author_name, build_feed
from unionhall.bargaining.news_forms import (
    CommentForm,
    KindFilterForm,
    ModerateForm,
    NewsSettingsForm,
    PostForm,
)
from unionhall.core import markdown
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm, request_access
from unionhall.core.queries import local_or_404

PAGE_SIZE = 20


def _data(request):
    """The posted data, or None for a GET: an empty POST is still a submitted form (an
    unticked checkbox sends nothing)."""
    return request.POST if request.method == "POST" else None


def _html(text: str) -> str:
    return mark_safe(markdown.render(text))  # noqa: S308 (markdown.render sanitizes with nh3)


def open_local(view):
    """Like local_view, for the pages open to anyone: no sign-in needed, no standing checked
    here (the view decides what the visitor may read)."""

    @wraps(view)
    def wrapper(request, local_slug, *args, **kwargs):
        local = local_or_404(local_slug)
        request.local = local
        request.access = request_access(request, local)
        with timezone.override(ZoneInfo(local.time_zone)):
            return view(request, *args, **kwargs)

    return wrapper


def _to_post(post: Post, view: str = "news_detail", anchor: str = ""):
    url = reverse(view, kwargs={"local_slug": post.local.slug, "slug": post.slug})
    return redirect(url + (f"#{anchor}" if anchor else ""))


# --- reading --------------------------------------------------------------------------------


@open_local
@require_GET
def news_list(request):
    access = request.access
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(news_queries.post_list(access, kind), PAGE_SIZE).get_page(
        request.GET.get("page"))
    for post in page:
        post.excerpt = markdown.plain(post.body)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "bargaining/news_list.html", {
        "page": page, "form": form, "query": query.urlencode(),
        "moderator": queries.can_publish_news(access), "belongs": access.belongs,
    })


class _SignIn(Exception):
    """A members-only post asked for by someone not signed in."""


def _readable_post(request, slug: str) -> Post:
    """The post if the visitor may read it; a members-only post sends an anonymous visitor to
    sign in and refuses one signed in without standing; anything else not readable is 404."""
    try:
        return news_queries.reader_post(request.access, slug)
    except Http404:
        if news_queries.members_only(request.local, slug):
            if not request.user.is_authenticated:
                raise _SignIn from None
            raise PermissionDenied from None
        raise


def _detail_context(request, post: Post, comment_form) -> dict:
    access = request.access
    user = request.user
    moderator = queries.can_publish_news(access)
    comments = list(news_queries.comments_for(access, post, user, moderator=moderator))
    for comment in comments:
        comment.html = _html(comment.body)
    published = post.status == Post.Status.PUBLISHED
    return {
        "post": post, "body_html": _html(post.body),
        "author_name": author_name(post),
        "sessions": list(news_queries.linked_sessions(access, post)),
        "articles": list(news_queries.linked_articles(access, post)),
        "comments": comments,
        "n_published": sum(c.status == "published" for c in comments),
        "can_comment": bool(user.is_authenticated and access.belongs and published
                            and post.comments_open),
        "comments_closed": published and not post.comments_open,
        "comment_form": comment_form,
        "held": published and post.comments_open and actions.hold_comments(request.local),
        "moderator": moderator, "belongs": access.belongs,
        "login_url": reverse("account_login") + "?next=" + request.get_full_path(),
    }


@open_local
@require_GET
def news_detail(request, slug: str):
    try:
        post = _readable_post(request, slug)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    return render(request, "bargaining/news_detail.html",
                  _detail_context(request, post, CommentForm()))


@local_view()
@require_POST
@in_local_time
def comment_post(request, slug: str):
    post = news_queries.reader_post(request.access, slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = actions.post_comment(post, form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if comment.status == comment.Status.PENDING:
                messages.success(request, _("Thank you. Your comment will appear once a "
                                            "moderator has approved it."))
            else:
                messages.success(request, _("Your comment is published."))
            return _to_post(post, anchor=f"comment-{comment.pk}")
    return render(request, "bargaining/news_detail.html",
                  _detail_context(request, post, form))


# --- the team: writing and publishing ------------------------------------------------------


def _post_values(form) -> dict:
    return dict(form.cleaned_data)


@local_view(Perm.PUBLISH_NEWS)
@in_local_time
def news_new(request):
    form = PostForm(_data(request), access=request.access)
    if request.method == "POST" and form.is_valid():
        try:
            post = actions.create_post(request.local, by=request.user, **_post_values(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draft saved. Read it over below, then publish it."))
            return _to_post(post, "news_edit", "preview")
    return render(request, "bargaining/news_form.html", {"form": form, "post": None})


@local_view(Perm.PUBLISH_NEWS)
@in_local_time
def news_edit(request, slug: str):
    post = news_queries.reader_post(request.access, slug)
    initial = {f: getattr(post, f) for f in actions.POST_FIELDS}
    initial["sessions"] = list(post.sessions.values_list("pk", flat=True))
    initial["articles"] = list(post.articles.values_list("pk", flat=True))
    form = PostForm(_data(request), initial=initial, access=request.access, post=post)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_post(post, by=request.user, **_post_values(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. The text as readers will see it is below."))
            return _to_post(post, "news_edit", "preview")
    return render(request, "bargaining/news_form.html", {
        "form": form, "post": post, "preview": _html(post.body)})


@local_view(Perm.PUBLISH_NEWS)
@require_POST
def news_publish(request, slug: str):
    post = news_queries.reader_post(request.access, slug)
    try:
        post = actions.publish_post(post, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if getattr(post, "emailed_count", 0):
            messages.success(request, _("Published. It is on its way by email to the "
                                        "%(n)s members who get bargaining updates.")
                             % {"n": post.emailed_count})
        else:
            messages.success(request, _("Published."))
    return _to_post(post)


@local_view(Perm.PUBLISH_NEWS)
@require_POST
def news_unpublish(request, slug: str):
    post = news_queries.reader_post(request.access, slug)
    try:
        actions.unpublish_post(post, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Unpublished: only the team sees it now."))
    return _to_post(post)


# --- moderation -----------------------------------------------------------------------------


@local_view(Perm.PUBLISH_NEWS)
@require_GET
@in_local_time
def comment_queue(request):
    access = request.access
    pending = list(news_queries.pending_comments(access))
    rejected = news_queries.recently_rejected(access)
    for comment in pending + rejected:
        comment.html = _html(comment.body)
    return render(request, "bargaining/comment_queue.html", {
        "pending": pending, "rejected": rejected,
        "held": actions.hold_comments(request.local)})


@local_view(Perm.PUBLISH_NEWS)
@require_POST
def comment_moderate(request, pk: int):
    comment = news_queries.comment_or_404(request.access, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish the comment or not."))
    else:
        try:
            actions.moderate_comment(comment, form.cleaned_data["decision"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if form.cleaned_data["decision"] == "publish":
                messages.success(request, _("Comment by %(name)s published.")
                                 % {"name": comment.author_name})
            else:
                messages.success(request, _("Comment by %(name)s is not shown.")
                                 % {"name": comment.author_name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect("comment_queue", local_slug=request.local.slug)


@local_view(Perm.PUBLISH_NEWS)
def news_settings(request):
    held = actions.hold_comments(request.local)
    form = NewsSettingsForm(_data(request), initial={"hold_comments": held})
    if request.method == "POST" and form.is_valid():
        actions.set_news_settings(request.local, by=request.user,
                                  hold_comments=form.cleaned_data["hold_comments"])
        messages.success(request, _("Saved."))
        return redirect("news_settings", local_slug=request.local.slug)
    return render(request, "bargaining/news_settings.html", {"form": form})


# --- the Atom feed --------------------------------------------------------------------------


@require_GET
def news_feed(request, local_slug: str):
    local = local_or_404(local_slug)
    posts = (queries.public_posts(local).select_related("author__person", "local")
             .order_by("-published_at", "-id")[:20])
    with translation.override(local.language or "en"):
        title = _("%(local)s: updates and news") % {"local": local.name}
        body = build_feed(local, posts, title=title)
    response = HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response

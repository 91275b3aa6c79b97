"""Every write to updates and comments: the team writes a post (a bargaining update or other
news), links it to sessions and contract articles, publishes it (a bargaining update emails the
members who want it, the first time only) and moderates what members reply.

Comments: anyone signed in with standing in the local may reply to a published post whose
comments are open. The local chooses (NewsSettings.hold_comments, on by default) whether a
reply waits for a moderator or appears at once; a moderator's own reply always appears at once.
At most RATE_LIMIT comments per person in RATE_WINDOW. Text is stored as written and made safe
when shown (unionhall.core.markdown.render).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.bargaining.models import Article, Comment, NewsSettings, Post
from unionhall.comms.unsubscribe import headers as unsubscribe_headers
from unionhall.comms.unsubscribe import unsubscribe_url
from unionhall.core import markdown
from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, access_for, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import EmailPreference, MembershipStatus, Person, Topic

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_COMMENT = 5_000
RATE_LIMIT = 5
RATE_WINDOW = dt.timedelta(minutes=10)
SLUG_LENGTH = 70
# Paths under news/ that a post's slug must not take.
RESERVED_SLUGS = frozenset({"new", "comments", "settings", "email", "feed"})
POST_FIELDS = ("title", "kind", "audience", "body", "comments_open")


# --- posts ----------------------------------------------------------------------------------


def _clean_post(local, values: dict) -> dict:
    data = {
        "title": clean_text(values.get("title") or "")[:MAX_TITLE],
        "kind": values.get("kind") or Post.Kind.BARGAINING,
        "audience": values.get("audience") or Post.Audience.PUBLIC,
        "body": clean_text(values.get("body") or ""),
        "comments_open": bool(values.get("comments_open", True)),
    }
    if not data["title"]:
        raise ValidationError(_("Give the update a title."))
    if not data["body"]:
        raise ValidationError(_("Write the text of the update."))
    if len(data["body"]) > MAX_BODY:
        raise ValidationError(_("The text is at most %(n)s characters.") % {"n": MAX_BODY})
    if data["kind"] not in Post.Kind.values:
        raise ValidationError(_("Choose what kind of post this is."))
    if data["audience"] not in Post.Audience.values:
        raise ValidationError(_("Choose who may read it."))
    return data


def _links(local, sessions, articles) -> tuple[list, list]:
    sessions = list(sessions or ())
    articles = list(articles or ())
    if any(s.local_id != local.pk for s in sessions):
        raise ValidationError(_("Link only this local's bargaining sessions."))
    if articles:
        contract_locals = set(Article.objects.filter(pk__in=[a.pk for a in articles])
                              .values_list("contract__local_id", flat=True))
        if contract_locals - {local.pk}:
            raise ValidationError(_("Link only articles of this local's contract."))
    return sessions, articles


def unique_slug(local, title: str, *, exclude_pk: int | None = None) -> str:
    """The title as a slug, unique in the local: "wages", then "wages-2", "wages-3"…"""
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "update"
    others = Post.objects.filter(local=local, slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic(durable=True)
def create_post(local, *, by, sessions=(), articles=(), author=None, **values) -> Post:
    """A new post, as a draft, written by `by` (`author` names the writer only when the
    system makes it: imports, the demo)."""
    require(by, local, Perm.PUBLISH_NEWS)
    data = _clean_post(local, values)
    sessions, articles = _links(local, sessions, articles)
    post = Post.objects.create(local=local, slug=unique_slug(local, data["title"]),
                               author=by if by is not None else author, **data)
    post.sessions.set(sessions)
    post.articles.set(articles)
    record("post.created", by=by, affiliate=local, obj=post,
           changes={"kind": [None, post.kind], "audience": [None, post.audience]})
    return post


@transaction.atomic(durable=True)
def update_post(post: Post, *, by, sessions=None, articles=None, **values) -> Post:
    """Change a post. Its address (slug) stays as it was: links to it keep working."""
    require(by, post.local, Perm.PUBLISH_NEWS)
    post = Post.objects.select_for_update().get(pk=post.pk)
    current = {f: getattr(post, f) for f in POST_FIELDS}
    data = _clean_post(post.local, {**current, **values})
    changes = {f: [current[f], data[f]] for f in POST_FIELDS
               if current[f] != data[f] and f != "body"}
    if current["body"] != data["body"]:
        changes["body"] = [None, "changed"]
    for field, value in data.items():
        setattr(post, field, value)
    post.save()
    if sessions is not None or articles is not None:
        new_sessions, new_articles = _links(post.local, sessions, articles)
        if sessions is not None:
            before = set(post.sessions.values_list("pk", flat=True))
            if before != {s.pk for s in new_sessions}:
                post.sessions.set(new_sessions)
                changes["sessions"] = [len(before), len(new_sessions)]
        if articles is not None:
            before = set(post.articles.values_list("pk", flat=True))
            if before != {a.pk for a in new_articles}:
                post.articles.set(new_articles)
                changes["articles"] = [len(before), len(new_articles)]
    if changes:
        record("post.updated", by=by, affiliate=post.local, obj=post, changes=changes)
    return post


@transaction.atomic(durable=True)
def publish_post(post: Post, *, by, announce: bool = True, now=None) -> Post:
    """Publish a draft. The first time a bargaining update is published, the local's members
    who want bargaining updates get it by email (queued; never again on a republish).
    `announce=False` publishes without email (the demo); `now` is for the system only."""
    require(by, post.local, Perm.PUBLISH_NEWS)
    post = Post.objects.select_for_update().select_related("local").get(pk=post.pk)
    if post.status == Post.Status.PUBLISHED:
        raise ValidationError(_("This update is already published."))
    now = now if (now is not None and by is None) else timezone.now()
    post.status = Post.Status.PUBLISHED
    if post.published_at is None:
        post.published_at = now
    emailed = 0
    if announce and post.kind == Post.Kind.BARGAINING and post.emailed_at is None:
        emailed = _email_members(post)
        post.emailed_at = now
    post.save(update_fields=["status", "published_at", "emailed_at", "updated_at"])
    post.emailed_count = emailed
    record("post.published", by=by, affiliate=post.local, obj=post,
           changes={"status": [Post.Status.DRAFT, Post.Status.PUBLISHED],
                    "emailed": [None, emailed]})
    return post


@transaction.atomic(durable=True)
def unpublish_post(post: Post, *, by) -> Post:
    """Take a post back to draft: only the team sees it until it is published again."""
    require(by, post.local, Perm.PUBLISH_NEWS)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PUBLISHED:
        raise ValidationError(_("This update is not published."))
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    record("post.unpublished", by=by, affiliate=post.local, obj=post,
           changes={"status": [Post.Status.PUBLISHED, Post.Status.DRAFT]})
    return post


# --- email to members -----------------------------------------------------------------------


def recipients(local):
    """Members of the local who have not turned bargaining updates off, with the account
    (for its email when there is no personal one). One query."""
    opted_out = EmailPreference.objects.filter(topic=Topic.BARGAINING, wants=False,
                                               person__local=local).values("person_id")
    return (Person.objects.filter(local=local, membership__status=MembershipStatus.MEMBER)
            .exclude(pk__in=opted_out).select_related("user")
            .only("personal_email", "language", "user__email").order_by("pk"))


def email_of(person: Person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""


STOP_SLOT = "@@STOP@@"


def _email_members(post: Post) -> int:
    """Queue one email per member who wants it, in their language. The words around the post
    are rendered once per language, whatever the number of members."""
    local = post.local
    url = settings.SITE_URL + reverse("news_detail", kwargs={"local_slug": local.slug,
                                                             "slug": post.slug})
    preferences_url = settings.SITE_URL + reverse("email_preferences",
                                                  kwargs={"local_slug": local.slug})
    # Rendered once per language; each person's own unsubscribe link is put in after.
    context = {"post": post, "local": local, "url": url, "preferences_url": preferences_url,
               "stop_url": STOP_SLOT,
               "body_text": markdown.plain(post.body),
               "body_html": mark_safe(markdown.render(post.body))}  # noqa: S308 (sanitized)
    by_language: dict[str, tuple[str, str, str]] = {}
    sent = 0
    for person in recipients(local).iterator(chunk_size=2000):
        to = email_of(person)
        if not to:
            continue
        language = person.language or local.language
        if language not in by_language:
            with translation.override(language):
                subject = _("%(local)s bargaining update: %(title)s") % {
                    "local": local.name, "title": post.title}
                body = render_to_string("bargaining/email/news_update.txt", context)
                html = render_to_string("bargaining/email/news_update.html", context)
            by_language[language] = (subject, body, html)
        subject, body, html = by_language[language]
        stop = unsubscribe_url(person.pk, Topic.BARGAINING)
        queue_email(to, subject, body.replace(STOP_SLOT, stop),
                    html.replace(STOP_SLOT, escape(stop)),
                    headers=unsubscribe_headers(person.pk, Topic.BARGAINING))
        sent += 1
    return sent


# --- comments -------------------------------------------------------------------------------


def hold_comments(local) -> bool:
    """Whether comments wait for a moderator (the default, until the local says otherwise)."""
    row = NewsSettings.objects.filter(local=local).first()
    return True if row is None else row.hold_comments


def _author_name(by, local) -> str:
    person = getattr(by, "person", None) if by.person_id else None
    if person is not None:
        return person.display_name
    return by.name or _("Someone from %(local)s") % {"local": local.name}


@transaction.atomic(durable=True)
def post_comment(post: Post, body: str, *, by, author=None, author_name: str = "",
                 at=None) -> Comment:
    """A reply to a published post ("Leave a Reply"). `author`, `author_name` and `at` are for
    the system only (by=None: imports, the demo); a user's comment is always their own."""
    local = post.local
    if by is not None:
        access = access_for(by, local)
        if not access.belongs:
            raise PermissionDenied
        moderator = access.can(Perm.PUBLISH_NEWS)
        author, author_name, at = by, _author_name(by, local), None
    else:
        moderator = False
        author_name = clean_text(author_name)[:200]
        if not author_name:
            raise ValidationError(_("Give the name of who wrote the comment."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PUBLISHED:
        raise ValidationError(_("Comments open when the update is published."))
    if not post.comments_open:
        raise ValidationError(_("Comments are closed on this update."))
    body = clean_text(body)
    if not body:
        raise ValidationError(_("Write your comment first."))
    if len(body) > MAX_COMMENT:
        raise ValidationError(_("A comment is at most %(n)s characters (this one has "
                                "%(count)s).") % {"n": MAX_COMMENT, "count": len(body)})
    if by is not None and not moderator:
        recent = Comment.objects.filter(author=by,
                                        created_at__gte=timezone.now() - RATE_WINDOW).count()
        if recent >= RATE_LIMIT:
            raise ValidationError(_("You have posted %(n)s comments in the last %(minutes)s "
                                    "minutes. Please wait a few minutes before posting "
                                    "another.") % {"n": recent,
                                                   "minutes": RATE_WINDOW.seconds // 60})
    options, _created = NewsSettings.objects.get_or_create(local=local)
    held = options.hold_comments and not moderator
    comment = Comment.objects.create(
        post=post, author=author, author_name=author_name, body=body,
        status=Comment.Status.PENDING if held else Comment.Status.PUBLISHED)
    if at is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=at)
        comment.created_at = at
    record("comment.posted", by=by, affiliate=local, obj=comment,
           changes={"status": [None, comment.status]})
    return comment


DECISIONS = {"publish": Comment.Status.PUBLISHED, "reject": Comment.Status.REJECTED}


@transaction.atomic(durable=True)
def moderate_comment(comment: Comment, decision: str, *, by) -> Comment:
    """Publish a comment, or reject it (a published one is taken down)."""
    local = comment.post.local
    require(by, local, Perm.PUBLISH_NEWS)
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to publish the comment or not."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before, after = comment.status, DECISIONS[decision]
    if before == after:
        return comment
    comment.status = after
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    record("comment.moderated", by=by, affiliate=local, obj=comment,
           changes={"status": [before, after]})
    return comment


@transaction.atomic(durable=True)
def set_news_settings(local, *, hold_comments: bool, by) -> NewsSettings:
    require(by, local, Perm.PUBLISH_NEWS)
    row, _created = NewsSettings.objects.select_for_update().get_or_create(local=local)
    if row.hold_comments != hold_comments:
        record("news.settings_changed", by=by, affiliate=local, obj=None,
               changes={"hold_comments": [row.hold_comments, hold_comments]})
        row.hold_comments = hold_comments
        row.save(update_fields=["hold_comments"])
    return row

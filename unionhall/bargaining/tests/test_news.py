"""Updates: who reads what (the open web, members, the team), writing and publishing, the email
to members a bargaining update sends, the email preference, and the demo's updates."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, make_user
from unionhall.bargaining.actions import news
from unionhall.bargaining.models import Article, Contract, Post, Session
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference

XSS = ("Hello <script>alert('x')</script> and [click](javascript:alert(1)) and "
       "<img src=x onerror=alert(2)> done")


def make_post(local, *, title="What we heard at the table", body="We asked for **more**.",
              kind="bargaining", audience="public", publish=True, **extra):
    post = news.create_post(local, by=None, title=title, body=body, kind=kind,
                            audience=audience, **extra)
    if publish:
        post = news.publish_post(post, by=None, announce=False)
    return post


def url(name, post=None, **kwargs):
    if post is not None:
        kwargs["slug"] = post.slug
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


def assert_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def no_xss(html: str) -> None:
    """No script, no image, no javascript: link, no event handler attribute got through."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", lowered)
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)


# --- the access matrix, tried here before it is wired in -------------------------------------


# --- who reads what --------------------------------------------------------------------------


def test_anonymous_reads_public_posts_only(world, client):
    public = make_post(world.local, title="Wages: where we stand")
    members = make_post(world.local, title="Strike readiness", audience="members")
    draft = make_post(world.local, title="Not yet", publish=False)
    page = client.get(url("news_list")).content.decode()
    assert "Wages: where we stand" in page
    assert "Strike readiness" not in page and "Not yet" not in page
    assert client.get(url("news_detail", public)).status_code == 200
    assert_login(client.get(url("news_detail", members)))
    assert client.get(url("news_detail", draft)).status_code == 404


def test_members_read_members_only_but_not_drafts(world, as_user):
    members = make_post(world.local, title="Strike readiness", audience="members")
    draft = make_post(world.local, title="Not yet", publish=False)
    client = as_user("member")
    assert "Strike readiness" in client.get(url("news_list")).content.decode()
    assert client.get(url("news_detail", members)).status_code == 200
    assert client.get(url("news_detail", draft)).status_code == 404
    assert "Not yet" not in client.get(url("news_list")).content.decode()


def test_outsider_reads_public_but_is_refused_members_only(world, as_user):
    public = make_post(world.local, title="Open letter")
    members = make_post(world.local, title="Members only", audience="members")
    client = as_user("outsider")
    assert client.get(url("news_detail", public)).status_code == 200
    assert client.get(url("news_detail", members)).status_code == 403
    assert "Members only" not in client.get(url("news_list")).content.decode()


def test_team_sees_drafts_marked(world, as_user):
    make_post(world.local, title="Half written", publish=False)
    page = as_user("team").get(url("news_list")).content.decode()
    assert "Half written" in page and "Draft: only the team sees it" in page


def test_kind_filter(world, client):
    make_post(world.local, title="Table talk", kind="bargaining")
    make_post(world.local, title="Picnic at the park", kind="news")
    page = client.get(url("news_list") + "?kind=news").content.decode()
    assert "Picnic at the park" in page and "Table talk" not in page


def test_list_is_paginated(world, client):
    for i in range(23):
        make_post(world.local, title=f"Update number {i}")
    first = client.get(url("news_list")).content.decode()
    second = client.get(url("news_list") + "?page=2").content.decode()
    assert first.count('class="post-summary"') == 20
    assert second.count('class="post-summary"') == 3


def test_list_links_the_atom_feed_in_the_head(world, client):
    page = client.get(url("news_list")).content.decode()
    head = page.split("</head>")[0]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert url("news_feed") in head


def test_post_body_is_sanitized(world, client):
    post = make_post(world.local, body=XSS)
    html = client.get(url("news_detail", post)).content.decode()
    body = html.split('class="post-body">')[1].split("</div>")[0]
    no_xss(body)
    assert "Hello" in body and "done" in body


def test_linked_sessions_and_articles_show_to_members(world, as_user):
    session = Session.objects.create(local=world.local, held_on=dt.date(2025, 3, 3),
                                     title="Third session", published=True)
    hidden = Session.objects.create(local=world.local, held_on=dt.date(2025, 3, 10),
                                    title="Team-only session", published=False)
    contract = Contract.objects.create(local=world.local, name="2023–2026", slug="2023-2026",
                                       status="in_force")
    article = Article.objects.create(contract=contract, number="7", title="Hours of work",
                                     position=1)
    post = make_post(world.local, sessions=[session, hidden], articles=[article])
    page = as_user("member").get(url("news_detail", post)).content.decode()
    assert "Third session" in page and "Hours of work" in page
    assert f'href="{url("session_detail", pk=session.pk)}"' in page
    assert f'href="{url("contract_article", slug="2023-2026", number="7")}"' in page
    assert "Team-only session" not in page
    page = as_user(None).get(url("news_detail", post)).content.decode()
    assert "Third session" not in page  # not on the open web
    assert "Team-only session" in as_user("team").get(url("news_detail", post)).content.decode()


def test_sessions_and_articles_of_another_local_are_refused(world):
    other = Session.objects.create(local=world.other_local, held_on=dt.date(2025, 3, 3))
    with pytest.raises(Exception, match="this local"):
        news.create_post(world.local, by=None, title="x", body="y", sessions=[other])


# --- writing and publishing -----------------------------------------------------------------


def test_team_writes_a_draft_then_publishes(world, as_user, django_capture_on_commit_callbacks,
                                            mailoutbox):
    client = as_user("team")
    response = client.post(url("news_new"), {
        "title": "What we heard at the table on March 3", "kind": "bargaining",
        "audience": "public", "body": "The district said:\n\n> We hear you.",
        "comments_open": "on"})
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(url("news_edit", post))
    assert post.slug == "what-we-heard-at-the-table-on-march-3"
    assert post.status == "draft" and post.author == world.users["team"]
    edit = client.get(url("news_edit", post)).content.decode()
    assert "<blockquote>" in edit  # the preview of the saved text
    assert as_user(None).get(url("news_detail", post)).status_code == 404

    client = as_user("team")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("news_publish", post))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == "published" and post.published_at and post.emailed_at
    assert as_user(None).get(url("news_detail", post)).status_code == 200
    assert mailoutbox  # the local's members were told
    verbs = list(AuditEntry.objects.filter(affiliate=world.local).values_list("verb", flat=True))
    assert "post.created" in verbs and "post.published" in verbs


def test_empty_form_shows_errors(world, as_user):
    response = as_user("officer").post(url("news_new"), {})
    assert response.status_code == 200
    assert Post.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_edit_keeps_the_address_and_shows_preview(world, as_user):
    post = make_post(world.local, title="Wages", publish=False)
    client = as_user("admin")
    response = client.post(url("news_edit", post), {
        "title": "Wages and steps", "kind": "bargaining", "audience": "members",
        "body": "**New** text"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Wages and steps" and post.slug == "wages"
    assert post.audience == "members" and not post.comments_open
    assert "<strong>New</strong>" in client.get(url("news_edit", post)).content.decode()
    assert AuditEntry.objects.filter(verb="post.updated").exists()


def test_slug_clashes_get_a_number(world):
    first = make_post(world.local, title="Wages")
    second = make_post(world.local, title="Wages")
    third = make_post(world.local, title="Wages!")
    reserved = make_post(world.local, title="New")
    assert [first.slug, second.slug, third.slug] == ["wages", "wages-2", "wages-3"]
    assert reserved.slug == "new-2"
    other_local = news.create_post(world.other_local, by=None, title="Wages", body="x")
    assert other_local.slug == "wages"


def test_unpublish_hides_it_again(world, as_user):
    post = make_post(world.local)
    assert as_user("officer").post(url("news_unpublish", post)).status_code == 302
    post.refresh_from_db()
    assert post.status == "draft"
    assert as_user(None).get(url("news_detail", post)).status_code == 404


def test_members_cannot_write_or_publish(world, as_user):
    post = make_post(world.local, publish=False)
    client = as_user("member")
    assert client.post(url("news_publish", post)).status_code == 403
    assert client.post(url("news_new"), {"title": "x", "body": "y", "kind": "news",
                                         "audience": "public"}).status_code == 403
    post.refresh_from_db()
    assert post.status == "draft"


# --- email to members -----------------------------------------------------------------------


def _publish(post, django_capture_on_commit_callbacks, by=None):
    with django_capture_on_commit_callbacks(execute=True):
        return news.publish_post(post, by=by)


def test_publishing_emails_members_once_in_their_language(
        world, mailoutbox, django_capture_on_commit_callbacks):
    PersonFactory(local=world.local, worksite=world.site_a, language="es",
                  personal_email="ana@example.org")
    no_personal = PersonFactory(local=world.local, worksite=world.site_a, personal_email="")
    make_user("account-only@example.org", person=no_personal, mfa=False)
    PersonFactory(local=world.local, worksite=world.site_a, status="non_member",
                  personal_email="nonmember@example.org")
    opted_out = PersonFactory(local=world.local, worksite=world.site_a,
                              personal_email="quiet@example.org")
    EmailPreference.objects.create(person=opted_out, topic="bargaining", wants=False)
    PersonFactory(local=world.other_local, personal_email="hilltop@example.org")

    post = make_post(world.local, title="Table talk", body="We said **no**.", publish=False)
    _publish(post, django_capture_on_commit_callbacks)

    to = {m.to[0]: m for m in mailoutbox}
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert "ana@example.org" in to and "account-only@example.org" in to
    assert {"nonmember@example.org", "quiet@example.org", "hilltop@example.org"}.isdisjoint(to)
    members = [p for p in world.people_a + world.people_b]
    assert {p.personal_email for p in members} <= set(to)
    message = to["ana@example.org"]
    assert "Table talk" in message.subject
    text = message.body
    assert "We said no." in text and "**" not in text
    assert "/l/lakeview/news/table-talk/" in text and "/l/lakeview/preferences/" in text
    html = message.alternatives[0][0]
    assert 'lang="es"' in html and "<strong>no</strong>" in html
    assert 'lang="en"' in to[world.people_a[0].personal_email].alternatives[0][0]

    count = len(mailoutbox)
    news.unpublish_post(post, by=None)
    _publish(post, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == count  # not on a republish


def test_members_only_updates_are_emailed_news_is_not(
        world, mailoutbox, django_capture_on_commit_callbacks):
    _publish(make_post(world.local, audience="members", publish=False),
             django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 6
    mailoutbox.clear()
    _publish(make_post(world.local, kind="news", title="Picnic", publish=False),
             django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_email_body_is_sanitized(world, mailoutbox, django_capture_on_commit_callbacks):
    _publish(make_post(world.local, body=XSS, publish=False), django_capture_on_commit_callbacks)
    html = mailoutbox[0].alternatives[0][0]
    no_xss(html)


def test_publishing_runs_the_same_queries_for_50_members(
        world, django_assert_max_num_queries):
    post = make_post(world.local, title="With a few", publish=False)
    with CaptureQueriesContext(connection) as ctx:
        news.publish_post(post, by=world.users["team"])
    few = len(ctx.captured_queries)
    for _ in range(50):
        PersonFactory(local=world.local, worksite=world.site_b)
    post = make_post(world.local, title="With 50 more", publish=False)
    with django_assert_max_num_queries(few):
        news.publish_post(post, by=world.users["team"])


def test_each_update_email_has_its_readers_one_click_unsubscribe(
        world, mailoutbox, django_capture_on_commit_callbacks):
    _publish(make_post(world.local, publish=False), django_capture_on_commit_callbacks)
    member = world.users["member"].person
    email = next(m for m in mailoutbox if m.to == [member.personal_email])
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.body and "@@STOP@@" not in email.body + email.alternatives[0][0]
    others = {m.extra_headers["List-Unsubscribe"] for m in mailoutbox} - {f"<{link}>"}
    assert len(others) == len(mailoutbox) - 1  # a link of one's own
    Client().post(link.removeprefix(settings.SITE_URL))
    assert EmailPreference.objects.get(person=member, topic="bargaining").wants is False


# --- the email preference (the one preferences page, comms) --------------------------------


def test_turning_bargaining_updates_off_stops_them(world, as_user, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    client = as_user("member")
    person = world.users["member"].person
    others = {f"topic_{t}": "on" for t in ("events", "organizing", "mentoring")}
    response = client.post(reverse("email_preferences", args=["lakeview"]),
                           {"language": "en", **others})
    assert response.status_code == 302
    assert EmailPreference.objects.get(person=person, topic="bargaining").wants is False
    _publish(make_post(world.local, publish=False), django_capture_on_commit_callbacks)
    assert person.personal_email not in {m.to[0] for m in mailoutbox}


# --- query counts ---------------------------------------------------------------------------


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", [None, "member", "team"])
def test_list_queries_do_not_grow(persona, world, as_user):
    client = as_user(persona)
    make_post(world.local, title="One")
    before = _count(client, url("news_list"))
    for i in range(15):
        post = make_post(world.local, title=f"More {i}", audience="members" if i % 2 else
                         "public")
        news.post_comment(post, "Thanks", by=None, author_name="Rosa")
    assert _count(client, url("news_list")) <= before


@pytest.mark.parametrize("persona", [None, "member", "team"])
def test_detail_queries_do_not_grow(persona, world, as_user):
    client = as_user(persona)
    session = Session.objects.create(local=world.local, held_on=dt.date(2025, 3, 3),
                                     published=True)
    post = make_post(world.local, sessions=[session])
    news.set_news_settings(world.local, hold_comments=False, by=None)
    news.post_comment(post, "First", by=None, author_name="Rosa")
    before = _count(client, url("news_detail", post))
    for i in range(20):
        news.post_comment(post, f"Comment {i}", by=None, author_name=f"Member {i}")
        post.sessions.add(Session.objects.create(local=world.local, published=True,
                                                 held_on=dt.date(2025, 4, 1)))
    assert _count(client, url("news_detail", post)) <= before


def test_second_client_sees_its_own_pending_only(world):
    post = make_post(world.local)
    a, b = Client(), Client()
    a.force_login(world.users["member"])
    b.force_login(world.users["rep"])
    a.post(url("comment_post", post), {"body": "Mine, waiting"})
    assert "Mine, waiting" in a.get(url("news_detail", post)).content.decode()
    assert "Mine, waiting" not in b.get(url("news_detail", post)).content.decode()


# --- the demo -------------------------------------------------------------------------------


def test_demo_news(world):
    from unionhall.bargaining.demo_news import seed_news

    sessions = [Session.objects.create(local=world.local, held_on=dt.date(2025, 3, d),
                                       title=f"Session {d}", published=True)
                for d in (3, 10, 17)]
    contract = Contract.objects.create(local=world.local, name="2023–2026", slug="2023-2026",
                                       status="in_force")
    for n, title in enumerate(["Wages", "Hours of work", "Training", "Safety"], start=1):
        Article.objects.create(contract=contract, number=str(n), title=title, position=n)
    seed_news(world.local, sessions, contract)
    posts = Post.objects.filter(local=world.local)
    assert posts.count() == 5
    assert posts.filter(kind="bargaining").count() == 4
    assert posts.filter(kind="news").count() == 1
    assert posts.filter(status="draft").count() == 1
    assert posts.filter(audience="members", status="published").count() == 1
    assert posts.filter(sessions__isnull=False).exists()
    assert posts.filter(articles__isnull=False).exists()
    from unionhall.bargaining.models import Comment

    comments = Comment.objects.filter(post__local=world.local)
    assert 6 <= comments.count() <= 10
    assert comments.filter(status="pending").exists()
    assert comments.filter(status="published").exists()


def test_demo_news_without_sessions_or_contract(world):
    from unionhall.bargaining.demo_news import seed_news

    seed_news(world.local, [], None)
    assert Post.objects.filter(local=world.local).count() == 5


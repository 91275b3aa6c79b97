"""Members' replies to updates ("Leave a Reply"): who may comment, moderation as the local
chooses it (held for approval or published at once), the moderators' queue, the rate limit and
the sanitizing of what is written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from unionhall.bargaining.actions import news
from unionhall.bargaining.models import Comment, NewsSettings
from unionhall.bargaining.tests.test_news import XSS, assert_login, make_post, no_xss, url
from unionhall.core.models import AuditEntry


def reply(client, post, body="Thank you for standing up for us."):
    return client.post(url("comment_post", post), {"body": body})


def test_held_comment_waits_and_shows_to_its_author_only(world, as_user):
    post = make_post(world.local)
    client = as_user("member")
    response = reply(client, post, "Paras need paid training time.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == "pending" and comment.author == world.users["member"]
    assert comment.author_name == world.users["member"].person.display_name
    page = client.get(url("news_detail", post)).content.decode()
    assert "Paras need paid training time." in page and "Waiting for approval" in page
    assert "Paras need paid training time." not in as_user(None).get(
        url("news_detail", post)).content.decode()
    assert "Paras need paid training time." not in as_user("rep").get(
        url("news_detail", post)).content.decode()
    # The moderators see it, on the post and in their queue.
    team = as_user("team")
    assert "Paras need paid training time." in team.get(url("news_detail", post)).content.decode()
    assert "Paras need paid training time." in team.get(url("comment_queue")).content.decode()
    assert AuditEntry.objects.filter(verb="comment.posted").exists()


def test_settings_publish_comments_at_once(world, as_user):
    assert not NewsSettings.objects.exists()
    client = as_user("officer")
    assert client.get(url("news_settings")).status_code == 200
    assert client.post(url("news_settings"), {}).status_code == 302  # unticked: at once
    assert NewsSettings.objects.get(local=world.local).hold_comments is False
    assert AuditEntry.objects.filter(verb="news.settings_changed").exists()
    post = make_post(world.local)
    reply(as_user("member"), post, "Straight through")
    assert Comment.objects.get().status == "published"
    assert "Straight through" in as_user(None).get(url("news_detail", post)).content.decode()
    as_user("officer").post(url("news_settings"), {"hold_comments": "on"})
    assert NewsSettings.objects.get(local=world.local).hold_comments is True


def test_moderator_publishes_then_unpublishes(world, as_user):
    post = make_post(world.local)
    reply(as_user("member"), post, "Please publish me")
    comment = Comment.objects.get()
    team = as_user("team")
    assert team.post(url("comment_moderate", pk=comment.pk),
                     {"decision": "publish"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == "published" and comment.moderated_by == world.users["team"]
    assert "Please publish me" in as_user(None).get(url("news_detail", post)).content.decode()

    response = as_user("team").post(url("comment_moderate", pk=comment.pk),
                                    {"decision": "reject", "next": url("news_detail", post)})
    assert response["Location"] == url("news_detail", post)
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert "Please publish me" not in as_user(None).get(
        url("news_detail", post)).content.decode()
    assert AuditEntry.objects.filter(verb="comment.moderated").count() == 2


def test_moderator_rejects_and_can_change_their_mind(world, as_user):
    post = make_post(world.local)
    reply(as_user("member"), post, "Off topic")
    comment = Comment.objects.get()
    team = as_user("admin")
    team.post(url("comment_moderate", pk=comment.pk), {"decision": "reject"})
    comment.refresh_from_db()
    assert comment.status == "rejected"
    queue = team.get(url("comment_queue")).content.decode()
    assert "Recently not published" in queue and "Off topic" in queue
    team.post(url("comment_moderate", pk=comment.pk), {"decision": "publish"})
    comment.refresh_from_db()
    assert comment.status == "published"


def test_moderation_refuses_unknown_decisions_and_other_locals(world, as_user):
    post = make_post(world.local)
    comment = news.post_comment(post, "Hi", by=None, author_name="Rosa")
    client = as_user("team")
    client.post(url("comment_moderate", pk=comment.pk), {"decision": "delete"})
    comment.refresh_from_db()
    assert comment.status == "pending"
    other = make_post(world.other_local)
    theirs = news.post_comment(other, "Hilltop", by=None, author_name="Sam")
    assert client.post(url("comment_moderate", pk=theirs.pk),
                       {"decision": "publish"}).status_code == 404
    with pytest.raises(PermissionDenied):
        news.moderate_comment(comment, "publish", by=world.users["member"])


def test_a_moderators_own_comment_appears_at_once(world, as_user):
    post = make_post(world.local)
    reply(as_user("team"), post, "From the team")
    assert Comment.objects.get().status == "published"


def test_outsider_and_anonymous_cannot_comment(world, as_user):
    post = make_post(world.local)
    assert reply(as_user("outsider"), post).status_code == 403
    assert_login(reply(as_user(None), post))
    assert not Comment.objects.exists()
    with pytest.raises(PermissionDenied):
        news.post_comment(post, "x", by=world.users["outsider"])


def test_anonymous_sees_a_sign_in_link_instead_of_the_form(world, client):
    post = make_post(world.local)
    page = client.get(url("news_detail", post)).content.decode()
    assert "Leave a Reply" not in page and "Sign in to leave a reply" in page


def test_members_see_leave_a_reply(world, as_user):
    post = make_post(world.local)
    page = as_user("member").get(url("news_detail", post)).content.decode()
    assert "Leave a Reply" in page and 'name="body"' in page


def test_comments_closed_are_refused(world, as_user):
    post = make_post(world.local, comments_open=False)
    client = as_user("member")
    page = client.get(url("news_detail", post)).content.decode()
    assert "Leave a Reply" not in page and "Comments are closed" in page
    response = reply(client, post)
    assert response.status_code == 200
    assert "Comments are closed on this update." in response.content.decode()
    assert not Comment.objects.exists()


def test_no_comments_on_a_draft(world, as_user):
    post = make_post(world.local, publish=False)
    assert reply(as_user("member"), post).status_code == 404
    with pytest.raises(ValidationError):
        news.post_comment(post, "x", by=world.users["team"])


def test_members_only_post_comment_by_member(world, as_user):
    post = make_post(world.local, audience="members")
    assert reply(as_user("member"), post).status_code == 302
    assert reply(as_user("outsider"), post).status_code == 403


def test_empty_and_too_long_comments(world, as_user):
    post = make_post(world.local)
    client = as_user("member")
    response = reply(client, post, "   ")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = reply(client, post, "x" * 5001)
    assert response.status_code == 200
    assert "x" * 5001 in response.content.decode()  # what they wrote is kept in the form
    assert not Comment.objects.exists()
    assert reply(client, post, "x" * 5000).status_code == 302


def test_rate_limit(world, as_user):
    post = make_post(world.local)
    client = as_user("member")
    for i in range(5):
        assert reply(client, post, f"Comment {i}").status_code == 302
    response = reply(client, post, "One too many")
    assert response.status_code == 200
    assert "Please wait a few minutes" in response.content.decode()
    assert Comment.objects.count() == 5
    # Ten minutes later they may post again.
    Comment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert reply(client, post, "Later").status_code == 302
    # Another member is not held back by the first one's comments.
    assert reply(as_user("rep"), post, "Me too").status_code == 302


def test_comment_text_is_sanitized(world, as_user):
    news.set_news_settings(world.local, hold_comments=False, by=None)
    post = make_post(world.local)
    reply(as_user("member"), post, XSS)
    comment = Comment.objects.get()
    assert comment.body == XSS  # stored as written
    html = as_user(None).get(url("news_detail", post)).content.decode()
    section = html.split('id="comments"')[1].split("</section>")[0]
    no_xss(section)
    assert "Hello" in section and "done" in section
    no_xss(as_user("team").get(url("comment_queue")).content.decode().split("<main")[1])


def test_comment_markdown_is_rendered(world, as_user):
    news.set_news_settings(world.local, hold_comments=False, by=None)
    post = make_post(world.local)
    reply(as_user("member"), post, "I **agree**.\n\n> paid training")
    html = as_user(None).get(url("news_detail", post)).content.decode()
    assert "<strong>agree</strong>" in html and "<blockquote>" in html


def test_comment_counts_on_the_list(world, client):
    post = make_post(world.local, title="Counted")
    news.set_news_settings(world.local, hold_comments=False, by=None)
    news.post_comment(post, "one", by=None, author_name="A")
    news.post_comment(post, "two", by=None, author_name="B")
    assert "2 comments" in client.get(url("news_list")).content.decode()


def test_members_cannot_moderate(world, as_user):
    post = make_post(world.local)
    comment = news.post_comment(post, "Hi", by=None, author_name="Rosa")
    client = as_user("member")
    assert client.post(url("comment_moderate", pk=comment.pk),
                       {"decision": "publish"}).status_code == 403
    assert client.get(url("comment_queue")).status_code == 403
    assert client.post(url("news_settings"), {}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"

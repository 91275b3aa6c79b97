"""The Atom feed of the local's public updates: well-formed Atom 1.0, open to anyone, with the
public published posts only, their text sanitized and escaped."""

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from unionhall.bargaining.actions import news
from unionhall.bargaining.tests.test_news import XSS, make_post, no_xss, url

A = "{http://www.w3.org/2005/Atom}"


def fetch(client):
    response = client.get(url("news_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def test_feed_is_atom_with_public_posts_only(world, client):
    make_post(world.local, title="Open letter to the board", body="We **are** ready.")
    make_post(world.local, title="Members only", audience="members")
    make_post(world.local, title="A draft", publish=False)
    make_post(world.other_local, title="Hilltop news")
    feed = fetch(client)
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{A}{tag}").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"].endswith(url("news_feed"))
    assert links["alternate"].endswith(url("news_list"))
    entries = feed.findall(f"{A}entry")
    assert [e.find(f"{A}title").text for e in entries] == ["Open letter to the board"]
    entry = entries[0]
    for tag in ("id", "updated", "published"):
        assert entry.find(f"{A}{tag}").text
    assert entry.find(f"{A}id").text.startswith("tag:")
    assert entry.find(f"{A}author/{A}name").text
    assert entry.find(f"{A}link").get("href").endswith("/l/lakeview/news/open-letter-to-the-board/")
    content = entry.find(f"{A}content")
    assert content.get("type") == "html"
    assert "<strong>are</strong>" in content.text  # HTML, carried as escaped text


def test_feed_has_the_20_newest(world, client):
    for i in range(23):
        make_post(world.local, title=f"Update {i}")
    entries = fetch(client).findall(f"{A}entry")
    assert len(entries) == 20
    assert entries[0].find(f"{A}title").text == "Update 22"


def test_feed_content_is_sanitized(world, client):
    make_post(world.local, title="<b>Bold</b> & co", body=XSS)
    entry = fetch(client).find(f"{A}entry")
    assert entry.find(f"{A}title").text == "<b>Bold</b> & co"
    no_xss(entry.find(f"{A}content").text)


def test_feed_is_open_to_anyone(world, as_user):
    make_post(world.local, title="Open")
    for persona in (None, "outsider", "member"):
        assert len(fetch(as_user(persona)).findall(f"{A}entry")) == 1


def test_empty_feed_is_still_valid(world, client):
    feed = fetch(client)
    assert feed.find(f"{A}updated").text and not feed.findall(f"{A}entry")


def test_unpublished_post_leaves_the_feed(world, client):
    post = make_post(world.local, title="Gone soon")
    news.unpublish_post(post, by=None)
    assert not fetch(client).findall(f"{A}entry")


def test_feed_queries_do_not_grow(world, client):
    make_post(world.local, title="First")
    with CaptureQueriesContext(connection) as ctx:
        fetch(client)
    before = len(ctx.captured_queries)
    for i in range(10):
        make_post(world.local, title=f"More {i}")
    with CaptureQueriesContext(connection) as ctx:
        fetch(client)
    assert len(ctx.captured_queries) <= before


def test_unknown_local_is_404(world, client):
    assert client.get("/l/nowhere/news/feed.atom").status_code == 404

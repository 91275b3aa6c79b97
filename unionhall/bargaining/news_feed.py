"""The local's public updates as an Atom 1.0 feed (RFC 4287), for feed readers and other sites.

Only public, published posts are in it; each entry's content is the post's sanitized HTML,
escaped as XML text (type="html"). Entry ids are tag: URIs made from the site's host, the day
the post was written and its number, so they stay the same if its title changes.
"""

import datetime as dt
import xml.etree.ElementTree as ET  # noqa: S405 (we build XML; we parse none here)
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from unionhall.core import markdown

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 20


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def entry_id(post) -> str:
    return f"tag:{_host()},{post.created_at:%Y-%m-%d}:{post.local.slug}/news/{post.pk}"


def author_name(post) -> str:
    """Who signs the post: its writer's name, else the local's."""
    user = post.author
    if user is not None:
        person = getattr(user, "person", None) if user.person_id else None
        if person is not None:
            return person.display_name
        if user.name:
            return user.name
    return post.local.name


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def build_feed(local, posts, *, title: str) -> bytes:
    """The feed as UTF-8 bytes; `posts` are the public posts, newest first."""
    base = settings.SITE_URL
    list_url = base + reverse("news_list", kwargs={"local_slug": local.slug})
    self_url = base + reverse("news_feed", kwargs={"local_slug": local.slug})
    posts = list(posts)
    updated = max((p.updated_at for p in posts), default=None) or timezone.now()

    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": local.language or "en"})
    _sub(feed, "id", f"tag:{_host()},2024:{local.slug}/news")
    _sub(feed, "title", title)
    _sub(feed, "updated", _when(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=list_url)
    author = _sub(feed, "author")
    _sub(author, "name", local.name)
    _sub(feed, "generator", "Unionhall")
    for post in posts:
        url = base + reverse("news_detail", kwargs={"local_slug": local.slug,
                                                    "slug": post.slug})
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(post))
        _sub(entry, "title", post.title)
        _sub(entry, "updated", _when(post.updated_at))
        _sub(entry, "published", _when(post.published_at or post.created_at))
        who = _sub(entry, "author")
        _sub(who, "name", author_name(post))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "category", term=post.kind, label=str(post.get_kind_display()))
        _sub(entry, "content", markdown.render(post.body), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)

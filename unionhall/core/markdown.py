"""Markdown that people write (posts, comments, messages) turned into HTML safe to show.

Raw HTML in the source is not rendered at all (markdown-it's `html=False` shows it as text),
and the result still goes through nh3's allow-list: a link to `javascript:` or an image that
phones home cannot get through whatever the Markdown parser lets by."""

import html

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")  # images would load from anywhere, telling a third party who reads

TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3",
        "h4", "hr"}


def render(text: str) -> str:
    """Safe HTML for `text`. Headings are demoted so a post never outranks the page's own."""
    out = _md.render(text or "")
    for level, to in (("1", "3"), ("2", "3"), ("5", "4"), ("6", "4")):
        out = out.replace(f"<h{level}>", f"<h{to}>").replace(f"</h{level}>", f"</h{to}>")
    return nh3.clean(out, tags=TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener")


def plain(text: str) -> str:
    """The words of the Markdown without markup, e.g. for an email's text part or a search."""
    return html.unescape(nh3.clean(_md.render(text or ""), tags=set())).strip()

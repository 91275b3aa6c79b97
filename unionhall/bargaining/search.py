"""One search over the contract, the session transcripts, the proposals and the updates.

    search(access, "paid training")            -> SearchResult(hits, counts)
    search(access, "7.3")                      -> section 7.3 of the contract in force first
    search(access, "bus", kinds=["segment"])   -> transcripts only

SQLite uses the FTS5 tables, PostgreSQL the weighted `search_vector` columns with their GIN
indexes, that migration 0002_search makes (read its docstring for the tokenizer, the 'english'
configuration and why a stored column); `connection.vendor` decides which. What the viewer
may read is `queries.visible(access)`, applied in the same SQL as the match. Somebody without
standing in the local gets nothing.

Decisions, and why:

* One list ordered by score, each hit labelled with its kind; a kind filter narrows it. The
  counts per kind are always given for every kind, so a page can offer "Transcripts (212)".
* Ranking: FTS5's bm25 with column weights (a number or title counts five times the text) on
  SQLite, `ts_rank_cd` over a tsvector weighted the same way (A for titles, D for text) on
  PostgreSQL. The raw scores of two tables are not comparable (each depends on that table's
  word statistics), so each kind's scores are divided by its best one, then multiplied by a
  small weight per kind (contract 1.0, proposals 0.95, updates 0.9, transcripts 0.85): the
  best match of each kind is near the top, the contract wins a tie, and the 20,000 lines of
  transcript do not crowd out the contract. Good enough for a union's documents; nothing
  here claims relevance across tables that it cannot know.
* A query that names a section ("7.3", "section 7.3", "§7.3") or an article ("art. 7") first
  gives that section or article in the version of the contract in force, then in the other
  versions the viewer may read, then the text matches.
* Snippets: FTS5 `snippet()` on SQLite, `ts_headline` on PostgreSQL, each computed only for
  the hits shown, once the kinds are merged (a query per kind with the ids: headlines are
  slow). The text is HTML-escaped
  and only the highlight markers become <mark>…</mark>, always balanced.
* A fixed number of queries, whatever the number of matches: per kind, one for the hits (and
  on PostgreSQL the kind's total through COUNT(*) OVER ()), one for the total on SQLite (FTS5
  refuses bm25() beside a window function), one for the snippets when there are hits; one
  more for a section or article lookup. At most 13.
"""

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from unionhall.bargaining import queries, transcripts
from unionhall.bargaining.models import Article, Contract, Post, Proposal, Section, Side
from unionhall.bargaining.models import TranscriptSegment as Segment
from unionhall.bargaining.search_query import Query, parse

KINDS = ("section", "segment", "proposal", "post")
CONFIG = "unionhall_search"  # the text search configuration of migration 0002_search
VECTOR_COLUMN = "search_vector"  # PostgreSQL: the weighted tsvector column it adds
START, STOP = "\x02", "\x03"  # highlight markers, replaced by <mark> after escaping
SNIPPET_TOKENS = 12
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=10"
MAX_LIMIT = 100
EXACT_MAX = 5


@dataclass(frozen=True)
class Spec:
    kind: str
    model: type
    columns: tuple[str, ...]  # as in the FTS5 table
    bm25: tuple[float, ...]  # one weight per column
    snippet_column: int  # FTS5 column the snippet is taken from (-1: the best one)
    shown: tuple[str, ...]  # PostgreSQL: the columns the headline is made from
    fields: tuple[str, ...]  # what a hit needs for its title and link
    weight: float

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


SPECS = {
    "section": Spec("section", Section, ("number", "title", "text"), (5.0, 5.0, 1.0), 2,
                    ("text",),
                    ("number", "title", "contract__slug", "contract__name",
                     "contract__status"), 1.0),
    "segment": Spec("segment", Segment, ("speaker", "text"), (2.0, 1.0), 1, ("text",),
                    ("position", "start", "speaker", "session_id", "session__title",
                     "session__held_on", "session__video_url"), 0.85),
    "proposal": Spec("proposal", Proposal, ("label", "title", "text", "rationale"),
                     (5.0, 5.0, 1.0, 1.0), -1, ("text", "rationale"),
                     ("label", "title", "article_number", "side", "status", "published"),
                     0.95),
    "post": Spec("post", Post, ("title", "body"), (5.0, 1.0), 1, ("body",),
                 ("slug", "title", "published_at", "status"), 0.9),
}


@dataclass(frozen=True)
class Hit:
    kind: str  # "section" | "segment" | "proposal" | "post"
    pk: int
    title: str
    url: str
    snippet_html: SafeString
    score: float
    context: str = ""  # the contract version, the session, the proposal's status
    date: dt.date | None = None
    speaker: str = ""  # segments
    at: str = ""  # segments: "12:34" into the video
    video_url: str = ""  # segments: the video at that moment ("" without a safe video link)
    exact: bool = False  # found by its section or article number


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    searched: bool = False  # False when the query had nothing to search for

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(access, q: str, *, kinds=None, limit: int = 20) -> SearchResult:
    """What the viewer may read that matches `q`, best first; never raises on user input."""
    q = q if isinstance(q, str) else ""
    result = SearchResult(query=q)
    parsed = parse(q)
    if not parsed or not access.belongs:
        return result
    result.searched = True
    kinds = [kinds] if isinstance(kinds, str) else kinds
    wanted = [k for k in KINDS if kinds is None or k in kinds] or list(KINDS)
    limit = max(1, min(int(limit), MAX_LIMIT))
    visible = queries.visible(access)
    exact = _exact(access, parsed, visible) if "section" in wanted else []
    backend = _Postgres(parsed) if connection.vendor == "postgresql" else _SQLite(parsed)
    scored: list[tuple[float, str, dict]] = []
    for kind in KINDS:
        spec = SPECS[kind]
        qs = spec.model.objects.filter(visible[kind])
        if kind not in wanted:
            result.counts[kind] = backend.total(spec, qs, None)
            continue
        rows = list(backend.ranked(spec, qs)[:limit])
        result.counts[kind] = backend.total(spec, qs, rows)
        best = max((_score(r["search_rank"], backend) for r in rows), default=0.0) or 1.0
        scored += [(spec.weight * _score(r["search_rank"], backend) / best, kind, r)
                   for r in rows]
    # A section found by its number is listed once, first; it counts once (an exact hit that
    # also matches as text below the first `limit` ones would count twice: rare, harmless).
    if "section" not in wanted:
        exact = []
    seen = {(h.kind, h.pk) for h in exact}
    result.counts["section"] += len(seen - {(kind, r["id"]) for _s, kind, r in scored})
    scored = [x for x in scored if (x[1], x[2]["id"]) not in seen]
    scored.sort(key=lambda x: (-x[0], KINDS.index(x[1]), -x[2]["id"]))
    shown = scored[:max(0, limit - len(exact))]
    # Snippets only for the hits shown.
    snippets = {}
    for kind in KINDS:
        ids = [r["id"] for _s, k, r in shown if k == kind]
        if ids:
            snippets[kind] = backend.snippets(SPECS[kind], ids)
    result.hits = exact + [_hit(access, SPECS[kind], r, snippets[kind].get(r["id"], ""), score)
                           for score, kind, r in shown]
    return result


def _score(rank, backend) -> float:
    value = float(rank or 0.0)
    if not math.isfinite(value):
        return 0.0
    return -value if isinstance(backend, _SQLite) else value


# --- the two databases ----------------------------------------------------------------------


class _SQLite:
    """FTS5 external-content tables joined on rowid = id.

    Only names from SPECS go into the SQL text; the query and every value are parameters."""

    def __init__(self, parsed: Query):
        self.match = parsed.fts5()

    def matching(self, spec: Spec, qs):
        # The unary + keeps SQLite from handing the rowid to FTS5 as a constraint, so it cannot
        # plan one full-text lookup per visible row: the match drives, rows are found by id.
        where = [f'+"{spec.fts}".rowid = "{spec.table}"."id"', f'"{spec.fts}" MATCH %s']
        return qs.extra(tables=[spec.fts], where=where, params=[self.match])  # noqa: S610

    def ranked(self, spec: Spec, qs):
        # No COUNT(*) OVER () here: FTS5 refuses bm25() in a query with a window function.
        weights = ", ".join(str(w) for w in spec.bm25)
        select = {"search_rank": f'bm25("{spec.fts}", {weights})'}
        return (self.matching(spec, qs).extra(select=select)  # noqa: S610
                .order_by("search_rank", "-id")
                .values("id", *spec.fields, "search_rank"))

    def total(self, spec: Spec, qs, rows) -> int:
        return self.matching(spec, qs).count()

    def snippets(self, spec: Spec, ids: list[int]) -> dict[int, str]:
        marks = ", ".join(["%s"] * len(ids))
        snippet = f'snippet("{spec.fts}", {spec.snippet_column}, %s, %s, %s, {SNIPPET_TOKENS})'
        sql = (f'SELECT rowid, {snippet} FROM "{spec.fts}" '  # noqa: S608
               f'WHERE "{spec.fts}" MATCH %s AND rowid IN ({marks})')
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, "…", self.match, *ids])
            return dict(cursor.fetchall())


class _Postgres:
    """The `search_vector` column of migration 0002_search, with its GIN index.

    Only names from SPECS go into the SQL text; the query and every value are parameters."""

    def __init__(self, parsed: Query):
        parts = parsed.tsquery_parts()
        self.tsquery = "(" + " && ".join(f"{fn}('{CONFIG}'::regconfig, %s)"
                                         for fn, _arg in parts) + ")"
        self.params = [arg for _fn, arg in parts]

    @staticmethod
    def vector(spec: Spec) -> str:
        return f'"{spec.table}"."{VECTOR_COLUMN}"'

    def matching(self, spec: Spec, qs):
        where = [f"{self.vector(spec)} @@ {self.tsquery}"]
        return qs.extra(where=where, params=self.params)  # noqa: S610

    def ranked(self, spec: Spec, qs):
        select = {"search_rank": f"ts_rank_cd({self.vector(spec)}, {self.tsquery}, 1)",
                  "search_total": "COUNT(*) OVER ()"}
        return (self.matching(spec, qs).extra(select=select,  # noqa: S610
                                              select_params=self.params)
                .order_by("-search_rank", "-id")
                .values("id", *spec.fields, "search_rank", "search_total"))

    def total(self, spec: Spec, qs, rows) -> int:
        if rows is None:  # a kind not asked for: its count only
            return self.matching(spec, qs).count()
        return rows[0]["search_total"] if rows else 0

    def snippets(self, spec: Spec, ids: list[int]) -> dict[int, str]:
        """ts_headline for these rows only.

        ts_headline drops anything that looks like an HTML tag, so it is given the text with
        & < > escaped (and the result unescaped): a transcript line with "<b>x</b>" shows just
        that. It does not say whether it cut the text, so the headline (without its markers)
        is looked for in the text to place the "…"."""
        shown = " || ' ' || ".join(f"coalesce({c}, '')" for c in spec.shown)
        escaped = f"replace(replace(replace({shown}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
        marks = ", ".join(["%s"] * len(ids))
        headline = f"ts_headline('{CONFIG}'::regconfig, t, {self.tsquery}, %s)"
        plain = "replace(replace(h, chr(2), ''), chr(3), '')"
        sql = ("SELECT id, h, strpos(t, p), length(p), length(t) FROM ("  # noqa: S608
               f"SELECT id, h, t, {plain} AS p FROM ("
               f"SELECT id, t, {headline} AS h FROM ("
               f'SELECT id, {escaped} AS t FROM "{spec.table}" WHERE id IN ({marks})'
               ") AS texts) AS headlines) AS shown")
        out = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, HEADLINE_OPTIONS, *ids])
            for pk, text, at, length, total in cursor.fetchall():
                if at == 0:  # not found as is: an excerpt unless it is as long as the text
                    before = after = length < total
                else:
                    before, after = at > 1, at - 1 + length < total
                text = html.unescape(text or "")
                out[pk] = ("…" if before else "") + text + ("…" if after else "")
        return out


# --- hits -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_MARKDOWN = re.compile(r"[*_`#>\[\]]+|^\s*[-+]\s", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def highlight(snippet: str, *, markdown: bool = False) -> SafeString:
    """The snippet as safe HTML: everything escaped; START…STOP become <mark>…</mark>, always
    balanced even if the text itself holds a marker character."""
    out, is_open = [], False
    for piece in re.split(f"([{START}{STOP}])", snippet or ""):
        if piece == START:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif piece == STOP:
            if is_open:
                out.append("</mark>")
                is_open = False
        else:
            piece = _CONTROL.sub(" ", piece)
            if markdown:
                piece = _MARKDOWN.sub(" ", _LINK_TARGET.sub("", piece))
            out.append(escape(_SPACE.sub(" ", piece)))
    if is_open:
        out.append("</mark>")
    return mark_safe("".join(out).strip())  # noqa: S308 - every piece escaped above


def _segment_page(position: int) -> int | None:
    try:
        from unionhall.bargaining import session_queries
    except ImportError:
        return None
    page = getattr(session_queries, "segment_page", None)
    return page(position) if page else None


def _video(url: str, start) -> str:
    if start is None:
        return ""
    try:
        return transcripts.video_link(url, start)
    except ValueError:
        return ""


def _hit(access, spec: Spec, r: dict, snippet: str, score: float) -> Hit:
    slug = access.local.slug
    shown = highlight(snippet, markdown=spec.kind == "post")
    if spec.kind == "section":
        context = r["contract__name"]
        if r["contract__status"] != Contract.Status.IN_FORCE:
            context = f"{context} ({Contract.Status(r['contract__status']).label})"
        return Hit("section", r["id"], f"{r['number']} {r['title']}".strip(),
                   reverse("contract_section", kwargs={"local_slug": slug,
                                                       "slug": r["contract__slug"],
                                                       "number": r["number"]}),
                   shown, score, context=context)
    if spec.kind == "segment":
        url = reverse("session_detail", kwargs={"local_slug": slug, "pk": r["session_id"]})
        page = _segment_page(r["position"])
        if page and page > 1:
            url += f"?page={page}"
        url += f"#seg-{r['position']}"
        start = r["start"]
        at = transcripts.format_time(start) if start is not None and start >= 0 else ""
        return Hit("segment", r["id"], r["session__title"] or _("Bargaining session"), url,
                   shown, score, date=r["session__held_on"], speaker=r["speaker"], at=at,
                   video_url=_video(r["session__video_url"], start))
    if spec.kind == "proposal":
        title = _("%(label)s: Article %(number)s %(title)s") % {
            "label": r["label"], "number": r["article_number"], "title": r["title"]}
        context = f"{Side(r['side']).label} · {Proposal.Status(r['status']).label}"
        if not r["published"]:
            context = _("%(status)s, draft for the team") % {"status": context}
        return Hit("proposal", r["id"], title.strip(),
                   reverse("proposal_detail", kwargs={"local_slug": slug, "pk": r["id"]}),
                   shown, score, context=context)
    published = r["published_at"]
    context = "" if r["status"] == Post.Status.PUBLISHED else str(Post.Status.DRAFT.label)
    return Hit("post", r["id"], r["title"],
               reverse("news_detail", kwargs={"local_slug": slug, "slug": r["slug"]}),
               shown, score, context=context, date=published.date() if published else None)


def _lead(text: str, words: int = 30) -> SafeString:
    parts = (text or "").split()
    return highlight(" ".join(parts[:words]) + (" …" if len(parts) > words else ""))


def _exact(access, parsed: Query, visible) -> list[Hit]:
    """The section or article the query names: the version in force first, then the others
    the viewer may read (newest first)."""
    ref = parsed.reference
    if ref is None:
        return []
    in_force_first = Case(When(contract__status=Contract.Status.IN_FORCE, then=Value(0)),
                          default=Value(1), output_field=IntegerField())
    # Then the other versions, newest first; a draft (no date yet) is the newest.
    order = ("first", F("contract__starts_on").desc(nulls_first=True), "-contract_id")
    slug = access.local.slug
    hits = []
    if ref.kind == "section":
        sections = (Section.objects.filter(visible["section"], number=ref.number)
                    .select_related("contract").annotate(first=in_force_first)
                    .order_by(*order)[:EXACT_MAX])
        for s in sections:
            hits.append(Hit("section", s.pk, f"{s.number} {s.title}".strip(),
                            reverse("contract_section", kwargs={
                                "local_slug": slug, "slug": s.contract.slug,
                                "number": s.number}),
                            _lead(s.text), math.inf, context=_version(s.contract), exact=True))
        return hits
    first = Section.objects.filter(article=OuterRef("pk")).order_by("position")
    articles = (Article.objects.filter(visible["section"], number=ref.number)
                .select_related("contract")
                .annotate(first=in_force_first,
                          section_pk=Subquery(first.values("pk")[:1]),
                          section_number=Subquery(first.values("number")[:1]))
                .order_by(*order)[:EXACT_MAX])
    for a in articles:
        if not a.section_pk:
            continue
        title = _("Article %(number)s %(title)s") % {"number": a.number, "title": a.title}
        hits.append(Hit("section", a.section_pk, title.strip(),
                        reverse("contract_section", kwargs={
                            "local_slug": slug, "slug": a.contract.slug,
                            "number": a.section_number}),
                        _lead(a.intro), math.inf, context=_version(a.contract), exact=True))
    return hits


def _version(contract: Contract) -> str:
    if contract.status == Contract.Status.IN_FORCE:
        return contract.name
    return f"{contract.name} ({contract.get_status_display()})"



"""What a member typed in the bargaining search box, read into terms both search engines accept.
Pure: standard library only.

Anything typed is safe: quotes, apostrophes, operators (AND, OR, NOT, NEAR, *, -, :), SQL,
emoji, thousands of characters. Only runs of letters and digits become terms; nothing the user
typed is ever read as an operator by SQLite FTS5 or by PostgreSQL's tsquery.

Decisions, and why:

* A term is a run of letters and digits, and may hold an apostrophe, a hyphen or a dot *between*
  two of them ("O'Brien", "U-3", "7.3", "don’t"): both engines split such a word into pieces
  in the text they index, so the term is searched as those pieces next to each other (a phrase)
  and finds exactly what was written, in either kind of apostrophe.
* Every term must be found (AND), at most ``MAX_TERMS`` of them: a longer query is cut, not
  refused. A term longer than ``MAX_TERM_CHARS`` is pasted junk and is dropped.
* The last word typed, when it is letters only, at least 3 long and not a common word, is
  also a prefix ("paraeduc" finds "paraeducator"). Both engines stem the prefix like a word,
  so "train" finds "training" and "trainings", but a cut inside a word's stem ("negotia")
  may miss; a whole word always works.
* Text in double quotes is a phrase ("paid training"); an unbalanced quote is ignored.
* Common English words ("the", "for", "off") are dropped when other words remain, as
  PostgreSQL drops them anyway: the two databases then give the same results.
* A query that is only a section number ("7.3", "section 7.3", "§ 7.3", "sec. 7.3",
  "sección 7.3") or an article ("art. 7", "article 7", "artículo 7") is also a *reference*: the
  search looks that section or article up before any text match.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 10
MAX_TERM_CHARS = 60
MAX_INPUT_CHARS = 2000
PREFIX_MIN = 3

_WORD = r"[^\W_]+(?:['.\-][^\W_]+)*"
_WORD_RE = re.compile(_WORD)
_PHRASE_RE = re.compile(r'"([^"]*)"')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                         "’": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})
_SECTION_RE = re.compile(
    r"(?:(?:section|sec\.?|secci[oó]n|§+)\s*)?(\d{1,4}(?:\.\d{1,4})+)\.?", re.IGNORECASE)
_ARTICLE_RE = re.compile(
    r"(?:article|art[ií]culo|art\.?)\s*(\d{1,4}[A-Za-z]?)\.?|§\s*(\d{1,4})", re.IGNORECASE)
# PostgreSQL's English stop words (Snowball's list), which its 'english' parser ignores.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now""".split())


@dataclass(frozen=True)
class Term:
    """One thing that must be found: a word, a word with inner punctuation, or a phrase."""

    text: str  # lower case; letters and digits, single spaces, and ' - . between them
    prefix: bool = False

    def fts5(self) -> str:
        """As an FTS5 string (a phrase when it tokenizes into several words)."""
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Reference:
    kind: str  # "section" or "article"
    number: str


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    reference: Reference | None = None

    def __bool__(self) -> bool:
        return bool(self.terms or self.reference)

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every term quoted, ANDed."""
        return " AND ".join(t.fts5() for t in self.terms)

    def tsquery_parts(self) -> list[tuple[str, str]]:
        """PostgreSQL: (function, argument) pairs to AND together with ``&&``.

        A plain term goes to ``phraseto_tsquery``, which reads its argument as plain text with
        the same parser the documents went through (so "U-3" or "7.3" match as indexed); the
        prefix term goes to ``to_tsquery`` as ``word:*``, and is letters only."""
        return [("to_tsquery", f"{t.text}:*") if t.prefix else ("phraseto_tsquery", t.text)
                for t in self.terms]


def _clean(q: str) -> str:
    q = unicodedata.normalize("NFKC", q or "").translate(_QUOTES)
    if len(q) > MAX_INPUT_CHARS:  # cut at a space, not inside a word
        q = re.sub(r"\S*$", "", q[:MAX_INPUT_CHARS + 1])
    # Control characters (NUL above all) never reach a database.
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in q).strip()


def reference(q: str) -> Reference | None:
    """The section or article a query names, if that is all it is."""
    q = _clean(q)
    if m := _SECTION_RE.fullmatch(q):
        return Reference("section", m.group(1))
    if m := _ARTICLE_RE.fullmatch(q):
        return Reference("article", (m.group(1) or m.group(2)).upper())
    return None


def parse(q: str) -> Query:
    """Read a search box's text into terms; never raises."""
    text = _clean(q)
    ref = reference(text)
    if ref:
        # Also searched as text, to find where other texts refer to it: "7.3" as a phrase of
        # its numbers, an article as "article 7".
        word = ref.number.lower() if ref.kind == "section" else f"article {ref.number.lower()}"
        return Query((Term(word),), ref)
    terms: list[Term] = []
    pieces: list[tuple[str, bool]] = []  # (text, quoted)
    last = 0
    for m in _PHRASE_RE.finditer(text):
        pieces.append((text[last:m.start()], False))
        pieces.append((m.group(1), True))
        last = m.end()
    pieces.append((text[last:].replace('"', " "), False))
    # The last word typed, if it ends the query outside quotes: it may be unfinished.
    last_typed = ""
    if text and not text.endswith('"') and not text[-1].isspace():
        tail = _WORD_RE.findall(pieces[-1][0])
        last_typed = tail[-1].lower() if tail and text.endswith(tail[-1]) else ""
    for piece, quoted in pieces:
        words = [w.lower() for w in _WORD_RE.findall(piece)]
        words = [w for w in words if len(w) <= MAX_TERM_CHARS]
        if quoted and len(words) > 1:
            terms.append(Term(" ".join(words[:MAX_TERMS])))
        else:
            terms.extend(Term(w) for w in words)
    seen = set()
    terms = [t for t in terms if not (t.text in seen or seen.add(t.text))]
    if any(t.text not in STOP_WORDS for t in terms):
        terms = [t for t in terms if t.text not in STOP_WORDS]
    cut = len(terms) > MAX_TERMS
    terms = terms[:MAX_TERMS]
    if terms and not cut and terms[-1].text == last_typed:
        if (last_typed.isalpha() and len(last_typed) >= PREFIX_MIN
                and last_typed not in STOP_WORDS):
            terms[-1] = Term(last_typed, prefix=True)
    return Query(tuple(terms), None)

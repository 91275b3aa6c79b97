"""The contract (collective bargaining agreement) as plain text: reading it into articles and
sections, and writing one article's body back. Pure: standard library only.

The file format, as a local types or exports it::

    Preamble paragraphs…

    ARTICLE 7 – LEAVES
    Intro paragraph of the article…
    7.1 Sick Leave
    Employees shall accrue…
    (a) a list item…

Decisions, and why:

* A heading is "ARTICLE n", any case, with n in digits or Roman numerals I to L. Because
  "Article 12, the Union…" can begin a wrapped line of prose, a line is a heading only when the
  number is followed by a separator (– — - : or ". ") and a title, by an all-capitals title
  ("ARTICLE 12 GRIEVANCE PROCEDURE"), or by nothing at all, and in that last case only when
  "ARTICLE" itself is in capitals ("Article 5." closing a sentence is prose). A bare heading
  takes its title from the next non-blank line if that line is all capitals.
* A Roman number outside I–L, or one that is not a Roman numeral at all, on a line that is
  otherwise a heading is reported rather than skipped, so an article is never lost silently.
* A section starts at a line beginning "<article>.<m>" (or "<article>.<m>.") followed by a space
  or the end of the line. That is the file format: a wrapped line of text must not start with
  such a number ("7.5 hours per day" inside ARTICLE 7 *is* read as section 7.5). The same
  number under another article is reported, which catches most such wraps. Before the first
  ARTICLE there is no current article, so numbered lines there stay preamble text. Deeper
  numbers ("7.3.1") and list markers stay in the section's text.
* Section titles. The rest of the section line is a title, and the text starts on the next line,
  when it is at most 80 characters, does not end in "." "," ":" or ";", the next non-blank
  line is text (not a section, not a heading, not the end), and it reads like a title: Title
  Cased or ALL CAPS (short joining words such as "of", "and", "without" may be lower case), or
  at most four words ("Sick leave"). The title-case condition is ours, not only the length: a
  wrapped first line of text is also under 80 characters and has no final punctuation.
  "7.3 Sick Leave. Employees shall…" also gives the title "Sick Leave" when the part before the
  first ". " is at most 60 characters and Title Cased (common abbreviations such as "Dr." do not
  count). Otherwise there is no title and the rest of the line is the start of the text. So a
  title cannot contain ". ", and a titled section with no text ("7.9 Reserved") reads as
  untitled text "Reserved".
* Text is re-wrapped: consecutive lines are joined with one space, a blank line separates
  paragraphs ("\\n\\n"), and a line starting with a list marker — "(a)", "(iv)", "(12)", "a.",
  "1.", "a)", "7.3.1", "-", "–", "•", "*" — starts a new line ("\\n") so lists survive. A line
  wrapped just before "(10)" in "ten (10) days" therefore starts a new line: harmless, and
  cheaper than guessing.
* Sections out of order (7.3 before 7.2) are kept in the file's order: contracts do that. An
  article with no text at all ("ARTICLE 30 – RESERVED") is allowed. Article and section numbers
  are normalised to plain digits ("ARTICLE 07", "7.03" → "7", "7.3") so that duplicates and
  misplaced sections are found however they are written.

Every problem is collected with its line (``ContractTextError.problems``), so the whole file can
be fixed in one pass. Messages are module constants, whole sentences with ``{}`` placeholders,
ready for a translation catalogue; a problem on line 0 concerns the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Messages, one literal each, for translation.
LINE_PROBLEM = "Line {line}: {message}"
NO_HEADINGS = (
    "No ARTICLE headings were found: each article must start with a line like "
    "“ARTICLE 7 – LEAVES”."
)
DUPLICATE_ARTICLE = "there are two articles numbered {number}; the first is on line {first}."
DUPLICATE_SECTION = (
    "there are two sections numbered {number} in ARTICLE {article}; the first is on line {first}."
)
WRONG_ARTICLE = (
    "section {number} is under ARTICLE {article}; correct its number or move it under "
    "ARTICLE {other}. A wrapped line of text must not begin with a number like “{number}”."
)
BAD_ROMAN = (
    "“{found}” is not an article number we can read; write it in digits, like “ARTICLE 7”."
)
OTHER_ARTICLE_HEADING = (
    "this text is for ARTICLE {expected}, but it starts with the heading of ARTICLE {found}."
)
HEADING_IN_BODY = (
    "a heading for another article (ARTICLE {found}) is inside the text of ARTICLE {expected}; "
    "one article's text must not contain another ARTICLE heading."
)


@dataclass(frozen=True)
class ParsedSection:
    number: str
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class ParsedArticle:
    number: str
    title: str
    intro: str
    sections: tuple[ParsedSection, ...]
    line: int


@dataclass(frozen=True)
class ParsedContract:
    preamble: str
    articles: tuple[ParsedArticle, ...]


class ContractTextError(ValueError):
    """Every problem found, as ``(line, message)`` in line order."""

    def __init__(self, problems: Iterable[tuple[int, str]]):
        self.problems: list[tuple[int, str]] = sorted(problems, key=lambda p: p[0])
        super().__init__(
            "\n".join(
                LINE_PROBLEM.format(line=line, message=msg) if line else msg
                for line, msg in self.problems
            )
        )


def section_sort_key(number: str):
    """Sort key for "7.10" after "7.9": numeric parts as numbers, anything else after them."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


# --- recognising lines -----------------------------------------------------------------------

def _roman_numerals(last: int) -> dict[str, str]:
    numerals = {}
    for n in range(1, last + 1):
        roman, rest = "", n
        for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                               (1, "I")):
            while rest >= value:
                roman, rest = roman + letters, rest - value
        numerals[roman] = str(n)
    return numerals


# Only the canonical spellings, so "IIII" or "VX" is reported rather than read as something.
_ROMAN = _roman_numerals(50)

_HEADING = re.compile(
    r"(article)[ \t]+([0-9]+|[ivxlcdm]+)(?!\w)[ \t]*(?:([–—:\-]|\.(?=\s|$))[ \t]*)?(.*)",
    re.IGNORECASE,
)
_SECTION = re.compile(r"([0-9]+)\.([0-9]+)\.?(?=\s|$)")
_LIST = re.compile(
    r"(?:\((?:[a-zA-Z]{1,2}|[ivxlcdm]+|[0-9]{1,2})\)|[a-zA-Z]\.|[0-9]{1,2}\.|[a-zA-Z0-9]{1,2}\)"
    r"|[0-9]+(?:\.[0-9]+){2,}\.?|[-–•*])(?=\s|$)"
)
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "per", "the", "to", "upon", "with", "without", "within", "under", "over", "between",
    "during", "after", "before", "than", "via", "vs",
}
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "No", "St", "Art", "Sec", "Inc", "Jr", "Sr", "Vol"}


@dataclass
class _Heading:
    number: str | None  # None: a heading whose number could not be read
    title: str
    found: str


def _heading(line: str) -> _Heading | None:
    m = _HEADING.fullmatch(line)
    if not m:
        return None
    word, number, separator, title = m.groups()
    title = title.strip()
    if title:
        # "Article 12 of this Agreement…" is prose; "ARTICLE 12 GRIEVANCE PROCEDURE" is not.
        if not separator and any(c.islower() for c in title):
            return None
    elif word != "ARTICLE":
        return None  # "Article 5." closing a wrapped sentence
    if number.isdigit():
        return _Heading(str(int(number)), title, f"{word} {number}")
    return _Heading(_ROMAN.get(number.upper()), title, f"{word} {number}")


def _all_caps(line: str) -> bool:
    return any(c.isalpha() for c in line) and not any(c.islower() for c in line)


def _title_like(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _is_structure(line: str) -> bool:
    return bool(_SECTION.match(line) or _heading(line))


def _next_text(lines: list[str], i: int) -> int | None:
    """Index of the next non-blank line after i, or None."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def _split_section_line(rest: str, next_is_text: bool) -> tuple[str, str]:
    """(title, first line of the text) from what follows a section number."""
    if not rest:
        return "", ""
    inline = re.match(r"(.+?)\.\s+(\S.*)", rest)
    if inline:
        title = inline.group(1).strip()
        if (
            len(title) <= 60
            and _title_like(title)
            and title.split()[-1] not in _ABBREVIATIONS
            and not _LIST.match(title)
        ):
            return title, inline.group(2)
    if (
        next_is_text
        and len(rest) <= 80
        and not rest.endswith((".", ",", ":", ";"))
        and not _LIST.match(rest)
        and (_title_like(rest) or (len(rest.split()) <= 4 and rest[0].isupper()))
    ):
        return rest, ""
    return "", rest


def _reflow(lines: list[str]) -> str:
    paragraphs: list[list[str]] = []
    rows: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if rows:
                paragraphs.append(rows)
                rows = []
        elif rows and not _LIST.match(line):
            rows[-1] += " " + line
        else:
            rows.append(line)
    if rows:
        paragraphs.append(rows)
    return "\n\n".join("\n".join(rows) for rows in paragraphs)


# --- the parser ------------------------------------------------------------------------------


@dataclass
class _Section:
    number: str
    title: str
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Article:
    number: str
    title: str
    line: int
    intro: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def frozen(self) -> ParsedArticle:
        return ParsedArticle(self.number, self.title, _reflow(self.intro),
                             _freeze(self.sections), self.line)


def _freeze(sections: list[_Section]) -> tuple[ParsedSection, ...]:
    return tuple(ParsedSection(s.number, s.title, _reflow(s.lines), s.line) for s in sections)


def _split(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text)]


def _title_below(lines: list[str], i: int) -> tuple[str, int]:
    """For a heading without a title on line i: (title, index of the last line used)."""
    j = _next_text(lines, i)
    if j is not None and _all_caps(lines[j]) and not _is_structure(lines[j]):
        return lines[j], j
    return "", i


def _walk(lines, start, article, problems, on_heading):
    """Read lines[start:] into the current article's intro and sections. ``on_heading(line, i,
    heading)`` decides what a heading does and returns (the new current article, the index of
    the heading's last line); ``article`` None means text goes to the returned preamble."""
    preamble: list[str] = []
    section: _Section | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        heading = _heading(line)
        if heading is not None:
            if heading.number is None:
                problems.append((i + 1, BAD_ROMAN.format(found=heading.found)))
                i += 1
                continue
            article, i = on_heading(i, heading)
            section = None
            i += 1
            continue
        m = _SECTION.match(line) if article is not None else None
        if m:
            number = f"{int(m.group(1))}.{int(m.group(2))}"
            if str(int(m.group(1))) != article.number:
                problems.append((i + 1, WRONG_ARTICLE.format(
                    number=number, article=article.number, other=int(m.group(1)))))
            elif number in article.seen:
                problems.append((i + 1, DUPLICATE_SECTION.format(
                    number=number, article=article.number, first=article.seen[number])))
            else:
                article.seen[number] = i + 1
            j = _next_text(lines, i)
            title, first = _split_section_line(
                line[m.end():].strip(), j is not None and not _is_structure(lines[j])
            )
            section = _Section(number, title, i + 1, [first])
            article.sections.append(section)
        elif section is not None:
            section.lines.append(line)
        elif article is not None:
            article.intro.append(line)
        else:
            preamble.append(line)
        i += 1
    return preamble


def parse_contract(text: str) -> ParsedContract:
    """A whole contract: preamble, then articles. Raises ContractTextError with every problem."""
    lines = _split(text)
    problems: list[tuple[int, str]] = []
    articles: list[_Article] = []
    first_line: dict[str, int] = {}

    def on_heading(i: int, heading: _Heading):
        title, last = (heading.title, i) if heading.title else _title_below(lines, i)
        if heading.number in first_line:
            problems.append((i + 1, DUPLICATE_ARTICLE.format(
                number=heading.number, first=first_line[heading.number])))
        else:
            first_line[heading.number] = i + 1
        articles.append(_Article(heading.number, title, i + 1))
        return articles[-1], last

    preamble = _walk(lines, 0, None, problems, on_heading)
    if not articles and not problems:
        problems.append((0, NO_HEADINGS))
    if problems:
        raise ContractTextError(problems)
    return ParsedContract(_reflow(preamble), tuple(a.frozen() for a in articles))


def parse_article_body(text: str, article_number: str) -> tuple[str, tuple[ParsedSection, ...]]:
    """(intro, sections) of one article's text, as a proposal or tentative agreement writes it.
    A leading heading of the same article is skipped; any other heading is a problem."""
    number = str(int(str(article_number).strip()))
    lines = _split(text)
    problems: list[tuple[int, str]] = []
    article = _Article(number, "", 0)
    start = 0
    first = _next_text(lines, -1)
    if first is not None:
        heading = _heading(lines[first])
        if heading is not None and heading.number == number:
            start = (first if heading.title else _title_below(lines, first)[1]) + 1

    def on_heading(i: int, heading: _Heading):
        if i == first:
            problems.append((i + 1, OTHER_ARTICLE_HEADING.format(
                expected=number, found=heading.number)))
        else:
            problems.append((i + 1, HEADING_IN_BODY.format(
                expected=number, found=heading.number)))
        return article, i

    _walk(lines, start, article, problems, on_heading)
    if problems:
        raise ContractTextError(problems)
    frozen = article.frozen()
    return frozen.intro, frozen.sections


def article_text(intro: str, sections: Iterable) -> str:
    """Plain text of an article body: the intro, then "n.m Title" and the text under it, blocks
    separated by blank lines. An untitled section is written "n.m" alone with its text below, so
    its first words are never mistaken for a title. ``parse_article_body`` reads it back to the
    same intro and sections, provided each title is one parse accepts as a title (see the module
    notes) and every titled section has text."""
    blocks = [intro.strip()] if intro.strip() else []
    for section in sections:
        head = f"{section.number} {section.title}" if section.title else section.number
        blocks.append(f"{head}\n{section.text}" if section.text else head)
    return "\n\n".join(blocks)

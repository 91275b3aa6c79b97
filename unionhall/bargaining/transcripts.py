"""Transcripts of bargaining sessions: reading them, writing WebVTT, linking to a moment of video.
Pure: standard library only, so it can be tested and reused without Django.

A transcript arrives in one of three shapes: text a member typed while watching the recording
(``8:41 Lara Academic section of …``), a WebVTT caption file, or an SRT subtitle file. Each is
read into a list of ``Segment``; ``to_webvtt`` writes any such list back as WebVTT so a video
player can show it.

Decisions, and why:

* Nothing is guessed or repaired. A time that goes backwards, a time past the end of the video,
  a malformed cue: each is reported with its line, and *every* problem in the file is reported
  at once (``TranscriptError.problems``), so a volunteer fixes the file in one pass instead of
  uploading it ten times. Segments are never reordered: the typist's order is the record.
* "Backwards" compares a time with the previous *timed* line only, not with the largest time so
  far: one mistyped time (51:09 for 15:09) then produces one problem, not one for every later
  line.
* ``speaker`` is the name as the source writes it ("Steve" or "Steve Bell"). Working out that
  both mean the same person is the caller's job; keeping the written form means this module
  never has to choose between two Steves.
* Plain text: names are matched case-sensitively, because a typist capitalises names and a
  continuation line like "lara said we should…" is prose, not a new speaker. A name must end at
  a word boundary; an apostrophe or hyphen is not one, so "Steve’s point" and "Lara-Jane" are
  not the speaker "Steve" or "Lara". Only a ":" right after the name is dropped from the text.
  A time must be followed by a space or the end of the line, so "3:30pm" in prose is text; but a
  line that *starts* with "3:30 " is a timed line: that is the format. A line starting with
  something that looks like a time but is not one ("12:75 …", "100:00 …") is reported rather
  than read as text, since it is almost always a typing slip.
* WebVTT and SRT: a segment's ``line`` is the line holding its times, the one a volunteer has to
  look at when a time is wrong. An empty cue gives no segment; a voice with no words
  (``<v Lara></v>``) gives a segment with empty text, since who spoke is still information.
* SRT is not HTML, so only the tags subtitle tools actually write (<i>, <b>, <u>, <s>, <font>,
  <v>) are removed and entities are left alone ("AT&T" stays as written). A missing subtitle
  number is accepted: many tools omit it and nothing depends on it.
* A time later than ``duration`` is a problem even by a fraction of a second: the checker does
  not know how much slack is honest.
* ``video_link`` is a security boundary: the URL is user input that ends up in an ``href``, so
  anything but an http(s) URL with a host gives "" (never ``javascript:`` or ``data:``).

Error messages are module constants, whole sentences with ``{}`` placeholders, so that a caller
can pass them through a translation catalogue before formatting. A problem on line 0 concerns
the whole file and is shown without a line number.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

FORMATS = ("auto", "plain", "vtt", "srt")

# Messages. Each is one sentence (or two) with named placeholders, for translation.
LINE_PROBLEM = "Line {line}: {message}"
NO_TRANSCRIPT = "There is no transcript in this file."
LATER_THAN_VIDEO = "{time} is later than the end of the video ({duration})."
GOES_BACKWARDS = "{time} comes before {previous} on an earlier line; times must not go backwards."
NOT_A_TIME = (
    "“{found}” at the start of the line is not a time: write it as M:SS, MM:SS or H:MM:SS, "
    "with minutes and seconds from 00 to 59."
)
NO_WEBVTT_HEADER = "a WebVTT file must start with a line that says “WEBVTT”."
NOT_A_CUE = (
    "this block is not a cue: a cue needs a line with its start and end times, "
    "like “00:01:02.500 --> 00:01:05.000”."
)
BAD_VTT_TIMING = (
    "“{found}” is not a cue timing line; it should look like “00:01:02.500 --> 00:01:05.000”."
)
NOT_A_SUBTITLE = (
    "this block is not a subtitle: it should start with the subtitle's number on one line and "
    "its times on the next, like “12” and then “00:01:02,500 --> 00:01:05,000”."
)
BAD_SRT_TIMING = (
    "“{found}” is not a subtitle timing line; it should look like "
    "“00:01:02,500 --> 00:01:05,000”."
)
ENDS_BEFORE_START = "this cue ends at {end}, before it starts at {start}."


@dataclass(frozen=True)
class Segment:
    """One stretch of speech. Times are seconds from the start of the video."""

    start: float | None
    end: float | None
    speaker: str | None
    text: str
    line: int


class TranscriptError(ValueError):
    """Every problem found in a transcript, as ``(line, message)`` in line order."""

    def __init__(self, problems: Iterable[tuple[int, str]]):
        self.problems: list[tuple[int, str]] = sorted(problems, key=lambda p: p[0])
        super().__init__("\n".join(_render(line, msg) for line, msg in self.problems))


def _render(line: int, message: str) -> str:
    return LINE_PROBLEM.format(line=line, message=message) if line else message


# --- small shared pieces ---------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[str]:
    # str.splitlines would also split on form feeds, U+2028 and friends, which are text here.
    if text.startswith("\ufeff"):
        text = text[1:]
    return _NEWLINE.split(text)


def format_time(seconds: float) -> str:
    """8:41, 19:09, 1:02:03. Fractions of a second are dropped (floored), as a player shows."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"A time must be a number of seconds ≥ 0, not {seconds!r}.")
    total = math.floor(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _show(seconds: float) -> str:
    """A time in a message: like format_time, plus milliseconds when there are any, so that a
    problem between 13:01.250 and 13:01.500 does not read "13:01 comes before 13:01"."""
    ms = round(seconds * 1000)
    whole, frac = divmod(ms, 1000)
    return format_time(whole) + (f".{frac:03d}" if frac else "")


def _name_pattern(speakers: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching, at the start of a string, any known name in full or by first name.

    Longer names come first in the alternation, so "Steve Bell Regarding…" is "Steve Bell"
    rather than "Steve". Words may be separated by any run of spaces, as typists vary."""
    if isinstance(speakers, str):
        raise TypeError("speakers must be a list of names, not one string.")
    names: set[tuple[str, ...]] = set()
    for name in speakers:
        words = tuple(name.split())
        if words:
            names.add(words)
            names.add(words[:1])
    if not names:
        return None
    ordered = sorted(names, key=lambda w: (-len(" ".join(w)), w))
    alternatives = "|".join(r"\s+".join(map(re.escape, words)) for words in ordered)
    # The name must end at a word boundary, but "’s" and "-Jane" continue a word.
    return re.compile(rf"(?:{alternatives})(?![\w'’-])")


def _match_name(pattern: re.Pattern[str] | None, text: str, *, colon: bool):
    """(speaker as written, rest of the text) or None. With colon=True a ":" must follow the
    name (captions write "Lara Center: …"); otherwise it is optional and dropped."""
    if pattern is None:
        return None
    m = pattern.match(text)
    if not m:
        return None
    rest = text[m.end():]
    if colon:
        stripped = rest.lstrip(" \t")
        if not stripped.startswith(":"):
            return None
        rest = stripped[1:]
    elif rest.startswith(":"):
        rest = rest[1:]
    return " ".join(m.group(0).split()), rest.strip()


# --- detecting the format --------------------------------------------------------------------

_VTT_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_LOOKS_LIKE_TIMING = re.compile(r"\s*[0-9][0-9:.,]*\s*-->")


def detect_format(text: str) -> str:
    """"vtt", "srt" or "plain", from the first lines only."""
    lines = _lines(text)
    if _VTT_HEADER.fullmatch(lines[0]):
        return "vtt"
    for i, line in enumerate(lines):
        if line.strip():
            if (
                re.fullmatch(r"[0-9]+", line.strip())
                and i + 1 < len(lines)
                and _LOOKS_LIKE_TIMING.match(lines[i + 1])
            ):
                return "srt"
            break
    return "plain"


# --- parsing ---------------------------------------------------------------------------------


def parse(
    text: str,
    format: str = "auto",
    speakers: Iterable[str] = (),
    duration: float | None = None,
) -> list[Segment]:
    """Read a transcript; raise TranscriptError listing every problem found."""
    if format not in FORMATS:
        raise ValueError(f"Unknown transcript format {format!r}; use one of {', '.join(FORMATS)}.")
    if duration is not None and (not math.isfinite(duration) or duration < 0):
        raise ValueError(f"The video's duration must be a number of seconds ≥ 0, not {duration!r}.")
    names = _name_pattern(speakers)
    if format == "auto":
        format = detect_format(text)
    lines = _lines(text)
    if not any(line.strip() for line in lines):
        # Whatever format was chosen, an empty upload is best described as empty.
        raise TranscriptError([(0, NO_TRANSCRIPT)])
    reader = {"plain": _parse_plain, "vtt": _parse_vtt, "srt": _parse_srt}[format]
    problems: list[tuple[int, str]] = []
    segments = reader(lines, names, problems)
    _check_times(segments, duration, problems)
    if not segments and not problems:
        problems.append((0, NO_TRANSCRIPT))
    if problems:
        raise TranscriptError(problems)
    return segments


def _check_times(segments: list[Segment], duration: float | None, problems: list) -> None:
    """Backwards times and times past the end of the video. Checked once per source line, since
    the voices of one cue share its line and times."""
    previous: float | None = None
    checked_line = None
    for seg in segments:
        if seg.start is None or seg.line == checked_line:
            continue
        checked_line = seg.line
        if previous is not None and seg.start < previous:
            problems.append(
                (seg.line, GOES_BACKWARDS.format(time=_show(seg.start), previous=_show(previous)))
            )
        previous = seg.start
        if duration is not None:
            late = seg.start if seg.start > duration else seg.end
            if late is not None and late > duration:
                problems.append(
                    (seg.line, LATER_THAN_VIDEO.format(time=_show(late), duration=_show(duration)))
                )


# Plain text ----------------------------------------------------------------------------------

# H:MM:SS, or M:SS / MM:SS; then a space or the end of the line.
_PLAIN_TIME = re.compile(
    r"(?:([0-9]{1,2}):([0-5][0-9]):([0-5][0-9])|([0-9]{1,2}):([0-5][0-9]))(?=\s|$)"
)
# Anything a typist meant as a time, right or wrong, so a slip is reported instead of read as text.
_PLAIN_TIME_LOOSE = re.compile(r"[0-9]+:[0-9]{2}(?::[0-9]{2})?(?=\s|$)")


def _parse_plain(lines: list[str], names, problems: list) -> list[Segment]:
    segments: list[dict] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue  # a blank line ends nothing: typists leave them anywhere
        m = _PLAIN_TIME.match(line)
        if m:
            h, mi, s, m2, s2 = m.groups()
            start = float(int(h) * 3600 + int(mi) * 60 + int(s)) if h else float(
                int(m2) * 60 + int(s2)
            )
            rest = line[m.end():].strip()
            named = _match_name(names, rest, colon=False)
            if named:
                speaker, words = named
            elif rest:
                first, *more = rest.split(None, 1)
                # "Lara:" is "Lara".
                speaker = first.removesuffix(":") or None
                words = more[0].strip() if more else ""
            else:
                speaker, words = None, ""
            segments.append(dict(start=start, speaker=speaker, text=words, line=number))
            continue
        loose = _PLAIN_TIME_LOOSE.match(line)
        if loose:
            problems.append((number, NOT_A_TIME.format(found=loose.group(0))))
            continue
        named = _match_name(names, line, colon=False)
        if named:
            segments.append(dict(start=None, speaker=named[0], text=named[1], line=number))
        elif segments:
            seg = segments[-1]
            seg["text"] = f"{seg['text']} {line}" if seg["text"] else line
        else:
            segments.append(dict(start=None, speaker=None, text=line, line=number))
    return [Segment(end=None, **seg) for seg in segments]


# Cue text (WebVTT and SRT) --------------------------------------------------------------------

_VTT_TAG = re.compile(r"<([^<>]*)>")
# SRT is not HTML: only the tags subtitle tools write are tags, so "x < y > z" survives.
_SRT_TAG = re.compile(r"<(/?(?:i|b|u|s|v|font)(?:[ \t.][^<>]*)?)>", re.IGNORECASE)
_VOICE = re.compile(r"v(?:\.[^\s<>]*)?(?:[ \t]+(.*))?", re.IGNORECASE | re.DOTALL)


def _voices(payload: str, tag: re.Pattern[str], unescape: bool):
    """Split cue text into (speaker, text) spans at voice tags; drop all other tags.

    Returns (had a voice tag, spans). Text outside any voice has speaker None."""
    spans: list[tuple[str | None, bool, list[str]]] = []
    speaker: str | None = None
    in_voice = False
    pieces: list[str] = []
    had_voice = False
    pos = 0
    for m in tag.finditer(payload):
        pieces.append(payload[pos:m.start()])
        pos = m.end()
        content = m.group(1)
        voice = _VOICE.fullmatch(content)
        if voice:
            spans.append((speaker, in_voice, pieces))
            name = voice.group(1) or ""
            name = (html.unescape(name) if unescape else name).strip()
            speaker, in_voice, pieces, had_voice = name or None, True, [], True
        elif content.strip().lower() == "/v":
            spans.append((speaker, in_voice, pieces))
            speaker, in_voice, pieces = None, False, []
    pieces.append(payload[pos:])
    spans.append((speaker, in_voice, pieces))
    result = []
    for name, voiced, parts in spans:
        words = "".join(parts)
        words = (html.unescape(words) if unescape else words).strip()
        if words or voiced:
            result.append((name, words))
    return had_voice, result


def _srt_label(text: str, names):
    """A subtitle written "NAME: words": NAME is a known speaker, or 1–4 words that start with a
    capital (digits allowed after the first: "SPEAKER 1"). Otherwise None."""
    named = _match_name(names, text, colon=True)
    if named:
        return named
    label, colon, rest = text.partition(":")
    if not colon:
        return None
    words = label.split(" ")
    if not 1 <= len(words) <= 4:
        return None
    for i, word in enumerate(words):
        if not word or not all(c.isalnum() or c in "'’-." for c in word):
            return None
        if not (word[0].isupper() or (i and word.isdigit())):
            return None
    return label, rest.strip()


def _cue_segments(payload, tag, unescape, names, label, start, end, line) -> list[Segment]:
    had_voice, spans = _voices(payload, tag, unescape)
    if not had_voice and len(spans) == 1:
        named = label(spans[0][1], names)
        if named:
            spans = [named]
    return [Segment(start, end, speaker, words, line) for speaker, words in spans]


def _vtt_label(text: str, names):
    return _match_name(names, text, colon=True)


def _blocks(lines: list[str], first: int):
    """(index of the block's first line, its lines) for runs of non-blank lines."""
    i, n = first, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < n and lines[j].strip():
            j += 1
        yield i, lines[i:j]
        i = j


def _seconds(h, m, s, ms) -> float:
    # Whole milliseconds divided once, so 00:19:09.125 is exactly the float 1149.125.
    return round((int(h or 0) * 3_600_000 + int(m) * 60_000 + int(s) * 1000 + int(ms)) / 1000, 3)


# WebVTT ---------------------------------------------------------------------------------------

_VTT_TIME = r"(?:([0-9]+):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})"
_VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t].*)?")
_VTT_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")


def _parse_vtt(lines: list[str], names, problems: list) -> list[Segment]:
    if not _VTT_HEADER.fullmatch(lines[0]):
        problems.append((1, NO_WEBVTT_HEADER))
        return []
    first = 1
    # Header text may run on until the first blank line (older files put metadata there).
    while first < len(lines) and lines[first].strip() and "-->" not in lines[first]:
        first += 1
    segments: list[Segment] = []
    for index, block in _blocks(lines, first):
        if _VTT_SKIPPED.fullmatch(block[0].strip()):
            continue
        if "-->" in block[0]:
            k = 0
        elif len(block) > 1 and "-->" in block[1]:
            k = 1  # a cue identifier
        else:
            problems.append((index + 1, NOT_A_CUE))
            continue
        line = index + k + 1
        timing = block[k].strip()
        m = _VTT_TIMING.fullmatch(timing)
        if not m:
            problems.append((line, BAD_VTT_TIMING.format(found=timing)))
            continue
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        if end < start:
            problems.append((line, ENDS_BEFORE_START.format(start=_show(start), end=_show(end))))
            continue
        payload = " ".join(text.strip() for text in block[k + 1:])
        segments += _cue_segments(payload, _VTT_TAG, True, names, _vtt_label, start, end, line)
    return segments


# SRT ------------------------------------------------------------------------------------------

_SRT_TIME = r"([0-9]+):([0-5][0-9]):([0-5][0-9])[,.]([0-9]{3})"
_SRT_TIMING = re.compile(rf"{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t].*)?")


def _parse_srt(lines: list[str], names, problems: list) -> list[Segment]:
    segments: list[Segment] = []
    for index, block in _blocks(lines, 0):
        head = block[0].strip()
        if re.fullmatch(r"[0-9]+", head):
            k = 1
        elif "-->" in head:
            k = 0  # no subtitle number: common, and nothing depends on it
        else:
            problems.append((index + 1, NOT_A_SUBTITLE))
            continue
        if k >= len(block):
            problems.append((index + 1, NOT_A_SUBTITLE))
            continue
        line = index + k + 1
        timing = block[k].strip()
        m = _SRT_TIMING.fullmatch(timing)
        if not m:
            problems.append((line, BAD_SRT_TIMING.format(found=timing)))
            continue
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        if end < start:
            problems.append((line, ENDS_BEFORE_START.format(start=_show(start), end=_show(end))))
            continue
        payload = " ".join(text.strip() for text in block[k + 1:])
        segments += _cue_segments(payload, _SRT_TAG, False, names, _srt_label, start, end, line)
    return segments


# --- writing WebVTT --------------------------------------------------------------------------


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def _escape(text: str) -> str:
    # A blank line would end the cue, so a line break in the text becomes a space.
    one_line = " ".join(part.strip() for part in _NEWLINE.split(text) if part.strip())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(segments: Iterable[Segment]) -> str:
    """WebVTT for a player. Times are filled in where the source had none:

    * no start: the previous timed segment's start (0 before any), so the cue shows with the
      speech it was typed after;
    * no end: the next later start, or start + 5 s for the last cue (a typist gives only starts,
      so a cue lasts until somebody else speaks);
    * an end that is not after the start (a zero-length cue, or a bad one): start + 1 s, the
      shortest cue a viewer can read, rather than a long invented one.

    ``parse(to_webvtt(s), "vtt")`` gives back the same speakers and texts, and the same starts
    for timed segments, for segments ``parse`` could have produced (times not going backwards);
    a segment with neither speaker nor text gives an empty cue, which parse skips."""
    segs = list(segments)
    starts: list[float] = []
    previous = 0.0
    for seg in segs:
        if seg.start is not None:
            if not math.isfinite(seg.start) or seg.start < 0:
                raise ValueError(f"A start must be a number of seconds ≥ 0, not {seg.start!r}.")
            previous = seg.start
        starts.append(previous)
    # The next strictly later start for each segment, found in one backward pass.
    later: list[float | None] = [None] * len(segs)
    stack: list[float] = []
    for i in range(len(segs) - 1, -1, -1):
        while stack and stack[-1] <= starts[i]:
            stack.pop()
        later[i] = stack[-1] if stack else None
        stack.append(starts[i])
    out = ["WEBVTT", ""]
    for seg, start, following in zip(segs, starts, later, strict=True):
        end = seg.end
        if end is None:
            end = following if following is not None else start + 5
        elif not math.isfinite(end) or end <= start:
            end = start + 1
        out.append(f"{_vtt_time(start)} --> {_vtt_time(end)}")
        text = _escape(seg.text)
        speaker = _escape(seg.speaker) if seg.speaker else ""
        out.append(f"<v {speaker}>{text}" if speaker else text)
        out.append("")
    return "\n".join(out)


# --- links to a moment of the video ----------------------------------------------------------

_YOUTUBE = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_YOUTUBE_EMBED = _YOUTUBE | {"youtube-nocookie.com", "www.youtube-nocookie.com"}
_YOUTU_BE = {"youtu.be", "www.youtu.be"}


def _with_param(query: str, key: str, value: str) -> str:
    # Edited as a string, not decoded and re-encoded, so other parameters stay byte for byte.
    kept = [p for p in query.split("&") if p and p.split("=", 1)[0] not in ("t", "start")]
    return "&".join([*kept, f"{key}={value}"])


def video_link(url: str, seconds: float | None) -> str:
    """The URL of the video at ``seconds``, or "" when the URL is not a safe http(s) link.

    YouTube watch, youtu.be and live links get ``t=1149s``; embed links get ``start=1149``;
    any other video gets the media fragment ``#t=1149``."""
    if not url:
        return ""
    url = url.strip()
    # Browsers drop tabs and line breaks inside URLs ("java\tscript:"); refuse them outright.
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not host:
        return ""
    if seconds is None:
        return url
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"A time must be a number of seconds ≥ 0, not {seconds!r}.")
    t = math.floor(seconds)
    path = parts.path
    if host in _YOUTUBE and path.rstrip("/") == "/watch":
        query = _with_param(parts.query, "t", f"{t}s")
    elif (host in _YOUTU_BE and path.strip("/")) or (
        host in _YOUTUBE and path.startswith("/live/")
    ):
        query = _with_param(parts.query, "t", f"{t}s")
    elif host in _YOUTUBE_EMBED and path.startswith("/embed/"):
        query = _with_param(parts.query, "start", str(t))
    else:
        return f"{url.split('#', 1)[0]}#t={t}"
    # A YouTube fragment can only be an old "#t=…", which would fight the parameter.
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))

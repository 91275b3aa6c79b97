"""Transcripts of bargaining sessions: importing typed text, WebVTT and SRT through the page,
problems reported by line with nothing written, speakers matched to attendees, each line
linking to its moment of the video, the WebVTT export, and a page that stays fast with a long
transcript. The seed transcript is imported through the page as the team would."""

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from unionhall.bargaining import session_queries
from unionhall.bargaining.actions import sessions as actions
from unionhall.bargaining.models import Attendee, Session, TranscriptSegment
from unionhall.core.models import AuditEntry

YOUTUBE = "https://www.youtube.com/watch?v=UnionhallT02"
MP4 = "https://video.example.org/sessions/2026-05-19.mp4"
SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "001_a5499e419ebc6886.txt"
TIMED = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s")
ROW = re.compile(r'<li id="seg-(\d+)"><span class="t">(.*?)</span>\s*<span class="who">(.*?)'
                 r'</span>\s*<span class="said">(.*?)</span></li>', re.S)

TYPED = """\
0:05 Lara Center Good afternoon. First, para training.
0:41 Steve Bell When would the training take place?
Lara Before school starts,
with pay.
1:10 Sam We also need the bus routes fixed.
"""

VTT = """\
WEBVTT

00:00:05.000 --> 00:00:09.000
<v Lara Center>Good afternoon.</v>

00:00:10.500 --> 00:00:14.000
<v Steve Bell>Thank you. <v Lara Center>Shall we start?
"""

SRT = """\
1
00:00:05,000 --> 00:00:09,000
Lara Center: Good afternoon.

2
00:00:10,000 --> 00:00:12,000
STEVE BELL: Thank you.
"""


def make(world, *, video_url=YOUTUBE, video_seconds=None, published=True, people=None):
    session = actions.create_session(world.local, held_on=dt.date(2026, 5, 19),
                                     title="Session 5", video_url=video_url,
                                     video_seconds=video_seconds, by=None)
    actions.set_attendees(session, people or [
        ("union", "Lara Center", "President", None),
        ("district", "Steve Bell", "Chief of staff", None)], by=None)
    if published:
        actions.publish_session(session, by=None)
    return session


def url(name, session):
    return reverse(name, kwargs={"local_slug": "lakeview", "pk": session.pk})


def rows(page: str) -> list[dict]:
    """The transcript as the page shows it: position, time, link, speaker, side, text."""
    out = []
    for pos, time, who, said in ROW.findall(page):
        link = re.search(r'href="([^"]*)"', time)
        side = re.search(r'<span class="badge">(.*?)</span>', who)
        speaker = re.search(r"<strong>(.*?)</strong>", who)
        out.append({
            "position": int(pos), "time": html.unescape(re.sub(r"<[^>]+>", "", time)).strip(),
            "link": html.unescape(link.group(1)) if link else None,
            "opens": 'target="_blank" rel="noopener"' in time,
            "speaker": html.unescape(speaker.group(1)) if speaker else "",
            "side": side.group(1) if side else None, "text": html.unescape(said)})
    return out


def import_through_page(client, session, text, fmt="auto"):
    return client.post(url("transcript_import", session), {"text": text, "format": fmt})


# --- importing through the page -------------------------------------------------------------


def test_typed_text_through_the_page(world, as_user):
    session = make(world)
    client = as_user("team")
    form_page = client.get(url("transcript_import", session)).content.decode()
    assert "8:41 Lara Center Let's start with para training." in form_page
    assert "&lt;v Lara Center&gt;" in form_page
    response = import_through_page(client, session, TYPED, "plain")
    assert response.status_code == 302
    assert response["Location"] == url("session_detail", session) + "#transcript"
    session.refresh_from_db()
    assert session.transcript_format == "plain" and session.transcript_imported_at
    shown = rows(as_user("member").get(url("session_detail", session)).content.decode())
    assert [(r["time"], r["speaker"], r["side"]) for r in shown] == [
        ("0:05", "Lara Center", "Union"), ("0:41", "Steve Bell", "District"),
        ("", "Lara Center", "Union"), ("1:10", "Sam", None)]
    assert shown[2]["text"] == "Before school starts, with pay." and shown[2]["link"] is None
    assert shown[1]["link"] == YOUTUBE + "&t=41s" and shown[1]["opens"]


def test_the_message_names_unmatched_speakers_and_links_to_matching(world, as_user):
    session = make(world)
    client = as_user("team")
    response = import_through_page(client, session, TYPED)
    page = client.get(response["Location"]).content.decode()
    assert "4 lines imported; 1 speaker not matched to attendees: Sam." in page
    assert f'href="{url("transcript_speakers", session)}"' in page


def test_webvtt_with_voices_through_the_page(world, as_user):
    session = make(world)
    assert import_through_page(as_user("team"), session, VTT).status_code == 302
    session.refresh_from_db()
    assert session.transcript_format == "vtt"
    shown = rows(as_user("member").get(url("session_detail", session)).content.decode())
    assert [(r["time"], r["speaker"], r["text"]) for r in shown] == [
        ("0:05", "Lara Center", "Good afternoon."), ("0:10", "Steve Bell", "Thank you."),
        ("0:10", "Lara Center", "Shall we start?")]
    assert shown[1]["link"] == YOUTUBE + "&t=10s"


def test_srt_through_the_page_matches_names_in_any_case(world, as_user):
    session = make(world)
    assert import_through_page(as_user("team"), session, SRT, "srt").status_code == 302
    shown = rows(as_user("member").get(url("session_detail", session)).content.decode())
    assert [(r["speaker"], r["side"], r["text"]) for r in shown] == [
        ("Lara Center", "Union", "Good afternoon."), ("Steve Bell", "District", "Thank you.")]
    assert session.segments.get(position=1).speaker == "STEVE BELL"


def test_a_file_upload(world, as_user):
    session = make(world)
    upload = SimpleUploadedFile("session.vtt", ("\ufeff" + VTT).encode(), "text/vtt")
    response = as_user("team").post(url("transcript_import", session),
                                    {"file": upload, "format": "auto"})
    assert response.status_code == 302
    assert session.segments.count() == 3


@pytest.mark.parametrize("name, content, message", [
    ("notes.docx", b"0:01 Lara Hi", "Upload a .txt, .vtt or .srt file."),
    ("notes.txt", "0:01 Lara Caf\u00e9".encode("latin-1"), "is not UTF-8 text"),
])
def test_a_file_that_cannot_be_read(world, as_user, name, content, message):
    session = make(world)
    response = as_user("team").post(url("transcript_import", session), {
        "file": SimpleUploadedFile(name, content), "format": "auto"})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not session.segments.exists()


def test_nothing_to_import(world, as_user):
    session = make(world)
    response = import_through_page(as_user("team"), session, "   \n")
    assert response.status_code == 200
    assert "Paste the transcript or choose a file." in response.content.decode()


def test_problems_are_listed_by_line_and_nothing_is_written(world, as_user):
    session = make(world, video_seconds=120)
    client = as_user("team")
    import_through_page(client, session, TYPED)
    before = list(session.segments.values_list("position", "text"))
    bad = ("0:05 Lara Center Good afternoon.\n"
           "0:41 Steve Bell Training?\n"
           "0:30 Lara Center Going backwards.\n"
           "12:75 Steve Bell Not a time.\n"
           "2:30 Lara Center Later than the video.\n")
    response = import_through_page(client, session, bad)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "The transcript was not imported" in page
    assert "Line 3: 0:30 comes before 0:41" in page
    assert "Line 4: “12:75” at the start of the line is not a time" in page
    assert "Line 5: 2:30 is later than the end of the video (2:00)" in page
    # The text stays in the form, to be corrected there.
    assert "12:75 Steve Bell Not a time." in page
    assert list(session.segments.values_list("position", "text")) == before
    assert AuditEntry.objects.filter(verb="transcript.imported").count() == 1


def test_a_bad_file_comes_back_as_text_to_correct(world, as_user):
    session = make(world)
    upload = SimpleUploadedFile("session.vtt", b"WEBVTT\n\n00:00:05.000 -> 00:00:09.000\nHi\n")
    response = as_user("team").post(url("transcript_import", session),
                                    {"file": upload, "format": "vtt"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Line 3:" in page
    assert "00:00:05.000 -&gt; 00:00:09.000" in response.content.decode()


def test_import_action_rules(world, monkeypatch):
    session = make(world)
    with pytest.raises(PermissionDenied):
        actions.import_transcript(session, TYPED, by=world.users["member"])
    with pytest.raises(ValidationError) as problems:
        actions.import_transcript(session, "WEBVTT\n\nnonsense\n", format="vtt", by=None)
    assert problems.value.messages[0].startswith("Line 3: this block is not a cue")
    with pytest.raises(ValidationError, match="5 MB"):
        actions.import_transcript(session, "x" * (5 * 1024 * 1024 + 1), by=None)
    monkeypatch.setattr(actions, "MAX_SEGMENTS", 3)
    with pytest.raises(ValidationError, match="at most 3"):
        actions.import_transcript(session, TYPED, by=None)
    assert not session.segments.exists()


def test_import_replaces_the_transcript_and_is_audited(world):
    session = make(world)
    assert actions.import_transcript(session, TYPED, by=world.users["team"]) == 4
    assert actions.import_transcript(session, VTT, by=None) == 3
    assert list(session.segments.values_list("position", flat=True)) == [0, 1, 2]
    entries = list(AuditEntry.objects.filter(verb="transcript.imported").order_by("id"))
    assert entries[0].actor == world.users["team"]
    assert entries[0].changes["segments"] == [0, 4]
    assert entries[0].changes["unmapped_speakers"] == [None, ["Sam"]]
    assert entries[1].changes["segments"] == [4, 3]
    assert entries[1].changes["format"] == ["plain", "vtt"]


def test_a_huge_file_reports_its_first_problems_only(world):
    session = make(world)
    text = "\n".join(f"9:{i % 60:02d}:99 Lara x" for i in range(500))
    with pytest.raises(ValidationError) as problems:
        actions.import_transcript(session, text, format="plain", by=None)
    assert len(problems.value.messages) == actions.MAX_PROBLEMS_SHOWN + 1
    assert problems.value.messages[-1] == "… and 300 more problems."


# --- matching speakers to attendees ---------------------------------------------------------


def test_speakers_match_by_full_name_or_a_unique_first_name(world):
    session = make(world, people=[
        ("union", "Lara Center", "", None), ("union", "Vicki Okafor", "", None),
        ("district", "Steve Bell", "", None), ("district", "Steve Marsh", "", None)])
    actions.import_transcript(session, "0:01 Lara Center Hi\n0:02 Vicki Hello\n"
                                       "0:03 Steve Bell Yes\n0:04 Steve Which Steve?\n"
                                       "0:05 VICKI Again\n", format="plain", by=None)
    said = {s.text: s.attendee.name if s.attendee else None
            for s in session.segments.select_related("attendee")}
    assert said == {"Hi": "Lara Center", "Hello": "Vicki Okafor", "Yes": "Steve Bell",
                    "Which Steve?": None, "Again": "Vicki Okafor"}


def test_match_attendee_prefers_the_full_name():
    people = [Attendee(name="Lara"), Attendee(name="Lara Center")]
    assert actions.match_attendee("Lara", people).name == "Lara"
    assert actions.match_attendee("lara  center", people).name == "Lara Center"
    assert actions.match_attendee("", people) is None


def test_map_speaker_sets_and_clears(world):
    session = make(world)
    actions.import_transcript(session, TYPED, by=None)
    steve = session.attendees.get(name="Steve Bell")
    actions.map_speaker(session, "Sam", steve, by=world.users["team"])
    assert session.segments.get(speaker="Sam").attendee == steve
    entry = AuditEntry.objects.get(verb="transcript.speakers_mapped")
    assert entry.changes == {"Sam": [None, "Steve Bell"]}
    actions.map_speaker(session, "Sam", None, by=None)
    assert session.segments.get(speaker="Sam").attendee is None
    with pytest.raises(ValidationError, match="No line"):
        actions.map_speaker(session, "Nobody", steve, by=None)
    other = make(world)
    with pytest.raises(ValidationError, match="this session"):
        actions.map_speaker(session, "Sam", other.attendees.first(), by=None)
    with pytest.raises(PermissionDenied):
        actions.map_speaker(session, "Sam", steve, by=world.users["member"])


def test_speakers_page_matches_a_label_the_names_missed(world, as_user):
    session = make(world)
    actions.import_transcript(session, TYPED, by=None)
    client = as_user("team")
    page = client.get(url("transcript_speakers", session)).content.decode()
    assert '<label for="id_who_2">Sam</label>' in page and "1 line" in page
    labels = [e["label"] for e in session_queries.speaker_labels(session)]
    assert labels == ["Lara", "Lara Center", "Sam", "Steve Bell"]
    steve = session.attendees.get(name="Steve Bell")
    data = {f"label_{i}": label for i, label in enumerate(labels)}
    current = {e["label"]: e["attendee_id"] for e in session_queries.speaker_labels(session)}
    data.update({f"who_{i}": current[label] or "" for i, label in enumerate(labels)})
    data["who_2"] = steve.pk
    response = client.post(url("transcript_speakers", session), data)
    assert response.status_code == 302
    shown = rows(client.get(url("session_detail", session)).content.decode())
    assert shown[3]["speaker"] == "Steve Bell" and shown[3]["side"] == "District"
    assert shown[0]["speaker"] == "Lara Center"  # untouched labels stay as they were
    # A transcript imported again meanwhile: the page asks to look again.
    actions.import_transcript(session, VTT, by=None)
    response = client.post(url("transcript_speakers", session), data)
    assert response.status_code == 200
    assert "The transcript changed" in response.content.decode()


# --- links to the video, the export, a long transcript --------------------------------------


def test_a_plain_video_file_links_with_a_media_fragment(world, as_user):
    session = make(world, video_url=MP4)
    actions.import_transcript(session, TYPED, by=None)
    shown = rows(as_user("member").get(url("session_detail", session)).content.decode())
    assert shown[1]["link"] == MP4 + "#t=41"
    assert shown[2]["link"] is None and shown[2]["time"] == ""


def test_no_video_shows_times_without_links(world, as_user):
    session = make(world, video_url="")
    actions.import_transcript(session, TYPED, by=None)
    page = as_user("member").get(url("session_detail", session)).content.decode()
    shown = rows(page)
    assert shown[0]["time"] == "0:05" and shown[0]["link"] is None
    assert "No recording" in page


def test_transcript_text_is_escaped(world, as_user):
    session = make(world)
    actions.import_transcript(session, "0:01 Lara <script>alert(1)</script>", by=None)
    page = as_user("member").get(url("session_detail", session)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_webvtt_export(world, as_user):
    session = make(world)
    actions.import_transcript(session, TYPED, by=None)
    response = as_user("member").get(url("transcript_vtt", session))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="lakeview-bargaining-session-2026-05-19.vtt"')
    body = response.content.decode()
    assert body.startswith("WEBVTT")
    assert "00:00:41.000 --> 00:01:10.000\n<v Steve Bell>When would the training" in body
    # "Lara" was matched to Lara Center: the export names her in full; Sam stays Sam.
    assert "<v Lara Center>Before school starts, with pay." in body
    assert "<v Sam>We also need the bus routes fixed." in body


def _bulk(session, n: int) -> None:
    TranscriptSegment.objects.bulk_create([
        TranscriptSegment(session=session, position=i, start=float(i), speaker="Lara Center",
                          attendee=session.attendees.get(name="Lara Center"), text=f"Line {i}")
        for i in range(n)], batch_size=2000)


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


def test_session_page_queries_do_not_grow_with_the_transcript(world, as_user):
    small, big = make(world), make(world)
    _bulk(small, 5)
    _bulk(big, 1200)
    for persona in ("member", "team"):
        client = as_user(persona)
        _queries(client, url("session_detail", small))  # warm the session and caches
        assert _queries(client, url("session_detail", small)) == _queries(
            client, url("session_detail", big)), persona
        assert _queries(client, url("session_detail", big) + "?page=3") == _queries(
            client, url("session_detail", small))


def test_a_long_transcript_is_shown_a_page_at_a_time(world, as_user):
    session = make(world)
    _bulk(session, 20_000)
    client = as_user("member")
    first = client.get(url("session_detail", session)).content.decode()
    assert 'id="seg-0"' in first and 'id="seg-499"' in first and 'id="seg-500"' not in first
    assert "Lines 19501–20000" in first
    target = session_queries.segment_url("lakeview", session.pk, 19_999)
    assert target == url("session_detail", session) + "?page=40#seg-19999"
    last = client.get(target.split("#")[0]).content.decode()
    assert 'id="seg-19999"' in last and 'id="seg-19499"' not in last
    assert session_queries.segment_page(0) == 1 and session_queries.segment_page(500) == 2
    assert session_queries.segment_url("lakeview", session.pk, 3).endswith("/#seg-3")
    # A page past the end shows the last one, not an error.
    past_the_end = client.get(url("session_detail", session) + "?page=99")
    assert 'id="seg-19999"' in past_the_end.content.decode()


# --- the seed transcript, imported as the team would ----------------------------------------


def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip("the seed transcript is read from ../shared: ../shared is absent")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if TIMED.match(line))
    end = next(i for i, line in enumerate(lines) if line.strip() == "Leave a Reply")
    return [line for line in lines[start:end]]


SEED_PEOPLE = {"Lara": "Lara Center", "Vicki": "Vicki Okafor", "Katharine": "Katharine Brandt",
               "Steve": "Steve Bell"}


def _expected(lines: list[str]) -> list[dict]:
    """What each line should become, worked out here by the format's rules: a time starts a
    line of the transcript, so does an attendee's first name; anything else continues."""
    out = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        timed = TIMED.match(line)
        rest = line[timed.end():] if timed else line
        first = rest.split()[0]
        if timed or first in SEED_PEOPLE:
            out.append({"time": timed.group(1) if timed else "",
                        "speaker": SEED_PEOPLE[first], "lines": [line]})
        else:
            out[-1]["lines"].append(line)
    return out


@pytest.mark.shared
def test_the_seed_transcript_through_the_page(world, as_user):
    lines = _seed_lines()
    session = make(world, video_url="https://www.youtube.com/watch?v=UnionhallSeed1", people=[
        ("union", "Lara Center", "President", None), ("union", "Vicki Okafor", "", None),
        ("district", "Katharine Brandt", "", None), ("district", "Steve Bell", "", None)])
    client = as_user("team")
    response = client.post(url("transcript_import", session),
                           {"text": "\n".join(lines), "format": "auto"})
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = rows(as_user("member").get(url("session_detail", session)).content.decode())
    expected = _expected(lines)
    assert len(shown) == len(expected)
    for row, want in zip(shown, expected, strict=True):
        assert (row["time"], row["speaker"]) == (want["time"], want["speaker"]), want["lines"]
        # Every line shows: a continuation's words are in its segment.
        for line in want["lines"][1:]:
            assert line in row["text"], (line, row["text"])
    bell = next(r for r in shown if r["time"] == "19:09")
    assert bell["speaker"] == "Steve Bell" and bell["side"] == "District"
    assert bell["text"].startswith("Regarding para training:")
    assert "t=1149s" in bell["link"] and bell["opens"]
    yesterday = next(r for r in shown if "Yesterday" in r["text"])
    assert yesterday["speaker"] == "Vicki Okafor" and yesterday["time"] == ""
    assert yesterday["text"] == "“Yesterday”"
    first = next(r for r in shown if r["time"] == "13:01")
    assert first["text"].endswith("right now, not less")
    assert session.segments.filter(attendee=None).count() == 0
    assert Session.objects.get(pk=session.pk).transcript_format == "plain"

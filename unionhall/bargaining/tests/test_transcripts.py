"""Reading bargaining-session transcripts (typed notes, WebVTT, SRT), writing WebVTT, and linking
to a moment of the video. Pure functions: no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.bargaining.transcripts import (
    NO_TRANSCRIPT,
    Segment,
    TranscriptError,
    detect_format,
    format_time,
    parse,
    to_webvtt,
    video_link,
)

TEAM = ("Lara Center", "Vicki Reyes", "Katharine Ortiz", "Steve Bell")

# As a member typed it while watching the recording; lines wrap where she pressed Enter.
MEMBER_NOTES = """\
8:41 Lara Academic section of Return to Learning Draft
13:01 Vicki A top priority of our members is students need more support right now,
not less
13:56 Katharine Hesitate to rely too much on what’s a draft right now.
15:09 Katharine When does JESPA think training should take place?
Vicki “Yesterday”
19:09 Steve Bell Regarding para training:
“This is more about operational practices on the educational side that is
a negotiated agreement provision, ...”
Vicki “The former of what you just said, the folks that we represent that work
directly with students need to have the training to support students.”
21:12 Steve “Are you asking to be a MEMBER of the educational program, which
21:26 Lara “Paras do not teach content, we support the content that’s already been
Explains an example of what it might look like with paras supporting
content via Zoom
22:26 Lara “We’re not ASKING to be a part of the educational team, we ARE part of
22:34 Steve ** “We’re talking about an actual teacher assistant which, I understand, and
"""


def seg(start, speaker, text, line, end=None):
    return Segment(start=start, end=end, speaker=speaker, text=text, line=line)


def problems_of(text, **kwargs):
    with pytest.raises(TranscriptError) as caught:
        parse(text, **kwargs)
    return caught.value.problems


# --- plain text: the member's notes ---------------------------------------------------------


def test_member_notes_with_the_team_known():
    assert parse(MEMBER_NOTES, speakers=TEAM) == [
        seg(521.0, "Lara", "Academic section of Return to Learning Draft", 1),
        seg(781.0, "Vicki", "A top priority of our members is students need more support "
            "right now, not less", 2),
        seg(836.0, "Katharine", "Hesitate to rely too much on what’s a draft right now.", 4),
        seg(909.0, "Katharine", "When does JESPA think training should take place?", 5),
        seg(None, "Vicki", "“Yesterday”", 6),
        seg(1149.0, "Steve Bell", "Regarding para training: “This is more about operational "
            "practices on the educational side that is a negotiated agreement provision, ...”", 7),
        seg(None, "Vicki", "“The former of what you just said, the folks that we represent that "
            "work directly with students need to have the training to support students.”", 10),
        seg(1272.0, "Steve", "“Are you asking to be a MEMBER of the educational program, which",
            12),
        seg(1286.0, "Lara", "“Paras do not teach content, we support the content that’s already "
            "been Explains an example of what it might look like with paras supporting content "
            "via Zoom", 13),
        seg(1346.0, "Lara", "“We’re not ASKING to be a part of the educational team, we ARE "
            "part of", 16),
        seg(1354.0, "Steve", "** “We’re talking about an actual teacher assistant which, I "
            "understand, and", 17),
    ]


def test_member_notes_with_no_speakers_known():
    # Every timed line's first word is its speaker; untimed lines all continue.
    assert parse(MEMBER_NOTES) == [
        seg(521.0, "Lara", "Academic section of Return to Learning Draft", 1),
        seg(781.0, "Vicki", "A top priority of our members is students need more support "
            "right now, not less", 2),
        seg(836.0, "Katharine", "Hesitate to rely too much on what’s a draft right now.", 4),
        seg(909.0, "Katharine", "When does JESPA think training should take place? "
            "Vicki “Yesterday”", 5),
        seg(1149.0, "Steve", "Bell Regarding para training: “This is more about operational "
            "practices on the educational side that is a negotiated agreement provision, ...” "
            "Vicki “The former of what you just said, the folks that we represent that work "
            "directly with students need to have the training to support students.”", 7),
        seg(1272.0, "Steve", "“Are you asking to be a MEMBER of the educational program, which",
            12),
        seg(1286.0, "Lara", "“Paras do not teach content, we support the content that’s already "
            "been Explains an example of what it might look like with paras supporting content "
            "via Zoom", 13),
        seg(1346.0, "Lara", "“We’re not ASKING to be a part of the educational team, we ARE "
            "part of", 16),
        seg(1354.0, "Steve", "** “We’re talking about an actual teacher assistant which, I "
            "understand, and", 17),
    ]


def test_member_notes_are_detected_as_plain_text():
    assert detect_format(MEMBER_NOTES) == "plain"
    assert parse(MEMBER_NOTES, format="plain", speakers=TEAM) == parse(MEMBER_NOTES,
                                                                       speakers=TEAM)


# --- plain text: names ------------------------------------------------------------------------


def test_the_longest_known_name_wins_and_the_name_is_kept_as_written():
    text = "1:00 Steve Bell Regarding training\n2:00 Steve Are you asking\nSteve Bell: Yes\n"
    assert [(s.speaker, s.text) for s in parse(text, speakers=TEAM)] == [
        ("Steve Bell", "Regarding training"),
        ("Steve", "Are you asking"),
        ("Steve Bell", "Yes"),
    ]


def test_a_name_must_end_at_a_word_boundary():
    text = (
        "1:00 Lara Opening\n"
        "Stevens said no\n"          # not "Steve"
        "Steve’s point was noted\n"  # an apostrophe continues the word
        "Lara-Jane agreed\n"         # so does a hyphen
        "Steve, you said\n"          # a comma ends the name
        "Steve\n"                    # the end of the line ends it
        "“Yesterday”\n"
    )
    assert [(s.start, s.speaker, s.text) for s in parse(text, speakers=TEAM)] == [
        (60.0, "Lara", "Opening Stevens said no Steve’s point was noted Lara-Jane agreed"),
        (None, "Steve", ", you said"),
        (None, "Steve", "“Yesterday”"),
    ]


def test_names_are_case_sensitive_so_prose_continues():
    text = "1:00 Vicki We asked\nlara said the same\nLARA disagreed\n"
    assert parse(text, speakers=TEAM) == [
        seg(60.0, "Vicki", "We asked lara said the same LARA disagreed", 1),
    ]


def test_a_colon_after_the_name_is_dropped_and_spaces_between_names_are_forgiven():
    text = "1:00 Katharine Ortiz: First point\nSteve  Bell:  Second point\n2:00 Lara:\n"
    assert [(s.speaker, s.text) for s in parse(text, speakers=TEAM)] == [
        ("Katharine Ortiz", "First point"),
        ("Steve Bell", "Second point"),
        ("Lara", ""),
    ]


def test_a_timed_line_with_an_unknown_speaker_takes_its_first_word():
    text = "1:00 Maria: We need more staff\n2:00 Superintendent   Not this year\n"
    assert [(s.speaker, s.text) for s in parse(text, speakers=TEAM)] == [
        ("Maria", "We need more staff"),
        ("Superintendent", "Not this year"),
    ]


def test_untimed_lines_continue_and_blank_lines_end_nothing():
    text = "\n\nIntroductions were made\n\n1:00 Lara We open\n\nwith a statement\n   \n"
    assert parse(text, speakers=TEAM) == [
        seg(None, None, "Introductions were made", 3),
        seg(60.0, "Lara", "We open with a statement", 5),
    ]


def test_a_time_alone_starts_a_segment_without_speaker():
    assert parse("8:41\nthe recording starts\n") == [seg(521.0, None, "the recording starts", 1)]


def test_text_keeps_inner_spacing_quotes_and_stars():
    assert parse("1:00 Lara  **  “Yes”,   said  she  \n")[0].text == "**  “Yes”,   said  she"


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("0:05", 5.0), ("8:41", 521.0), ("08:41", 521.0), ("19:09", 1149.0), ("99:59", 5999.0),
     ("1:02:03", 3723.0), ("12:00:00", 43200.0)],
)
def test_plain_times(typed, seconds):
    assert parse(f"{typed} Lara Hello\n")[0].start == seconds


def test_a_time_must_be_followed_by_a_space():
    # "3:30pm" is prose: the line continues the segment before it.
    assert parse("1:00 Lara We meet at\n3:30pm tomorrow\n")[0].text == "We meet at 3:30pm tomorrow"


@pytest.mark.parametrize("typed", ["12:75", "100:00", "1:75:00", "1:00:60"])
def test_something_that_looks_like_a_time_but_is_not_is_reported(typed):
    [(line, message)] = problems_of(f"1:00 Lara Hello\n{typed} Vicki Bye\n")
    assert line == 2 and f"“{typed}”" in message and "M:SS" in message


# --- problems ---------------------------------------------------------------------------------


def test_times_going_backwards_and_past_the_end_are_all_reported_by_line():
    text = (
        "8:41 Lara Opening\n"         # 1
        "15:09 Katharine Question\n"  # 2
        "Vicki Answer\n"              # 3: untimed, not compared
        "\n"                          # 4
        "13:01 Vicki Out of order\n"  # 5: before 15:09
        "13:01 Steve Same time\n"     # 6: equal is fine
        "1:32:10 Steve Too late\n"    # 7: past the end
        "1:20:00 Lara End\n"          # 8: before 1:32:10, and exactly the end is fine
    )
    error = pytest.raises(TranscriptError, parse, text, speakers=TEAM, duration=4800.0).value
    assert error.problems == [
        (5, "13:01 comes before 15:09 on an earlier line; times must not go backwards."),
        (7, "1:32:10 is later than the end of the video (1:20:00)."),
        (8, "1:20:00 comes before 1:32:10 on an earlier line; times must not go backwards."),
    ]
    assert str(error) == (
        "Line 5: 13:01 comes before 15:09 on an earlier line; times must not go backwards.\n"
        "Line 7: 1:32:10 is later than the end of the video (1:20:00).\n"
        "Line 8: 1:20:00 comes before 1:32:10 on an earlier line; times must not go backwards."
    )


def test_problems_of_different_kinds_come_in_line_order():
    text = "2:00 Lara A\n1:00 Lara B\n12:99 Lara C\n"
    assert [line for line, _ in problems_of(text)] == [2, 3]


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n", "\ufeff", "\ufeff\r\n\r\n"])
@pytest.mark.parametrize("format", ["auto", "plain", "vtt", "srt"])
def test_an_empty_file_is_a_problem(text, format):
    error = pytest.raises(TranscriptError, parse, text, format=format).value
    assert error.problems == [(0, NO_TRANSCRIPT)]
    assert str(error) == "There is no transcript in this file."


@pytest.mark.parametrize(
    "text",
    ["WEBVTT\n", "\ufeffWEBVTT\n\nNOTE nothing yet\n", "WEBVTT\n\n00:01.000 --> 00:02.000\n"],
)
def test_a_webvtt_file_without_words_is_empty(text):
    assert problems_of(text) == [(0, NO_TRANSCRIPT)]


def test_byte_order_mark_and_every_kind_of_line_end():
    expected = [seg(60.0, "Lara", "One two", 1), seg(120.0, "Vicki", "Three", 3)]
    for text in ("\ufeff1:00 Lara One\r\ntwo\r\n2:00 Vicki Three\r\n",
                 "1:00 Lara One\rtwo\r2:00 Vicki Three",
                 "1:00 Lara One\ntwo\n2:00 Vicki Three\n"):
        assert parse(text, speakers=TEAM) == expected


def test_unknown_format_and_bad_arguments():
    with pytest.raises(ValueError, match="Unknown transcript format"):
        parse("1:00 Lara Hi", format="docx")
    with pytest.raises(TypeError):
        parse("1:00 Lara Hi", speakers="Lara Center")
    with pytest.raises(ValueError):
        parse("1:00 Lara Hi", duration=-1)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("0123456789: \n\r\tLaVWEBTN->.,<>v&;"))),
       st.sampled_from(["auto", "plain", "vtt", "srt"]))
def test_any_text_gives_segments_or_a_transcript_error(text, format):
    try:
        segments = parse(text, format=format, speakers=TEAM, duration=600)
    except TranscriptError as error:
        assert error.problems and all(isinstance(line, int) for line, _ in error.problems)
    else:
        assert segments


# --- WebVTT -----------------------------------------------------------------------------------

VTT = """\ufeffWEBVTT - Bargaining session, October 3
Kind: captions

STYLE
::cue { color: yellow }

NOTE The district's recording starts late.
It was restarted twice.

REGION
id:left width:40%

intro
00:08:41.000 --> 00:08:45.500 align:start
<v Lara Center>Academic section of Return
to Learning Draft</v>

00:19:09.125 --> 00:19:12.875
<v.loud Steve Bell>Regarding para training:</v> <v Vicki Reyes>“Yesterday”

3
01:02:03.999 --> 01:02:05.000
<i>Laughter</i> &amp; <b>applause</b> &lt;inaudible&gt;&nbsp;x&#233;&lrm;
"""


def test_webvtt_cues_voices_and_millisecond_times():
    assert detect_format(VTT) == "vtt"
    assert parse(VTT) == [
        seg(521.0, "Lara Center", "Academic section of Return to Learning Draft", 14, 525.5),
        seg(1149.125, "Steve Bell", "Regarding para training:", 18, 1152.875),
        seg(1149.125, "Vicki Reyes", "“Yesterday”", 18, 1152.875),
        seg(3723.999, None, "Laughter & applause <inaudible>\xa0xé\u200e", 22, 3725.0),
    ]


def test_webvtt_text_before_the_first_voice_and_after_a_closed_voice_has_no_speaker():
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\n"
            "[music] <v Lara>We open.</v> (crosstalk) <v Steve>No.\n")
    assert [(s.speaker, s.text) for s in parse(text)] == [
        (None, "[music]"), ("Lara", "We open."), (None, "(crosstalk)"), ("Steve", "No."),
    ]


def test_webvtt_tags_are_removed_and_their_text_kept():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
        "<c.yellow.bg_blue>Bread</c> and <u>roses</u> <lang es>pan</lang> "
        "<ruby>漢<rt>kan</rt></ruby> one<00:00:02.500> two <i>three</i>\n"
    )
    assert parse(text)[0].text == "Bread and roses pan 漢kan one two three"


def test_webvtt_without_voices_takes_a_known_name_followed_by_a_colon():
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\nLara Center: We need more aides.\n\n"
            "00:03.000 --> 00:04.000\nSteve: No.\n\n"
            "00:05.000 --> 00:06.000\nMaria: Unknown.\n\n"
            "00:07.000 --> 00:08.000\nLara said so\n")
    assert [(s.speaker, s.text) for s in parse(text, speakers=TEAM)] == [
        ("Lara Center", "We need more aides."),
        ("Steve", "No."),
        (None, "Maria: Unknown."),
        (None, "Lara said so"),
    ]
    assert [s.speaker for s in parse(text)] == [None, None, None, None]


def test_webvtt_hours_are_optional_empty_cues_are_skipped_and_empty_voices_kept():
    text = ("WEBVTT\n\n00:05.250 --> 01:00.000\nShort form\n\n"
            "id-2\n00:01:00.000 --> 00:01:00.000\n\n"
            "00:01:01.000 --> 00:01:02.000\n<v Lara></v>\n")
    assert parse(text) == [
        seg(5.25, None, "Short form", 3, 60.0),
        seg(61.0, "Lara", "", 9, 62.0),
    ]


def test_webvtt_problems_are_all_reported_with_their_lines():
    text = (
        "WEBVTT\n"                          # 1
        "\n"                                # 2
        "00:10.000 --> 00:12.000\n"         # 3
        "Fine\n"                            # 4
        "\n"                                # 5
        "00:20,000 --> 00:22.000\n"         # 6: a comma is SRT, not WebVTT
        "Bad timing\n"                      # 7
        "\n"                                # 8
        "00:30.000 --> 00:29.000\n"         # 9: ends before it starts
        "Backwards cue\n"                   # 10
        "\n"                                # 11
        "00:05.500 --> 00:06.000\n"         # 12: before 00:10
        "Out of order\n"                    # 13
        "\n"                                # 14
        "just some words\n"                 # 15: no timing line
        "more words\n"                      # 16
        "\n"                                # 17
        "01:00.000 --> 01:40.000\n"         # 18: ends after the video
        "Late\n"
    )
    problems = problems_of(text, duration=90)
    assert [line for line, _ in problems] == [6, 9, 12, 15, 18]
    assert "“00:20,000 --> 00:22.000” is not a cue timing line" in problems[0][1]
    assert problems[1][1] == "this cue ends at 0:29, before it starts at 0:30."
    assert problems[2][1] == ("0:05.500 comes before 0:10 on an earlier line; "
                              "times must not go backwards.")
    assert "not a cue" in problems[3][1]
    assert problems[4][1] == "1:40 is later than the end of the video (1:30)."


def test_webvtt_needs_its_header():
    assert problems_of("00:01.000 --> 00:02.000\nHello\n", format="vtt") == [
        (1, "a WebVTT file must start with a line that says “WEBVTT”."),
    ]
    assert problems_of("WEBVTTX\n\n00:01.000 --> 00:02.000\nHello\n", format="vtt")[0][0] == 1


def test_several_voices_in_one_cue_past_the_end_are_reported_once():
    text = "WEBVTT\n\n00:10.000 --> 00:20.000\n<v A>one <v B>two\n"
    assert problems_of(text, duration=15) == [
        (3, "0:20 is later than the end of the video (0:15).")
    ]


# --- SRT --------------------------------------------------------------------------------------

SRT = """\
1
00:08:41,000 --> 00:08:45,500
<i>Academic section</i> of Return
to Learning Draft

2
00:19:09.125 --> 00:19:12,875
LARA CENTER: We need more aides.

3
00:21:12,000 --> 00:21:14,000
<v Steve Bell>Are you asking?</v>

4
00:21:15,000 --> 00:21:16,000
SPEAKER 1: Yes.

5
00:21:17,000 --> 00:21:18,000
<font color="#ffff00">Vicki:</font> We are part of it.

6
00:21:19,000 --> 00:21:20,000
the ratio is 1 < 2 and AT&amp;T > x

7
00:21:21,000 --> 00:21:22,000
Regarding para training: a lower-case word is not a name

8
00:21:23,000 --> 00:21:24,000
Mary Ann Smith Jones Brown: five words are not a name

00:21:25,000 --> 00:21:26,000
No number above this one.

10
00:21:27,000 --> 00:21:28,000
"""


def test_srt_subtitles_and_their_speakers():
    assert detect_format(SRT) == "srt"
    assert parse(SRT, speakers=TEAM) == [
        seg(521.0, None, "Academic section of Return to Learning Draft", 2, 525.5),
        seg(1149.125, "LARA CENTER", "We need more aides.", 7, 1152.875),
        seg(1272.0, "Steve Bell", "Are you asking?", 11, 1274.0),
        seg(1275.0, "SPEAKER 1", "Yes.", 15, 1276.0),
        seg(1277.0, "Vicki", "We are part of it.", 19, 1278.0),
        seg(1279.0, None, "the ratio is 1 < 2 and AT&amp;T > x", 23, 1280.0),
        seg(1281.0, None, "Regarding para training: a lower-case word is not a name", 27, 1282.0),
        seg(1283.0, None, "Mary Ann Smith Jones Brown: five words are not a name", 31, 1284.0),
        seg(1285.0, None, "No number above this one.", 34, 1286.0),
    ]


def test_srt_problems_are_all_reported_with_their_lines():
    text = (
        "1\n"                                   # 1
        "00:00:10,000 --> 00:00:12,000\n"       # 2
        "Fine\n"                                # 3
        "\n"                                    # 4
        "2\n"                                   # 5
        "00:00:20 --> 00:00:22,000\n"           # 6: no milliseconds
        "Bad\n"                                 # 7
        "\n"                                    # 8
        "3\n"                                   # 9: a number and nothing else
        "\n"                                    # 10
        "A stray paragraph\n"                   # 11: neither number nor times
        "\n"                                    # 12
        "5\n"                                   # 13
        "00:00:09,000 --> 00:00:08,000\n"       # 14: ends before it starts
        "Back\n"                                # 15
        "\n"                                    # 16
        "6\n"                                   # 17
        "00:00:05,000 --> 00:00:06,000\n"       # 18: before 00:10
        "Earlier\n"                             # 19
        "\n"                                    # 20
        "7\n"                                   # 21
        "00:01:00,000 --> 00:01:01,000\n"       # 22: after the video
        "Late\n"
    )
    problems = problems_of(text, format="srt", duration=59.5)
    assert [line for line, _ in problems] == [6, 9, 11, 14, 18, 22]
    assert "“00:00:20 --> 00:00:22,000” is not a subtitle timing line" in problems[0][1]
    assert "not a subtitle" in problems[1][1] and "not a subtitle" in problems[2][1]
    assert problems[5][1] == "1:00 is later than the end of the video (0:59.500)."


# --- detect_format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "vtt"),
        ("\ufeffWEBVTT\tcaptions\n", "vtt"),
        ("WEBVTT", "vtt"),
        ("WEBVTTX\n", "plain"),
        (" WEBVTT\n", "plain"),
        ("\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt"),
        ("\ufeff12\r\n00:00:01,000 --> 00:00:02,000\r\n", "srt"),
        ("1\nHi there\n", "plain"),
        ("00:00:01,000 --> 00:00:02,000\nHi\n", "plain"),
        ("8:41 Lara Hello\n", "plain"),
        ("", "plain"),
    ],
)
def test_detect_format(text, expected):
    assert detect_format(text) == expected


# --- writing WebVTT ---------------------------------------------------------------------------


def test_to_webvtt_fills_in_missing_times_and_escapes():
    segments = [
        seg(None, None, "Before the first time", 1),
        seg(521.0, "Lara", "Bread & roses <now>", 2),
        seg(None, "Vicki", "“Yesterday”", 3),
        seg(1149.125, "A&B <Team>", "Two\nlines", 4, end=1150.0),
        seg(1200.0, "Steve", "Zero length", 5, end=1200.0),
        seg(1300.0, None, "Last", 6),
    ]
    assert to_webvtt(segments) == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:08:41.000\nBefore the first time\n\n"
        "00:08:41.000 --> 00:19:09.125\n<v Lara>Bread &amp; roses &lt;now&gt;\n\n"
        "00:08:41.000 --> 00:19:09.125\n<v Vicki>“Yesterday”\n\n"
        "00:19:09.125 --> 00:19:10.000\n<v A&amp;B &lt;Team&gt;>Two lines\n\n"
        "00:20:00.000 --> 00:20:01.000\n<v Steve>Zero length\n\n"
        "00:21:40.000 --> 00:21:45.000\nLast\n"
    )


def test_to_webvtt_of_nothing_is_a_header():
    assert to_webvtt([]) == "WEBVTT\n"


def test_member_notes_survive_the_round_trip_through_webvtt():
    original = parse(MEMBER_NOTES, speakers=TEAM)
    back = parse(to_webvtt(original), format="vtt")
    assert [(s.speaker, s.text) for s in back] == [(s.speaker, s.text) for s in original]
    assert [b.start for o, b in zip(original, back, strict=True) if o.start is not None] == [
        o.start for o in original if o.start is not None
    ]
    # The untimed lines show with the speech they were typed after.
    assert back[4].start == 909.0 and back[4].end == 1149.0


def test_webvtt_survives_the_round_trip_exactly():
    once = parse(VTT)
    assert parse(to_webvtt(once)) == [
        Segment(s.start, s.end, s.speaker, s.text, line)
        for s, line in zip(once, [3, 6, 9, 12], strict=True)
    ]


_clean_text = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
    max_size=40,
).filter(lambda t: t == t.strip())
_segments = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 10**8)),  # milliseconds, or untimed
        st.one_of(st.none(), _clean_text.filter(bool)),
        _clean_text,
        st.one_of(st.none(), st.integers(0, 5000)),
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(_segments)
def test_to_webvtt_round_trip(drafts):
    segments, clock = [], 0
    for ms, speaker, text, length in drafts:
        if ms is not None:
            clock += ms % 600_000  # parse never produces times that go backwards
        start = clock / 1000 if ms is not None else None
        end = (clock + length) / 1000 if ms is not None and length is not None else None
        if speaker is None and not text:
            text = "…"  # a cue with neither speaker nor words is empty, and parse skips those
        segments.append(Segment(start, end, speaker, text, 1))
    if not segments:
        return
    back = parse(to_webvtt(segments), format="vtt")
    assert [(s.speaker, s.text) for s in back] == [(s.speaker, s.text) for s in segments]
    for original, read in zip(segments, back, strict=True):
        if original.start is not None:
            assert read.start == original.start
        if original.end is not None and original.end > original.start:
            assert read.end == original.end
        assert read.end > read.start


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc123",
         "https://www.youtube.com/watch?v=abc123&t=1149s"),
        ("https://youtube.com/watch?v=abc123&list=PL9%2Fx&t=30s&index=2",
         "https://youtube.com/watch?v=abc123&list=PL9%2Fx&index=2&t=1149s"),
        ("https://m.youtube.com/watch?t=5&v=abc123#t=5",
         "https://m.youtube.com/watch?v=abc123&t=1149s"),
        ("https://youtu.be/abc123", "https://youtu.be/abc123?t=1149s"),
        ("https://youtu.be/abc123?si=XyZ", "https://youtu.be/abc123?si=XyZ&t=1149s"),
        ("https://youtu.be/abc123?t=12", "https://youtu.be/abc123?t=1149s"),
        ("https://www.youtube.com/live/abc123?feature=share",
         "https://www.youtube.com/live/abc123?feature=share&t=1149s"),
        ("https://www.youtube.com/embed/abc123", "https://www.youtube.com/embed/abc123?start=1149"),
        ("https://www.youtube-nocookie.com/embed/abc123?rel=0&start=10",
         "https://www.youtube-nocookie.com/embed/abc123?rel=0&start=1149"),
        ("https://music.youtube.com/watch?v=abc123",
         "https://music.youtube.com/watch?v=abc123#t=1149"),
        ("https://district.example.org/board/2024-10-03.mp4",
         "https://district.example.org/board/2024-10-03.mp4#t=1149"),
        ("https://vimeo.com/123456#t=30s", "https://vimeo.com/123456#t=1149"),
        ("http://youtube.com.evil.example/watch?v=x", "http://youtube.com.evil.example/watch?v=x#t=1149"),
        ("  https://youtu.be/abc123  ", "https://youtu.be/abc123?t=1149s"),
    ],
)
def test_video_link_for_each_kind_of_url(url, expected):
    assert video_link(url, 1149.9) == expected


def test_video_link_without_a_time_or_url():
    assert video_link("https://youtu.be/abc123", None) == "https://youtu.be/abc123"
    assert video_link("", 10) == ""
    assert video_link("https://youtu.be/abc123", 0) == "https://youtu.be/abc123?t=0s"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)//https://youtube.com/watch?v=x",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "https://youtu.be/x\njavascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//youtube.com/watch?v=x",
        "https:/youtube.com/watch?v=x",
        "https:\\\\youtube.com/watch?v=x",
        "ftp://example.org/video.mp4",
        "file:///etc/passwd",
        "/relative/video.mp4",
        "https://[::1/video.mp4",
    ],
)
@pytest.mark.parametrize("seconds", [None, 1149])
def test_video_link_refuses_anything_but_http(url, seconds):
    assert video_link(url, seconds) == ""


def test_video_link_refuses_a_negative_time():
    with pytest.raises(ValueError):
        video_link("https://youtu.be/abc123", -1)


# --- format_time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (5, "0:05"), (521, "8:41"), (521.99, "8:41"), (1149, "19:09"),
     (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"), (36000 + 61, "10:01:01")],
)
def test_format_time(seconds, shown):
    assert format_time(seconds) == shown


def test_format_time_and_plain_times_agree():
    for seconds in (5, 521, 1149, 3723, 4800):
        assert parse(f"{format_time(seconds)} Lara Hi")[0].start == seconds


def test_format_time_refuses_nonsense():
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            format_time(bad)


def test_to_webvtt_refuses_a_negative_start():
    with pytest.raises(ValueError):
        to_webvtt([seg(-1.0, None, "Too early", 1)])

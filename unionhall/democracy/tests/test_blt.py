"""Reading and writing BLT files: what a file can hold, and every malformed file named by line."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.democracy.blt import BltElection, BltError, parse_blt, read_blt, write_blt

from .stv_data import MISSING, SHARED_STV, elections

GOOD = '''4 2
-4
12 1 2 4 0
5 2=3 1 0

(b7) 3 3 0
12 1 2 4 0
0
"Alice"
"Bob ""the Builder"" Smith"
Carol Jones (Grn)
"Dan" "Independent"
"Ward 7"
'''


def test_reads_header_withdrawn_ballots_names_and_title():
    e = parse_blt(GOOD)
    assert e.seats == 2 and e.candidates == [1, 2, 3, 4]
    assert e.withdrawn == [4]
    assert e.ballots == Counter({(1, 2, 4): 24, ((2, 3), 1): 5, (3,): 3})
    assert e.names == ['Alice', 'Bob "the Builder" Smith', "Carol Jones (Grn)",
                       "Dan (Independent)"]
    assert e.title == "Ward 7"


def test_windows_line_endings_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "e.blt"
    path.write_bytes(b"\xef\xbb\xbf2 1\r\n3 1 0\r\n2 2 1 0\r\n0\r\n\"A\"\r\n\"B\"\r\n\"T\"\r\n")
    e = read_blt(path)
    assert e.ballots == Counter({(1,): 3, (2, 1): 2}) and e.names == ["A", "B"]


def test_the_title_is_optional():
    assert parse_blt('2 1\n1 1 0\n0\n"A"\n"B"\n').title == ""


@pytest.mark.parametrize(("text", "line", "message"), [
    ("", 1, "empty"),
    ("3\n", 1, "first line must be 'candidates seats'"),
    ("three 1\n", 1, "number of candidates must be a whole number"),
    ("3 0\n", 1, "at least one candidate and one seat"),
    ("3 1\n-4\n1 1 0\n0\n", 2, "withdrawn candidate is written -1 to -3"),
    ("3 1\n-x\n", 2, "withdrawn candidate must be a whole number"),
    ("3 1\n1 1 2\n0\n", 2, "must end with 0"),
    ("3 1\n1 1 0\n\n1 1 4 0\n0\n", 4, "there is no candidate 4"),
    ("3 1\n1 1 0\n2 x 0\n0\n", 3, "a preference must be a whole number, not 'x'"),
    ("3 1\n1.5 1 0\n0\n", 2, "the weight must be a whole number"),
    ("3 1\n-5 1 0\n0\n", 2, "withdrawn candidate is written"),
    ("3 1\n1 1 0\n0 1 0\n0\n", 3, "weight must be at least 1"),
    ("3 1\n1 1 0\n7\n0\n", 3, "a ballot line is a weight, preferences and a closing 0"),
    ("3 1\n1 1 0\n2 1 0\n", 4, "must end with a line holding only 0"),
    ('3 1\n1 1 0\n0\n"A"\n"B"\n', 6, "expected 3 candidate names after the ballots, found 2"),
    ('3 1\n1 1 0\n0\n"A"\n"B\n"C"\n', 5, "unclosed quote"),
    ('3 1\n1 1 0\n0\n"A"\n"B"x\n"C"\n', 5, "quote inside a quoted name must be doubled"),
    ('3 1\n1 1 0\n0\n"A"\n"B" party\n"C"\n', 5, "must be quoted too"),
    ('2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"more"\n', 7, "unexpected text after the title"),
])
def test_malformed_files_are_reported_with_their_line(text, line, message):
    with pytest.raises(BltError) as err:
        parse_blt(text)
    assert err.value.line == line
    assert message in str(err.value)
    assert str(err.value).startswith(f"line {line}: ")


def test_a_bad_line_repeated_is_reported_at_its_first_occurrence():
    text = "2 1\n1 1 0\n1 1 3 0\n1 2 0\n1 1 3 0\n0\n\"A\"\n\"B\"\n"
    with pytest.raises(BltError) as err:
        parse_blt(text)
    assert err.value.line == 3


def test_a_zero_line_with_spaces_ends_the_ballots():
    e = parse_blt('2 1\n1 1 0\n 0 \n"A"\n"B"\n"0"\n')
    assert e.ballots == Counter({(1,): 1}) and e.title == "0"


names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=12).map(str.strip).filter(bool)


@settings(max_examples=100, deadline=None)
@given(elections(max_candidates=7), st.data())
def test_what_is_written_reads_back_the_same(election, data):
    n, seats, ballots = election
    e = BltElection(
        names=data.draw(st.lists(names, min_size=n, max_size=n)),
        seats=seats,
        ballots=ballots,
        withdrawn=data.draw(st.lists(st.integers(1, n), unique=True, max_size=n - 1)),
        title=data.draw(names),
    )
    back = parse_blt(write_blt(e))
    assert back == e


def test_equal_rankings_round_trip():
    e = parse_blt(GOOD)
    assert parse_blt(write_blt(e)) == e


@pytest.mark.shared
def test_every_conformance_file_reads():
    files = sorted((SHARED_STV / "blt").glob("*.blt"))
    if not files:
        pytest.skip(MISSING)
    assert len(files) == 110
    for path in files:
        e = read_blt(path)
        assert len(e.names) == len(e.candidates) and e.seats >= 1 and e.ballots
        assert parse_blt(write_blt(e)) == e

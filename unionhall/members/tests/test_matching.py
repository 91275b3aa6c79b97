from hypothesis import given
from hypothesis import strategies as st

from unionhall.members.matching import Candidate, match, normalize_id

ROSTER = [
    Candidate(1, "000123", "Maria", "Gonzalez", "", 10),
    Candidate(2, "555", "Robert", "Smith", "Bob", 10),
    Candidate(3, None, "Ana", "Peña", "", 11),
]


def test_employee_id_wins_whatever_the_name():
    result = match(employee_id=" 123 ", first="Someone", last="Else", worksite_id=99,
                   candidates=ROSTER)
    assert (result.kind, result.person_id) == ("employee_id", 1)


def test_close_name_at_same_worksite_is_a_likely_match():
    result = match(employee_id="", first="Maria", last="Gonzales", worksite_id=10,
                   candidates=ROSTER)
    assert (result.kind, result.person_id) == ("name", 1)
    assert result.score >= 88


def test_preferred_name_counts():
    result = match(employee_id="", first="Bob", last="Smith", worksite_id=10, candidates=ROSTER)
    assert (result.kind, result.person_id) == ("name", 2)


def test_same_name_elsewhere_is_not_a_match():
    result = match(employee_id="", first="Maria", last="Gonzalez", worksite_id=11,
                   candidates=ROSTER)
    assert result.kind == "new"


def test_unknown_id_falls_back_to_the_name():
    result = match(employee_id="999", first="Ana", last="Pena", worksite_id=11,
                   candidates=ROSTER)
    assert (result.kind, result.person_id) == ("name", 3)


@given(st.text(alphabet="0123456789 ", max_size=10))
def test_id_normalization_ignores_spaces_and_leading_zeros(raw):
    assert normalize_id(raw) == normalize_id("00" + raw.replace(" ", ""))

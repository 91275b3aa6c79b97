"""Reading a collective bargaining agreement from plain text, and writing one article back."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.bargaining.contract_text import (
    NO_HEADINGS,
    ContractTextError,
    ParsedSection,
    article_text,
    parse_article_body,
    parse_contract,
    section_sort_key,
)

# An invented contract, typed the way locals' files are: headings in several styles, wrapped
# lines, titled and untitled sections, lists.
CONTRACT = """\ufeffAGREEMENT
between the
LAKEVIEW SCHOOL DISTRICT NO. 12
and the
LAKEVIEW EDUCATION SUPPORT PROFESSIONALS

July 1, 2024 – June 30, 2027

ARTICLE 1 – RECOGNITION
1.1 Recognition
The District recognizes the Association as the exclusive bargaining
representative for all classified employees listed in Appendix A.
1.2 Exclusions. Confidential employees and supervisors are excluded
from the unit.

ARTICLE II: DEFINITIONS
The following definitions apply throughout this Agreement.

2.1 Employee
An "employee" is a member of the bargaining unit.
2.2 Day
A "day" means a day on which the District's central office is open.
2.3
The term "Association" means the Lakeview Education Support
Professionals.

Article 3 - Hours of Work
3.1 Workday
The normal workday shall be seven (7) hours, exclusive of a
thirty minute duty-free lunch.


Employees working more than four hours shall receive a paid
fifteen minute rest break.
3.2 Overtime
Overtime shall be paid at one and one-half times the regular rate for:
(a) hours worked beyond forty in a workweek;
(b) work on a holiday
designated in Article 9.
3.3 Employees may be required to attend training outside the workday when the District gives
five days' notice.

ARTICLE 4
LEAVES

All leaves in this Article are granted without loss of seniority.
4.1 Sick Leave
Employees shall accrue one day of sick leave for each month
worked.
4.2 Bereavement Leave
Up to five days for the death of a member of the immediate family.
4.3 Personal Leave
Two days per year, which need not be explained.
4.4 Jury Duty
Full pay, less any fee received.
4.5 Military Leave
As provided by law.
4.6 Family and Medical Leave
As provided by law.
4.7 Parental leave
Up to one year, unpaid, for the birth or adoption of a child.
4.8 Leave Without Pay
May be granted for up to one year.
4.9 Professional Leave
For conferences approved by the supervisor.
4.10 Association Leave
Twenty days per year for Association business, at the Association's cost.
4.11 Sick Leave Bank
Employees may donate:
- up to two days a year;
- unused personal days.

ARTICLE 5 – GRIEVANCE PROCEDURE
5.1 Definition
A grievance is a claim that the Agreement has been violated.
5.2 Steps
(a) Step One. The grievant shall present the grievance to the immediate
supervisor within twenty days.
(b) Step Two. If not resolved, the Association may appeal in writing, attaching:
1. the written grievance;
2. the Step One answer.
(c) Step Three. The Association may submit the grievance to arbitration.
5.2.1 Time limits may be extended by mutual written agreement.
5.3 No Reprisals
No employee shall suffer reprisal for using this procedure.
"""


def problems_of(text):
    with pytest.raises(ContractTextError) as caught:
        parse_contract(text)
    return caught.value.problems


def sections_of(body, number="7"):
    return parse_article_body(body, number)[1]


# --- a whole contract -------------------------------------------------------------------------


def test_the_whole_contract():
    contract = parse_contract(CONTRACT)
    assert contract.preamble == (
        "AGREEMENT between the LAKEVIEW SCHOOL DISTRICT NO. 12 and the LAKEVIEW EDUCATION "
        "SUPPORT PROFESSIONALS\n\nJuly 1, 2024 – June 30, 2027"
    )
    assert [(a.number, a.title, a.line) for a in contract.articles] == [
        ("1", "RECOGNITION", 9),
        ("2", "DEFINITIONS", 16),
        ("3", "Hours of Work", 27),
        ("4", "LEAVES", 43),
        ("5", "GRIEVANCE PROCEDURE", 73),
    ]
    recognition, definitions, hours, leaves, grievance = contract.articles
    assert recognition.intro == ""
    assert recognition.sections == (
        ParsedSection("1.1", "Recognition", "The District recognizes the Association as the "
                      "exclusive bargaining representative for all classified employees listed "
                      "in Appendix A.", 10),
        ParsedSection("1.2", "Exclusions", "Confidential employees and supervisors are "
                      "excluded from the unit.", 13),
    )
    assert definitions.intro == "The following definitions apply throughout this Agreement."
    assert [(s.number, s.title, s.line) for s in definitions.sections] == [
        ("2.1", "Employee", 19), ("2.2", "Day", 21), ("2.3", "", 23),
    ]
    assert definitions.sections[2].text == (
        'The term "Association" means the Lakeview Education Support Professionals.'
    )
    assert hours.sections == (
        ParsedSection("3.1", "Workday", "The normal workday shall be seven (7) hours, exclusive "
                      "of a thirty minute duty-free lunch.\n\nEmployees working more than four "
                      "hours shall receive a paid fifteen minute rest break.", 28),
        ParsedSection("3.2", "Overtime", "Overtime shall be paid at one and one-half times the "
                      "regular rate for:\n(a) hours worked beyond forty in a workweek;\n"
                      "(b) work on a holiday designated in Article 9.", 35),
        ParsedSection("3.3", "", "Employees may be required to attend training outside the "
                      "workday when the District gives five days' notice.", 40),
    )
    assert leaves.intro == "All leaves in this Article are granted without loss of seniority."
    assert [s.number for s in leaves.sections] == [f"4.{n}" for n in range(1, 12)]
    assert [s.title for s in leaves.sections] == [
        "Sick Leave", "Bereavement Leave", "Personal Leave", "Jury Duty", "Military Leave",
        "Family and Medical Leave", "Parental leave", "Leave Without Pay", "Professional Leave",
        "Association Leave", "Sick Leave Bank",
    ]
    assert leaves.sections[0].text == (
        "Employees shall accrue one day of sick leave for each month worked."
    )
    assert leaves.sections[9] == ParsedSection(
        "4.10", "Association Leave",
        "Twenty days per year for Association business, at the Association's cost.", 66,
    )
    assert leaves.sections[10].text == (
        "Employees may donate:\n- up to two days a year;\n- unused personal days."
    )
    assert [(s.number, s.title) for s in grievance.sections] == [
        ("5.1", "Definition"), ("5.2", "Steps"), ("5.3", "No Reprisals"),
    ]
    assert grievance.sections[1].text == (
        "(a) Step One. The grievant shall present the grievance to the immediate supervisor "
        "within twenty days.\n"
        "(b) Step Two. If not resolved, the Association may appeal in writing, attaching:\n"
        "1. the written grievance;\n"
        "2. the Step One answer.\n"
        "(c) Step Three. The Association may submit the grievance to arbitration.\n"
        "5.2.1 Time limits may be extended by mutual written agreement."
    )


def test_windows_line_ends_read_the_same():
    crlf = CONTRACT.replace("\n", "\r\n")
    assert parse_contract(crlf) == parse_contract(CONTRACT)
    assert parse_contract(CONTRACT.lstrip("\ufeff")) == parse_contract(CONTRACT)


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("ARTICLE 7 – LEAVES", "7", "LEAVES"),
        ("ARTICLE 7 — LEAVES", "7", "LEAVES"),
        ("Article 7: Leaves", "7", "Leaves"),
        ("article 7. Leaves of Absence", "7", "Leaves of Absence"),
        ("ARTICLE 12 - GRIEVANCE PROCEDURE", "12", "GRIEVANCE PROCEDURE"),
        ("ARTICLE 12-GRIEVANCE PROCEDURE", "12", "GRIEVANCE PROCEDURE"),
        ("ARTICLE 12 GRIEVANCE PROCEDURE", "12", "GRIEVANCE PROCEDURE"),
        ("ARTICLE VII – LEAVES", "7", "LEAVES"),
        ("Article vii – Leaves", "7", "Leaves"),
        ("ARTICLE IV: HOURS", "4", "HOURS"),
        ("ARTICLE XLIX – FORTY-NINE", "49", "FORTY-NINE"),
        ("ARTICLE L – FIFTY", "50", "FIFTY"),
        ("ARTICLE 07 – LEAVES", "7", "LEAVES"),
        ("   ARTICLE 7 –   Leaves   ", "7", "Leaves"),
        ("ARTICLE 7", "7", ""),
        ("ARTICLE 7 –", "7", ""),
    ],
)
def test_heading_variants(heading, number, title):
    [article] = parse_contract(f"{heading}\nThe text.\n").articles
    assert (article.number, article.title, article.intro) == (number, title, "The text.")


def test_a_bare_heading_takes_an_all_caps_title_from_the_next_line():
    text = "ARTICLE 7\n\nLEAVES OF ABSENCE\nIntro.\nARTICLE 8\nSome intro text.\nARTICLE 9\n9.1 A\n"
    seven, eight, nine = parse_contract(text).articles
    assert (seven.title, seven.intro) == ("LEAVES OF ABSENCE", "Intro.")
    assert (eight.title, eight.intro) == ("", "Some intro text.")
    assert (nine.title, [s.number for s in nine.sections]) == ("", ["9.1"])


@pytest.mark.parametrize(
    "prose",
    [
        "Article 12 of this Agreement applies.",
        "Article 12, the grievance procedure.",
        "Article 5.",
        "Article 7.3 of the contract.",
        "Articles 7 and 8 apply.",
        "Article in question.",
    ],
)
def test_a_wrapped_line_that_mentions_an_article_is_not_a_heading(prose):
    [article] = parse_contract(f"ARTICLE 1 – GENERAL\n1.1\nAs provided in\n{prose}\n").articles
    assert article.sections[0].text == f"As provided in {prose}"


@pytest.mark.parametrize("heading", ["ARTICLE IIII – FOUR", "ARTICLE LX – SIXTY", "ARTICLE C"])
def test_an_unreadable_roman_number_is_reported(heading):
    [(line, message)] = problems_of(f"ARTICLE 1 – ONE\nText.\n{heading}\nMore.\n")
    assert line == 3
    assert message.startswith(f"“{heading.split(' –')[0]}” is not an article number")


def test_a_reserved_article_with_no_text_is_allowed():
    articles = parse_contract("ARTICLE 29 – TERM\nText.\nARTICLE 30 – RESERVED\n").articles
    assert (articles[1].number, articles[1].title, articles[1].intro, articles[1].sections) == (
        "30", "RESERVED", "", ()
    )


# --- sections ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "title", "text"),
    [
        # A short title-cased line followed by text is a title.
        ("7.3 Sick Leave\nEmployees accrue leave.", "Sick Leave", "Employees accrue leave."),
        ("7.3 SICK LEAVE\n\nEmployees accrue leave.", "SICK LEAVE", "Employees accrue leave."),
        ("7.3 Leave Without Pay for Study\nGranted.", "Leave Without Pay for Study", "Granted."),
        # Up to four words need not be title-cased.
        ("7.3 Sick leave\nEmployees accrue leave.", "Sick leave", "Employees accrue leave."),
        # A trailing dot after the number is accepted.
        ("7.3. Sick Leave\nEmployees accrue leave.", "Sick Leave", "Employees accrue leave."),
        # Nothing after the number: no title, the text follows.
        ("7.3\nEmployees accrue leave.", "", "Employees accrue leave."),
        # A wrapped first line of text: short enough, but not title-cased, and long.
        ("7.3 Employees shall accrue one day of sick leave for each\nmonth worked.", "",
         "Employees shall accrue one day of sick leave for each month worked."),
        # Ends in punctuation: text.
        ("7.3 Sick Leave:\nEmployees accrue leave.", "", "Sick Leave: Employees accrue leave."),
        ("7.3 Sick Leave,\nannual leave.", "", "Sick Leave, annual leave."),
        # Over 80 characters: text.
        ("7.3 " + "Very " * 17 + "Long\nMore.", "", "Very " * 17 + "Long More."),
        # A title with no text under it is the text ("7.9 Reserved").
        ("7.3 Reserved", "", "Reserved"),
        ("7.3 Reserved\n\n7.4 Next\nText.", "", "Reserved"),
        # A list item or lower-case start is never a title.
        ("7.3 (a) First\n(b) Second", "", "(a) First\n(b) Second"),
        ("7.3 employees shall\naccrue.", "", "employees shall accrue."),
        # "Title. Text" on one line.
        ("7.3 Sick Leave. Employees shall accrue\nleave monthly.", "Sick Leave",
         "Employees shall accrue leave monthly."),
        ("7.3 Sick Leave. Employees accrue leave.", "Sick Leave", "Employees accrue leave."),
        # ... but not a sentence, nor an abbreviation, nor a title over 60 characters.
        ("7.3 The Employer shall pay. It shall.", "", "The Employer shall pay. It shall."),
        ("7.3 Dr. Smith shall chair.", "", "Dr. Smith shall chair."),
        ("7.3 " + "Long " * 13 + "Title. Text.", "", "Long " * 13 + "Title. Text."),
    ],
)
def test_section_titles(body, title, text):
    section = sections_of(body)[0]
    assert (section.number, section.title, section.text) == ("7.3", title, text)


def test_paragraphs_and_lists():
    body = (
        "7.1 Lists\n"
        "First paragraph,\n"
        "wrapped.\n"
        "\n\n\n"
        "Second paragraph:\n"
        "(a) item a\n"
        "continued;\n"
        "(iv) roman;\n"
        "(12) number in parentheses;\n"
        "b. letter and dot;\n"
        "c) letter and parenthesis;\n"
        "1. numbered;\n"
        "7.1.1 deeper number;\n"
        "7.1.2. deeper with a dot;\n"
        "- dash;\n"
        "• bullet;\n"
        "* star.\n"
        "After the list, in the same paragraph\n"
    )
    assert sections_of(body)[0].text == (
        "First paragraph, wrapped.\n\n"
        "Second paragraph:\n(a) item a continued;\n(iv) roman;\n(12) number in parentheses;\n"
        "b. letter and dot;\nc) letter and parenthesis;\n1. numbered;\n7.1.1 deeper number;\n"
        "7.1.2. deeper with a dot;\n- dash;\n• bullet;\n* star. After the list, in the same "
        "paragraph"
    )


def test_sections_out_of_order_are_kept_in_the_files_order():
    body = "7.3 Third\nC.\n7.1 First\nA.\n7.10 Tenth\nJ.\n7.2 Second\nB.\n"
    numbers = [s.number for s in sections_of(body)]
    assert numbers == ["7.3", "7.1", "7.10", "7.2"]
    assert sorted(numbers, key=section_sort_key) == ["7.1", "7.2", "7.3", "7.10"]


def test_section_numbers_are_normalised():
    assert [s.number for s in sections_of("07.03 Leave\nText.\n7.10\nText.\n")] == ["7.3", "7.10"]


def test_numbered_lines_before_the_first_article_stay_in_the_preamble():
    contract = parse_contract("1.1 This preamble\nwraps.\nARTICLE 1 – ONE\n1.1 Real\nText.\n")
    assert contract.preamble == "1.1 This preamble wraps."
    assert [s.number for s in contract.articles[0].sections] == ["1.1"]


# --- problems ---------------------------------------------------------------------------------


def test_every_problem_is_reported_with_its_line():
    text = (
        "ARTICLE 7 – LEAVES\n"             # 1
        "7.1 Sick Leave\n"                  # 2
        "Text.\n"                           # 3
        "8.1 Misplaced\n"                   # 4: under the wrong article
        "Text.\n"                           # 5
        "7.1 Again\n"                       # 6: a duplicate section
        "Text.\n"                           # 7
        "ARTICLE 8 – HOLIDAYS\n"            # 8
        "8.1 Holidays\n"                    # 9: not a duplicate of line 4
        "Employees work\n"                  # 10
        "5.5 hours on the eve of a holiday.\n"  # 11: a wrapped line that looks like a section
        "ARTICLE VII – LEAVES AGAIN\n"      # 12: a duplicate article
        "7.01 Sick Leave\n"                 # 13: its first section, not a duplicate
        "Text.\n"
    )
    error = pytest.raises(ContractTextError, parse_contract, text).value
    assert error.problems == [
        (4, "section 8.1 is under ARTICLE 7; correct its number or move it under ARTICLE 8. "
            "A wrapped line of text must not begin with a number like “8.1”."),
        (6, "there are two sections numbered 7.1 in ARTICLE 7; the first is on line 2."),
        (11, "section 5.5 is under ARTICLE 8; correct its number or move it under ARTICLE 5. "
             "A wrapped line of text must not begin with a number like “5.5”."),
        (12, "there are two articles numbered 7; the first is on line 1."),
    ]
    assert str(error).splitlines()[0].startswith("Line 4: section 8.1 is under ARTICLE 7;")
    assert str(error).splitlines()[3] == (
        "Line 12: there are two articles numbered 7; the first is on line 1."
    )


@pytest.mark.parametrize(
    "text", ["", "\ufeff\r\n\r\n", "Just a memo.\n1.1 With a number\n", "Article 5 applies.\n"]
)
def test_no_article_headings_at_all(text):
    error = pytest.raises(ContractTextError, parse_contract, text).value
    assert error.problems == [(0, NO_HEADINGS)]
    assert str(error) == (
        "No ARTICLE headings were found: each article must start with a line like "
        "“ARTICLE 7 – LEAVES”."
    )


# --- one article's body ------------------------------------------------------------------------

PROPOSAL = """\
Leaves shall be granted as follows.

7.1 Sick Leave
Employees shall accrue one and one-half days of sick leave for each
month worked.
7.2 Bereavement Leave
Up to seven days.
"""


def test_a_proposal_body_without_its_heading():
    intro, sections = parse_article_body(PROPOSAL, "7")
    assert intro == "Leaves shall be granted as follows."
    assert sections == (
        ParsedSection("7.1", "Sick Leave", "Employees shall accrue one and one-half days of sick "
                      "leave for each month worked.", 3),
        ParsedSection("7.2", "Bereavement Leave", "Up to seven days.", 6),
    )


@pytest.mark.parametrize(
    "heading", ["ARTICLE 7 – LEAVES\n", "\n  Article VII: Leaves\n\n", "ARTICLE 7\nLEAVES\n"]
)
def test_a_proposal_body_with_its_own_heading(heading):
    intro, sections = parse_article_body(heading + PROPOSAL, 7)
    assert intro == "Leaves shall be granted as follows."
    assert [(s.number, s.title) for s in sections] == [
        ("7.1", "Sick Leave"), ("7.2", "Bereavement Leave"),
    ]


def test_a_proposal_body_with_another_articles_heading_or_sections():
    with pytest.raises(ContractTextError) as caught:
        parse_article_body("ARTICLE 8 – HOLIDAYS\n8.1 Holidays\nTen.\n", "7")
    assert caught.value.problems == [
        (1, "this text is for ARTICLE 7, but it starts with the heading of ARTICLE 8."),
        (2, "section 8.1 is under ARTICLE 7; correct its number or move it under ARTICLE 8. "
            "A wrapped line of text must not begin with a number like “8.1”."),
    ]
    with pytest.raises(ContractTextError) as caught:
        parse_article_body(PROPOSAL + "ARTICLE 8 – HOLIDAYS\n7.2 Again\nText.\n", "7")
    assert [line for line, _ in caught.value.problems] == [8, 9]
    assert "must not contain another ARTICLE heading" in caught.value.problems[0][1]


def test_an_empty_proposal_body_is_empty():
    assert parse_article_body("", "7") == ("", ())
    assert parse_article_body("ARTICLE 30 – RESERVED\n", "30") == ("", ())


# --- writing an article back --------------------------------------------------------------------


def test_article_text():
    sections = (
        ParsedSection("7.1", "Sick Leave", "Accrue.\n\nUse:\n(a) illness;\n(b) care.", 0),
        ParsedSection("7.2", "", "Untitled text, with a Title Like Start", 0),
        ParsedSection("7.3", "", "", 0),
    )
    text = article_text("Intro.\n\nSecond.", sections)
    assert text == (
        "Intro.\n\nSecond.\n\n"
        "7.1 Sick Leave\nAccrue.\n\nUse:\n(a) illness;\n(b) care.\n\n"
        "7.2\nUntitled text, with a Title Like Start\n\n"
        "7.3"
    )
    intro, back = parse_article_body(text, "7")
    assert intro == "Intro.\n\nSecond."
    assert [(s.number, s.title, s.text) for s in back] == [
        (s.number, s.title, s.text) for s in sections
    ]


def test_every_article_of_the_contract_round_trips():
    for article in parse_contract(CONTRACT).articles:
        intro, sections = parse_article_body(article_text(article.intro, article.sections),
                                             article.number)
        assert intro == article.intro
        assert [(s.number, s.title, s.text) for s in sections] == [
            (s.number, s.title, s.text) for s in article.sections
        ]


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_Word = _word.map(str.capitalize)
_sentence = st.lists(_word, min_size=1, max_size=8).map(" ".join).map(lambda s: s + ".")
_marker = st.sampled_from(["(a)", "(b)", "(iv)", "a.", "1.", "-", "•", "4.2.1"])
_row = st.tuples(_marker, _sentence).map(" ".join)
_paragraph = st.tuples(_sentence, st.lists(_row, max_size=3)).map(
    lambda p: "\n".join([p[0], *p[1]])
)
_text = st.lists(_paragraph, min_size=1, max_size=3).map("\n\n".join)
_title = st.lists(_Word, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=200)
@given(
    st.one_of(st.just(""), _text),
    st.lists(
        st.tuples(st.one_of(st.just(""), _title), st.one_of(st.just(""), _text)),
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_article_text_round_trip(intro, drafts, random):
    numbers = [f"4.{n}" for n in range(1, len(drafts) + 1)]
    random.shuffle(numbers)
    # A titled section needs text, or its title reads back as text ("7.9 Reserved").
    sections = tuple(
        ParsedSection(number, title if text else "", text, 0)
        for number, (title, text) in zip(numbers, drafts, strict=True)
    )
    intro_back, back = parse_article_body(article_text(intro, sections), "4")
    assert intro_back == intro
    assert [(s.number, s.title, s.text) for s in back] == [
        (s.number, s.title, s.text) for s in sections
    ]


def test_section_sort_key():
    numbers = ["4.10", "4.9", "4.1", "4.A", "4.2", "10.1", "4.2.1", "4.11"]
    assert sorted(numbers, key=section_sort_key) == [
        "4.1", "4.2", "4.2.1", "4.9", "4.10", "4.11", "4.A", "10.1",
    ]

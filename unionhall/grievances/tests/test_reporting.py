"""The grievance report's numbers, on plain rows, against figures worked out by hand."""

import datetime as dt

import pytest

from unionhall.grievances import reporting as r
from unionhall.grievances.reporting import Case, Step, StepRecord

D = dt.date
PROCEDURE = [Step(1, "Supervisor"), Step(2, "Human resources"), Step(3, "Arbitration")]
OUTCOMES = ["settled", "withdrawn", "denied", "won_arbitration", "lost_arbitration"]


def cases():
    """Six cases; the days each step took are in the comments."""
    return [
        # Step 1 answered in 10 days, appealed 5 days later, step 2 not answered yet.
        Case("2026-001", "open", worksite="Alder", job_family="Paraeducators",
             articles=("12.3", "12.5", "7"), filed_on=D(2026, 1, 5),
             steps=(StepRecord(1, D(2026, 1, 5), D(2026, 1, 15)),
                    StepRecord(2, D(2026, 1, 20)))),
        # Not filed yet.
        Case("2026-002", "open", worksite="Alder", job_family="Food Services",
             articles=("Article 7",), opened_on=D(2026, 3, 15)),
        # Step 1 answered in 2 days; settled 9 days after the filing.
        Case("2026-003", "closed", outcome="settled", worksite="Birch",
             job_family="Paraeducators", articles=("12",), filed_on=D(2026, 2, 1),
             closed_on=D(2026, 2, 10), steps=(StepRecord(1, D(2026, 2, 1), D(2026, 2, 3)),)),
        # Step 1 answered in 3 days, not appealed yet. No worksite, family or article.
        Case("2026-004", "open", filed_on=D(2026, 3, 1),
             steps=(StepRecord(1, D(2026, 3, 1), D(2026, 3, 4)),)),
        # 11 days, appealed after 2; 10 days, appealed after 10; 30 days; denied, 68 days.
        Case("2026-005", "closed", outcome="denied", worksite="Birch",
             job_family="Paraeducators", articles=("Art. 07.2", "Appendix B"),
             filed_on=D(2026, 1, 1), closed_on=D(2026, 3, 10),
             steps=(StepRecord(1, D(2026, 1, 1), D(2026, 1, 12)),
                    StepRecord(2, D(2026, 1, 14), D(2026, 1, 24)),
                    StepRecord(3, D(2026, 2, 3), D(2026, 3, 5)))),
        # 3 days, appealed after 6; 10 days, appealed after 1; 10 days; still open.
        Case("2026-006", "open", worksite="Birch", job_family="Paraeducators",
             filed_on=D(2026, 4, 1),
             steps=(StepRecord(1, D(2026, 4, 1), D(2026, 4, 4)),
                    StepRecord(2, D(2026, 4, 10), D(2026, 4, 20)),
                    StepRecord(3, D(2026, 4, 21), D(2026, 5, 1)))),
    ]


def table(rows):
    return [(c.key, c.total, c.open, c.closed) for c in rows]


@pytest.mark.parametrize("citation, article", [
    ("12.3", "12"), ("12", "12"), ("Article 7", "7"), ("article 7.1.2", "7"),
    ("Art. 07.2", "7"), ("ART 9", "9"), ("Artículo 4.1", "4"), (" 12 (b)", "12"),
    ("12(a).3", "12"), ("Appendix B", "Appendix B"), ("Appendix  C.2", "Appendix C"),
    ("", None), ("   ", None), (".5", None),
])
def test_the_article_is_the_part_before_the_first_dot(citation, article):
    assert r.article_of(citation) == article


def test_two_sections_of_one_article_count_once():
    case = Case("1", "open", articles=("12.3", "12.5", "Article 12", "7.1"))
    assert r.case_articles(case) == ["12", "7"]
    assert table(r.by_article([case])) == [("7", 1, 1, 0), ("12", 1, 1, 0)]


def test_by_article_in_article_order_with_the_uncited_last():
    assert table(r.by_article(cases())) == [
        ("7", 3, 2, 1),  # 001, 002 open; 005 closed ("Art. 07.2")
        ("12", 2, 1, 1),  # 001 (12.3 and 12.5, once), 003
        ("Appendix B", 1, 0, 1),
        (None, 2, 2, 0),  # 004, 006 cite nothing
    ]


def test_by_worksite_and_job_family_most_cases_first_none_last():
    assert table(r.by_worksite(cases())) == [
        ("Birch", 3, 1, 2), ("Alder", 2, 2, 0), (None, 1, 1, 0)]
    assert table(r.by_job_family(cases())) == [
        ("Paraeducators", 4, 2, 2), ("Food Services", 1, 1, 0), (None, 1, 1, 0)]


def test_current_step_of_each_case():
    now = {c.number: r.current_step(c, PROCEDURE) for c in cases()}
    assert now["2026-001"] == r.Current(2, "Human resources", r.AWAITING_ANSWER)
    assert now["2026-002"] == r.Current(1, "Supervisor", r.TO_FILE)
    assert now["2026-003"] is None  # closed
    assert now["2026-004"] == r.Current(2, "Human resources", r.TO_FILE)
    assert now["2026-005"] is None
    assert now["2026-006"] == r.Current(3, "Arbitration", r.ANSWERED)


def test_by_current_step_has_every_step_and_counts_open_cases_only():
    rows = r.by_current_step(cases(), PROCEDURE)
    assert [(s.position, s.name, s.to_file, s.awaiting_answer, s.answered, s.total)
            for s in rows] == [
        (1, "Supervisor", 1, 0, 0, 1),
        (2, "Human resources", 1, 1, 0, 2),
        (3, "Arbitration", 0, 0, 1, 1),
    ]


def test_a_step_no_longer_in_the_procedure_gets_its_own_row():
    case = Case("1", "open", steps=(StepRecord(1, D(2026, 1, 1), D(2026, 1, 2)),
                                    StepRecord(2, D(2026, 1, 3))))
    rows = r.by_current_step([case], PROCEDURE[:1])
    assert [(s.position, s.name, s.awaiting_answer) for s in rows] == [
        (1, "Supervisor", 0), (2, "", 1)]


def test_by_outcome_lists_every_outcome_with_its_share():
    rows = r.by_outcome(cases(), OUTCOMES)
    assert [(o.outcome, o.cases, o.share) for o in rows] == [
        ("settled", 1, 50.0), ("withdrawn", 0, 0.0), ("denied", 1, 50.0),
        ("won_arbitration", 0, 0.0), ("lost_arbitration", 0, 0.0)]
    assert [o.share for o in r.by_outcome([], ["settled"])] == [0.0]


def test_time_at_each_step():
    rows = r.step_times(cases(), PROCEDURE)
    got = [(s.position, s.filed, s.answered, s.median_answer, s.p90_answer, s.appealed,
            s.median_appeal, s.last) for s in rows]
    assert got == [
        # Answers after 10, 2, 3, 11, 3 days: [2, 3, 3, 10, 11]; the 90th percentile is
        # at rank 3.6: 10 + 0.6 × 1. Appeals after 5, 2, 6 days.
        (1, 5, 5, 3, 10.6, 3, 5, False),
        # Filed: 001, 005, 006; answers after 10 and 10; appeals after 10 and 1.
        (2, 3, 2, 10, 10, 2, 5.5, False),
        # Answers after 30 and 10: median 20, 90th percentile 10 + 0.9 × 20.
        (3, 2, 2, 20, 28, 0, None, True),
    ]


def test_percentile_interpolates_between_ranks():
    assert r.median([2, 3, 10, 11]) == 6.5
    assert r.percentile([11, 2, 10, 3], 90) == 10.7
    assert r.percentile([4], 90) == 4
    assert r.percentile([], 50) is None


def test_summary_and_days_open():
    report = r.build(cases(), PROCEDURE, OUTCOMES)
    s = report.summary
    # Closed after 9 days (003) and 68 days (005: 31 + 28 + 9).
    assert (s.cases, s.open, s.closed, s.median_days_to_close) == (6, 4, 2, 38.5)
    by_number = {c.number: c for c in cases()}
    today = D(2026, 3, 20)
    assert r.days_open(by_number["2026-001"], today) == 74  # Jan 5 to Mar 20
    assert r.days_open(by_number["2026-002"], today) == 5  # not filed: from the opening
    assert r.days_open(by_number["2026-003"], today) == 9  # closed
    assert r.days_open(Case("x", "open"), today) is None


def test_an_empty_report():
    report = r.build([], PROCEDURE, OUTCOMES)
    assert report.summary == r.Summary(0, 0, 0, None)
    assert report.articles == [] and report.worksites == []
    assert [s.total for s in report.current_steps] == [0, 0, 0]
    assert [(s.filed, s.median_answer) for s in report.step_times] == [(0, None)] * 3


def test_chart_prints_each_value_and_escapes_labels():
    svg = r.count_chart([("Article 7", 3), ("<b>&", 0)], title="Cases", desc="Numbers",
                        ident="a")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert ">3</text>" in svg and ">0</text>" in svg
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg


def test_chart_grid_lines_fall_on_whole_cases():
    import re

    def ticks(peak):
        svg = r.count_chart([("A", peak)], title="t", desc="d", ident="x")
        return re.findall(r'fill="#4a5568">(\d+)</text>', svg)

    assert ticks(2) == ["0", "1", "2"]
    assert ticks(9) == ["0", "3", "6", "9"]
    assert ticks(10) == ["0", "3", "6", "9", "12"]
    assert ticks(0) == ["0", "1"]

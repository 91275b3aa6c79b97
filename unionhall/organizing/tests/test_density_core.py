"""The pure density arithmetic: percentages, goals, sorting, sort links and the monthly walk."""

import datetime as dt

from unionhall.organizing import charts
from unionhall.organizing import density as d


def test_percent_and_distance_to_goal():
    row = d.with_density({"people": 40, "members": 26}, 70)
    assert row["density"] == 65.0
    assert row["gap"] == 5.0
    assert row["needed"] == 2  # 70% of 40 is 28
    assert not row["met"]
    met = d.with_density({"people": 10, "members": 8}, 70)
    assert met["gap"] == 0 and met["needed"] == 0 and met["met"]
    assert d.with_density({"people": 0, "members": 0}, 70)["density"] == 0.0
    assert d.members_needed(1, 3, 50) == 1  # ceil(1.5) = 2


def test_sorting_and_headers():
    rows = [{"name": "b", "density": 10.0}, {"name": "A", "density": 50.0},
            {"name": "c", "density": None}]
    assert [r["name"] for r in d.sort_rows(rows, "name")] == ["A", "b", "c"]
    assert [r["name"] for r in d.sort_rows(rows, "density", True)] == ["A", "b", "c"]
    assert [r["name"] for r in d.sort_rows(rows, "density", False)] == ["b", "A", "c"]
    assert d.parse_sort("-people", ["name", "people"], "name") == ("people", True)
    assert d.parse_sort("bogus", ["name", "people"], "-people") == ("people", True)
    heads = d.sort_headers([("name", "Name", False), ("density", "Density", True)],
                           "density", True, "sort", {"fsort": "name"})
    assert heads[1]["aria_sort"] == "descending" and heads[1]["url"] == "?fsort=name&sort=density"
    assert heads[0]["aria_sort"] is None and heads[0]["url"] == "?fsort=name&sort=name"


def test_trend_walks_back_from_today():
    today = dt.date(2025, 6, 15)
    points = d.monthly_trend(
        today=today, months=24, members_now=10, people_now=20,
        net_changes={(2025, 6): 2, (2025, 3): 1, (2024, 12): -1},
        left={(2025, 2): (3, 1)}, hired={(2025, 5): 4}, former_members_now=1,
        former_members_before=0)
    assert len(points) == 24
    assert points[-1]["date"] == today and points[0]["month"] == (2023, 7)
    by_month = {p["month"]: p for p in points}
    assert by_month[(2025, 6)]["members"] == 10 and by_month[(2025, 6)]["people"] == 20
    # End of May: the 2 who joined in June were not members yet; the 4 hired in May were in.
    assert by_month[(2025, 5)]["members"] == 8 and by_month[(2025, 5)]["people"] == 20
    # End of April: the May hires were not in the unit yet.
    assert by_month[(2025, 4)]["people"] == 16
    # End of February: the 3 who left in February are gone (one of them a member, still on
    # record as one); end of January they were in the unit and that member counted.
    assert by_month[(2025, 2)]["members"] == 7 and by_month[(2025, 2)]["people"] == 16
    assert by_month[(2025, 1)]["members"] == 8 and by_month[(2025, 1)]["people"] == 19
    # Before December's resignation there was one more member.
    assert by_month[(2024, 11)]["members"] == 9
    assert by_month[(2024, 11)]["density"] == round(100 * 9 / 19, 1)


def test_month_helpers():
    assert d.previous((2025, 1)) == (2024, 12)
    assert d.month_end((2024, 2)) == dt.date(2024, 2, 29)
    assert d.last_months(dt.date(2025, 3, 3), 3) == [(2025, 1), (2025, 2), (2025, 3)]


def test_bar_chart_is_accessible_and_escaped():
    svg = charts.bar_chart(
        [{"label": "<Alder & Co>", "value": 62.5, "goal": 70, "note": "5 of 8"},
         {"label": "Birch", "value": 80, "goal": 70}],
        title="Density by worksite", desc="Two worksites", goal_label="goal")
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "&lt;Alder &amp; Co&gt;" in svg and "<Alder" not in svg
    assert "62.5% · goal 70% · 5 of 8" in svg  # the number is text, not only a bar length
    assert "80% · goal 70% ✓" in svg  # goal met: marked by a sign, not only a colour


def test_line_chart_has_points_with_numbers():
    points = [{"label": f"M{i}", "value": 50 + i, "detail": f"M{i}: {50 + i}%"}
              for i in range(24)]
    svg = charts.line_chart(points, title="Trend", desc="Up", goal=70, goal_label="Goal")
    assert svg.count("<circle") == 24
    assert "M23: 73%" in svg and "Goal 70%" in svg and 'stroke-dasharray' in svg

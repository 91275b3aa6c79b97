"""The pure aggregation of a cycle's results (mentoring/results.py): no database."""

import datetime as dt

import pytest

from unionhall.mentoring import results as r

FAMILIES = {"paraeducators": "Paraeducators", "food": "Food Services",
            "transportation": "Transportation Services"}
ROLES = {"mentor": "Mentors", "mentee": "Mentees"}


def summarize(mentees=(), pairs=(), mentors=(), surveys=(), cap=None):
    return r.summarize(mentees, pairs, mentors, surveys, family_labels=FAMILIES,
                       role_labels=ROLES, unknown="Not on record", everyone="Everyone",
                       paid_cap=cap)


def survey(person, family="paraeducators", role="mentee", overall=4, goals=3, support=5,
           again=True, comments=""):
    return r.Survey(person=person, family=family, role=role, overall=overall,
                    goals_progress=goals, support=support, would_again=again,
                    comments=comments)


def test_share_matched_overall_and_by_family():
    mentees = [r.Mentee("paraeducators", True), r.Mentee("paraeducators", False),
               r.Mentee("food", True), r.Mentee(None, False)]
    res = summarize(mentees=mentees)
    assert (res.overall.mentees, res.overall.matched, res.overall.matched_share) == (4, 2, 50.0)
    by = {b.label: b for b in res.by_family}
    assert by["Paraeducators"].matched_share == 50.0
    assert by["Food Services"].matched_share == 100.0
    assert by["Not on record"].matched_share == 0.0
    # Families by name, the unknown one last.
    assert [b.label for b in res.by_family] == ["Food Services", "Paraeducators",
                                                "Not on record"]


def test_no_mentees_is_no_share_not_a_division_by_zero():
    res = summarize()
    assert res.overall.matched_share is None
    assert res.overall.per_pair_month is None
    assert res.overall.goals_met_share is None
    assert res.by_family == []


def test_meetings_per_pair_per_month_counts_pairs_that_never_met():
    months = 2.0
    pairs = [r.Pair("paraeducators", 1, meetings=6, minutes=360, months=months),
             r.Pair("paraeducators", 2, meetings=2, minutes=60, months=months),
             r.Pair("food", 3, meetings=0, minutes=0, months=months)]
    res = summarize(pairs=pairs)
    # 8 meetings over 3 pairs x 2 months.
    assert res.overall.per_pair_month == pytest.approx(8 / 6)
    assert res.overall.never_met == 1
    by = {b.label: b for b in res.by_family}
    assert by["Paraeducators"].per_pair_month == pytest.approx(2.0)
    assert by["Food Services"].per_pair_month == 0.0
    assert by["Food Services"].never_met == 1


def test_a_pair_with_no_months_yet_has_no_rate():
    res = summarize(pairs=[r.Pair("food", 1, meetings=0, minutes=0, months=0)])
    assert res.overall.per_pair_month is None


def test_months_between():
    assert r.months_between(dt.date(2026, 1, 1), dt.date(2026, 1, 1)) == 0
    assert r.months_between(dt.date(2026, 1, 10), dt.date(2026, 1, 1)) == 0
    year = r.months_between(dt.date(2025, 9, 1), dt.date(2026, 9, 1))
    assert year == pytest.approx(12.0, abs=0.01)


def test_hours_total_and_per_mentor_with_the_cap():
    pairs = [r.Pair("paraeducators", "ana", meetings=10, minutes=900, months=3),
             r.Pair("food", "ana", meetings=4, minutes=400, months=3),
             r.Pair("food", "ben", meetings=3, minutes=150, months=3),
             r.Pair("food", "cy", meetings=0, minutes=0, months=3)]
    mentors = [r.Mentor("ana", "Ana Ruiz", "paraeducators"), r.Mentor("ben", "Ben Cole", "food"),
               r.Mentor("cy", "Cy Diaz", None), r.Mentor("dee", "Dee Unmatched", "food")]
    res = summarize(pairs=pairs, mentors=mentors, cap=20)
    assert res.overall.hours == pytest.approx(1450 / 60)
    rows = {m.label: m for m in res.mentors}
    # A mentor's hours add up over all their mentees; the paid hours stop at the cap.
    assert rows["Ana Ruiz"].hours == pytest.approx(1300 / 60)
    assert rows["Ana Ruiz"].mentees == 2 and rows["Ana Ruiz"].meetings == 14
    assert rows["Ana Ruiz"].paid == 20 and rows["Ana Ruiz"].over_cap
    assert rows["Ben Cole"].paid == pytest.approx(2.5) and not rows["Ben Cole"].over_cap
    assert rows["Cy Diaz"].family_label == "Not on record" and rows["Cy Diaz"].hours == 0
    assert "Dee Unmatched" not in rows  # no pair, no row
    # Most hours first.
    assert [m.label for m in res.mentors] == ["Ana Ruiz", "Ben Cole", "Cy Diaz"]


def test_no_cap_pays_every_hour():
    res = summarize(pairs=[r.Pair("food", 1, meetings=30, minutes=3000, months=3)],
                    mentors=[r.Mentor(1, "Ana", "food")], cap=None)
    assert res.mentors[0].paid == 50 and not res.mentors[0].over_cap


def test_goals_met_share_counts_set_aside_as_not_met():
    pairs = [r.Pair("food", 1, 1, 60, 1, goals=4, goals_met=2, goals_dropped=1),
             r.Pair("paraeducators", 2, 1, 60, 1, goals=1, goals_met=1)]
    res = summarize(pairs=pairs)
    assert (res.overall.goals, res.overall.goals_met, res.overall.goals_dropped) == (5, 3, 1)
    assert res.overall.goals_met_share == 60.0
    by = {b.label: b for b in res.by_family}
    assert by["Food Services"].goals_met_share == 50.0


def test_survey_averages_and_would_again_share():
    answers = [survey(i, overall=o, goals=g, support=s, again=a)
               for i, (o, g, s, a) in enumerate([(5, 4, 5, True), (4, 4, 4, True),
                                                 (3, 2, 4, False), (5, 5, 5, True),
                                                 (2, 3, 3, False)])]
    res = summarize(surveys=answers).surveys
    everyone = res.everyone
    assert everyone.shown and everyone.people == 5
    assert everyone.overall == pytest.approx(19 / 5)
    assert everyone.goals_progress == pytest.approx(18 / 5)
    assert everyone.support == pytest.approx(21 / 5)
    assert everyone.would_again_share == 60.0


def test_fewer_than_five_people_show_nothing_at_all():
    answers = [survey(i, comments=f"comment {i}") for i in range(4)]
    res = summarize(surveys=answers).surveys
    assert not res.everyone.shown and res.everyone.overall is None
    assert res.everyone.people == 4
    assert res.by_family == [] and res.by_role == [] and res.comments == []


def test_groups_count_people_not_answers():
    """A mentor of two mentees answers twice: still one person."""
    answers = [survey("mentor-1", role="mentor"), survey("mentor-1", role="mentor")] + [
        survey(f"p{i}") for i in range(4)]
    res = summarize(surveys=answers).surveys
    assert res.everyone.people == 5 and res.everyone.answers == 6
    roles = {g.label: g for g in res.by_role}
    assert not roles["Mentors"].shown and roles["Mentors"].people == 1


def test_small_family_hidden_and_the_next_smallest_too_so_it_cannot_be_subtracted():
    answers = ([survey(f"a{i}", family="paraeducators") for i in range(7)]
               + [survey(f"b{i}", family="food") for i in range(5)]
               + [survey("c0", family="transportation", overall=1)])
    groups = {g.label: g for g in summarize(surveys=answers).surveys.by_family}
    assert not groups["Transportation Services"].shown
    assert groups["Transportation Services"].overall is None
    # One hidden person could be worked out from the total: the smallest shown group goes too.
    assert not groups["Food Services"].shown
    assert groups["Paraeducators"].shown and groups["Paraeducators"].overall == 4


def test_comments_without_names_in_alphabetical_order():
    answers = [survey(i, comments=c) for i, c in enumerate(
        ["  Zebra  ", "apple", "", "Mango", "banana"])]
    assert summarize(surveys=answers).surveys.comments == ["apple", "banana", "Mango", "Zebra"]


def test_fill_replaces_only_known_placeholders():
    text = "Dear {name}, {hours} h. {unknown} {name.__class__} {{name}} {"
    out = r.fill(text, {"name": "Ana", "hours": "12.5"})
    assert out == "Dear Ana, 12.5 h. {unknown} {name.__class__} {Ana} {"


@pytest.mark.parametrize("value, text", [(0, "0"), (12.0, "12"), (12.5, "12.5"),
                                         (0.75, "0.75"), (1 / 3, "0.33")])
def test_fmt_hours(value, text):
    assert r.fmt_hours(value) == text


def test_results_module_has_no_django_import():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(r.__file__).read_text())
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [n for n in names if n.startswith(("django", "unionhall"))]

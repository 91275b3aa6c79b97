"""The survey's results worked out by hand: scores, ties, groups held back, questions, an empty
survey, and the charts. Pure: no database."""

import pytest

from unionhall.bargaining import survey_chart
from unionhall.bargaining.survey_results import (
    QuestionSpec,
    Respondent,
    by_group,
    question_results,
    rank_priorities,
)

A, B, C, D = 1, 2, 3, 4
PRIORITIES = [(A, "Wages"), (B, "Health insurance"), (C, "Paid training time"),
              (D, "Bus route time")]


def r(i, ranks, **groups):
    return Respondent(id=i, ranks=ranks, groups=groups)


# With 4 priorities, 1st = 4 points, 2nd = 3, 3rd = 2, 4th = 1.
FOUR = [
    r(1, {A: 1, B: 2, C: 3}),  # A 4, B 3, C 2
    r(2, {B: 1, A: 2}),  # B 4, A 3
    r(3, {C: 1}),  # C 4
    r(4, {A: 1, C: 2, B: 3, D: 4}),  # A 4, C 3, B 2, D 1
]


def by_label(ranking):
    return {p.label: p for p in ranking.priorities}


def test_scores_by_hand():
    ranking = rank_priorities(PRIORITIES, FOUR)
    assert ranking.respondents == 4
    rows = by_label(ranking)
    wages, health, training, bus = (rows[x] for x in (
        "Wages", "Health insurance", "Paid training time", "Bus route time"))
    assert (wages.points, health.points, training.points, bus.points) == (11, 9, 9, 1)
    assert wages.score == pytest.approx(2.75)
    assert bus.score == pytest.approx(0.25)
    assert (wages.ranked, health.ranked, training.ranked, bus.ranked) == (3, 3, 3, 1)
    assert (wages.top3, bus.top3) == (3, 0)
    assert wages.top3_share == pytest.approx(75.0)
    assert bus.top3_share == 0
    assert wages.mean_rank == pytest.approx(4 / 3)
    assert health.mean_rank == pytest.approx(2.0)
    assert bus.mean_rank == pytest.approx(4.0)


def test_order_and_ties_share_a_place():
    ranking = rank_priorities(PRIORITIES, FOUR)
    # Health insurance and training tie on 9 points: both 2nd, in the survey's order; then 4th.
    assert [p.label for p in ranking.priorities] == [
        "Wages", "Health insurance", "Paid training time", "Bus route time"]
    assert [p.place for p in ranking.priorities] == [1, 2, 2, 4]
    assert ranking.top3 == ["Wages", "Health insurance", "Paid training time"]


def test_tie_keeps_the_survey_order_whatever_the_input_order():
    ranking = rank_priorities(PRIORITIES, [r(1, {D: 1}), r(2, {C: 1})])
    assert [p.label for p in ranking.priorities][:2] == ["Paid training time", "Bus route time"]
    assert [p.place for p in ranking.priorities] == [1, 1, 3, 3]
    assert ranking.top3 == ["Paid training time", "Bus route time"]  # none with 0 points


def test_an_unranked_priority_counts_nothing_but_the_respondent_counts():
    ranking = rank_priorities(PRIORITIES, [r(1, {A: 1}), r(2, {})])
    wages = by_label(ranking)["Wages"]
    assert wages.score == pytest.approx(2.0)  # 4 points over 2 respondents
    assert wages.top3_share == pytest.approx(50.0)


def test_empty_survey():
    ranking = rank_priorities(PRIORITIES, [])
    assert ranking.respondents == 0
    assert all(p.score == 0 and p.mean_rank is None and p.top3_share == 0
               for p in ranking.priorities)
    assert ranking.top3 == []
    assert by_group(PRIORITIES, [], "family", {}) == []
    results = question_results([QuestionSpec(1, "Rally?", "choice", ("Yes", "No")),
                                QuestionSpec(2, "Respected?", "scale"),
                                QuestionSpec(3, "Else?", "text")], [])
    assert [q.answered for q in results] == [0, 0, 0]
    assert results[0].counts[0].share == 0
    assert results[1].mean is None
    assert results[2].texts == [] and results[2].texts_total == 0


def test_no_priorities_at_all():
    ranking = rank_priorities([], [r(1, {})])
    assert ranking.priorities == [] and ranking.top3 == []


FAMILIES = {"para": "Paraeducators", "bus": "Transportation", "cust": "Custodial"}


def test_groups_with_their_own_ranking_and_top3():
    respondents = ([r(i, {D: 1, A: 2}, family="bus") for i in range(5)]
                   + [r(10 + i, {C: 1, B: 2, A: 3}, family="para") for i in range(6)])
    groups = by_group(PRIORITIES, respondents, "family", FAMILIES)
    assert [(g.label, g.respondents, g.shown) for g in groups] == [
        ("Paraeducators", 6, True), ("Transportation", 5, True)]
    para, bus = groups
    assert para.ranking.top3 == ["Paid training time", "Health insurance", "Wages"]
    assert bus.ranking.top3 == ["Bus route time", "Wages"]
    assert by_label(bus.ranking)["Bus route time"].score == pytest.approx(4.0)


def test_a_group_under_five_is_held_back_with_the_next_smallest():
    respondents = ([r(i, {A: 1}, family="para") for i in range(6)]
                   + [r(10 + i, {B: 1}, family="cust") for i in range(6)]
                   + [r(20 + i, {D: 1}, family="bus") for i in range(2)])
    groups = {g.label: g for g in by_group(PRIORITIES, respondents, "family", FAMILIES)}
    assert not groups["Transportation"].shown and groups["Transportation"].ranking is None
    # Held back alone, the two bus drivers' answers would be the total minus the others: the
    # smallest shown group (a tie at 6, by name: Custodial) is held back with it.
    assert not groups["Custodial"].shown
    assert groups["Paraeducators"].shown


def test_held_back_groups_that_add_up_to_five_are_enough():
    respondents = ([r(i, {A: 1}, family="para") for i in range(6)]
                   + [r(10 + i, {B: 1}, family="cust") for i in range(3)]
                   + [r(20 + i, {D: 1}, family="bus") for i in range(2)])
    groups = {g.label: g.shown for g in by_group(PRIORITIES, respondents, "family", FAMILIES)}
    assert groups == {"Paraeducators": True, "Custodial": False, "Transportation": False}


def test_too_few_in_all_hides_every_group():
    respondents = [r(i, {A: 1}, family="para") for i in range(5)] + [r(9, {A: 1}, family="bus")]
    assert [g.shown for g in by_group(PRIORITIES, respondents, "family", FAMILIES)] == [
        False, False]


def test_exactly_five_is_shown():
    respondents = [r(i, {A: 1}, family="para") for i in range(5)]
    assert by_group(PRIORITIES, respondents, "family", FAMILIES)[0].shown


def test_unknown_group_comes_last():
    respondents = ([r(i, {A: 1}, family=None) for i in range(5)]
                   + [r(10 + i, {A: 1}, family="gone") for i in range(1)]  # not in labels
                   + [r(20 + i, {A: 1}, family="para") for i in range(5)])
    groups = by_group(PRIORITIES, respondents, "family", FAMILIES, unknown_label="Not on record")
    assert [(g.label, g.respondents) for g in groups] == [("Paraeducators", 5),
                                                          ("Not on record", 6)]


def test_choice_and_scale_answers():
    rally = QuestionSpec(1, "Rally?", "choice", ("Yes", "Maybe", "No"))
    respected = QuestionSpec(2, "Respected?", "scale")
    answers = [(1, "Yes"), (1, "Yes"), (1, "No"), (1, "Other"), (1, "  "),
               (2, "5"), (2, "4"), (2, "4"), (2, "7"), (99, "Yes")]
    choice, scale = question_results([rally, respected], answers)
    assert choice.answered == 3
    assert [(c.label, c.count) for c in choice.counts] == [("Yes", 2), ("Maybe", 0), ("No", 1)]
    assert choice.counts[0].share == pytest.approx(200 / 3)
    assert scale.answered == 3
    assert scale.mean == pytest.approx(13 / 3)
    assert [c.count for c in scale.counts] == [0, 0, 0, 2, 1]


def test_written_answers_sorted_and_capped():
    written = QuestionSpec(3, "Else?", "text")
    answers = [(3, "route 12 runs late"), (3, "Apples"), (3, "buses"), (3, "")]
    (result,) = question_results([written], answers)
    assert result.texts == ["Apples", "buses", "route 12 runs late"]
    (capped,) = question_results([written], answers, text_cap=2)
    assert capped.texts == ["Apples", "buses"] and capped.texts_total == 3
    (everything,) = question_results([written], answers, text_cap=None)
    assert len(everything.texts) == 3


def test_chart_is_an_accessible_image_with_numbers_in_text():
    svg = survey_chart.bar_chart(
        [{"label": "Wages <&>", "value": 2.75, "text": "★ 2.8 · 75% top 3", "top": True},
         {"label": "A very long priority label that goes on and on", "value": 0.25,
          "text": "0.3 · 0% top 3"}],
        maximum=4, title="Priorities", desc="Scores, highest first.", ident="overall")
    assert 'role="img"' in svg and 'aria-labelledby="overall-t overall-d"' in svg
    assert '<title id="overall-t">Priorities</title>' in svg
    assert "Wages &lt;&amp;&gt;" in svg and "<&>" not in svg
    assert "★ 2.8 · 75% top 3" in svg
    assert "A very long priority label…" in svg  # shortened on the axis
    assert "A very long priority label that goes on and on: 0.3" in svg  # in full in the title


def test_chart_of_nothing_still_renders():
    svg = survey_chart.bar_chart([], maximum=0, title="Empty", desc="No answers.", ident="e")
    assert svg.startswith("<svg") and svg.endswith("</svg>")

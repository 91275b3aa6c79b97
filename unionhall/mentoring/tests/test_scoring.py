"""The matching criteria: each criterion's points, hard rules, the reasons, the shape of the
criteria, and the sparse rows for the matcher (the same as scoring every pair)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.mentoring import scoring
from unionhall.mentoring.scoring import (
    CRITERIA,
    DEFAULT_CRITERIA,
    CriteriaError,
    Profile,
    candidate_rows,
    max_points,
    score,
    validate,
)

STANDARDS = ["communication", "cultural_competence", "ethics", "health_safety",
             "organization", "professionalism", "reporting", "technology"]
OFF = {name: {"weight": 0, "required": False} for name in CRITERIA}
OFF["worksite"]["want"] = "any"


def crit(**entries):
    out = {k: dict(v) for k, v in OFF.items()}
    for name, entry in entries.items():
        out[name] = {**out[name], **entry}
    return out


PARA = Profile(job_family="paraeducators", worksite=1, languages={"en", "es"},
               availability={"lunch", "after_school"},
               standards={"communication", "technology", "ethics"}, years=2)


def mentor(**kw):
    values = {"job_family": "paraeducators", "worksite": 2, "languages": {"en"},
              "availability": {"after_school"}, "standards": {"communication"}, "years": 12}
    values.update(kw)
    return Profile(**values)


# --- each criterion ---------------------------------------------------------------------------


def test_same_job_family_preferred_adds_its_weight():
    c = crit(job_family={"weight": 10})
    assert score(PARA, mentor(), c) == (10, [{
        "criterion": "job_family", "points": 10,
        "detail": {"met": True, "required": False, "mentee": "paraeducators",
                   "mentor": "paraeducators"}}])
    points, reasons = score(PARA, mentor(job_family="food"), c)
    assert points == 0 and reasons[0]["detail"]["met"] is False


def test_same_job_family_required_forbids_another_family():
    c = crit(job_family={"weight": 10, "required": True})
    points, reasons = score(PARA, mentor(job_family="food"), c)
    assert points is None
    assert reasons[0]["detail"] == {"met": False, "required": True, "mentee": "paraeducators",
                                    "mentor": "food"}
    assert score(PARA, mentor(), c)[0] == 10
    # A family no one gave matches nothing.
    assert score(Profile(), mentor(job_family=None), c)[0] is None


@pytest.mark.parametrize(("want", "site", "met"), [
    ("same", 1, True), ("same", 2, False), ("same", None, False),
    ("different", 2, True), ("different", 1, False), ("different", None, True),
])
def test_worksite_same_or_different(want, site, met):
    c = crit(worksite={"weight": 3, "want": want})
    points, reasons = score(PARA, mentor(worksite=site), c)
    assert points == (3 if met else 0)
    assert reasons[0]["detail"]["met"] is met and reasons[0]["detail"]["want"] == want
    hard = crit(worksite={"weight": 3, "want": want, "required": True})
    assert score(PARA, mentor(worksite=site), hard)[0] == (3 if met else None)


def test_worksite_that_does_not_matter_is_not_a_reason_nor_a_rule():
    c = crit(worksite={"weight": 9, "want": "any", "required": True})
    assert score(PARA, mentor(worksite=1), c) == (0, [])
    assert score(PARA, mentor(worksite=5), c) == (0, [])


def test_shared_language_counts_once_and_names_the_languages():
    c = crit(language={"weight": 5})
    points, reasons = score(PARA, mentor(languages={"es", "en", "vi"}), c)
    assert points == 5 and reasons[0]["detail"]["shared"] == ["en", "es"]
    assert score(PARA, mentor(languages={"vi"}), c)[0] == 0
    assert score(PARA, mentor(languages=set()), crit(language={"required": True}))[0] is None


def test_goals_count_each_goal_among_the_strengths():
    c = crit(goals={"weight": 4})
    points, reasons = score(PARA, mentor(standards={"communication", "technology",
                                                    "reporting"}), c)
    assert points == 8
    assert reasons[0]["detail"] == {"met": True, "required": False,
                                    "covered": ["communication", "technology"], "goals": 3}
    assert score(PARA, mentor(standards={"reporting"}), c)[0] == 0


def test_goals_as_a_hard_rule_need_one_covered_unless_there_are_none():
    c = crit(goals={"weight": 4, "required": True})
    assert score(PARA, mentor(standards={"reporting"}), c)[0] is None
    assert score(PARA, mentor(standards={"ethics"}), c)[0] == 4
    no_goals = Profile(job_family="food")
    points, reasons = score(no_goals, mentor(standards={"reporting"}), c)
    assert points == 0 and reasons[0]["detail"]["met"] is True


def test_overlapping_availability():
    c = crit(availability={"weight": 3})
    points, reasons = score(PARA, mentor(availability={"after_school", "evening"}), c)
    assert points == 3 and reasons[0]["detail"]["shared"] == ["after_school"]
    assert score(PARA, mentor(availability={"weekend"}), c)[0] == 0
    assert score(PARA, mentor(availability={"weekend"}),
                 crit(availability={"required": True}))[0] is None


def test_seniority_as_a_hard_rule():
    c = crit(seniority={"required": True})
    assert score(PARA, mentor(years=3), c)[0] == 0
    assert score(PARA, mentor(years=2), c)[0] is None
    assert score(PARA, mentor(years=1), c)[0] is None
    points, reasons = score(PARA, mentor(years=3), crit(seniority={"weight": 2}))
    assert points == 2 and reasons[0]["detail"] == {"met": True, "required": False,
                                                    "mentee": 2, "mentor": 3}


def test_everything_adds_up_in_order_of_the_criteria():
    c = crit(job_family={"weight": 10}, worksite={"weight": 2, "want": "different"},
             language={"weight": 5}, goals={"weight": 4}, availability={"weight": 3})
    points, reasons = score(PARA, mentor(standards={"communication", "technology"}), c)
    assert points == 10 + 2 + 5 + 8 + 3
    assert [r["criterion"] for r in reasons] == ["job_family", "worksite", "language", "goals",
                                                 "availability"]
    assert [r["points"] for r in reasons] == [10, 2, 5, 8, 3]


def test_a_failing_hard_rule_keeps_the_other_reasons():
    c = crit(job_family={"weight": 10, "required": True}, language={"weight": 5})
    points, reasons = score(PARA, mentor(job_family="food"), c)
    assert points is None
    assert [(r["criterion"], r["points"], r["detail"]["met"]) for r in reasons] == [
        ("job_family", 0, False), ("language", 5, True)]


def test_default_criteria():
    assert validate(None) == DEFAULT_CRITERIA == validate({})
    assert max_points(DEFAULT_CRITERIA) == 10 + 5 + 4 * 8 + 3
    points, _ = score(PARA, mentor(), {})
    assert points == 10 + 5 + 4 + 3


# --- the shape of the criteria ----------------------------------------------------------------


@pytest.mark.parametrize(("raw", "criterion", "problem"), [
    ([], "", "shape"),
    ({"shift": {"weight": 1}}, "shift", "unknown"),
    ({"language": 5}, "language", "shape"),
    ({"language": {"weight": 11}}, "language", "weight"),
    ({"language": {"weight": -1}}, "language", "weight"),
    ({"language": {"weight": "5"}}, "language", "weight"),
    ({"language": {"weight": True}}, "language", "weight"),
    ({"language": {"weight": 2.5}}, "language", "weight"),
    ({"goals": {"required": "yes"}}, "goals", "required"),
    ({"worksite": {"want": "nearby"}}, "worksite", "want"),
    ({"goals": {"weight": 1, "want": "same"}}, "goals", "shape"),
])
def test_validate_refuses_what_is_not_criteria(raw, criterion, problem):
    with pytest.raises(CriteriaError) as info:
        validate(raw)
    assert (info.value.criterion, info.value.problem) == (criterion, problem)
    with pytest.raises(CriteriaError):
        score(PARA, mentor(), raw)


def test_validate_fills_in_what_is_missing():
    out = validate({"language": {"weight": 7, "required": True}})
    assert out["language"] == {"weight": 7, "required": True}
    assert out["job_family"] == DEFAULT_CRITERIA["job_family"]
    assert validate({"worksite": {"weight": 1}})["worksite"]["want"] == "any"
    assert set(out) == set(CRITERIA)


def test_scoring_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(scoring))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith(("django", "unionhall"))]


# --- properties -------------------------------------------------------------------------------

FAMILIES = ["paraeducators", "food", "custodial", None]
profiles = st.builds(
    Profile,
    job_family=st.sampled_from(FAMILIES),
    worksite=st.sampled_from([1, 2, 3, None]),
    languages=st.frozensets(st.sampled_from(["en", "es", "vi", "so"])),
    availability=st.frozensets(st.sampled_from(["lunch", "after_school", "evening"])),
    standards=st.frozensets(st.sampled_from(STANDARDS)),
    years=st.integers(0, 40),
)
entry = st.fixed_dictionaries({"weight": st.integers(0, 10), "required": st.booleans()})
criteria_st = st.fixed_dictionaries({
    "job_family": entry, "language": entry, "goals": entry, "availability": entry,
    "seniority": entry,
    "worksite": st.fixed_dictionaries({"weight": st.integers(0, 10), "required": st.booleans(),
                                       "want": st.sampled_from(["same", "different", "any"])}),
})


@settings(max_examples=300, deadline=None)
@given(profiles, profiles, criteria_st)
def test_points_are_never_negative_and_never_above_the_most(e, m, c):
    points, reasons = score(e, m, c)
    assert points is None or 0 <= points <= max_points(c)
    assert all(r["points"] >= 0 for r in reasons)
    if points is not None:
        assert points == sum(r["points"] for r in reasons)


@settings(max_examples=300, deadline=None)
@given(profiles, profiles, criteria_st)
def test_a_failing_hard_rule_always_gives_none(e, m, c):
    points, reasons = score(e, m, c)
    failing = [r for r in reasons if r["detail"]["required"] and not r["detail"]["met"]]
    assert (points is None) == bool(failing)


@settings(max_examples=200, deadline=None)
@given(profiles, profiles, criteria_st)
def test_making_a_rule_hard_never_adds_points(e, m, c):
    soft = {k: {**v, "required": False} for k, v in c.items()}
    hard_points, _ = score(e, m, c)
    soft_points, _ = score(e, m, soft)
    assert soft_points is not None
    assert hard_points is None or hard_points == soft_points


@settings(max_examples=200, deadline=None)
@given(profiles, profiles, criteria_st, st.integers(0, 10))
def test_more_weight_never_lowers_the_points(e, m, c, extra):
    for name in CRITERIA:
        heavier = {k: dict(v) for k, v in c.items()}
        heavier[name]["weight"] = min(10, heavier[name]["weight"] + extra)
        before, after = score(e, m, c)[0], score(e, m, heavier)[0]
        if before is not None and after is not None:
            assert after >= before


@settings(max_examples=150, deadline=None)
@given(st.lists(profiles, max_size=8), st.lists(profiles, max_size=8), criteria_st,
       st.data())
def test_candidate_rows_are_exactly_the_allowed_pairs_and_their_points(mentees, mentors, c,
                                                                       data):
    room = data.draw(st.lists(st.integers(0, 2), min_size=len(mentors),
                              max_size=len(mentors)))
    rows = candidate_rows(mentees, mentors, c, room=room)
    assert len(rows) == len(mentees)
    for i, e in enumerate(mentees):
        expected = {}
        for j, m in enumerate(mentors):
            points, _ = score(e, m, c)
            if points is not None and room[j] > 0:
                expected[j] = points
        assert rows[i] == expected


def test_candidate_rows_share_a_row_between_equal_mentees():
    rows = candidate_rows([PARA, PARA], [mentor(), mentor(job_family="food")],
                          {"job_family": {"weight": 10, "required": True}})
    assert rows[0] == {0: 10 + 5 + 4 + 3} and rows[0] is rows[1]


def test_candidate_rows_scale_without_a_dense_matrix():
    """4,000 mentors and 10,000 mentees with the same family required: each mentee is only
    compared with its family's mentors, and mentors alike are scored once."""
    import random
    import time

    rng = random.Random(7)
    families = ["paraeducators", "food", "custodial", "transportation", "clerical", "health",
                "security", "trades", "technical"]

    def person():
        return Profile(job_family=rng.choice(families), worksite=rng.randint(1, 60),
                       languages={"en"} | ({"es"} if rng.random() < .3 else set()),
                       availability=set(rng.sample(["lunch", "after_school", "evening",
                                                    "weekend"], 2)),
                       standards=set(rng.sample(STANDARDS, 2)), years=rng.randint(0, 30))

    mentors = [person() for _ in range(4000)]
    mentees = [person() for _ in range(10000)]
    c = {"job_family": {"weight": 10, "required": True},
         "worksite": {"weight": 3, "want": "same", "required": True}}
    started = time.perf_counter()
    rows = candidate_rows(mentees, mentors, c)
    took = time.perf_counter() - started
    assert took < 5, took
    sizes = [len(r) for r in rows]
    assert 0 < sum(sizes) / len(sizes) < 20
    i = next(i for i, r in enumerate(rows) if r)
    j = next(iter(rows[i]))
    assert rows[i][j] == score(mentees[i], mentors[j], c)[0]

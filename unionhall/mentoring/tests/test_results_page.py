"""The results page and its CSV: the numbers, small survey groups held back, comments without
names, formula-safe cells, escaped text, and a query count that does not grow with the cycle."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.matrix_mentoring_pairs import enrol, make_cycle, match
from unionhall.mentoring.actions import pairs as a


def add_pairs(world, cycle, n, *, family="paraeducators", meetings=2, minutes=60, goals=2,
              met=1, surveys=True, comment="", mentor_name=None):
    """n pairs of new people in one job family, with meetings, goals and (if asked) both
    exit surveys."""
    made = []
    for _ in range(n):
        mentee = PersonFactory(local=world.local, worksite=world.site_a)
        mentor = PersonFactory(local=world.local, worksite=world.site_b,
                               **({"legal_first_name": mentor_name} if mentor_name else {}))
        pair = match(cycle, enrol(cycle, mentee, "mentee", family=family),
                     enrol(cycle, mentor, "mentor", family=family))
        day = cycle.ends_on
        for _ in range(meetings):
            a.log_meeting(pair, by=None, person=mentee, held_on=day, minutes=minutes,
                          how="in_person", today=day)
        for g in range(goals):
            goal = a.add_goal(pair, by=None, person=mentee, standard="reporting", text=f"G{g}")
            if g < met:
                a.set_goal_status(goal, "met", by=None, person=mentor, today=day)
        if surveys:
            for person, overall in ((mentee, 4), (mentor, 5)):
                a.submit_exit_survey(pair, by=None, person=person, overall=overall,
                                     goals_progress=3, support=4, would_again=True,
                                     comments=comment, today=day)
        made.append(pair)
    return made


def results(client, cycle):
    response = client.get(reverse("mentoring_results", args=["lakeview", cycle.pk]))
    assert response.status_code == 200
    return response.content.decode()


def csv_rows(client, cycle):
    response = client.get(reverse("mentoring_results_csv", args=["lakeview", cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def cycle(world):
    return make_cycle(world, starts_days=-61, ends_days=-1)


def test_the_numbers_overall_and_by_job_family(world, as_user, cycle):
    add_pairs(world, cycle, 3, family="paraeducators", meetings=4, minutes=60, goals=2, met=1)
    add_pairs(world, cycle, 1, family="food", meetings=0, goals=1, met=0, surveys=False)
    enrol(cycle, PersonFactory(local=world.local), "mentee", family="food")  # not matched
    html = results(as_user("coordinator"), cycle)
    assert "of mentees matched (4 of 5)" in html
    assert "of goals met (3 of 7)" in html
    assert '<span class="stat">12</span> hours of mentoring' in html
    assert "<svg" in html and 'role="img"' in html
    rows = {}
    for row in csv_rows(as_user("coordinator"), cycle):
        if row:
            rows.setdefault(row[0], row)  # the first block: the program's figures
    assert rows["Everyone"][1:5] == ["5", "4", "80.0", "4"]
    assert rows["Paraeducators"][5] == "12"  # meetings
    assert rows["Food Services"][7] == "1"  # the pair that never met
    assert rows["Food Services"][3] == "50.0"  # 1 of 2 food mentees matched


def test_survey_groups_under_five_people_are_not_shown(world, as_user, cycle):
    # 3 pairs of paraeducators: 6 people; 1 food pair: 2 people (held back, and so is the
    # next smallest group, or it could be worked out from the total).
    add_pairs(world, cycle, 3, family="paraeducators")
    add_pairs(world, cycle, 1, family="food")
    html = results(as_user("coordinator"), cycle)
    assert "8 people answered." in html
    table = html[html.index('id="survey-h"'):html.index('id="pairs-h"')]
    food = table[table.index(">Food Services<"):]
    assert food.index("Fewer than 5 people: not shown.") < food.index("</tr>")
    rows = [r for r in csv_rows(as_user("coordinator"), cycle) if r and r[0] == "Food Services"]
    assert any("not shown" in cell for row in rows for cell in row)


def test_fewer_than_five_people_in_all_shows_no_survey_at_all(world, as_user, cycle):
    add_pairs(world, cycle, 2, comment="A comment that could give me away")
    html = results(as_user("coordinator"), cycle)
    assert "4 people answered." in html
    assert "Fewer than 5 people have answered" in html
    assert "could give me away" not in html
    assert "could give me away" not in str(csv_rows(as_user("coordinator"), cycle))


def test_comments_are_shown_without_names(world, as_user, cycle):
    pairs = add_pairs(world, cycle, 3, comment="Weekly check-ins kept me going")
    html = results(as_user("coordinator"), cycle)
    comments = html[html.index('<ul class="comments">'):]
    comments = comments[:comments.index("</ul>")]
    assert comments.count("Weekly check-ins kept me going") == 6
    for pair in pairs:
        for enrollment in (pair.mentor, pair.mentee):
            assert enrollment.person.legal_last_name not in comments


def test_csv_cells_cannot_run_as_formulas(world, as_user, cycle):
    add_pairs(world, cycle, 3, comment="=HYPERLINK(\"http://evil\")", mentor_name="+Ali")
    rows = csv_rows(as_user("coordinator"), cycle)
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert any(c.startswith("'+Ali ") for c in cells)


def test_text_is_escaped(world, as_user, cycle):
    add_pairs(world, cycle, 3, comment="<script>alert(1)</script>", mentor_name="<b>Bo</b>")
    html = results(as_user("coordinator"), cycle)
    assert "<script>alert(1)</script>" not in html and "<b>Bo</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hours_per_mentor_against_the_cap(world, as_user):
    cycle = make_cycle(world, starts_days=-61, ends_days=-1, cap=3)
    add_pairs(world, cycle, 1, meetings=5, minutes=60, surveys=False)
    html = results(as_user("coordinator"), cycle)
    assert "The program pays up to 3 hours per mentor and term." in html
    assert "(over the cap)" in html
    mentor_rows = [r for r in csv_rows(as_user("coordinator"), cycle) if len(r) == 6
                   and r[1] == "Paraeducators"]
    assert mentor_rows[0][4:] == ["5.00", "3.00"]


def test_a_cycle_of_another_local_is_404(world, as_user):
    from unionhall.mentoring.models import MentoringProgram

    program = MentoringProgram.objects.create(local=world.other_local, name="Hilltop")
    other = make_cycle(world, program=program)
    for name in ("mentoring_results", "mentoring_results_csv", "mentoring_thanks_letters"):
        assert as_user("coordinator").get(
            reverse(name, args=["lakeview", other.pk])).status_code == 404


def test_query_count_does_not_grow_with_the_cycle(world, as_user, cycle,
                                                  django_assert_max_num_queries):
    client = as_user("coordinator")
    add_pairs(world, cycle, 1)
    names = ("mentoring_results", "mentoring_results_csv", "mentoring_thanks_letters")
    counts = {}
    for name in names:
        client.get(reverse(name, args=["lakeview", cycle.pk]))
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse(name, args=["lakeview", cycle.pk])).status_code == 200
        counts[name] = len(few)
    add_pairs(world, cycle, 8, family="food")
    a.send_thank_you_letters(cycle, by=None)
    for name in names:
        with django_assert_max_num_queries(counts[name]):
            assert client.get(reverse(name, args=["lakeview", cycle.pk])).status_code == 200

"""The local's grievance procedure and district calendar, and the due dates they give a case."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from unionhall.core.models import AuditEntry
from unionhall.grievances import actions, queries, steps
from unionhall.grievances.closures import Closure
from unionhall.grievances.models import CalendarDay, StepRule

pytestmark = pytest.mark.django_db

D = dt.date
PROCEDURE = [
    {"name": "Step 1: supervisor", "days": 14, "kind": "working", "starts_from": "knowledge",
     "article": "5.2"},
    {"name": "Step 2: human resources", "days": 10, "kind": "school", "starts_from": "answer"},
    {"name": "Arbitration", "days": 30, "kind": "calendar", "starts_from": "answer"},
]


def spring_break_year(world):
    year = actions.save_school_year(world.local, name="2026–27", starts=D(2026, 8, 17),
                                    ends=D(2027, 6, 4), by=world.users["officer"])
    actions.import_calendar(year, [
        *[Closure(D(2027, 3, 22) + dt.timedelta(days=i), "closed", "Spring break")
          for i in range(5)],
        Closure(D(2027, 3, 19), "no_school", "Teacher workday"),
    ], by=world.users["officer"])
    return year


def test_procedure_is_replaced_whole_and_audited(world):
    actions.set_procedure(world.local, PROCEDURE, by=world.users["officer"])
    actions.set_procedure(world.local, PROCEDURE[:2], by=world.users["admin"])
    assert list(StepRule.objects.filter(local=world.local).values_list("position", "name")) == [
        (1, "Step 1: supervisor"), (2, "Step 2: human resources")]
    assert AuditEntry.objects.filter(verb="grievances.procedure_set").count() == 2


@pytest.mark.parametrize("bad, message", [
    ([], "at least one step"),
    ([{**PROCEDURE[1]}], "first step cannot run from"),
    ([{**PROCEDURE[0], "kind": "lunar"}], "calendar, working or school"),
    ([{**PROCEDURE[0], "days": 0}], "at least one day"),
])
def test_a_bad_procedure_is_refused_and_nothing_changes(world, bad, message):
    actions.set_procedure(world.local, PROCEDURE, by=world.users["officer"])
    with pytest.raises(ValidationError, match=message):
        actions.set_procedure(world.local, bad, by=world.users["officer"])
    assert StepRule.objects.filter(local=world.local).count() == 3


def test_only_officers_and_admins_set_the_rules(world):
    for persona in ("member", "rep", "steward", "state", "outsider"):
        with pytest.raises(PermissionDenied):
            actions.set_procedure(world.local, PROCEDURE, by=world.users[persona])


def test_calendar_import_refuses_a_day_outside_the_year_and_writes_nothing(world):
    year = spring_break_year(world)
    with pytest.raises(ValidationError, match="outside the school year"):
        actions.import_calendar(year, [Closure(D(2027, 1, 1), "closed", "New Year"),
                                       Closure(D(2027, 7, 5), "closed", "Summer")],
                                by=world.users["officer"])
    assert CalendarDay.objects.filter(school_year=year).count() == 6


def test_due_dates_run_across_spring_break_and_wait_for_the_answer(world):
    actions.set_procedure(world.local, PROCEDURE, by=world.users["officer"])
    spring_break_year(world)
    rules, district = queries.procedure(world.local), queries.district_calendar(world.local)
    # Learned of it on Friday March 12: 14 working days, spring break (5 days) skipped.
    due = steps.due_dates(rules, incident=D(2027, 3, 10), knowledge=D(2027, 3, 12),
                          filed=None, answers={}, extensions={}, district=district)
    assert due[0].computed == D(2027, 4, 8)
    assert due[1].computed is None and due[1].waiting_for == "answer"
    # The supervisor answers on Thursday March 18: 10 school days, skipping the teacher
    # workday on the 19th and spring break → Friday April 9.
    due = steps.due_dates(rules, incident=D(2027, 3, 10), knowledge=D(2027, 3, 12),
                          filed=D(2027, 3, 15), answers={1: D(2027, 3, 18)},
                          extensions={2: D(2027, 4, 20)}, district=district)
    assert due[1].computed == D(2027, 4, 9)
    assert due[1].due == D(2027, 4, 20)  # extended by agreement
    assert due[2].waiting_for == "answer"


def test_calendar_days_are_edited_by_hand(world):
    year = spring_break_year(world)
    officer = world.users["officer"]
    actions.set_calendar_day(year, D(2026, 11, 27), kind="closed", label="Day after Thanksgiving",
                             by=officer)
    actions.remove_calendar_day(year, D(2027, 3, 19), by=officer)
    district = queries.district_calendar(world.local)
    assert D(2026, 11, 27) in district.closed and D(2027, 3, 19) not in district.no_school
    with pytest.raises(ValidationError):
        actions.set_calendar_day(year, D(2025, 1, 1), kind="closed", by=officer)

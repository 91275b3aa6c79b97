"""The program's pages in Chromium at phone width, with axe-core: a member signs up on a
phone; the coordinator reads every page of running the program; none scrolls sideways."""

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, fits_the_phone, sign_in_with_password, submit, visit
from tests.factories import PersonFactory
from tests.matrix_mentoring_program import enrol, make_cycle, make_program
from unionhall.mentoring.actions import program as actions
from unionhall.mentoring.models import Enrollment

pytestmark = pytest.mark.browser


def url(name, *args):
    return reverse(name, args=["lakeview", *args])


def test_a_member_signs_up_on_a_phone(page, world):  # noqa: F811
    cycle = make_cycle(world)
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, world.users["member"])
    visit(page, url("mentoring_home"))
    assert fits_the_phone(page)
    submit(page, page.get_by_role("link", name="Sign up as a mentee"))
    assert fits_the_phone(page)
    page.get_by_label("Communication").check()
    page.get_by_label("After school").check()
    page.get_by_label("Spanish").check()
    page.get_by_label("In your own words").fill("New to the bus yard this fall.")
    submit(page, page.get_by_role("button", name="Sign up"))
    assert "You signed up as a mentee." in page.content()
    e = Enrollment.objects.get(cycle=cycle)
    assert e.role == "mentee" and "communication" in e.standards and "es" in e.languages


def test_running_the_program_fits_a_phone(page, world):  # noqa: F811
    program = make_program(world)
    actions.set_committee(program, [(world.people_b[2], "Chair")], by=None)
    cycle = make_cycle(world, open=False)
    mentors = [enrol(cycle, world.people_b[1], "mentor", capacity=2, languages=["en", "es"]),
               enrol(cycle, world.people_a[1], "mentor", family="food")]
    mentee = enrol(cycle, world.people_a[0], standards=["communication", "technology"])
    for i in range(4):
        enrol(cycle, PersonFactory(local=world.local, worksite=world.site_b),
              family=["paraeducators", "custodial"][i % 2])
    actions.propose_matches(cycle, by=None)
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, world.users["coordinator"])
    addresses = [url("mentoring_home"), url("mentoring_program_edit"),
                 url("mentoring_committee") + "?q=" + world.people_a[2].legal_last_name,
                 url("mentoring_cycle_new"), url("mentoring_cycle_edit", cycle.pk),
                 url("mentoring_enrolments", cycle.pk),
                 url("mentoring_enrolment_add", cycle.pk) + "?q=First",
                 url("mentoring_enrolment_edit", mentors[0].pk),
                 url("mentoring_criteria", cycle.pk), url("mentoring_matching", cycle.pk),
                 url("mentoring_match_change", mentee.pk),
                 url("mentoring_match_change", mentee.pk) + f"?mentor={mentors[1].pk}"]
    for address in addresses:
        visit(page, address)
        assert fits_the_phone(page), f"{address} scrolls sideways on a phone"
    # Publish from the matching page.
    visit(page, url("mentoring_matching", cycle.pk))
    submit(page, page.get_by_role("button", name="Publish the pairs"))
    assert "Published" in page.content()

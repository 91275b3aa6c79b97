"""A case's contract citations link to the contract in force, where it has that section."""

from django.urls import reverse

from tests.matrix_bargaining_contract import ensure_contract
from unionhall.grievances.tests.helpers import open_case, set_up_local


def test_cited_sections_link_to_the_contract_in_force(world, today, as_user):
    set_up_local(world.local)
    contract = ensure_contract(world)
    case = open_case(world, articles=["12.3", "Art. 7", "99.1"])
    page = as_user("steward").get(reverse("grievance_detail", args=["lakeview", case.number]))
    html = page.content.decode()
    section = reverse("contract_section", args=["lakeview", contract.slug, "12.3"])
    article = reverse("contract_article", args=["lakeview", contract.slug, "7"])
    assert f'<a href="{section}">12.3</a>' in html
    assert f'<a href="{article}">Art. 7</a>' in html
    assert "99.1" in html and "/99.1/" not in html  # no such section: plain text


def test_without_a_contract_citations_are_plain_text(world, today, as_user):
    set_up_local(world.local)
    case = open_case(world, articles=["12.3"])
    html = as_user("steward").get(
        reverse("grievance_detail", args=["lakeview", case.number])).content.decode()
    assert "12.3" in html and "/contract/" not in html.split("<main")[1]

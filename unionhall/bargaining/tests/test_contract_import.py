"""The contract's actions: importing a version from text, its name and dates, replacing a
draft's text, putting a version in force, deleting a draft; and the demo contract."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.matrix_bargaining_contract import SAMPLE, ensure_contract
from unionhall.bargaining.actions import contract as actions
from unionhall.bargaining.models import Article, Contract, Proposal, Section
from unionhall.core.models import AuditEntry

BROKEN = """\
ARTICLE 7 – LEAVES
7.1 Sick Leave
One day a month.
7.1 Sick Leave Again
Twice.
ARTICLE 8 – TRAINING
9.2 Misplaced
Text.
"""


def test_import_makes_a_draft_with_articles_and_sections_in_file_order(world):
    contract = actions.import_contract(world.local, name="2024–2027", text=SAMPLE,
                                       title="Lakeview Agreement", by=world.users["team"])
    assert contract.slug == "2024-2027"
    assert contract.status == Contract.Status.DRAFT
    assert contract.created_by == world.users["team"]
    assert contract.preamble.startswith("Agreement between")
    assert [(a.number, a.title, a.position) for a in contract.articles.all()] == [
        ("1", "RECOGNITION", 1), ("7", "LEAVES", 2), ("12", "GRIEVANCE PROCEDURE", 3)]
    leaves = contract.articles.get(number="7")
    assert leaves.intro == "Leave is granted as follows."
    assert [(s.number, s.title, s.position) for s in leaves.sections.all()] == [
        ("7.1", "Sick Leave", 1), ("7.2", "Personal Leave", 2), ("7.3", "Bereavement Leave", 3)]
    assert "(a) asked for two (2) working days ahead;\n(b)" in leaves.sections.get(
        number="7.2").text
    assert Section.objects.filter(contract=contract).count() == 6
    entry = AuditEntry.objects.get(verb="contract.imported")
    assert entry.actor == world.users["team"] and entry.affiliate == world.local
    assert entry.changes["articles"] == [None, 3] and entry.changes["sections"] == [None, 6]


def test_every_problem_is_reported_with_its_line_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as exc:
        actions.import_contract(world.local, name="2024–2027", text=BROKEN, by=None)
    messages = exc.value.messages
    assert any(m.startswith("Line 4:") and "7.1" in m for m in messages)
    assert any(m.startswith("Line 7:") and "9.2" in m for m in messages)
    assert not Contract.objects.exists() and not Article.objects.exists()
    assert not AuditEntry.objects.filter(verb="contract.imported").exists()


def test_text_without_articles_or_empty_is_refused(world):
    with pytest.raises(ValidationError, match="No ARTICLE headings"):
        actions.import_contract(world.local, name="X", text="Just some words.", by=None)
    with pytest.raises(ValidationError, match="empty"):
        actions.import_contract(world.local, name="X", text="  \n ", by=None)
    assert not Contract.objects.exists()


def test_a_name_whose_address_is_taken_is_refused(world):
    actions.import_contract(world.local, name="2024–2027", text=SAMPLE, by=None)
    with pytest.raises(ValidationError, match="already a version called"):
        actions.import_contract(world.local, name="2024-2027", text=SAMPLE, by=None)
    # Another local may use the same name.
    actions.import_contract(world.other_local, name="2024–2027", text=SAMPLE, by=None)
    assert Contract.objects.count() == 2


@pytest.mark.parametrize("name", ["Versions", "import", "section", "—"])
def test_names_the_pages_use_or_without_letters_are_refused(world, name):
    with pytest.raises(ValidationError):
        actions.import_contract(world.local, name=name, text=SAMPLE, by=None)


def test_dates_must_be_in_order(world):
    with pytest.raises(ValidationError, match="expires after"):
        actions.import_contract(world.local, name="A", text=SAMPLE, by=None,
                                starts_on=dt.date(2024, 7, 1), ends_on=dt.date(2024, 6, 30))


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_the_team_imports(world, persona):
    with pytest.raises(PermissionDenied):
        actions.import_contract(world.local, name="A", text=SAMPLE, by=world.users[persona])
    assert not Contract.objects.exists()


@pytest.mark.parametrize("persona", ["team", "officer", "admin"])
def test_the_team_officers_and_admin_import(world, persona):
    actions.import_contract(world.local, name="A", text=SAMPLE, by=world.users[persona])


def test_putting_a_version_in_force_supersedes_the_one_before(world):
    old = ensure_contract(world)
    assert old.status == Contract.Status.IN_FORCE
    new = actions.import_contract(world.local, name="2027–2030", text=SAMPLE, by=None)
    actions.put_in_force(new, by=world.users["team"])
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (Contract.Status.SUPERSEDED, Contract.Status.IN_FORCE)
    entry = AuditEntry.objects.filter(verb="contract.put_in_force").latest("id")
    assert entry.changes["supersedes"] == [None, old.name]
    with pytest.raises(ValidationError, match="already the version in force"):
        actions.put_in_force(new, by=None)
    # Put back by mistake: the superseded one may return.
    actions.put_in_force(old, by=None)
    assert Contract.objects.get(status=Contract.Status.IN_FORCE) == old


def test_update_keeps_the_address_of_a_version_members_read(world):
    contract = ensure_contract(world)
    actions.update_contract(contract, name="2024–2028", title="New title",
                            starts_on=dt.date(2024, 7, 1), ends_on=dt.date(2028, 6, 30),
                            by=world.users["officer"])
    contract.refresh_from_db()
    assert (contract.name, contract.slug, contract.title) == ("2024–2028", "2024-2027",
                                                              "New title")
    entry = AuditEntry.objects.get(verb="contract.updated")
    assert entry.changes["name"] == ["2024–2027", "2024–2028"]
    assert "slug" not in entry.changes


def test_update_moves_a_drafts_address_with_its_name(world):
    ensure_contract(world)
    draft = actions.import_contract(world.local, name="Draft", text=SAMPLE, by=None)
    actions.update_contract(draft, name="2027–2030", title="", starts_on=None, ends_on=None,
                            by=None)
    draft.refresh_from_db()
    assert draft.slug == "2027-2030"
    with pytest.raises(ValidationError, match="already a version"):
        actions.update_contract(draft, name="2024–2027", title="", starts_on=None,
                                ends_on=None, by=None)


def test_replacing_a_drafts_text(world):
    draft = actions.import_contract(world.local, name="Draft", text=SAMPLE, by=None)
    actions.replace_contract_text(draft, "ARTICLE 3 – SAFETY\n3.1 Gloves\nProvided.\n", by=None)
    assert [a.number for a in draft.articles.all()] == ["3"]
    assert list(draft.sections.values_list("number", flat=True)) == ["3.1"]
    with pytest.raises(ValidationError, match="Line"):
        actions.replace_contract_text(draft, BROKEN, by=None)
    assert [a.number for a in draft.articles.all()] == ["3"]  # unchanged


def test_only_a_drafts_text_is_replaced(world):
    contract = ensure_contract(world)
    with pytest.raises(ValidationError, match="only a draft"):
        actions.replace_contract_text(contract, SAMPLE, by=None)


def test_only_a_draft_is_deleted(world):
    contract = ensure_contract(world)
    with pytest.raises(ValidationError, match="only a draft"):
        actions.delete_draft_contract(contract, by=None)
    draft = actions.import_contract(world.local, name="Draft", text=SAMPLE, by=None)
    actions.delete_draft_contract(draft, by=world.users["team"])
    assert not Contract.objects.filter(pk=draft.pk).exists()
    assert not Article.objects.filter(contract_id=draft.pk).exists()
    assert AuditEntry.objects.filter(verb="contract.deleted").exists()


def test_a_draft_with_proposals_is_kept(world):
    draft = actions.import_contract(world.local, name="Draft", text=SAMPLE, by=None)
    Proposal.objects.create(local=world.local, label="U-1", side="union", contract=draft,
                            article=draft.articles.get(number="7"), article_number="7")
    with pytest.raises(ValidationError, match="Proposals are written against"):
        actions.delete_draft_contract(draft, by=None)
    with pytest.raises(ValidationError, match="Proposals are written against"):
        actions.replace_contract_text(draft, SAMPLE, by=None)
    assert Contract.objects.filter(pk=draft.pk).exists()


def test_form_feeds_between_pages_do_not_join_lines(world):
    text = SAMPLE.replace("ARTICLE 7", "\x0cARTICLE 7")
    contract = actions.import_contract(world.local, name="A", text=text, by=None)
    assert contract.articles.count() == 3


def test_a_heading_run_into_its_text_is_reported(world):
    long_title = "ARTICLE 2 – " + "WORDS " * 40 + "\n2.1 A\nText.\n"
    with pytest.raises(ValidationError, match="Line 1:.*longer than 200"):
        actions.import_contract(world.local, name="A", text=long_title, by=None)


def test_the_demo_contract(world):
    from unionhall.bargaining.demo_contract import seed_contract

    contract = seed_contract(world.local)
    assert contract.status == Contract.Status.IN_FORCE and contract.slug == "2024-2027"
    articles = list(contract.articles.all())
    assert len(articles) == 14
    assert articles[6].title == "LEAVES" and articles[6].sections.count() >= 8
    assert contract.sections.get(number="7.10").title == "Unpaid Leave of Absence"
    steps = contract.sections.get(number="12.3")
    assert steps.article.title == "GRIEVANCE PROCEDURE"
    assert "(a) Step One" in steps.text and "\n(b) Step Two" in steps.text
    assert "\n(c) Step Three" in steps.text and "working days" in steps.text
    assert "Lakeview Unified School District" in contract.title

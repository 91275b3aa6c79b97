"""Proposals and counter-proposals: labels, the contract's form, the chain of counters, status,
publishing, editing, and who may do any of it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify

from unionhall.bargaining.actions import proposals as actions
from unionhall.bargaining.contract_text import parse_article_body
from unionhall.bargaining.models import Article, Contract, Proposal, Section, Session
from unionhall.core.models import AuditEntry

pytestmark = pytest.mark.django_db

HOURS = """The regular work year and hours are set out below.

5.1 Workday
The regular workday for full-time employees shall be seven (7) hours, exclusive of lunch.

5.2 Overtime
Work beyond forty (40) hours in a week shall be paid at one and one-half times the regular rate."""

LEAVES = """Leave is granted without loss of pay as set out in this Article.

7.1 Sick Leave
Each employee shall accrue one (1) day of sick leave for each month of service.

7.2 Personal Leave
Each employee may take two (2) days of personal leave each school year with notice."""

WAGES = """12.1 Salary Schedule
Employees shall be paid according to the salary schedule in Appendix A.

12.2 Longevity
After ten (10) years of service an employee shall receive a longevity step of two percent (2%)."""

ARTICLES = [("5", "Hours of Work", HOURS), ("7", "Leaves", LEAVES), ("12", "Wages", WAGES)]


def make_contract(local, *, name="2023–2026", articles=ARTICLES, status="in_force"):
    """A contract version built with the ORM, as an import would leave it."""
    contract = Contract.objects.create(
        local=local, name=name, slug=slugify(name.replace("–", "-")), status=status,
        title=f"Agreement {name}", starts_on=dt.date(2023, 7, 1), ends_on=dt.date(2026, 6, 30))
    for position, (number, title, text) in enumerate(articles, 1):
        intro, sections = parse_article_body(text, number)
        article = Article.objects.create(contract=contract, number=number, title=title,
                                         intro=intro, position=position)
        Section.objects.bulk_create(
            Section(contract=contract, article=article, number=s.number, title=s.title,
                    text=s.text, position=j) for j, s in enumerate(sections, 1))
    return contract


def propose(local, *, side="union", number="7", text=None, by=None, **kwargs):
    kwargs.setdefault("title", "")
    kwargs.setdefault("presented_on", local.today() - dt.timedelta(days=7))
    if text is None:
        text = LEAVES.replace("one (1) day", "one and one-half (1.5) days")
    return actions.create_proposal(local, side=side, article_number=number, text=text, by=by,
                                   **kwargs)


# --- creating ---------------------------------------------------------------------------------


def test_labels_count_per_local_and_side(world):
    make_contract(world.local)
    make_contract(world.other_local)
    labels = [propose(world.local, side=s).label
              for s in ("union", "union", "district", "other", "district", "union")]
    assert labels == ["U-1", "U-2", "D-1", "O-1", "D-2", "U-3"]
    assert propose(world.other_local).label == "U-1"


def test_a_proposal_amends_the_version_in_force(world):
    make_contract(world.local, name="2020–2023", status="superseded")
    contract = make_contract(world.local)
    proposal = propose(world.local, by=world.users["team"])
    assert proposal.contract == contract
    assert proposal.article == contract.articles.get(number="7")
    assert proposal.status == "open" and not proposal.published
    assert proposal.created_by == world.users["team"]
    entry = AuditEntry.objects.get(verb="proposal.created")
    assert entry.actor == world.users["team"] and entry.object_id == str(proposal.pk)


def test_no_contract_in_force_is_refused(world):
    make_contract(world.local, status="draft")
    with pytest.raises(ValidationError, match="No contract version is in force"):
        propose(world.local)


def test_a_number_the_contract_lacks_is_a_new_article_with_title_and_text(world):
    make_contract(world.local)
    text = "20.1 Remote Work\nClerical employees may work from home one (1) day a week."
    with pytest.raises(ValidationError, match="give the new article a title"):
        propose(world.local, number="20", text=text)
    with pytest.raises(ValidationError, match="write the text"):
        propose(world.local, number="20", text="", title="Remote Work")
    proposal = propose(world.local, number="Article 020", text=text, title="Remote Work")
    assert proposal.article is None and proposal.article_number == "20"


@pytest.mark.parametrize("number", ["seven", "", "7a", "0"])
def test_the_article_number_is_digits(world, number):
    make_contract(world.local)
    with pytest.raises(ValidationError, match="in digits"):
        propose(world.local, number=number)


def test_the_text_is_cleaned_and_must_read_as_the_contract(world):
    make_contract(world.local)
    proposal = propose(world.local, text="7.1 Sick Leave\r\nOne\x00 day\u202e a month.  ")
    assert proposal.text == "7.1 Sick Leave\nOne day a month."
    with pytest.raises(ValidationError) as caught:
        propose(world.local, text="7.1 Sick Leave\nOne day.\n8.1 Vacation\nTen days.")
    assert "Line 3" in caught.value.messages[0] and "8.1" in caught.value.messages[0]
    with pytest.raises(ValidationError, match="another article"):
        propose(world.local, text="ARTICLE 7 – LEAVES\n7.1 Sick\nOne.\nARTICLE 8 – X\n8.1 Y")


def test_the_article_heading_may_start_the_text(world):
    make_contract(world.local)
    proposal = propose(world.local, text="ARTICLE 7 – LEAVES\n7.1 Sick Leave\nTwo days.")
    assert proposal.pk


def test_presented_on_and_session(world):
    make_contract(world.local)
    with pytest.raises(ValidationError, match="future"):
        propose(world.local, presented_on=world.local.today() + dt.timedelta(days=1))
    elsewhere = Session.objects.create(local=world.other_local, held_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="this local's bargaining sessions"):
        propose(world.local, session=elsewhere)
    here = Session.objects.create(local=world.local, held_on=dt.date(2025, 1, 1))
    assert propose(world.local, session=here, presented_on=None).session == here


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_the_team_officers_and_admin_write(world, persona):
    make_contract(world.local)
    draft = propose(world.local)
    by = world.users[persona]
    with pytest.raises(PermissionDenied):
        propose(world.local, by=by)
    with pytest.raises(PermissionDenied):
        actions.update_proposal(draft, title="X", by=by)
    with pytest.raises(PermissionDenied):
        actions.publish_proposal(draft, by=by)
    with pytest.raises(PermissionDenied):
        actions.set_proposal_status(draft, "withdrawn", by=by)
    with pytest.raises(PermissionDenied):
        actions.sign_agreement(draft, signed_on=world.local.today(), union_signer="A",
                               district_signer="B", by=by)


@pytest.mark.parametrize("persona", ["team", "officer", "admin"])
def test_who_bargains_writes(world, persona):
    make_contract(world.local)
    assert propose(world.local, by=world.users[persona]).label == "U-1"


# --- counter-proposals ------------------------------------------------------------------------


def test_a_published_counter_marks_what_it_answers_countered(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    counter = propose(world.local, side="union", answers=first, published=True)
    first.refresh_from_db()
    assert counter.answers == first and first.status == "countered"
    change = AuditEntry.objects.get(verb="proposal.status_changed", object_id=str(first.pk))
    assert change.changes["status"] == ["open", "countered"]
    third = propose(world.local, side="district", answers=counter, published=True)
    counter.refresh_from_db()
    assert counter.status == "countered" and third.status == "open"


def test_a_draft_counter_answers_nothing_until_published(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    draft = propose(world.local, side="union", answers=first)
    first.refresh_from_db()
    assert first.status == "open"
    actions.publish_proposal(draft, by=None)
    first.refresh_from_db()
    assert first.status == "countered"


def test_a_counter_is_on_the_same_article_from_the_other_side(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    with pytest.raises(ValidationError, match="same article"):
        propose(world.local, side="union", number="5", text="5.1 Workday\nSix hours.",
                answers=first)
    with pytest.raises(ValidationError, match="other side"):
        propose(world.local, side="district", answers=first)
    other = make_contract(world.other_local)
    assert other
    with pytest.raises(ValidationError, match="of this local"):
        propose(world.other_local, side="union", answers=first)


def test_one_live_answer_at_a_time(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    counter = propose(world.local, side="union", answers=first, published=True)
    with pytest.raises(ValidationError, match="already answered by U-1"):
        propose(world.local, side="union", answers=first)
    actions.set_proposal_status(counter, "withdrawn", by=None)
    first.refresh_from_db()
    assert first.status == "open"  # the withdrawn answer gives it back
    again = propose(world.local, side="union", answers=first, published=True)
    first.refresh_from_db()
    assert again.label == "U-2" and first.status == "countered"
    # The withdrawn counter cannot come back while U-2 answers.
    with pytest.raises(ValidationError, match="already answered by U-2"):
        actions.set_proposal_status(counter, "open", by=None)


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_closed_proposal_cannot_be_answered(world, status):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    actions.set_proposal_status(first, status, by=None)
    with pytest.raises(ValidationError, match="cannot be answered"):
        propose(world.local, side="union", answers=first)


# --- status, publishing, editing --------------------------------------------------------------


def test_status_by_hand(world):
    make_contract(world.local)
    proposal = propose(world.local)
    with pytest.raises(ValidationError, match="signing the agreement"):
        actions.set_proposal_status(proposal, "ta", by=None)
    with pytest.raises(ValidationError, match="counter-proposal"):
        actions.set_proposal_status(proposal, "countered", by=None)
    with pytest.raises(ValidationError, match="already open"):
        actions.set_proposal_status(proposal, "open", by=None)
    with pytest.raises(ValidationError):
        actions.set_proposal_status(proposal, "lost", by=None)
    assert actions.set_proposal_status(proposal, "withdrawn", by=None).status == "withdrawn"
    assert actions.set_proposal_status(proposal, "rejected", by=None).status == "rejected"
    assert actions.set_proposal_status(proposal, "open", by=None).status == "open"
    assert AuditEntry.objects.filter(verb="proposal.status_changed").count() == 3


def test_reopening_a_proposal_still_answered_makes_it_countered(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    propose(world.local, side="union", answers=first, published=True)
    actions.set_proposal_status(first, "withdrawn", by=None)
    assert actions.set_proposal_status(first, "open", by=None).status == "countered"


def test_a_signed_proposal_does_not_change_by_hand(world):
    make_contract(world.local)
    proposal = propose(world.local)
    actions.sign_agreement(proposal, signed_on=world.local.today(), union_signer="A",
                           district_signer="B", by=None)
    with pytest.raises(ValidationError, match="does not change"):
        actions.set_proposal_status(proposal, "withdrawn", by=None)
    with pytest.raises(ValidationError, match="no longer be changed"):
        actions.update_proposal(proposal, title="Other", by=None)


def test_publishing(world):
    make_contract(world.local)
    proposal = propose(world.local)
    actions.publish_proposal(proposal, by=world.users["team"])
    proposal.refresh_from_db()
    assert proposal.published and proposal.published_at
    assert AuditEntry.objects.filter(verb="proposal.published").count() == 1
    with pytest.raises(ValidationError, match="already published"):
        actions.publish_proposal(proposal, by=None)


def test_editing(world):
    make_contract(world.local)
    proposal = propose(world.local)
    actions.update_proposal(proposal, title="Leaves", rationale="Because.",
                            text="7.1 Sick Leave\nTwo days a month.", by=world.users["team"])
    proposal.refresh_from_db()
    assert proposal.title == "Leaves" and proposal.text == "7.1 Sick Leave\nTwo days a month."
    entry = AuditEntry.objects.get(verb="proposal.updated")
    assert set(entry.changes) == {"title", "text", "rationale"}
    with pytest.raises(ValidationError, match="Line 1"):
        actions.update_proposal(proposal, text="8.1 Wrong\nText.", by=None)
    actions.update_proposal(proposal, article_number="12", text="12.1 Salary Schedule\nMore.",
                            by=None)
    proposal.refresh_from_db()
    assert proposal.article.number == "12"
    for status in ("withdrawn", "rejected"):
        other = propose(world.local)
        actions.set_proposal_status(other, status, by=None)
        with pytest.raises(ValidationError, match="no longer be changed"):
            actions.update_proposal(other, title="X", by=None)


def test_the_article_of_a_chain_does_not_change(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    counter = propose(world.local, side="union", answers=first)
    for p in (first, counter):
        with pytest.raises(ValidationError, match="chain"):
            actions.update_proposal(p, article_number="12", text="12.1 Salary\nMore.", by=None)


def test_counted_labels_survive_a_gap(world):
    make_contract(world.local)
    propose(world.local)
    Proposal.objects.filter(label="U-1").update(label="U-7")
    assert propose(world.local).label == "U-8"

"""Ratification: the new contract version assembled from the one in force and the tentative
agreements; the old version superseded; the vote checked; the page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from unionhall.bargaining.actions.ratify import ratification_passed, ratify_agreement
from unionhall.bargaining.contract_text import article_text
from unionhall.bargaining.models import Contract, TentativeAgreement
from unionhall.bargaining.tests.test_agreements import sign
from unionhall.bargaining.tests.test_proposals import WAGES, make_contract, propose
from unionhall.core.models import AuditEntry
from unionhall.democracy.models import Election

pytestmark = pytest.mark.django_db

EARLY = dt.date(2025, 1, 10)
NEW_LEAVES = """Leave is granted without loss of pay as set out in this Article.

7.1 Sick Leave
Each employee shall accrue one and one-half (1.5) days of sick leave for each month of service.

7.2 Personal Leave
Each employee may take three (3) days of personal leave each school year.

7.3 Bereavement Leave
Up to five (5) days for the death of a member of the employee's immediate family."""
REMOTE = """Clerical employees may work remotely where the work allows.

20.1 Eligibility
An employee with one (1) year of service may ask to work remotely one (1) day a week."""


def agreements(world):
    """Article 7 replaced, Article 20 added, Article 5 removed; Article 12 untouched."""
    local = world.local
    for number, text, title in (("7", NEW_LEAVES, ""), ("20", REMOTE, "Remote Work"),
                                ("5", "", "")):
        proposal = propose(local, number=number, text=text, title=title, presented_on=EARLY,
                           published=True)
        sign(proposal, signed_on=dt.date(2025, 2, 1))


def ratify(world, **kwargs):
    kwargs.setdefault("name", "2026–2029")
    kwargs.setdefault("starts_on", dt.date(2026, 7, 1))
    kwargs.setdefault("ends_on", dt.date(2029, 6, 30))
    kwargs.setdefault("ratified_on", dt.date(2025, 3, 1))
    kwargs.setdefault("by", None)
    return ratify_agreement(world.local, **kwargs)


def election(local, *, passed=True, published=True, kind="ratification"):
    now = timezone.now()
    results = {"contests": {"1": {"rule": "majority", "yes": 80, "no": 20, "abstain": 0,
                                  "counted": 100, "required": 51, "passed": passed}}}
    return Election.objects.create(
        local=local, kind=kind, title="Ratify the 2026–2029 agreement", status="published",
        opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(days=3),
        cutoff=dt.date(2025, 1, 1), results=results,
        published_at=now - dt.timedelta(days=1) if published else None)


def body(contract, number):
    article = contract.articles.get(number=number)
    return article, article_text(article.intro, article.sections.all())


def test_the_new_version_is_assembled(world):
    old = make_contract(world.local)
    agreements(world)
    new = ratify(world, by=world.users["team"])
    assert new.status == "in_force" and new.based_on == old
    assert new.name == "2026–2029" and new.slug == "2026-2029"
    assert new.ratified_on == dt.date(2025, 3, 1) and new.ratification is None
    assert new.title == old.title and new.created_by == world.users["team"]
    # Article 5 removed; 7 replaced; 12 copied; 20 added after 12.
    assert list(new.articles.values_list("number", "title", "position")) == [
        ("7", "Leaves", 1), ("12", "Wages", 2), ("20", "Remote Work", 3)]
    leaves, text = body(new, "7")
    assert leaves.intro == "Leave is granted without loss of pay as set out in this Article."
    assert list(leaves.sections.values_list("number", flat=True)) == ["7.1", "7.2", "7.3"]
    assert "one and one-half (1.5) days" in text and "Bereavement" in text
    wages, text = body(new, "12")
    old_wages = old.articles.get(number="12")
    assert text == article_text(old_wages.intro, old_wages.sections.all())
    assert "two percent (2%)" in text and wages.pk != old_wages.pk
    remote, text = body(new, "20")
    assert remote.sections.get().number == "20.1" and "one (1) day a week" in text
    # Every section belongs to the new version too.
    assert new.sections.count() == 3 + 2 + 1


def test_the_old_version_is_superseded_and_untouched(world):
    old = make_contract(world.local)
    before = list(old.articles.values_list("number", "intro"))
    agreements(world)
    ratify(world)
    old.refresh_from_db()
    assert old.status == "superseded"
    assert list(old.articles.values_list("number", "intro")) == before
    assert Contract.objects.filter(local=world.local, status="in_force").count() == 1


def test_the_agreements_become_part_of_the_new_version(world):
    make_contract(world.local)
    agreements(world)
    new = ratify(world)
    assert set(TentativeAgreement.objects.values_list("contract", flat=True)) == {new.pk}
    entry = AuditEntry.objects.get(verb="contract.ratified")
    assert entry.changes["replaced"] == [None, ["7"]]
    assert entry.changes["added"] == [None, ["20"]]
    assert entry.changes["removed"] == [None, ["5"]]
    # Nothing is pending any more.
    with pytest.raises(ValidationError, match="No tentative agreement is waiting"):
        ratify(world, name="2029")


def test_the_next_round_builds_on_the_new_version(world):
    make_contract(world.local)
    agreements(world)
    first = ratify(world)
    proposal = propose(world.local, number="12", presented_on=EARLY,
                       text="12.1 Salary Schedule\nAppendix A, raised four percent (4%).")
    assert proposal.contract == first
    sign(proposal, signed_on=dt.date(2025, 2, 1))
    second = ratify(world, name="2026–2029")  # the same name: the slug stays unique
    assert second.slug == "2026-2029-2" and second.based_on == first
    assert list(second.articles.values_list("number", flat=True)) == ["7", "12", "20"]
    assert "four percent" in body(second, "12")[1]


def test_a_new_article_goes_in_number_order(world):
    make_contract(world.local)
    proposal = propose(world.local, number="9", title="Transfers", presented_on=EARLY,
                       text="9.1 Posting\nVacancies are posted for five (5) days.")
    sign(proposal, signed_on=dt.date(2025, 2, 1))
    new = ratify(world)
    assert list(new.articles.values_list("number", flat=True)) == ["5", "7", "9", "12"]


def test_the_agreed_title_replaces_the_article_title(world):
    make_contract(world.local)
    proposal = propose(world.local, number="12", title="Compensation", presented_on=EARLY,
                       text=WAGES)
    sign(proposal, signed_on=dt.date(2025, 2, 1))
    new = ratify(world)
    assert new.articles.get(number="12").title == "Compensation"


def test_what_is_checked(world):
    with pytest.raises(ValidationError, match="No contract version is in force"):
        ratify(world)
    make_contract(world.local)
    with pytest.raises(ValidationError, match="No tentative agreement"):
        ratify(world)
    agreements(world)
    with pytest.raises(ValidationError, match="Name the new version"):
        ratify(world, name="  ")
    with pytest.raises(ValidationError, match="expire after"):
        ratify(world, ends_on=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="future"):
        ratify(world, ratified_on=world.local.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="signed on"):
        ratify(world, ratified_on=dt.date(2025, 1, 31))
    with pytest.raises(PermissionDenied):
        ratify(world, by=world.users["member"])
    assert Contract.objects.filter(local=world.local).count() == 1


def test_the_vote(world):
    make_contract(world.local)
    agreements(world)
    with pytest.raises(ValidationError, match="not published yet"):
        ratify(world, election=election(world.local, published=False))
    with pytest.raises(ValidationError, match="did not ratify"):
        ratify(world, election=election(world.local, passed=False))
    with pytest.raises(ValidationError, match="ratification votes"):
        ratify(world, election=election(world.local, kind="officers"))
    with pytest.raises(ValidationError, match="ratification votes"):
        ratify(world, election=election(world.other_local))
    vote = election(world.local)
    assert ratify(world, election=vote).ratification == vote


def test_reading_the_result():
    assert ratification_passed(Election(results={})) is None
    assert ratification_passed(Election(results={"contests": {"1": {"elected": []}}})) is None
    assert ratification_passed(Election(results={"contests": {
        "1": {"passed": True}, "2": {"passed": False}}})) is False
    assert ratification_passed(Election(results={"contests": {"1": {"passed": True}}}))


# --- the page ---------------------------------------------------------------------------------


def url(name):
    return reverse(name, kwargs={"local_slug": "lakeview"})


def test_the_preview_and_the_form(world, as_user):
    make_contract(world.local)
    agreements(world)
    vote = election(world.local)
    client = as_user("team")
    html = client.get(url("agreement_ratify")).content.decode()
    assert "Text replaced" in html and "New article added" in html and "Article removed" in html
    assert html.index("<td>5</td>") < html.index("<td>7</td>") < html.index("<td>20</td>")
    assert vote.title in html and "version 2023–2026" in html
    response = client.post(url("agreement_ratify"), {})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url("agreement_ratify"), {
        "name": "2026–2029", "title": "Agreement 2026–2029", "starts_on": "2026-07-01",
        "ends_on": "2029-06-30", "ratified_on": "2025-03-01", "election": vote.pk})
    assert response.status_code == 302
    new = Contract.objects.get(status="in_force")
    assert new.title == "Agreement 2026–2029" and new.ratification == vote
    html = client.get(url("agreement_list")).content.decode()
    assert "Part of version 2026–2029" in html and "Pending ratification" not in html


def test_a_mistake_comes_back_on_the_page(world, as_user):
    make_contract(world.local)
    agreements(world)
    response = as_user("officer").post(url("agreement_ratify"), {
        "name": "2026–2029", "starts_on": "2026-07-01", "ratified_on": "2025-01-02"})
    assert response.status_code == 200
    assert "the members cannot have ratified it before" in response.content.decode()
    assert Contract.objects.count() == 1


def test_nothing_to_ratify(world, as_user):
    make_contract(world.local)
    html = as_user("team").get(url("agreement_ratify")).content.decode()
    assert "No tentative agreement is waiting for ratification." in html


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_who_may_not_ratify(world, as_user, persona):
    make_contract(world.local)
    agreements(world)
    client = as_user(persona)
    assert client.get(url("agreement_ratify")).status_code == 403
    assert client.post(url("agreement_ratify"), {
        "name": "X", "starts_on": "2026-07-01", "ratified_on": "2025-03-01"}).status_code == 403
    assert Contract.objects.count() == 1


def test_the_vote_page_links_the_agreements_then_the_contract(world, as_user):
    make_contract(world.local)
    agreements(world)
    vote = election(world.local)
    page = reverse("election_detail", args=["lakeview", vote.pk])
    html = as_user("member").get(page).content.decode()
    assert reverse("agreement_list", args=["lakeview"]) in html
    new = ratify(world, election=vote)
    html = as_user("member").get(page).content.decode()
    assert reverse("contract_version", args=["lakeview", new.slug]) in html

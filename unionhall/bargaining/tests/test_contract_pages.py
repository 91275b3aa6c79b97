"""The contract's pages: who reads what, the table of contents and its jump box, an article in
full, a section's permalink and the stable link by number, and the team's import, edit,
put-in-force and delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix_bargaining_contract import (
    SAMPLE,
    ensure_contract,
    ensure_draft,
)
from unionhall.bargaining.actions import contract as actions
from unionhall.bargaining.models import Contract, Post, Proposal

LOGIN = "login"
L = "lakeview"


def _url(name, *args):
    return reverse(name, args=[L, *args])


# --- reading ------------------------------------------------------------------------------


def test_member_reads_the_contract_in_force(world, as_user):
    contract = ensure_contract(world)
    page = as_user("member").get(_url("contract_current")).content.decode()
    assert "Lakeview Agreement" in page and "2024–2027" in page and "In force" in page
    assert "LEAVES" in page and "7.2 Personal Leave" in page
    assert _url("contract_article", contract.slug, "7") + "#s-7.2" in page
    assert 'name="go"' in page  # the jump box
    assert _url("contract_import") not in page  # not the team's


def test_no_contract_yet(world, as_user):
    page = as_user("member").get(_url("contract_current")).content.decode()
    assert "No contract is on file yet" in page
    assert _url("contract_import") not in page
    page = as_user("team").get(_url("contract_current")).content.decode()
    assert "No contract is on file yet" in page and _url("contract_import") in page


def test_the_team_sees_drafts_and_members_do_not(world, as_user):
    ensure_contract(world)
    draft = ensure_draft(world)
    draft_url = _url("contract_version", draft.slug)
    page = as_user("team").get(_url("contract_current")).content.decode()
    assert "Drafts (team only)" in page and draft_url in page
    assert draft_url in as_user("team").get(_url("contract_versions")).content.decode()
    member = as_user("member")
    assert draft_url not in member.get(_url("contract_current")).content.decode()
    assert draft_url not in member.get(_url("contract_versions")).content.decode()
    for url in (draft_url, _url("contract_article", draft.slug, "7"),
                _url("contract_section", draft.slug, "7.2")):
        assert member.get(url).status_code == 404
    assert as_user("team").get(_url("contract_section", draft.slug, "7.2")).status_code == 200


def test_anonymous_is_sent_to_sign_in_and_an_outsider_refused(world, as_user):
    contract = ensure_contract(world)
    url = _url("contract_section", contract.slug, "7.2")
    response = as_user(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("account_login"))
    assert as_user("outsider").get(url).status_code == 403
    assert as_user("outsider").get(_url("contract_current")).status_code == 403


def test_the_versions_page(world, as_user):
    old = ensure_contract(world)
    new = actions.import_contract(world.local, name="2027–2030", text=SAMPLE, by=None)
    actions.put_in_force(new, by=None)
    page = as_user("member").get(_url("contract_versions")).content.decode()
    assert "2024–2027" in page and "2027–2030" in page
    assert "Superseded" in page and "In force" in page
    assert _url("contract_version", old.slug) in page


def test_article_page_shows_every_section_with_its_anchor_and_permalink(world, as_user):
    contract = ensure_contract(world)
    page = as_user("member").get(_url("contract_article", contract.slug, "7")).content.decode()
    assert "Leave is granted as follows." in page
    for number in ("7.1", "7.2", "7.3"):
        assert f'id="s-{number}"' in page
        assert _url("contract_section", contract.slug, number) in page
    assert "(a) asked for two (2) working days ahead;<br>(b)" in page
    assert _url("contract_article", contract.slug, "1") in page  # previous
    assert _url("contract_article", contract.slug, "12") in page  # next
    assert as_user("member").get(
        _url("contract_article", contract.slug, "99")).status_code == 404


def test_article_page_lists_proposals_and_updates_the_viewer_may_read(world, as_user):
    contract = ensure_contract(world)
    article = contract.articles.get(number="7")
    Proposal.objects.create(local=world.local, label="U-1", side="union", contract=contract,
                            article=article, article_number="7", published=True)
    Proposal.objects.create(local=world.local, label="U-2", side="union", contract=contract,
                            article=article, article_number="7", published=False)
    Proposal.objects.create(local=world.local, label="D-1", side="district", contract=contract,
                            article=None, article_number="12", published=True)
    post = Post.objects.create(local=world.local, title="Leave bank: where we stand",
                               slug="leave-bank", body="…", status=Post.Status.PUBLISHED)
    post.articles.add(article)
    draft = Post.objects.create(local=world.local, title="Unfinished draft", slug="draft",
                                body="…", status=Post.Status.DRAFT)
    draft.articles.add(article)
    url = _url("contract_article", contract.slug, "7")
    member = as_user("member").get(url).content.decode()
    assert "U-1" in member and "U-2" not in member and "D-1" not in member
    assert "Leave bank: where we stand" in member and "Unfinished draft" not in member
    team = as_user("team").get(url).content.decode()
    assert "U-1" in team and "U-2" in team and "draft, team only" in team
    assert "Unfinished draft" not in team


def test_contract_text_is_escaped(world, as_user):
    text = "ARTICLE 1 – RECOGNITION\n1.1 Unit\n<script>alert(1)</script> & more\n"
    contract = ensure_contract(world, name="Escaped", text=text)
    for url in (_url("contract_article", contract.slug, "1"),
                _url("contract_section", contract.slug, "1.1")):
        page = as_user("member").get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_section_permalink(world, as_user):
    contract = ensure_contract(world)
    page = as_user("member").get(_url("contract_section", contract.slug, "7.2")).content.decode()
    assert "Section 7.2" in page and "Personal Leave" in page
    assert "three (3) days of personal leave" in page
    assert "Article 7" in page and "LEAVES" in page
    assert _url("contract_article", contract.slug, "7") + "#s-7.2" in page
    assert _url("contract_section_current", "7.2") in page
    assert "superseded" not in page
    assert as_user("member").get(
        _url("contract_section", contract.slug, "7.9")).status_code == 404


def test_a_superseded_section_points_to_the_one_in_force(world, as_user):
    old = ensure_contract(world, name="2021–2024")
    new = actions.import_contract(world.local, name="2024–2027",
                                  text=SAMPLE.replace("7.3 Bereavement", "7.4 Bereavement"),
                                  by=None)
    actions.put_in_force(new, by=None)
    member = as_user("member")
    page = member.get(_url("contract_section", old.slug, "7.2")).content.decode()
    assert "This is from the 2021–2024 agreement, superseded." in page
    assert _url("contract_section", new.slug, "7.2") in page
    page = member.get(_url("contract_section", old.slug, "7.3")).content.decode()
    assert "has no section 7.3" in page
    assert _url("contract_section", new.slug, "7.3") not in page


def test_the_stable_link_follows_the_version_in_force(world, as_user):
    member = as_user("member")
    assert member.get(_url("contract_section_current", "7.2")).status_code == 404
    old = ensure_contract(world)
    response = member.get(_url("contract_section_current", "7.2"))
    assert response.status_code == 302
    assert response["Location"] == _url("contract_section", old.slug, "7.2")
    new = actions.import_contract(world.local, name="2027–2030", text=SAMPLE, by=None)
    actions.put_in_force(new, by=None)
    response = member.get(_url("contract_section_current", "7.02"))
    assert response["Location"] == _url("contract_section", new.slug, "7.2")
    response = member.get(_url("contract_section_current", "12"))
    assert response["Location"] == _url("contract_article", new.slug, "12")
    assert member.get(_url("contract_section_current", "7.9")).status_code == 404
    assert member.get(_url("contract_section_current", "nonsense")).status_code == 404


def test_jump_box(world, as_user):
    contract = ensure_contract(world)
    member = as_user("member")
    response = member.get(_url("contract_current"), {"go": " 7.2 "})
    assert response["Location"] == _url("contract_section", contract.slug, "7.2")
    response = member.get(_url("contract_version", contract.slug), {"go": "Article 12"})
    assert response["Location"] == _url("contract_article", contract.slug, "12")
    response = member.get(_url("contract_current"), {"go": "7.9"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no section or article “7.9” in this version" in page
    assert 'value="7.9"' in page


def test_section_routes_do_not_take_the_fixed_words(world, as_user):
    contract = ensure_contract(world)
    team = as_user("team")
    assert team.get(_url("contract_edit", contract.slug)).status_code == 200
    assert reverse("contract_versions", args=[L]) == f"/l/{L}/contract/versions/"
    assert reverse("contract_section", args=[L, contract.slug, "7.10"]) == \
        f"/l/{L}/contract/2024-2027/7.10/"


# --- the team's changes ---------------------------------------------------------------------


def _import_data(**extra):
    return {"name": "2024–2027", "title": "Lakeview Agreement", "starts_on": "2024-07-01",
            "ends_on": "2027-06-30", "text": SAMPLE, **extra}


def test_team_imports_pasted_text(world, as_user):
    team = as_user("team")
    response = team.post(_url("contract_import"), _import_data())
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("contract_version", "2024-2027")
    assert contract.status == Contract.Status.DRAFT and contract.articles.count() == 3
    assert str(contract.starts_on) == "2024-07-01"
    page = team.get(response["Location"]).content.decode()
    assert "Imported as a draft: 3 articles, 6 sections." in page
    assert "Draft: only the bargaining team sees this version" in page


def test_team_imports_a_file(world, as_user):
    upload = SimpleUploadedFile("contract.txt", ("\ufeff" + SAMPLE).encode("utf-8"),
                                content_type="text/plain")
    response = as_user("officer").post(_url("contract_import"),
                                       _import_data(text="", file=upload))
    assert response.status_code == 302
    assert Contract.objects.get().sections.count() == 6


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_who_is_not_on_the_team_cannot_import(world, as_user, persona):
    response = as_user(persona).post(_url("contract_import"), _import_data())
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_import_problems_are_listed_by_line_and_nothing_is_written(world, as_user):
    text = SAMPLE.replace("7.3 Bereavement", "7.1 Bereavement")
    response = as_user("team").post(_url("contract_import"), _import_data(text=text))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Line 15:" in page and "two sections numbered 7.1" in page
    assert "7.1 Bereavement Leave" in page  # the text is kept to fix it
    assert 'value="2024–2027"' in page
    assert not Contract.objects.exists()


def test_a_refused_file_comes_back_as_text_to_fix(world, as_user):
    text = SAMPLE.replace("7.3 Bereavement", "7.1 Bereavement")
    upload = SimpleUploadedFile("contract.txt", text.encode("utf-8"))
    response = as_user("team").post(_url("contract_import"), _import_data(text="", file=upload))
    page = response.content.decode()
    assert "Line 15:" in page
    assert "7.1 Bereavement Leave" in page and "Each employee has three (3) days" in page
    assert not Contract.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("contract.txt", "ARTICLE 1 - CAFÉ\n1.1 Été\nText.\n".encode("latin-1"), "not UTF-8"),
    ("contract.txt", SAMPLE.encode("utf-16"), "not plain text"),
    ("contract.txt", b"PK\x03\x04\x00\x00binary", "not plain text"),
    ("contract.docx", SAMPLE.encode("utf-8"), "Upload a plain-text .txt file"),
    ("contract.txt", b"a" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
])
def test_other_encodings_and_binary_files_are_refused(world, as_user, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = as_user("team").post(_url("contract_import"), _import_data(text="", file=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contract.objects.exists()


def test_name_clash_on_the_import_page(world, as_user):
    ensure_contract(world)
    response = as_user("team").post(_url("contract_import"), _import_data(name="2024-2027"))
    assert response.status_code == 200
    assert "There is already a version called" in response.content.decode()
    assert Contract.objects.count() == 1


def test_nothing_to_import(world, as_user):
    response = as_user("team").post(_url("contract_import"), _import_data(text=""))
    assert "Upload the contract&#x27;s text file or paste its text." in \
        response.content.decode()
    assert not Contract.objects.exists()


def test_the_import_page_explains_the_format(world, as_user):
    page = as_user("team").get(_url("contract_import")).content.decode()
    assert "ARTICLE 7 – LEAVES" in page and 'enctype="multipart/form-data"' in page


def test_putting_a_draft_in_force_from_the_page(world, as_user):
    old = ensure_contract(world)
    draft = ensure_draft(world)
    team = as_user("team")
    page = team.get(_url("contract_version", draft.slug)).content.decode()
    assert "Put in force (replaces 2024–2027)" in page
    response = team.post(_url("contract_put_in_force", draft.slug))
    assert response["Location"] == _url("contract_version", draft.slug)
    old.refresh_from_db()
    assert old.status == Contract.Status.SUPERSEDED
    assert Contract.objects.get(status=Contract.Status.IN_FORCE) == draft
    page = as_user("member").get(_url("contract_current")).content.decode()
    assert draft.name in page
    # Again: refused with a message, not an error page.
    response = as_user("team").post(_url("contract_put_in_force", draft.slug), follow=True)
    assert "already the version in force" in response.content.decode()


def test_member_cannot_put_in_force_or_delete(world, as_user):
    draft = ensure_draft(world)
    member = as_user("member")
    assert member.post(_url("contract_put_in_force", draft.slug)).status_code == 403
    assert member.post(_url("contract_delete", draft.slug)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Contract.Status.DRAFT


def test_deleting_a_draft_from_the_page(world, as_user):
    contract = ensure_contract(world)
    draft = ensure_draft(world)
    team = as_user("team")
    response = team.post(_url("contract_delete", draft.slug))
    assert response["Location"] == _url("contract_current")
    assert not Contract.objects.filter(pk=draft.pk).exists()
    response = team.post(_url("contract_delete", contract.slug), follow=True)
    assert "only a draft can be deleted" in response.content.decode()
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_editing_a_version_in_force_keeps_its_address(world, as_user):
    contract = ensure_contract(world)
    team = as_user("team")
    page = team.get(_url("contract_edit", contract.slug)).content.decode()
    assert 'name="text"' not in page
    response = team.post(_url("contract_edit", contract.slug), {
        "name": "2024–2028", "title": "Extended", "starts_on": "", "ends_on": ""})
    assert response["Location"] == _url("contract_version", contract.slug)
    contract.refresh_from_db()
    assert (contract.name, contract.title) == ("2024–2028", "Extended")


def test_editing_a_draft_replaces_its_text(world, as_user):
    draft = ensure_draft(world)
    team = as_user("team")
    response = team.post(_url("contract_edit", draft.slug), {
        "name": "2027–2030", "title": "", "starts_on": "", "ends_on": "",
        "text": "ARTICLE 3 – SAFETY\n3.1 Gloves\nProvided.\n"})
    assert response["Location"] == _url("contract_version", "2027-2030")
    draft.refresh_from_db()
    assert draft.slug == "2027-2030"
    assert list(draft.sections.values_list("number", flat=True)) == ["3.1"]
    # Bad text: nothing changes, not even the name.
    response = team.post(_url("contract_edit", draft.slug), {
        "name": "Renamed", "title": "", "starts_on": "", "ends_on": "",
        "text": "ARTICLE 3 – SAFETY\n3.1 A\nx\n3.1 B\ny\n"})
    assert response.status_code == 200 and "Line 4:" in response.content.decode()
    draft.refresh_from_db()
    assert draft.name == "2027–2030"


def test_two_people_at_once(world):
    """The team member imports while a member reads the version in force."""
    ensure_contract(world)
    team, member = Client(), Client()
    team.force_login(world.users["team"])
    member.force_login(world.users["member"])
    assert team.post(_url("contract_import"), _import_data(name="Next")).status_code == 302
    assert "Next" not in member.get(_url("contract_versions")).content.decode()


# --- query counts ---------------------------------------------------------------------------


def _big(articles: int, sections: int) -> str:
    out = []
    for a in range(1, articles + 1):
        out.append(f"ARTICLE {a} – ARTICLE NUMBER {a}")
        for s in range(1, sections + 1):
            out.append(f"{a}.{s} Section Title\nSome text of section {a}.{s}.")
    return "\n".join(out) + "\n"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["member", "team"])
def test_pages_do_a_fixed_number_of_queries(world, as_user, persona):
    small = ensure_contract(world, name="Small", text=_big(2, 2))
    big = ensure_contract(world, name="Big", text=_big(12, 9))
    ensure_contract(world, name="Current")  # both are superseded: the same notices
    for contract in (small, big):
        article = contract.articles.get(number="2")
        Proposal.objects.create(local=world.local, label=f"U-{contract.pk}", side="union",
                                contract=contract, article=article, article_number="2",
                                published=True)
        post = Post.objects.create(local=world.local, title=f"Post {contract.pk}",
                                   slug=f"p{contract.pk}", body="…",
                                   status=Post.Status.PUBLISHED)
        post.articles.add(article)
    client = as_user(persona)
    for name, args in (("contract_version", ()), ("contract_article", ("2",)),
                       ("contract_section", ("2.2",))):
        counts = [_count(client, _url(name, c.slug, *args)) for c in (small, big)]
        assert counts[0] == counts[1], (name, counts)
    assert _count(client, _url("contract_current")) <= 12

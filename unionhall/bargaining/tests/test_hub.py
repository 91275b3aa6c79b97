"""The bargaining page: what a member sees at a glance, what the team sees besides."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix_bargaining_contract import ensure_contract
from tests.matrix_bargaining_news import _comment, _post
from tests.matrix_bargaining_proposals import _proposal
from tests.matrix_bargaining_sessions import make_session
from tests.matrix_bargaining_survey import make_survey

URL = reverse("bargaining_home", args=["lakeview"])


def test_a_member_sees_what_is_published_and_the_open_survey(world, as_user):
    ensure_contract(world)
    make_session(world)
    draft = make_session(world, published=False)
    draft.title = "Strategy (draft)"
    draft.save()
    _proposal(world, published=True)
    _proposal(world, published=False)
    _post(world, title="What we heard on Tuesday")
    make_survey(world.local, "open", title="2027 priorities")
    html = as_user("member").get(URL).content.decode()
    assert reverse("contract_current", args=["lakeview"]) in html
    assert "Session 1" in html and "Strategy (draft)" not in html
    assert "What we heard on Tuesday" in html
    assert "Tell the bargaining team what matters to you: “2027 priorities”" in html
    assert "<td>Open</td><td>1</td>" in html  # the draft proposal is not counted
    assert "comments waiting" not in html and reverse("session_new", args=["lakeview"]) not in html


def test_the_team_sees_drafts_and_the_comments_to_moderate(world, as_user):
    make_session(world, published=False)
    _proposal(world, published=True)
    _proposal(world, published=False)
    _comment(world)
    html = as_user("team").get(URL).content.decode()
    assert "draft, team only" in html
    assert "<td>Open</td><td>2</td>" in html
    assert "1 comment waiting for approval" in html
    assert reverse("session_new", args=["lakeview"]) in html


def test_without_a_contract_the_page_says_so(world, as_user):
    assert "No contract is on file yet." in as_user("member").get(URL).content.decode()


def test_the_page_does_not_grow_with_the_record(world, as_user, django_assert_max_num_queries):
    ensure_contract(world)
    client = as_user("member")
    make_session(world)
    _post(world, title="One")
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(4):
        make_session(world)
        _post(world, title=f"More {i}")
        _proposal(world, published=True)
    with django_assert_max_num_queries(len(few)):
        client.get(URL)

"""Bargaining search: each kind is found, snippets are highlighted and escaped, each viewer finds
only what they may read, a section number finds its section, hostile input is harmless, and
the page works for everyone in the local. Runs on whichever database the suite uses (SQLite
FTS5 or PostgreSQL full-text search)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from unionhall.bargaining.models import (
    Article,
    Contract,
    Post,
    Proposal,
    Section,
    Session,
    TranscriptSegment,
)
from unionhall.bargaining.search import highlight, search
from unionhall.core.permissions import access_for

LOGIN = "login"
VIDEO = "https://www.youtube.com/watch?v=abc123"
HOSTILE = ['"unbalanced', "'", "O'Brien", "AND OR NOT", "NEAR(", "*", "-", ":", "\\", "%",
           ");DROP TABLE bargaining_section; --", "🎉🎉", "training 🎉", "x" * 5000,
           "training " * 700, "", "   ", "!!!?..", "\x00", "a\x00b", "NOT training",
           "training OR", "(training", "training*", "^training", "col:training",
           "title:training", '""', '"" ""', "'; SELECT 1; --", "<script>alert(1)</script>",
           "&amp;", "\x02training\x03", "7.3.", "§", "section", "art.", "99.99", "-7.3",
           "U-1", "ü", "ß", "中文", "𝔱𝔯𝔞𝔦𝔫𝔦𝔫𝔤", "training:*", "!training", "a & b | c",
           "<->", "training <-> time"]


# --- the record searched --------------------------------------------------------------------


def contract(local, name, status, starts, sections):
    c = Contract.objects.create(local=local, name=name, slug=name, status=status,
                                starts_on=starts, title=f"Agreement {name}")
    articles = {}
    for position, (number, title, text) in enumerate(sections):
        art = number.split(".")[0]
        if art not in articles:
            articles[art] = Article.objects.create(
                contract=c, number=art, title="Professional development" if art == "7"
                else "Hours", intro=f"Article {art} intro.", position=len(articles))
        Section.objects.create(contract=c, article=articles[art], number=number, title=title,
                               text=text, position=position)
    return c


def segments(session, lines):
    TranscriptSegment.objects.bulk_create(
        TranscriptSegment(session=session, position=position, start=start, speaker=speaker,
                          text=text) for position, start, speaker, text in lines)


@pytest.fixture
def record(world):
    local = world.local
    now = timezone.now()
    in_force = contract(local, "2023-2026", Contract.Status.IN_FORCE, dt.date(2023, 7, 1), [
        ("7.1", "Purpose", "The parties value growth for every employee."),
        ("7.3", "Paid training", "Paraeducators shall receive twelve hours of paid training "
                                 "time each school year, at their regular rate."),
        ("7.4", "Tuition", "Tuition is reimbursed as provided in 7.3 for approved courses."),
        ("8.1", "Workday", "The workday for bus drivers begins at the yard."),
    ])
    old = contract(local, "2020-2023", Contract.Status.SUPERSEDED, dt.date(2020, 7, 1), [
        ("7.3", "Training", "Training may be offered when funds allow."),
    ])
    draft = contract(local, "2026-2029", Contract.Status.DRAFT, None, [
        ("7.3", "Paid training", "Draft text: quokka hours of paid training."),
    ])
    published = Session.objects.create(local=local, held_on=dt.date(2025, 10, 2),
                                       title="Session 4", video_url=VIDEO, published=True,
                                       published_at=now)
    segments(published, [
        (0, 61.5, "Lara", "We want trainings for every bus driver, not just the paras."),
        (1, 75.0, "Steve", "The district says <b>x</b> & marmot are off the table."),
        (700, 4210.0, "Rosa", "Queremos capacitación pagada para todo el personal."),
        (701, None, "Lara", "O'Brien agreed: paid time, and training on the new lift."),
    ])
    hidden = Session.objects.create(local=local, held_on=dt.date(2025, 10, 9),
                                    title="Session 5", published=False)
    segments(hidden, [(0, 5.0, "Lara", "Our wombat strategy for paid training stays here.")])
    u1 = Proposal.objects.create(
        local=local, label="U-1", side="union", contract=in_force, article_number="7",
        title="Professional development", text="The District shall provide paid training.",
        rationale="Paras learn on their own time now.", published=True, published_at=now)
    u2 = Proposal.objects.create(
        local=local, label="U-2", side="union", contract=in_force, article_number="8",
        title="Workday", text="Narwhal clause: paid training before the route.",
        published=False)
    post = Post.objects.create(
        local=local, title="Training win at the table", slug="training-win",
        body="We won **paid training** for every para. [Read more](https://example.org).",
        status=Post.Status.PUBLISHED, published_at=now)
    members_post = Post.objects.create(
        local=local, title="Members only: strike vote", slug="strike-vote",
        body="Vote on paid training at the general meeting.", status=Post.Status.PUBLISHED,
        audience=Post.Audience.MEMBERS, published_at=now)
    draft_post = Post.objects.create(local=local, title="Pangolin draft", slug="pangolin",
                                     body="Not yet: paid training draft.")
    # Another local's record: never found from Lakeview.
    contract(world.other_local, "hill", Contract.Status.IN_FORCE, dt.date(2023, 1, 1), [
        ("7.3", "Paid training", "Hilltop marmot training."),
    ])
    return {"in_force": in_force, "old": old, "draft": draft, "published": published,
            "hidden": hidden, "u1": u1, "u2": u2, "post": post, "members_post": members_post,
            "draft_post": draft_post}


def who(world, persona):
    return access_for(world.users[persona], world.local)


def kinds(result):
    return [h.kind for h in result.hits]


def titles(result):
    return [h.title for h in result.hits]


# --- what is found --------------------------------------------------------------------------


def test_each_kind_is_found(world, record):
    result = search(who(world, "member"), "paid training")
    assert set(kinds(result)) == {"section", "segment", "proposal", "post"}
    assert result.counts == {"section": 1, "segment": 1, "proposal": 1, "post": 2}
    assert result.total == 5
    assert "7.3 Paid training" in titles(result)
    assert "Training win at the table" in titles(result)
    assert "Members only: strike vote" in titles(result)  # the member belongs to the local


def test_snippet_is_highlighted_and_escaped(world, record):
    result = search(who(world, "member"), "marmot")
    [hit] = result.hits
    assert hit.kind == "segment"
    assert "<mark>marmot</mark>" in hit.snippet_html
    assert "&lt;b&gt;x&lt;/b&gt;" in hit.snippet_html
    assert "<b>" not in hit.snippet_html
    assert "&amp;" in hit.snippet_html


def test_highlight_escapes_and_balances_markers():
    assert highlight("a <i>\x02b\x03</i>") == "a &lt;i&gt;<mark>b</mark>&lt;/i&gt;"
    assert highlight("\x02open") == "<mark>open</mark>"
    assert highlight("close\x03 \x03\x02x\x02y") == "close <mark>xy</mark>"
    assert highlight('"quoted" & \x00') == "&quot;quoted&quot; &amp;"


def test_post_snippet_drops_markdown(world, record):
    hit = next(h for h in search(who(world, "member"), "won").hits if h.kind == "post")
    assert "**" not in hit.snippet_html and "](" not in hit.snippet_html
    assert "<mark>won</mark>" in hit.snippet_html


def test_stemming_finds_other_forms(world, record):
    assert "7.3 Paid training" in titles(search(who(world, "member"), "trainings"))
    found = search(who(world, "member"), "drivers", kinds=["segment"])
    assert "bus <mark>driver</mark>" in found.hits[0].snippet_html
    assert found.counts["section"] == 1  # "bus drivers" in 8.1


def test_spanish_without_accents_finds_accented_text(world, record):
    for q in ("capacitacion", "capacitación", "CAPACITACIÓN pagada"):
        result = search(who(world, "member"), q)
        assert kinds(result) == ["segment"], q
        assert "<mark>capacitación</mark>" in result.hits[0].snippet_html


def test_prefix_of_the_last_word(world, record):
    result = search(who(world, "member"), "paraeduc")
    assert titles(result) == ["7.3 Paid training"]


def test_words_with_apostrophes_and_phrases(world, record):
    assert kinds(search(who(world, "member"), "O'Brien")) == ["segment"]
    assert kinds(search(who(world, "member"), "O’Brien")) == ["segment"]
    # "paid time" is said once, as a phrase; "time ... paid" is not a phrase anywhere.
    assert search(who(world, "member"), '"paid time"').counts["segment"] == 1
    assert search(who(world, "member"), '"time paid"').total == 0


def test_every_word_must_be_found(world, record):
    assert search(who(world, "member"), "tuition reimbursed").counts["section"] == 1
    assert search(who(world, "member"), "tuition zebra").total == 0


# --- who finds what -------------------------------------------------------------------------


@pytest.mark.parametrize("q, kind", [("quokka", "section"), ("wombat", "segment"),
                                     ("narwhal", "proposal"), ("pangolin", "post")])
def test_drafts_are_found_by_the_team_only(world, record, q, kind):
    """The bargaining team, the officers and the local admin bargain (Perm.BARGAIN, and
    PUBLISH_NEWS for updates); members, reps, stewards and state staff read what is out."""
    for persona in ("member", "rep", "steward", "state"):
        assert search(who(world, persona), q).total == 0, persona
    for persona in ("team", "officer", "admin"):
        assert kinds(search(who(world, persona), q)) == [kind], persona


def test_draft_hits_say_so_for_the_team(world, record):
    hit = search(who(world, "team"), "narwhal").hits[0]
    assert "draft" in hit.context.lower()
    hit = search(who(world, "team"), "quokka").hits[0]
    assert "Draft" in hit.context


def test_other_locals_record_is_never_found(world, record):
    result = search(who(world, "member"), "marmot")
    assert kinds(result) == ["segment"]
    assert search(access_for(world.users["outsider"], world.other_local), "marmot").total == 1


def test_no_standing_no_results(world, record):
    outsider = access_for(world.users["outsider"], world.local)
    assert not outsider.belongs
    result = search(outsider, "paid training")
    assert result.hits == [] and result.total == 0


# --- a section by its number ----------------------------------------------------------------


@pytest.mark.parametrize("q", ["7.3", "section 7.3", "Section 7.3.", "§7.3", "§ 7.3",
                               "sec. 7.3", "sección 7.3"])
def test_section_number_gives_the_section_in_force_first(world, record, q):
    result = search(who(world, "member"), q)
    first, second = result.hits[:2]
    assert first.exact and first.kind == "section"
    assert first.url == reverse("contract_section", kwargs={
        "local_slug": "lakeview", "slug": "2023-2026", "number": "7.3"})
    assert second.exact and "2020-2023" in second.url
    # The member never sees the draft's 7.3.
    assert not any("2026-2029" in h.url for h in result.hits)
    # Then the text that refers to 7.3, listed once.
    assert "7.4 Tuition" in titles(result)
    assert len({h.url for h in result.hits}) == len(result.hits)


def test_the_team_also_gets_the_draft_version_after_the_one_in_force(world, record):
    result = search(who(world, "team"), "7.3")
    exact = [h.url for h in result.hits if h.exact]
    assert "2023-2026" in exact[0]
    assert any("2026-2029" in u for u in exact[1:])


def test_article_number_gives_its_first_section(world, record):
    for q in ("art. 7", "Article 7", "artículo 7"):
        result = search(who(world, "member"), q)
        first = result.hits[0]
        assert first.exact and first.title.startswith("Article 7"), q
        assert first.url.endswith(reverse("contract_section", kwargs={
            "local_slug": "lakeview", "slug": "2023-2026", "number": "7.1"}))


def test_unknown_section_number_is_just_no_match(world, record):
    result = search(who(world, "member"), "99.99")
    assert result.searched and result.hits == []


# --- links ----------------------------------------------------------------------------------


def test_links_lead_to_the_exact_place(world, record):
    member = who(world, "member")
    session_url = reverse("session_detail", kwargs={"local_slug": "lakeview",
                                                    "pk": record["published"].pk})
    lara = search(member, "trainings bus", kinds=["segment"]).hits[0]
    assert lara.url == f"{session_url}#seg-0"
    assert lara.video_url == f"{VIDEO}&t=61s"
    assert (lara.speaker, lara.at) == ("Lara", "1:01")
    rosa = search(member, "capacitacion").hits[0]
    assert rosa.url == f"{session_url}?page=2#seg-700"
    assert rosa.video_url == f"{VIDEO}&t=4210s" and rosa.at == "1:10:10"
    no_time = search(member, "lift").hits[0]
    assert no_time.video_url == "" and no_time.at == ""
    proposal = search(member, "learn own time").hits[0]
    assert proposal.url == reverse("proposal_detail", kwargs={"local_slug": "lakeview",
                                                              "pk": record["u1"].pk})
    post = search(member, "won").hits[0]
    assert post.url == reverse("news_detail", kwargs={"local_slug": "lakeview",
                                                      "slug": "training-win"})
    section = search(member, "yard").hits[0]
    assert section.url == reverse("contract_section", kwargs={
        "local_slug": "lakeview", "slug": "2023-2026", "number": "8.1"})


def test_unsafe_video_link_is_left_out(world, record):
    record["published"].video_url = "javascript:alert(1)"
    Session.objects.filter(pk=record["published"].pk).update(video_url="javascript:alert(1)")
    hit = search(who(world, "member"), "marmot").hits[0]
    assert hit.video_url == ""


# --- kinds, counts, order -------------------------------------------------------------------


def test_kind_filter_keeps_one_kind_and_every_count(world, record):
    member = who(world, "member")
    everything = search(member, "paid training")
    only = search(member, "paid training", kinds=["post"])
    assert set(kinds(only)) == {"post"}
    assert only.counts == everything.counts


def test_counts_are_all_matches_not_only_those_shown(world, record):
    session = record["published"]
    segments(session, [(10 + i, float(i), "Lara", f"Seniority list number {i}")
                       for i in range(30)])
    result = search(who(world, "member"), "seniority", limit=5)
    assert len(result.hits) == 5
    assert result.counts["segment"] == 30


def test_titles_weigh_more_than_text(world, record):
    c = record["in_force"]
    article = Article.objects.create(contract=c, number="9", title="Safety", position=9)
    Section.objects.create(contract=c, article=article, number="9.1", title="Safety",
                           text="Ladders, lifts and carts are inspected every month.", position=1)
    Section.objects.create(contract=c, article=article, number="9.2", title="Ladders",
                           text="Classified staff use them.", position=2)
    hits = search(who(world, "member"), "ladders", kinds=["section"]).hits
    assert [h.title for h in hits] == ["9.2 Ladders", "9.1 Safety"]


def test_index_follows_edits_and_deletes(world, record):
    member = who(world, "member")
    segment = TranscriptSegment.objects.get(session=record["published"], position=1)
    segment.text = "Now about the ocelot"
    segment.save()
    assert search(member, "marmot").total == 0
    assert search(member, "ocelot").counts["segment"] == 1
    TranscriptSegment.objects.filter(pk=segment.pk).update(speaker="Zed")
    assert search(member, "zed").counts["segment"] == 1
    segment.delete()
    assert search(member, "ocelot").total == 0
    Section.objects.filter(number="7.4", contract=record["in_force"]).update(title="Fees")
    assert "7.4 Fees" in titles(search(member, "fees"))
    record["hidden"].published = True
    record["hidden"].save()
    assert search(member, "wombat").counts["segment"] == 1


# --- anything typed is safe -----------------------------------------------------------------


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_never_raises(world, record, q):
    result = search(who(world, "team"), q)
    assert result.total >= 0
    for hit in result.hits:
        assert "<script" not in hit.snippet_html


def test_operators_are_words_not_operators(world, record):
    member = who(world, "member")
    # "not" and "or" are common words, dropped like "the": never operators.
    assert search(member, "NOT training").counts == search(member, "training").counts
    assert search(member, "training OR zebra").total == 0
    assert search(member, "title:training").counts == search(member, "title training").counts


def test_section_table_still_exists_after_hostile_input(world, record):
    search(who(world, "member"), ");DROP TABLE bargaining_section; --")
    assert Section.objects.count() == 7


# --- the page -------------------------------------------------------------------------------


def page(client, **params):
    return client.get(reverse("bargaining_search", kwargs={"local_slug": "lakeview"}), params)


def test_page_shows_hits_and_keeps_the_query(world, record, as_user):
    response = page(as_user("member"), q="paid training")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="search"' in html and 'value="paid training"' in html
    assert '<label for="id_q"' in html
    assert "<mark>" in html and "7.3 Paid training" in html
    assert "Watch the video at" not in html or VIDEO in html
    assert "Transcripts (1)" in html and "Updates (2)" in html
    assert "5 matches" in html


def test_page_links_to_the_video_moment(world, record, as_user):
    html = page(as_user("member"), q="marmot").content.decode()
    assert f"{VIDEO}&amp;t=75s" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_page_kind_filter(world, record, as_user):
    html = page(as_user("member"), q="paid training", kind="updates").content.decode()
    assert "Training win at the table" in html
    assert "7.3 Paid training" not in html
    assert 'aria-current="page">Updates (2)' in html


def test_page_empty_and_nothing_found(world, record, as_user):
    client = as_user("member")
    assert "section number like 7.3" in page(client).content.decode()
    assert "nothing to search for" in page(client, q="!!!").content.decode()
    assert "Nothing matches" in page(client, q="zebra").content.decode()


@pytest.mark.parametrize("q", HOSTILE[:20] + ["<script>alert(1)</script>"])
def test_page_is_safe_for_any_input(world, record, as_user, q):
    response = page(as_user("member"), q=q, kind="<b>")
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_page_query_count_does_not_grow_with_hits(world, record, as_user):
    client = as_user("member")
    page(client, q="seniority")  # warm the session and caches
    segments(record["published"], [(100 + i, float(i), "Lara", f"Seniority list {i}")
                                   for i in range(3)])
    with CaptureQueriesContext(connection) as few:
        page(client, q="seniority")
    segments(record["published"], [(200 + i, float(i), "Lara", f"Seniority list {i}")
                                   for i in range(60)])
    with CaptureQueriesContext(connection) as many:
        assert page(client, q="seniority").status_code == 200
    assert len(many) == len(few)


def test_search_query_count_is_fixed(world, record):
    member = who(world, "member")
    for q in ("paid training", "7.3"):
        with CaptureQueriesContext(connection) as ctx:
            search(member, q)
        assert len(ctx) <= 13, [c["sql"][:80] for c in ctx.captured_queries]


# --- the database's side --------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_every_fts_trigger_is_there(db):
    """A migration that remakes a searched table on SQLite drops its triggers: it must put them
    back (migration 0002_search's install_sqlite)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    for table in ("section", "transcriptsegment", "proposal", "post"):
        for event in ("ai", "ad", "au"):
            assert f"bargaining_{table}_fts_{event}" in triggers


def test_postgresql_uses_the_indexes(world, record):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes")
    from unionhall.bargaining.search import SPECS, _Postgres
    from unionhall.bargaining.search_query import parse

    # Scans that need no condition are turned off, so a plan either reads the GIN index or
    # pays the "disabled" cost; which plan a tiny test table gets otherwise is the planner's.
    backend = _Postgres(parse("paid training"))
    off = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")
    with connection.cursor() as cursor:
        for setting in off:
            cursor.execute(f"SET {setting} = off")
        try:
            for spec in SPECS.values():
                plan = backend.matching(spec, spec.model.objects.order_by()).values("id").explain()
                assert f"{spec.table}_fts" in plan, plan
        finally:
            for setting in off:
                cursor.execute(f"SET {setting} = on")

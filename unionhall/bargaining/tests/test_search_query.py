"""The search box's text read into terms (pure: no database)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionhall.bargaining.search_query import (
    MAX_TERMS,
    Reference,
    Term,
    parse,
    reference,
)

SAFE_TSQUERY_ARG = re.compile(r"^[^\W_]+(?:[ '.\-][^\W_]+)*(?::\*)?$")


def texts(q):
    return [t.text for t in parse(q).terms]


def test_words_are_anded_and_the_last_is_a_prefix():
    query = parse("Paid Training")
    assert query.terms == (Term("paid"), Term("training", prefix=True))
    assert query.fts5() == '"paid" AND "training"*'
    assert query.tsquery_parts() == [("phraseto_tsquery", "paid"), ("to_tsquery", "training:*")]


def test_short_or_numeric_last_word_is_not_a_prefix():
    assert parse("bus to").terms == (Term("bus"),)  # "to" is a common word, dropped
    assert parse("job ab").terms[-1] == Term("ab")
    assert parse("step 2024").terms[-1] == Term("2024")
    assert parse('"paid training"').terms == (Term("paid training"),)


def test_quoted_text_is_a_phrase():
    query = parse('"paid training" for bus drivers')
    assert texts('"paid training" for bus drivers') == ["paid training", "bus", "drivers"]
    assert query.fts5() == '"paid training" AND "bus" AND "drivers"*'
    assert query.tsquery_parts()[0] == ("phraseto_tsquery", "paid training")


def test_unbalanced_quote_is_ignored():
    assert texts('"unbalanced') == ["unbalanced"]
    assert texts('one "two three') == ["one", "two", "three"]


def test_inner_apostrophe_hyphen_and_dot_keep_a_word_whole():
    assert texts("O'Brien") == ["o'brien"]
    assert texts("O’Brien") == ["o'brien"]
    assert texts("U-3 wages")[0] == "u-3"
    assert texts("co-pay") == ["co-pay"]
    assert texts("'quoted' -minus trailing' ") == ["quoted", "minus", "trailing"]


def test_operators_are_plain_words_or_nothing():
    assert texts("AND OR NOT") == ["and", "or", "not"]  # all common words: kept
    assert texts("wages AND OR NOT steps") == ["wages", "steps"]
    assert texts("NEAR(wages, steps)") == ["near", "wages", "steps"]
    for q in ("*", "-", ":", "\\", "%", "()", "^", "&|!", "<->", '""', "'", "@@"):
        assert not parse(q), q


def test_sql_is_just_words():
    assert texts(");DROP TABLE bargaining_section; --") == ["drop", "table", "bargaining",
                                                           "section"]


def test_at_most_ten_terms_and_no_prefix_when_cut():
    query = parse(" ".join(f"word{i}" for i in range(50)))
    assert len(query.terms) == MAX_TERMS
    assert not any(t.prefix for t in query.terms)


def test_long_junk_is_dropped():
    assert not parse("x" * 5000)
    assert texts("x" * 61 + " wages") == ["wages"]
    assert len(parse("wages " * 1000).terms) == 1


def test_emoji_control_characters_and_nul():
    assert texts("🎉 wages 🎉") == ["wages"]
    assert texts("wages\x00steps") == ["wages", "steps"]
    assert not parse("\x00\x01\x02")
    assert not parse("")
    assert not parse(None)


def test_compatibility_forms_are_folded():
    assert texts("𝔱𝔯𝔞𝔦𝔫𝔦𝔫𝔤") == ["training"]
    assert texts("ｗａｇｅｓ") == ["wages"]
    # A decomposed accent (NFD) is one word, as typed.
    assert texts("capacitacio\u0301n") == ["capacitación"]


def test_duplicates_once():
    assert texts("wages Wages WAGES steps") == ["wages", "steps"]


def test_common_words_dropped_only_beside_others():
    assert texts("the bus") == ["bus"]
    assert parse("the").terms == (Term("the"),)  # alone it stays, and is no prefix
    assert texts('"time off" for the paras') == ["time off", "paras"]


@pytest.mark.parametrize("q, ref", [
    ("7.3", Reference("section", "7.3")),
    ("  7.3. ", Reference("section", "7.3")),
    ("section 7.3", Reference("section", "7.3")),
    ("Section 12.4.1", Reference("section", "12.4.1")),
    ("§7.3", Reference("section", "7.3")),
    ("§ 7.3", Reference("section", "7.3")),
    ("sec. 7.3", Reference("section", "7.3")),
    ("Sección 7.3", Reference("section", "7.3")),
    ("art. 7", Reference("article", "7")),
    ("Article 7", Reference("article", "7")),
    ("artículo 12", Reference("article", "12")),
    ("art 7a", Reference("article", "7A")),
    ("§ 7", Reference("article", "7")),
    ("7", None),
    ("7.3 wages", None),
    ("section", None),
    ("1.5%", None),
])
def test_references(q, ref):
    assert reference(q) == ref
    assert parse(q).reference == ref


def test_reference_also_searches_its_text():
    assert parse("section 7.3").fts5() == '"7.3"'
    assert parse("art. 7").fts5() == '"article 7"'


def test_fts5_quotes_are_doubled():
    assert Term('say "hi"').fts5() == '"say ""hi"""'


@given(st.text(max_size=300))
def test_any_text_gives_safe_terms(q):
    query = parse(q)
    assert len(query.terms) <= MAX_TERMS
    fts = query.fts5()
    # Every term is one quoted string, so FTS5 never sees an operator from the user.
    for term in query.terms:
        assert '"' not in term.text
        assert term.fts5().startswith('"') and term.fts5().rstrip("*").endswith('"')
    assert fts.count('"') == 2 * len(query.terms)
    for function, arg in query.tsquery_parts():
        assert function in ("to_tsquery", "phraseto_tsquery")
        assert SAFE_TSQUERY_ARG.match(arg), arg
        if function == "to_tsquery":
            assert arg[:-2].isalpha()  # only letters reach to_tsquery's operator syntax

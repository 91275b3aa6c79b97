"""The quorum rule: a number of members, or a share of the membership rounded up."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionhall.democracy.quorum import quorum, required


def test_a_number_of_members():
    assert required("number", number=25, members=3800) == 25
    q = quorum("number", number=25, members=3800, present=24)
    assert not q.met and q.needed == 1
    q = quorum("number", number=25, members=3800, present=25)
    assert q.met and q.needed == 0


def test_a_share_is_rounded_up():
    # 10% of 253 is 25.3: 26 members make a quorum.
    assert required("share", percent=10, members=253) == 26
    assert required("share", percent=10, members=250) == 25
    assert required("share", percent=Decimal("12.5"), members=8) == 1
    assert required("share", percent=Decimal("12.5"), members=9) == 2
    # A decimal share is exact: 33.33% of 300 is 99.99, so 100.
    assert required("share", percent=Decimal("33.33"), members=300) == 100
    assert required("share", percent="0.1", members=1000) == 1


def test_a_quorum_is_at_least_one_member():
    assert required("share", percent=10, members=0) == 1
    assert required("number", number=0, members=10) == 1
    assert not quorum("share", percent=10, members=0, present=0).met


def test_more_present_than_needed():
    q = quorum("share", percent=50, members=10, present=9)
    assert q.required == 5 and q.met and q.needed == 0 and q.progress == 100
    assert q.percent == Decimal("50")


def test_bad_rules_are_refused():
    with pytest.raises(ValueError):
        required("lots", number=3)
    with pytest.raises(ValueError):
        required("share", percent=0, members=10)
    with pytest.raises(ValueError):
        required("share", percent=101, members=10)
    with pytest.raises(ValueError):
        quorum("number", number=5, present=-1)
    with pytest.raises(ValueError):
        required("share", percent=10, members=-1)


percents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


@given(percent=percents, members=st.integers(min_value=0, max_value=100_000))
def test_share_is_the_smallest_count_reaching_the_share(percent, members):
    need = required("share", percent=percent, members=members)
    share = Fraction(percent) * members / 100
    assert need >= 1
    assert need >= share  # enough members
    assert need == 1 or need - 1 < share  # and not one more than enough
    assert need == max(1, math.ceil(share))


@given(percent=percents, members=st.integers(min_value=0, max_value=10_000),
       more=st.integers(min_value=0, max_value=1000))
def test_more_members_never_lower_the_quorum(percent, members, more):
    assert (required("share", percent=percent, members=members + more)
            >= required("share", percent=percent, members=members))


@given(number=st.integers(min_value=0, max_value=500), present=st.integers(0, 1000))
def test_met_exactly_when_no_one_more_is_needed(number, present):
    q = quorum("number", number=number, present=present)
    assert q.met == (q.needed == 0)
    assert q.needed == max(0, max(1, number) - present)
    assert 0 <= q.progress <= 100

"""Dues rates and policy in the database: who may set them, their history, and the quote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_local
from unionhall.accounts.models import User
from unionhall.core.models import Affiliate, AuditEntry
from unionhall.members.actions import set_dues_policy, set_dues_rate
from unionhall.members.dues import DuesError
from unionhall.members.models import DuesPolicy, DuesRate
from unionhall.members.queries import dues_policy, dues_quote

SEP1 = dt.date(2025, 9, 1)


def set_rates(world):
    local, state = world.local, world.local.parent
    national = state.parent
    for affiliate, full, part in ((national, 21000, 10500), (state, 40000, 20000),
                                  (world.local, 25000, 12500)):
        set_dues_rate(affiliate, category="full_time", label="Full time", min_fte="0.5",
                      max_fte="1", yearly_cents=full, effective_from=SEP1)
        set_dues_rate(affiliate, category="part_time", label="Part time", min_fte="0",
                      max_fte="0.499", yearly_cents=part, effective_from=SEP1)
    return local


def test_quote_takes_the_local_state_and_national_rates_and_the_policy(world,
                                                                       django_assert_num_queries):
    local = set_rates(world)
    # Another local's and another state's rates are not this local's.
    elsewhere = make_local("elsewhere", state=Affiliate.objects.create(
        kind="state", slug="other-state", name="Other EA", parent=local.parent.parent))
    set_dues_rate(world.other_local, category="full_time", label="Hilltop", min_fte="0",
                  max_fte="1", yearly_cents=99900, effective_from=SEP1)
    set_dues_rate(elsewhere.parent, category="full_time", label="Other state", min_fte="0",
                  max_fte="1", yearly_cents=88800, effective_from=SEP1)
    set_dues_policy(local, pay_periods=26)
    local = Affiliate.objects.get(pk=local.pk)  # nothing cached
    with django_assert_num_queries(2):
        quote = dues_quote(local, fte=Decimal("1"), on=SEP1)
    assert [(p.level, p.yearly_cents) for p in quote.parts] == [
        ("national", 21000), ("state", 40000), ("local", 25000)]
    assert quote.yearly_cents == 86000 and len(quote.schedule) == 26
    assert sum(quote.schedule) == 86000
    half = dues_quote(local, fte=Decimal("0.25"), on=dt.date(2026, 3, 1))
    assert [p.label for p in half.parts] == ["Part time"] * 3
    assert half.prorated_cents < half.yearly_cents == 43000


def test_a_local_without_a_policy_gets_the_defaults(world):
    local = set_rates(world)
    assert dues_policy(local).pk is None
    quote = dues_quote(local, fte="0.75", on=dt.date(2026, 8, 31))
    assert quote.pay_periods == 24 and quote.paychecks == 1
    assert quote.year_start == SEP1


def test_a_gap_in_the_bands_is_a_clear_error(world):
    set_dues_rate(world.local, category="full_time", label="Full time", min_fte="0.5",
                  max_fte="1", yearly_cents=25000, effective_from=SEP1)
    with pytest.raises(DuesError) as caught:
        dues_quote(world.local, fte="0.25", on=SEP1)
    assert caught.value.level == "local"


def test_a_new_rate_ends_the_one_before_and_the_same_start_updates(world):
    first = set_dues_rate(world.local, category="full_time", label="Full time",
                          min_fte="0.5", max_fte="1", yearly_cents=24000,
                          effective_from=dt.date(2024, 9, 1))
    second = set_dues_rate(world.local, category="full_time", label="Full time",
                           min_fte="0.5", max_fte="1", yearly_cents=25000, effective_from=SEP1)
    first.refresh_from_db()
    assert first.effective_until == dt.date(2025, 8, 31) and second.effective_until is None
    again = set_dues_rate(world.local, category="full_time", label="Full time 2025",
                          min_fte="0.500", max_fte="1.000", yearly_cents=25500,
                          effective_from=SEP1)
    assert again.pk == second.pk and again.yearly_cents == 25500
    # A rate slipped in before a later one ends the day before it.
    between = set_dues_rate(world.local, category="full_time", label="Winter",
                            min_fte="0.5", max_fte="1", yearly_cents=24500,
                            effective_from=dt.date(2025, 1, 1))
    assert between.effective_until == dt.date(2025, 8, 31)
    first.refresh_from_db()
    assert first.effective_until == dt.date(2024, 12, 31)
    assert DuesRate.objects.filter(affiliate=world.local).count() == 3
    assert dues_quote(world.local, fte=1, on=dt.date(2025, 3, 1)).yearly_cents == 24000
    assert dues_quote(world.local, fte=1, on=SEP1).yearly_cents == 25500
    entries = AuditEntry.objects.filter(verb="dues.rate_set", affiliate=world.local)
    assert entries.count() == 4
    assert entries.filter(changes__yearly_cents=[25000, 25500]).exists()
    # Setting the same values again writes nothing.
    set_dues_rate(world.local, category="full_time", label="Full time 2025", min_fte="0.5",
                  max_fte="1", yearly_cents=25500, effective_from=SEP1)
    assert entries.count() == 4


@pytest.mark.parametrize("bad", [
    {"min_fte": "0.6", "max_fte": "0.5"}, {"max_fte": "1.5"}, {"min_fte": "0.1234"},
    {"yearly_cents": -1}, {"yearly_cents": 12.5}, {"category": ""},
    {"effective_until": dt.date(2025, 8, 1)},
])
def test_rates_are_checked(world, bad):
    values = {"category": "full_time", "label": "Full time", "min_fte": "0",
              "max_fte": "1", "yearly_cents": 100, "effective_from": SEP1, **bad}
    with pytest.raises(ValidationError):
        set_dues_rate(world.local, **values)
    assert not DuesRate.objects.exists()


def test_who_may_set_rates_and_the_policy(world):
    local, state = world.local, world.local.parent
    rate = {"category": "full_time", "label": "Full time", "min_fte": "0", "max_fte": "1",
            "yearly_cents": 100, "effective_from": SEP1}
    admin, officer = world.users["admin"], world.users["officer"]
    set_dues_rate(local, by=admin, **rate)
    set_dues_policy(local, by=admin, pay_periods=26)
    for user in (officer, world.users["state"], world.users["outsider"], world.users["member"]):
        with pytest.raises(PermissionDenied):
            set_dues_rate(local, by=user, **rate)
        with pytest.raises(PermissionDenied):
            set_dues_policy(local, by=user, pay_periods=24)
    # A state's or the national association's rates: superusers and the system only.
    for user in (admin, world.users["state"]):
        with pytest.raises(PermissionDenied):
            set_dues_rate(state, by=user, **rate)
    root = User.objects.create_superuser("root@example.org", "pw")
    set_dues_rate(state, by=root, **rate)
    set_dues_rate(state.parent, **rate)
    entry = AuditEntry.objects.filter(verb="dues.rate_set", affiliate=state).get()
    assert entry.actor == root
    assert AuditEntry.objects.filter(verb="dues.rate_set", actor=admin).count() == 1


def test_the_policy_is_created_then_changed_and_logged(world):
    policy = set_dues_policy(world.local, pay_periods=26, proration="months")
    assert DuesPolicy.objects.get(local=world.local).pay_periods == 26
    set_dues_policy(world.local, revocation_opens_days=30)
    policy.refresh_from_db()
    assert (policy.pay_periods, policy.proration, policy.revocation_opens_days) == (
        26, "months", 30)
    changes = [e.changes for e in AuditEntry.objects.filter(verb="dues.policy_set")
               .order_by("id")]
    assert changes[0]["pay_periods"] == [None, 26]
    assert changes[1] == {"revocation_opens_days": [25, 30]}
    assert dues_quote(world.local, fte=1, on=SEP1).proration == "months"


@pytest.mark.parametrize("bad", [
    {"pay_periods": 0}, {"pay_periods": 54}, {"year_start_day": 29}, {"year_start_month": 13},
    {"proration": "weekly"}, {"revocation_opens_days": 5}, {"auto_approve_on_employee_id": 1},
])
def test_the_policy_is_checked(world, bad):
    with pytest.raises(ValidationError):
        set_dues_policy(world.local, **bad)
    assert not DuesPolicy.objects.exists()


def test_only_a_local_has_a_policy_and_only_known_fields(world):
    with pytest.raises(ValidationError):
        set_dues_policy(world.local.parent, pay_periods=24)
    with pytest.raises(TypeError):
        set_dues_policy(world.local, pay_days=24)

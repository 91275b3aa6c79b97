"""The demo local: realistic shares, placements and roles; deterministic; --if-empty, --reset."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.actions import create_local
from unionhall.core.demo import DEMO_PASSWORD, FAMILY_SHARES, PERSONAS, build_demo
from unionhall.core.models import Affiliate, RoleAssignment, Worksite
from unionhall.members.actions import add_people
from unionhall.members.models import Person

SMALL = {"persons": 300, "worksites": 20}
DOMAIN = "demo.unionhall.invalid"
SCHOOLS = {"elementary", "middle", "high", "k8", "alternative", "early"}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", **SMALL, **options, stdout=out)
    return out.getvalue()


def demo_logins() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def roles(role: str):
    return RoleAssignment.objects.filter(role=role).select_related("user__person__membership")


@pytest.fixture
def demo(db):
    seed()
    return Affiliate.objects.get(slug="demo")


# The generator alone, at the reference size: no database, so it runs in a blink.


def test_two_builds_give_identical_rows_and_another_seed_differs():
    first, second = build_demo(**SMALL, seed=11), build_demo(**SMALL, seed=11)
    assert first == second
    assert first.persons == second.persons and first.roles == second.roles
    assert build_demo(**SMALL, seed=12).persons != first.persons


def test_reference_size_has_the_district_shape():
    data = build_demo()
    kinds = Counter(w["kind"] for w in data.worksites)
    assert len(data.worksites) == 150 and len(data.persons) == 3800
    assert 85 <= kinds["elementary"] <= 95 and 22 <= kinds["middle"] <= 28
    assert 15 <= kinds["high"] <= 20
    assert (kinds["transportation"], kinds["nutrition"], kinds["facilities"],
            kinds["district_office"]) == (3, 2, 2, 1)
    assert len({w["name"] for w in data.worksites}) == 150
    families = Counter(data.family_of(p) for p in data.persons)
    for family, share in FAMILY_SHARES.items():
        assert families[family] / 3800 == pytest.approx(share, abs=0.01)
    members = sum(p["status"] == "member" for p in data.persons) / 3800
    assert 0.57 <= members <= 0.65
    assert len({p["employee_id"] for p in data.persons}) == 3800
    held = Counter(r.role for r in data.roles)
    assert held["officer"] == 4 and held["local_admin"] == 1 and held["steward"] == 20
    assert 120 <= held["building_rep"] <= 130
    assert (held["bargaining_team"], held["election_committee"], held["mentoring_coordinator"],
            held["state_staff"]) == (5, 3, 1, 1)


def test_other_locals_get_their_own_account_emails_and_ids():
    other = build_demo(**SMALL, slug="hilltop", seed=2, employee_id_prefix="H")
    assert all(a.email.startswith("hilltop.") for a in other.accounts)
    assert all(p["employee_id"].startswith("H") for p in other.persons)


# The seeded database.


def test_seed_writes_a_local_under_its_state_and_nea(demo):
    assert demo.kind == "local" and demo.time_zone == "America/Chicago"
    assert demo.name == "Lakeview Education Support Professionals Association"
    assert demo.parent.slug == "cascadia-ea" and demo.parent.kind == "state"
    assert demo.parent.parent.slug == "nea"
    assert demo.parent.parent.name == "National Education Association"
    assert Worksite.objects.filter(local=demo).count() == 20
    assert Person.objects.filter(local=demo).count() == 300


def test_people_have_realistic_shares_and_plausible_dates(demo):
    people = list(Person.objects.filter(local=demo)
                  .select_related("membership", "job_class__family", "worksite"))
    n = len(people)
    families = Counter(p.job_class.family.code for p in people)
    for family, share in FAMILY_SHARES.items():
        assert families[family] / n == pytest.approx(share, abs=0.02)
    statuses = Counter(p.membership.status for p in people)
    assert 0.52 <= statuses["member"] / n <= 0.68
    assert statuses["non_member"] > statuses["lapsed"] > 0
    assert statuses["resigned"] > 0 and statuses["pending"] > 0
    assert 0.12 <= sum(p.language == "es" for p in people) / n <= 0.28
    today = timezone.localdate()
    for p in people:
        assert today - dt.timedelta(days=31 * 366) <= p.hire_date < today
        assert p.hire_date <= p.membership.since <= today
        assert p.fte in {Decimal("1"), Decimal("0.875"), Decimal("0.75"), Decimal("0.5")}
        assert p.personal_email == "" or re.fullmatch(
            r"[a-z0-9.]+@example\.(org|net|com)", p.personal_email)
        assert p.mobile_phone == "" or re.fullmatch(r"\(\d{3}\) 555-01\d\d", p.mobile_phone)
    assert len({p.employee_id for p in people}) == n
    assert sum(bool(p.personal_email) for p in people) / n > 0.75
    assert sum(bool(p.mobile_phone) for p in people) / n > 0.8
    assert any(p.preferred_name for p in people)
    assert min(p.hire_date for p in people) < today - dt.timedelta(days=20 * 365)


def test_people_work_where_their_job_is(demo):
    people = Person.objects.filter(local=demo).select_related("job_class__family", "worksite")
    for p in people:
        family, kind = p.job_class.family.code, p.worksite.kind
        if family == "transportation":
            assert kind == "transportation"
        elif family == "trades":
            assert kind == "facilities"
        elif family in {"paraeducators", "health", "security"}:
            assert kind in SCHOOLS
    sizes = {kind: [] for kind in ("elementary", "high")}
    for site in Worksite.objects.filter(local=demo, kind__in=sizes).annotate(n=Count("persons")):
        sizes[site.kind].append(site.n)
    average = {kind: sum(ns) / len(ns) for kind, ns in sizes.items()}
    assert average["high"] > average["elementary"]


def test_role_holders_are_members_where_they_serve(demo):
    assert roles("officer").filter(affiliate=demo).count() == 4
    assert roles("local_admin").filter(affiliate=demo).count() == 1
    assert roles("bargaining_team").count() == 5 and roles("election_committee").count() == 3
    assert roles("mentoring_coordinator").count() == 1
    reps = list(roles("building_rep").prefetch_related("worksites"))
    assert 0.7 <= len(reps) / 20 <= 0.95
    for rep in reps:
        (site,) = rep.worksites.all()
        assert rep.user.person.worksite_id == site.pk
    stewards = list(roles("steward").prefetch_related("worksites"))
    assert stewards
    for steward in stewards:
        assert 2 <= steward.worksites.count() <= 4
    local_roles = RoleAssignment.objects.filter(affiliate=demo).select_related(
        "user__person__membership")
    assert all(r.user.person.membership.status == "member" for r in local_roles)
    assert all(r.user.email.endswith("@" + DOMAIN) for r in RoleAssignment.objects.all())


def test_personas_hold_the_right_roles(demo):
    users = {p: User.objects.get(email=f"{p}@{DOMAIN}") for p in PERSONAS}
    held = {p: set(RoleAssignment.objects.filter(user=u).values_list("role", flat=True))
            for p, u in users.items()}
    assert held == {"member": set(), "rep": {"building_rep"}, "steward": {"steward"},
                    "officer": {"officer"}, "admin": {"local_admin"},
                    "committee": {"election_committee"}, "chair": {"grievance_chair"},
                    "team": {"bargaining_team"}, "coordinator": {"mentoring_coordinator"},
                    "state": {"state_staff"}, "course": {"national_staff"},
                    "facilitator": set()}
    assert users["member"].person.membership.status == "member"
    rep = RoleAssignment.objects.get(user=users["rep"])
    assert list(rep.worksites.all()) == [users["rep"].person.worksite]
    assert users["rep"].person.membership.status == "member"
    steward = RoleAssignment.objects.get(user=users["steward"])
    assert users["member"].person.worksite in steward.worksites.all()
    state = RoleAssignment.objects.get(user=users["state"])
    assert state.affiliate == demo.parent and users["state"].person is None
    course = RoleAssignment.objects.get(user=users["course"])
    assert course.affiliate == demo.parent.parent and users["course"].person is None
    # Demo logins are off in the test settings: no one has a usable password.
    assert not any(u.has_usable_password() for u in User.objects.all())


def test_personas_get_the_demo_password_only_where_demo_logins_are_on(db, settings):
    settings.DEMO_LOGINS = True
    seed()
    for persona in PERSONAS:
        assert User.objects.get(email=f"{persona}@{DOMAIN}").check_password(DEMO_PASSWORD)
    others = User.objects.exclude(email__in=[f"{p}@{DOMAIN}" for p in PERSONAS])
    assert others.exists()
    assert not any(u.has_usable_password() for u in others)


def test_if_empty_does_nothing_the_second_time(demo):
    before = set(Person.objects.values_list("pk", flat=True))
    out = seed(if_empty=True)
    assert "nothing to do" in out
    assert set(Person.objects.values_list("pk", flat=True)) == before
    assert Affiliate.objects.filter(kind="local").count() == 1


def test_existing_demo_without_a_flag_asks_for_reset(demo):
    with pytest.raises(CommandError, match="--reset"):
        seed()


def test_reset_rebuilds_the_same_demo_and_leaves_other_locals(demo):
    other = create_local("hilltop", name="Hilltop ESP", time_zone="America/Chicago",
                         state_slug="cascadia-ea")
    add_people(other, [{"legal_first_name": "Kept", "legal_last_name": "Person",
                        "employee_id": "1"}])
    User.objects.create_user("someone@example.org")

    def rows():
        return sorted(Person.objects.filter(local__slug="demo").values_list(
            "employee_id", "legal_first_name", "legal_last_name", "worksite__name",
            "job_class__title", "membership__status"))

    old_rows, old_ids = rows(), set(Person.objects.values_list("pk", flat=True))
    old_users = User.objects.filter(email__endswith="@" + DOMAIN).count()
    out = seed(reset=True)
    assert "Deleted the demo local" in out
    assert rows() == old_rows
    assert not old_ids & set(Person.objects.filter(local__slug="demo").values_list("pk",
                                                                                  flat=True))
    assert User.objects.filter(email__endswith="@" + DOMAIN).count() == old_users
    assert not User.objects.filter(person__isnull=False, person__local__isnull=True).exists()
    assert Person.objects.filter(local=other).count() == 1
    assert User.objects.filter(email="someone@example.org").exists()
    assert Affiliate.objects.filter(slug__in=["nea", "cascadia-ea"]).count() == 2


def test_demo_logins_lists_personas_only_where_enabled(demo, settings):
    out = demo_logins()
    assert "disabled" in out and DEMO_PASSWORD not in out
    settings.DEMO_LOGINS = True
    settings.MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
    out = demo_logins()
    for persona in PERSONAS:
        assert f"{persona}@{DOMAIN}" in out
    assert "000000" in out and "Building rep of" in out


def test_the_demo_has_dues_rates_a_policy_and_a_quote_for_a_full_time_member(demo):
    from unionhall.members.dues import membership_year
    from unionhall.members.models import DuesPolicy, DuesRate
    from unionhall.members.queries import dues_policy, dues_quote

    policy = DuesPolicy.objects.get(local=demo)
    assert (policy.pay_periods, policy.proration) == (24, "pay_periods")
    assert (policy.revocation_opens_days, policy.revocation_closes_days) == (25, 10)
    levels = Counter(DuesRate.objects.filter(
        affiliate_id__in=demo.ancestor_ids()).values_list("affiliate__kind", flat=True))
    assert levels == {"national": 2, "state": 3, "local": 2}
    today = timezone.localdate()
    start, _end = membership_year(today, dues_policy(demo))
    assert set(DuesRate.objects.values_list("effective_from", flat=True)) == {start}
    member = Person.objects.filter(local=demo, fte=1, membership__status="member").first()
    quote = dues_quote(demo, fte=member.fte, on=start)
    assert [p.level for p in quote.parts] == ["national", "state", "local"]
    assert quote.yearly_cents == quote.prorated_cents == 21000 + 41400 + 26400
    assert sum(quote.schedule) == quote.yearly_cents and len(quote.schedule) == 24
    # Every FTE in the demo is covered at every level, whenever in the year one joins.
    for fte in {p.fte for p in Person.objects.filter(local=demo)}:
        assert len(dues_quote(demo, fte=fte, on=today).parts) == 3


def test_reps_have_recorded_some_one_on_ones(demo):
    from unionhall.core.models import RoleAssignment
    from unionhall.members.models import TermsVersion
    from unionhall.organizing.models import Conversation

    conversations = Conversation.objects.filter(local=demo).select_related("person", "by")
    assert conversations.exists()
    for conversation in conversations[:20]:
        rep_sites = set(RoleAssignment.objects.filter(
            user=conversation.by, role="building_rep").values_list("worksites", flat=True))
        assert conversation.person.worksite_id in rep_sites
        assert conversation.person.organizing.assessment in range(1, 6)
    assert TermsVersion.objects.filter(local=demo).exists()

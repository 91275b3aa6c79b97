"""The density dashboards, their CSV, goals and coverage, on a small world built with factories."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, WorksiteFactory, job_class, make_local, make_user
from unionhall.core.models import Affiliate, AuditEntry
from unionhall.members.actions import change_membership
from unionhall.organizing import density as d
from unionhall.organizing.actions import set_density_goal, set_worksite_goal
from unionhall.organizing.dashboard import coverage, local_density, state_density
from unionhall.organizing.models import OrganizingSettings, WorksiteGoal


@pytest.fixture
def unit(world):
    """Lakeview: Alder has 3 para members + 2 food non-members; Birch 3 para members + 1 food
    member; one person without a worksite (non-member); one former member (not counted)."""
    food = job_class(world.local, "Cook", "food")
    PersonFactory.create_batch(2, local=world.local, worksite=world.site_a, job_class=food,
                               status="non_member")
    PersonFactory(local=world.local, worksite=world.site_b, job_class=food)
    PersonFactory(local=world.local, worksite=None, job_class=None, status="non_member")
    PersonFactory(local=world.local, worksite=world.site_a, job_class=food, in_unit=False,
                  left_unit_on=dt.date(2019, 6, 30))
    return world


def test_local_density_numbers(unit):
    data = local_density(unit.local)
    assert (data["total"]["people"], data["total"]["members"]) == (10, 7)
    assert data["total"]["density"] == 70.0 and data["goal"] == 70 and data["total"]["met"]
    sites = {r["name"]: r for r in data["worksites"]}
    assert (sites["Alder Elementary"]["people"], sites["Alder Elementary"]["members"]) == (5, 3)
    assert sites["Alder Elementary"]["density"] == 60.0
    assert sites["Alder Elementary"]["gap"] == 10.0 and sites["Alder Elementary"]["needed"] == 1
    assert (sites["Birch Middle School"]["people"], sites["Birch Middle School"]["members"]) \
        == (4, 4)
    assert sites["No worksite"]["people"] == 1 and sites["No worksite"]["goal"] is None
    families = {r["code"]: r for r in data["families"]}
    assert (families["paraeducators"]["people"], families["paraeducators"]["members"]) == (6, 6)
    assert (families["food"]["people"], families["food"]["members"]) == (3, 1)
    assert families[""]["people"] == 1
    codes = [f["code"] for f in data["matrix"]["families"]]
    alder = next(r for r in data["matrix"]["rows"] if r["name"] == "Alder Elementary")
    food_at_alder = alder["cells"][codes.index("food")]
    assert (food_at_alder["people"], food_at_alder["members"], food_at_alder["density"]) \
        == (2, 0, 0.0)
    birch = next(r for r in data["matrix"]["rows"] if r["name"] == "Birch Middle School")
    assert birch["cells"][codes.index("food")]["density"] == 100.0


def test_goals_and_distance(unit):
    admin = unit.users["admin"]
    set_density_goal(unit.local, 80, by=admin)
    set_worksite_goal(unit.site_b, 90, by=admin)
    data = local_density(unit.local)
    assert data["goal"] == 80 and data["total"]["needed"] == 1 and data["total"]["gap"] == 10.0
    sites = {r["name"]: r for r in data["worksites"]}
    assert sites["Alder Elementary"]["goal"] == 80 and sites["Alder Elementary"]["own_goal"] is None
    assert sites["Alder Elementary"]["needed"] == 1  # 80% of 5 = 4
    assert sites["Birch Middle School"]["goal"] == 90 and sites["Birch Middle School"]["met"]
    set_worksite_goal(unit.site_b, None, by=admin)
    assert not WorksiteGoal.objects.filter(worksite=unit.site_b).exists()
    verbs = list(AuditEntry.objects.filter(affiliate=unit.local).values_list("verb", flat=True))
    assert verbs.count("organizing.worksite_goal_set") == 2
    assert "organizing.density_goal_set" in verbs


def test_goals_need_manage_people_and_a_percent(unit):
    with pytest.raises(PermissionDenied):
        set_density_goal(unit.local, 50, by=unit.users["officer"])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_density_goal(unit.local, 101, by=unit.users["admin"])


def test_goals_form(unit, as_user):
    client = as_user("admin")
    url = reverse("density_goals", args=["lakeview"])
    response = client.post(url, {"local_goal": "75", f"goal_{unit.site_a.pk}": "85",
                                 f"goal_{unit.site_b.pk}": ""}, follow=True)
    assert "Goals saved." in response.content.decode()
    assert OrganizingSettings.objects.get(local=unit.local).density_goal == 75
    assert WorksiteGoal.objects.get(worksite=unit.site_a).density_goal == 85
    response = client.post(url, {"local_goal": "150"}, follow=True)
    assert "whole number from 0 to 100" in response.content.decode()
    assert OrganizingSettings.objects.get(local=unit.local).density_goal == 75


def _month_start(months_ago):
    today = timezone.localdate()
    y, m = d.previous(d.month_of(today), months_ago)
    return dt.date(y, m, 1)


def test_trend_from_history(unit):
    # Two months ago one of Alder's cooks joined; five months ago a member left the unit; last
    # month someone was hired (not a member).
    cook = unit.local.persons.filter(membership__status="non_member", worksite=unit.site_a)[0]
    change_membership(cook, "member", effective=_month_start(2) + dt.timedelta(days=3))
    PersonFactory(local=unit.local, worksite=unit.site_b, in_unit=False,
                  left_unit_on=_month_start(5) + dt.timedelta(days=9))
    PersonFactory(local=unit.local, worksite=unit.site_b, status="non_member",
                  hire_date=_month_start(1) + dt.timedelta(days=1))
    trend = local_density(unit.local)["trend"]
    now, last, before_join = trend[-1], trend[-2], trend[-4]
    assert (now["members"], now["people"]) == (8, 11)
    assert (last["members"], last["people"]) == (8, 11)  # hired during last month
    assert (trend[-3]["members"], trend[-3]["people"]) == (8, 10)  # before the hire
    assert (before_join["members"], before_join["people"]) == (7, 10)
    # Before the member left, they counted in both.
    assert (trend[-7]["members"], trend[-7]["people"]) == (8, 11)
    assert (trend[0]["members"], trend[0]["people"]) == (8, 11)


def test_state_density(unit):
    hill = unit.other_local
    PersonFactory.create_batch(3, local=hill, job_class=job_class(hill, "Driver",
                                                                  "transportation"),
                               status="non_member")
    OrganizingSettings.objects.create(local=hill, density_goal=50)
    elsewhere = Affiliate.objects.create(kind="state", slug="other-state", name="Other",
                                         parent=unit.local.parent.parent)
    far = make_local("far", state=elsewhere)
    PersonFactory(local=far)
    data = state_density(unit.local.parent)
    by_slug = {r["slug"]: r for r in data["locals"]}
    assert set(by_slug) == {"lakeview", "hilltop"}
    assert (by_slug["lakeview"]["people"], by_slug["lakeview"]["members"]) == (10, 7)
    assert (by_slug["hilltop"]["people"], by_slug["hilltop"]["members"]) == (4, 1)
    assert by_slug["hilltop"]["goal"] == 50 and by_slug["hilltop"]["needed"] == 1
    families = {f["code"]: f for f in data["families"]}
    assert families["transportation"]["people"] == 3
    assert families["paraeducators"]["people"] == 6
    assert data["total"]["people"] == 14 and data["below_goal"] == 1


def test_state_page_only_for_its_staff(unit, as_user, client):
    elsewhere = Affiliate.objects.create(kind="state", slug="other-state", name="Other",
                                         parent=unit.local.parent.parent)
    make_local("far", state=elsewhere)
    ours = reverse("density_state", args=[unit.local.parent.slug])
    theirs = reverse("density_state", args=["other-state"])
    staff = as_user("state")
    response = staff.get(ours)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lakeview ESP" in html and "Hilltop ESP" in html and 'role="img"' in html
    assert staff.get(theirs).status_code == 403
    national = make_user("nat@example.org",
                         roles=[(unit.local.parent.parent, "national_staff")])
    client.force_login(national)
    assert client.get(theirs).status_code == 200
    assert client.get(reverse("density_state", args=["lakeview"])).status_code == 404


def test_local_page_shows_charts_tables_and_sorts(unit, as_user):
    client = as_user("officer")
    url = reverse("density_local", args=["lakeview"])
    html = client.get(url).content.decode()
    assert html.count('role="img"') == 3
    assert "Alder Elementary" in html and "60.0%" in html
    assert 'aria-sort="descending"' in html  # by density, highest first
    html = client.get(url + "?sort=name").content.decode()
    assert 'aria-sort="ascending"' in html
    alder, birch = '<th scope="row">Alder Elementary', '<th scope="row">Birch Middle School'
    assert html.index(alder) < html.index(birch)
    html = client.get(url + "?sort=-name").content.decode()
    assert html.index(birch) < html.index(alder)
    assert "Save goals" not in html  # officers see goals; only admins set them
    assert "Save goals" in as_user("admin").get(url).content.decode()
    # Aggregates only: no one's name or email.
    person = unit.people_a[2]
    assert person.legal_last_name not in html and person.personal_email not in html


def test_csv_is_formula_safe(unit, as_user):
    WorksiteFactory(local=unit.local, name="=HYPERLINK(\"http://x\")")
    response = as_user("officer").get(reverse("density_csv", args=["lakeview"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Section"
    assert rows[1][:6] == ["Local", "", "", "10", "7", "70.0"]
    names = [r[1] for r in rows if r[0] == "Worksite"]
    assert "'=HYPERLINK(\"http://x\")" in names
    cell = next(r for r in rows if r[0] == "Worksite × job family" and r[1] == "Alder Elementary"
                and r[2] == "Food Services")
    assert cell[3:6] == ["2", "0", "0.0"]
    assert sum(1 for r in rows if r[0] == "Month end") == 24


def test_coverage(unit, as_user):
    OrganizingSettings.objects.create(local=unit.local, rep_ratio=4)
    lonely = WorksiteFactory(local=unit.local, name="Cedar High")
    PersonFactory.create_batch(2, local=unit.local, worksite=lonely)
    client = as_user("officer")
    from unionhall.core.permissions import access_for

    data = coverage(access_for(unit.users["officer"], unit.local))
    assert data["ratio"] == 4
    assert [w["name"] for w in data["uncovered"]] == ["Birch Middle School", "Cedar High"]
    assert data["uncovered_people"] == 6
    (rep,) = data["reps"]
    assert rep["worksites"] == ["Alder Elementary"] and rep["people"] == 5 and rep["over"]
    assert rep["excess"] == 1
    html = client.get(reverse("density_coverage", args=["lakeview"])).content.decode()
    assert "Cedar High" in html and "Over by 1" in html
    # A second rep at Alder shares its people: both within the target.
    second = make_user("rep2@example.org", roles=[(unit.local, "building_rep", [unit.site_a])])
    data = coverage(access_for(unit.users["officer"], unit.local))
    assert [r["people"] for r in data["reps"]] == [2, 2] or \
        sorted(r["people"] for r in data["reps"]) == [2, 2]
    assert not data["over"]
    assert second.email in {r["email"] for r in data["reps"]}


def test_nav_links(unit, as_user):
    html = as_user("officer").get("/").content.decode()
    assert reverse("density_local", args=["lakeview"]) in html
    assert reverse("density_coverage", args=["lakeview"]) in html
    html = as_user("rep").get("/").content.decode()
    assert reverse("density_local", args=["lakeview"]) not in html
    assert reverse("density_coverage", args=["lakeview"]) not in html


# --- Query counts that do not grow ------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n):
    site = WorksiteFactory(local=world.local, name=f"Grown {n}")
    set_worksite_goal(site, 60, by=None)
    cooks = job_class(world.local, f"Cook {n}", "food")
    grown = PersonFactory.create_batch(n, local=world.local, worksite=site, job_class=cooks,
                                       status="non_member")
    for person in grown[: n // 2]:
        change_membership(person, "member", effective=_month_start(3))
    PersonFactory.create_batch(3, local=world.local, in_unit=False, left_unit_on=_month_start(4))
    for i in range(3):
        local = make_local(f"grown{n}-{i}")
        PersonFactory.create_batch(3, local=local, job_class=job_class(local, "X", "security"))


@pytest.mark.parametrize("persona,name,kwargs", [
    ("officer", "density_local", {"local_slug": "lakeview"}),
    ("officer", "density_csv", {"local_slug": "lakeview"}),
    ("admin", "density_coverage", {"local_slug": "lakeview"}),
    ("state", "density_state", {"state_slug": "state"}),
])
def test_queries_do_not_grow(persona, name, kwargs, world, as_user):
    client = as_user(persona)
    url = reverse(name, kwargs=kwargs)
    _count(client, url)
    before = _count(client, url)
    _grow(world, 12)
    make_user("newrep@example.org", roles=[(world.local, "building_rep", [world.site_b])])
    assert _count(client, url) == before

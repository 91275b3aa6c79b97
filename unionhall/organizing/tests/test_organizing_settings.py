"""The local's organizing settings page: scale, issues, goal and rep ratio, state access."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from unionhall.core.models import Affiliate, AuditEntry
from unionhall.organizing.actions import (
    assess,
    set_assessment_scale,
    set_issues,
    set_organizing_numbers,
    set_state_sees_organizing,
)
from unionhall.organizing.models import DEFAULT_SCALE, OrganizingSettings


def url():
    return reverse("organizing_settings", args=["lakeview"])


def row(world):
    return OrganizingSettings.objects.get(local=world.local)


def scale_post(*levels):
    data = {"form": "scale"}
    for n in range(1, 10):
        label, color = levels[n - 1] if n <= len(levels) else ("", "#4a5560")
        data[f"label_{n}"], data[f"color_{n}"] = label, color
    return data


THREE = [("Leader", "#112233"), ("For us", "#445566"), ("Not yet", "#aabbcc")]


# --- Who may use it -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "officer", "state"])
def test_only_the_local_admin_gets_the_page(world, as_user, persona):
    client = as_user(persona)
    assert client.get(url()).status_code == 403
    assert client.post(url(), scale_post(*THREE)).status_code == 403
    assert not OrganizingSettings.objects.filter(local=world.local).exists()


@pytest.mark.parametrize("persona", ["officer", "rep", "member"])
def test_actions_refuse_anyone_but_the_admin(world, persona):
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        set_assessment_scale(world.local, DEFAULT_SCALE, by=user)
    with pytest.raises(PermissionDenied):
        set_issues(world.local, ["Pay"], by=user)
    with pytest.raises(PermissionDenied):
        set_organizing_numbers(world.local, density_goal=50, rep_ratio=10, by=user)
    with pytest.raises(PermissionDenied):
        set_state_sees_organizing(world.local, True, by=user)
    assert not AuditEntry.objects.filter(verb__startswith="organizing.").exists()


def test_admin_page_shows_the_current_settings_and_is_linked(world, as_user):
    client = as_user("admin")
    html = client.get(url()).content.decode()
    assert 'value="Union leader"' in html and 'value="#13612e"' in html
    assert "Staffing\nPay\nSafety" in html
    assert 'name="density_goal"' in html and 'value="70"' in html
    assert 'value="25"' in html
    settings_page = client.get(reverse("membership_settings", args=["lakeview"]))
    assert url() in settings_page.content.decode()


# --- The scale ------------------------------------------------------------------------------


def test_admin_sets_a_three_level_scale_that_shows_on_the_person_page(world, as_user):
    client = as_user("admin")
    response = client.post(url(), scale_post(*THREE))
    assert response.status_code == 302
    assert row(world).scale == [
        {"value": 1, "label": "Leader", "color": "#112233"},
        {"value": 2, "label": "For us", "color": "#445566"},
        {"value": 3, "label": "Not yet", "color": "#aabbcc"},
    ]
    entry = AuditEntry.objects.get(verb="organizing.scale_set")
    assert entry.actor == world.users["admin"] and entry.affiliate == world.local
    before, after = entry.changes["scale"]
    assert before[0]["label"] == "Union leader" and after[2]["label"] == "Not yet"

    person = world.people_a[2]
    assess(person, 2, by=world.users["rep"])
    html = as_user("rep").get(
        reverse("organizer_person", args=["lakeview", person.pk])).content.decode()
    assert "2 · For us" in html and "#445566" in html
    assert "3 · Not yet" in html and "Union leader" not in html
    with pytest.raises(ValidationError):
        assess(person, 4, by=world.users["rep"])


@pytest.mark.parametrize("levels, message", [
    ([("Only one", "#112233")], "A scale has from 2 to 9 levels."),
    ([("One", "#112233"), ("Two", "red")], "The colour of level 2 is not a colour like #1a2b3c."),
    ([("One", "#112233"), ("Two", "#12345")], "The colour of level 2"),
    ([("One", "#112233"), ("one", "#445566")], "Two levels are labelled “one”."),
    ([("One", "#112233"), ("", "#445566"), ("Three", "#aabbcc")],
     "Fill the levels from the top: level 2 is empty but a later one is not."),
    ([("x" * 41, "#112233"), ("Two", "#445566")], "at most 40 characters"),
])
def test_scale_validation_messages_show_on_the_page(world, as_user, levels, message):
    response = as_user("admin").post(url(), scale_post(*levels))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrganizingSettings.objects.filter(local=world.local).exists()
    assert not AuditEntry.objects.filter(verb="organizing.scale_set").exists()


def test_action_checks_values_labels_and_colours(world):
    admin = world.users["admin"]
    with pytest.raises(ValidationError) as error:
        set_assessment_scale(world.local, [
            {"value": 1, "label": "A", "color": "#000000"},
            {"value": 3, "label": " ", "color": "#00000g"},
        ], by=admin)
    assert len(error.value.messages) == 3
    with pytest.raises(ValidationError):
        set_assessment_scale(world.local, [{"value": n, "label": f"L{n}", "color": "#000000"}
                                           for n in range(1, 11)], by=admin)


def test_shrinking_the_scale_below_a_current_assessment_is_refused(world, as_user):
    rep = world.users["rep"]
    assess(world.people_a[1], 5, by=world.users["officer"])
    assess(world.people_a[2], 4, by=rep)
    assess(world.people_a[2], 1, by=rep)  # only the current assessment counts
    assess(world.people_b[1], 4, by=world.users["officer"])
    response = as_user("admin").post(url(), scale_post(*THREE))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("2 people are assessed above 3, the top of the new scale. Reassess them first, "
            "or keep at least 5 levels.") in html
    assert not OrganizingSettings.objects.filter(local=world.local).exists()
    assert not AuditEntry.objects.filter(verb="organizing.scale_set").exists()
    assess(world.people_b[1], 2, by=world.users["officer"])
    with pytest.raises(ValidationError, match="1 person is assessed above 4"):
        set_assessment_scale(world.local, [
            {"value": n, "label": f"L{n}", "color": "#000000"} for n in range(1, 5)],
            by=world.users["admin"])


def test_reset_to_the_default_scale(world, as_user):
    client = as_user("admin")
    client.post(url(), scale_post(*THREE))
    response = client.post(url(), {"form": "reset_scale"})
    assert response.status_code == 302
    assert row(world).scale == [dict(level) for level in DEFAULT_SCALE]
    assert AuditEntry.objects.filter(verb="organizing.scale_set").count() == 2


def test_reset_is_refused_with_a_message_when_people_sit_above_five(world, as_user):
    admin = world.users["admin"]
    set_assessment_scale(world.local, [{"value": n, "label": f"L{n}", "color": "#000000"}
                                       for n in range(1, 8)], by=admin)
    assess(world.people_a[2], 7, by=world.users["rep"])
    response = as_user("admin").post(url(), {"form": "reset_scale"})
    assert response.status_code == 200
    assert "1 person is assessed above 5" in response.content.decode()
    assert len(row(world).scale) == 7


def test_spanish_default_labels_stay_translated_when_saved_unchanged(world, as_user):
    client = as_user("admin")
    html = client.get(url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'value="Partidario"' in html
    data = scale_post(("Líder sindical", "#13612e"), ("Partidario", "#4c9a2a"),
                      ("Nueva", "#b8860b"))
    assert client.post(url(), data, HTTP_ACCEPT_LANGUAGE="es").status_code == 302
    assert [level["label"] for level in row(world).scale] == [
        "Union leader", "Supporter", "Nueva"]


# --- Issues ---------------------------------------------------------------------------------


def test_admin_sets_the_issues_one_per_line(world, as_user):
    client = as_user("admin")
    response = client.post(url(), {"form": "issues",
                                   "issues": "  Pay \r\n\r\nParking\r\n Heat in the buses \n"})
    assert response.status_code == 302
    assert row(world).issues == ["Pay", "Parking", "Heat in the buses"]
    entry = AuditEntry.objects.get(verb="organizing.issues_set")
    assert entry.changes["issues"][1] == ["Pay", "Parking", "Heat in the buses"]
    html = as_user("rep").get(reverse(
        "organizer_person", args=["lakeview", world.people_a[2].pk])).content.decode()
    assert 'value="Parking"' in html and 'value="Staffing"' not in html


@pytest.mark.parametrize("text, message", [
    ("Pay\nParking\npay", "“pay” is in the list twice."),
    ("Pay\n" + "x" * 61, "is longer than 60 characters."),
    ("\n".join(f"Issue {n}" for n in range(31)), "Keep at most 30 issues; the list has 31."),
])
def test_issue_validation_messages(world, as_user, text, message):
    response = as_user("admin").post(url(), {"form": "issues", "issues": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(verb="organizing.issues_set").exists()


def test_issues_action_refuses_empty_items(world):
    with pytest.raises(ValidationError, match="cannot be empty"):
        set_issues(world.local, ["Pay", "  "], by=world.users["admin"])


def test_spanish_default_issues_are_stored_in_english(world, as_user):
    client = as_user("admin")
    html = client.get(url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Falta de personal" in html
    client.post(url(), {"form": "issues", "issues": "Falta de personal\nEstacionamiento"},
                HTTP_ACCEPT_LANGUAGE="es")
    assert row(world).issues == ["Staffing", "Estacionamiento"]


# --- Goal and rep ratio ---------------------------------------------------------------------


def test_admin_sets_goal_and_rep_ratio(world, as_user):
    response = as_user("admin").post(url(), {"form": "numbers", "density_goal": "80",
                                             "rep_ratio": "12"})
    assert response.status_code == 302
    settings_row = row(world)
    assert (settings_row.density_goal, settings_row.rep_ratio) == (80, 12)
    entry = AuditEntry.objects.get(verb="organizing.numbers_set")
    assert entry.changes == {"density_goal": [70, 80], "rep_ratio": [25, 12]}
    # Saving the same numbers again writes nothing.
    as_user("admin").post(url(), {"form": "numbers", "density_goal": "80", "rep_ratio": "12"})
    assert AuditEntry.objects.filter(verb="organizing.numbers_set").count() == 1


@pytest.mark.parametrize("goal, ratio", [("101", "10"), ("50", "0"), ("50", "501"),
                                         ("-1", "10"), ("half", "10")])
def test_numbers_out_of_range_are_refused(world, as_user, goal, ratio):
    response = as_user("admin").post(url(), {"form": "numbers", "density_goal": goal,
                                             "rep_ratio": ratio})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not OrganizingSettings.objects.filter(local=world.local).exists()


def test_numbers_action_messages(world):
    admin = world.users["admin"]
    with pytest.raises(ValidationError, match="from 1 to 500"):
        set_organizing_numbers(world.local, density_goal=50, rep_ratio=501, by=admin)
    with pytest.raises(ValidationError, match="from 0 to 100"):
        set_organizing_numbers(world.local, density_goal=101, rep_ratio=5, by=admin)


# --- State access ---------------------------------------------------------------------------


def test_admin_lets_state_staff_see_organizing(world, as_user):
    person_url = reverse("organizer_person", args=["lakeview", world.people_a[2].pk])
    assert as_user("state").get(person_url).status_code == 403
    response = as_user("admin").post(url(), {"form": "state", "state_sees_organizing": "on"})
    assert response.status_code == 302
    assert Affiliate.objects.get(pk=world.local.pk).state_sees_organizing is True
    entry = AuditEntry.objects.get(verb="local.privacy_set")
    assert entry.changes == {"state_sees_organizing": [False, True]}
    assert entry.actor == world.users["admin"]
    assert as_user("state").get(person_url).status_code == 200

    as_user("admin").post(url(), {"form": "state"})  # unchecked
    assert Affiliate.objects.get(pk=world.local.pk).state_sees_organizing is False
    assert AuditEntry.objects.filter(verb="local.privacy_set").count() == 2


def test_system_may_change_settings_without_a_user(world):
    set_state_sees_organizing(world.local, True, by=None)
    set_issues(world.local, ["Pay"], by=None)
    entry = AuditEntry.objects.get(verb="organizing.issues_set")
    assert entry.actor is None

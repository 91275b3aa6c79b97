from django.urls import reverse

from tests.factories import PersonFactory, make_user


def names(response):
    return response.content.decode()


def test_rep_sees_only_their_worksite(world, as_user):
    html = names(as_user("rep").get(reverse("person_list", args=["lakeview"])))
    for p in world.people_a:
        assert p.legal_last_name in html
    for p in world.people_b:
        assert p.legal_last_name not in html


def test_rep_cannot_open_person_at_other_worksite(world, as_user):
    url = reverse("person_detail", args=["lakeview", world.people_b[1].pk])
    assert as_user("rep").get(url).status_code == 404


def test_rep_filtering_on_foreign_worksite_shows_nothing(world, as_user):
    url = reverse("person_list", args=["lakeview"]) + f"?worksite={world.site_b.pk}"
    html = names(as_user("rep").get(url))
    assert world.people_b[1].legal_last_name not in html


def test_contact_and_private_fields_by_role(world, as_user):
    person = world.people_a[2]
    url = reverse("person_detail", args=["lakeview", person.pk])
    rep = names(as_user("rep").get(url))
    assert person.personal_email in rep
    assert person.street not in rep and person.employee_id not in rep
    officer = names(as_user("officer").get(url))
    assert person.personal_email in officer and person.employee_id in officer
    state = names(as_user("state").get(url))
    assert person.personal_email not in state and person.employee_id not in state


def test_list_hides_phone_from_roles_without_contact(world, as_user):
    url = reverse("person_list", args=["lakeview"])
    assert "tel:" in names(as_user("rep").get(url))
    assert "tel:" not in names(as_user("state").get(url))


def test_search_and_status_filter(world, as_user):
    target = world.people_b[2]
    client = as_user("officer")
    url = reverse("person_list", args=["lakeview"])
    html = names(client.get(url, {"q": target.legal_last_name}))
    assert target.legal_last_name in html and world.people_a[0].legal_last_name not in html
    PersonFactory(local=world.local, worksite=world.site_a, legal_last_name="Zapata",
                  status="lapsed")
    html = names(client.get(url, {"status": "lapsed"}))
    assert "Zapata" in html and target.legal_last_name not in html


def test_bad_filter_values_do_not_error(world, as_user):
    url = reverse("person_list", args=["lakeview"])
    response = as_user("officer").get(url, {"worksite": "abc", "status": "bogus", "page": "x"})
    assert response.status_code == 200


def test_privileged_role_without_two_factor_is_sent_to_set_it_up(world, as_user, client):
    rep = make_user("newrep@example.org", roles=[(world.local, "building_rep", [world.site_a])],
                    mfa=False)
    client.force_login(rep)
    response = client.get(reverse("person_list", args=["lakeview"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_required"))
    home = client.get("/")
    assert reverse("mfa_activate_totp") in home.content.decode()
    assert world.people_a[0].legal_last_name not in home.content.decode()


def test_member_home_shows_membership(world, as_user):
    html = names(as_user("member").get("/"))
    assert "Your membership" in html and "Member" in html
    assert "at a glance" not in html


def test_officer_home_shows_local_at_a_glance(world, as_user):
    html = names(as_user("officer").get("/"))
    assert "Lakeview ESP at a glance" in html
    assert "Paraeducators" in html


def test_rep_home_shows_their_worksites(world, as_user):
    html = names(as_user("rep").get("/"))
    assert "Alder Elementary" in html and "Birch Middle School" not in html


def test_state_staff_home_lists_their_locals(world, as_user):
    html = names(as_user("state").get("/"))
    assert "Lakeview ESP" in html and "Hilltop ESP" in html


def test_worksite_filter_offers_only_covered_sites_and_keeps_the_choice(world, as_user):
    url = reverse("person_list", args=["lakeview"])
    html = names(as_user("rep").get(url, {"worksite": world.site_a.pk}))
    assert f'<option value="{world.site_a.pk}" selected>' in html
    assert "Birch Middle School" not in html

from django.urls import reverse

from unionhall.core.models import AuditEntry
from unionhall.members.models import DuesPolicy, DuesRate, JoinPage, TermsVersion


def post(client, **data):
    return client.post(reverse("membership_settings", args=["lakeview"]), data, follow=True)


def test_admin_writes_the_join_page_in_both_languages(world, as_user, client):
    post(as_user("admin"), form="join", intro_en="A voice at work.", intro_es="Una voz.")
    page = JoinPage.objects.get(local=world.local)
    assert (page.intro_en, page.intro_es) == ("A voice at work.", "Una voz.")
    client.logout()
    html = client.get(reverse("join", args=["lakeview"]), HTTP_ACCEPT_LANGUAGE="es")
    assert "Una voz." in html.content.decode()


def test_user_text_is_shown_as_text(world, as_user, client):
    post(as_user("admin"), form="join", intro_en="<script>alert(1)</script>", intro_es="")
    client.logout()
    html = client.get(reverse("join", args=["lakeview"])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_publishing_terms_keeps_old_versions(world, as_user):
    admin = as_user("admin")
    post(admin, form="terms", text_en="First terms.", text_es="")
    post(admin, form="terms", text_en="Second terms.", text_es="Segundos.")
    versions = list(TermsVersion.objects.filter(local=world.local).values_list("version",
                                                                               "text_en"))
    assert sorted(versions) == [(1, "First terms."), (2, "Second terms.")]
    assert AuditEntry.objects.filter(verb="terms.published").count() == 2
    response = post(admin, form="terms", text_en="", text_es="x")
    assert TermsVersion.objects.filter(local=world.local).count() == 2
    assert response.status_code == 200


def test_dues_policy_and_a_local_rate(world, as_user):
    admin = as_user("admin")
    post(admin, form="policy", year_start_month=7, year_start_day=1, pay_periods=26,
         proration="months", revocation_opens_days=30, revocation_closes_days=15)
    policy = DuesPolicy.objects.get(local=world.local)
    assert (policy.pay_periods, policy.proration) == (26, "months")
    response = post(admin, form="rate", category="full_time", label="Full time", min_fte="0.5",
                    max_fte="1", yearly="264.00", effective_from="2026-09-01")
    rate = DuesRate.objects.get(affiliate=world.local)
    assert rate.yearly_cents == 26400
    assert "$264.00" in response.content.decode()


def test_bad_policy_is_a_message(world, as_user):
    response = post(as_user("admin"), form="policy", year_start_month=13, year_start_day=1,
                    pay_periods=0, proration="months", revocation_opens_days=5,
                    revocation_closes_days=15)
    assert response.status_code == 200
    assert not DuesPolicy.objects.filter(local=world.local).exists()


def test_reps_see_home_addresses_only_when_the_local_allows(world, as_user):
    person = world.people_a[2]
    page = reverse("person_detail", args=["lakeview", person.pk])
    export = reverse("person_export", args=["lakeview"])
    rep = as_user("rep")
    assert person.street not in rep.get(page).content.decode()
    assert b"Home street address" not in b"".join(rep.get(export).streaming_content)
    post(as_user("admin"), form="privacy", reps_see_home_addresses="on")
    world.local.refresh_from_db()
    assert world.local.reps_see_home_addresses
    rep = as_user("rep")
    assert person.street in rep.get(page).content.decode()
    assert b"Home street address" in b"".join(rep.get(export).streaming_content)
    # still only their own worksite
    other = reverse("person_detail", args=["lakeview", world.people_b[0].pk])
    assert rep.get(other).status_code == 404
    assert AuditEntry.objects.filter(verb="local.privacy_set").exists()

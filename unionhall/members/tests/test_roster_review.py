from django.urls import reverse

from tests.factories import job_class, make_duplicate
from unionhall.core.models import AuditEntry
from unionhall.members.models import Person, PossibleDuplicate


def test_new_titles_are_listed_and_placed_in_a_family(world, as_user):
    title = job_class(world.local, "Campus Monitor", "security")
    title.family = None
    title.save()
    admin = as_user("admin")
    html = admin.get(reverse("roster_review", args=["lakeview"])).content.decode()
    assert "Campus Monitor" in html
    admin.post(reverse("job_class_family", args=["lakeview", title.pk]), {"family": "security"})
    title.refresh_from_db()
    assert title.family.code == "security"
    assert AuditEntry.objects.filter(verb="job_class.family_set").exists()
    html = admin.get(reverse("roster_review", args=["lakeview"])).content.decode()
    assert "Campus Monitor" not in html.split("<h1>")[1]  # after the confirmation message


def test_merging_keeps_the_roster_record_and_the_stronger_membership(world, as_user):
    duplicate = make_duplicate(world)
    keep, other = duplicate.person, duplicate.candidate
    admin = as_user("admin")
    assert "Okafor" in admin.get(reverse("roster_review", args=["lakeview"])).content.decode()
    admin.post(reverse("duplicate_resolve", args=["lakeview", duplicate.pk]),
               {"decision": "merge"})
    assert not Person.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert keep.personal_email == "dana@example.org"
    assert keep.membership.status == "member"
    assert keep.membership_changes.count() == 2  # its own and the merged record's history
    # The pair goes with the merged record; the audit log keeps what happened.
    assert not PossibleDuplicate.objects.filter(pk=duplicate.pk).exists()
    assert AuditEntry.objects.get(verb="duplicate.merged").object_id == str(keep.pk)


def test_distinct_people_stay_apart(world, as_user):
    duplicate = make_duplicate(world)
    as_user("admin").post(reverse("duplicate_resolve", args=["lakeview", duplicate.pk]),
                          {"decision": "distinct"})
    assert Person.objects.filter(pk=duplicate.candidate_id).exists()
    assert PossibleDuplicate.objects.get(pk=duplicate.pk).resolution == "distinct"
    response = as_user("admin").post(
        reverse("duplicate_resolve", args=["lakeview", duplicate.pk]), {"decision": "merge"})
    assert response.status_code == 404

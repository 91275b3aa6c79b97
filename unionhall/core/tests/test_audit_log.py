from django.urls import reverse

from unionhall.core.models import AuditEntry
from unionhall.members.actions import change_membership


def test_every_action_writes_an_audit_entry_in_its_transaction(world):
    person = world.people_a[2]
    change_membership(person, "lapsed", reason="Dues stopped", by=world.users["admin"])
    entry = AuditEntry.objects.get(verb="membership.changed")
    assert entry.actor == world.users["admin"]
    assert entry.changes["status"] == ["member", "lapsed"]
    assert person.membership_changes.first().to_status == "lapsed"


def test_officer_reads_and_filters_the_log(world, as_user):
    change_membership(world.people_a[2], "lapsed", by=world.users["admin"])
    change_membership(world.people_b[2], "resigned", reason="Moved", by=None)
    client = as_user("officer")
    url = reverse("audit_log", args=["lakeview"])
    html = client.get(url).content.decode()
    assert "Membership changed" in html and world.people_a[2].display_name in html
    html = client.get(url, {"actor": "admin@"}).content.decode()
    assert world.people_a[2].display_name in html
    assert world.people_b[2].display_name not in html


def test_log_of_another_local_is_not_shown(world, as_user):
    change_membership(world.outsider_person, "lapsed", by=None)
    html = as_user("officer").get(reverse("audit_log", args=["lakeview"])).content.decode()
    assert world.outsider_person.display_name not in html


def test_bad_dates_are_a_message_not_an_error(world, as_user):
    url = reverse("audit_log", args=["lakeview"])
    response = as_user("officer").get(url, {"since": "2026-02-30", "until": "x"})
    assert response.status_code == 200
    response = as_user("officer").get(url, {"since": "2026-05-01", "until": "2026-01-01"})
    assert "start date is after" in response.content.decode()


def test_member_cannot_change_memberships(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        change_membership(world.people_a[2], "lapsed", by=world.users["member"])
    assert not AuditEntry.objects.filter(verb="membership.changed").exists()

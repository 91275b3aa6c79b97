import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_user
from unionhall.core.models import Affiliate, AuditEntry, JobFamily
from unionhall.members.models import Person


@pytest.mark.django_db
def test_create_local_from_the_command_line(capsys):
    call_command("create_local", "riverside", "--name", "Riverside ESP",
                 "--time-zone", "America/Denver", "--state", "mountain-ea")
    local = Affiliate.objects.get(slug="riverside")
    assert local.kind == "local" and local.time_zone == "America/Denver"
    assert local.parent.slug == "mountain-ea" and local.parent.kind == "state"
    assert local.parent.parent.kind == "national"
    assert JobFamily.objects.count() == 9
    assert not Person.objects.filter(local=local).exists()
    assert AuditEntry.objects.filter(affiliate=local, verb="affiliate.created").exists()
    assert "Created the local Riverside ESP" in capsys.readouterr().out


@pytest.mark.django_db
def test_second_local_reuses_state_and_national():
    call_command("create_local", "a", "--name", "A", "--time-zone", "UTC", "--state", "st")
    call_command("create_local", "b", "--name", "B", "--time-zone", "UTC", "--state", "st")
    assert Affiliate.objects.filter(kind="state").count() == 1
    assert Affiliate.objects.filter(kind="national").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("args,message", [
    (["x", "--name", "X", "--time-zone", "Mars/Olympus"], "Unknown time zone"),
    (["nea", "--name", "X", "--time-zone", "UTC"], "exists"),
])
def test_bad_input_is_a_clear_error_and_writes_nothing(args, message):
    call_command("create_local", "first", "--name", "First", "--time-zone", "UTC")
    before = Affiliate.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_local", *args)
    assert Affiliate.objects.count() == before


@pytest.mark.django_db
def test_create_local_from_the_admin(client):
    admin = make_user("root@example.org", mfa=False)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/core/affiliate/add/").status_code == 302
    response = client.post("/admin/core/affiliate/create-local/", {
        "slug": "harbor", "name": "Harbor ESP", "time_zone": "America/New_York",
        "state_slug": "coast-ea", "state_name": "Coast EA"})
    assert response.status_code == 302
    local = Affiliate.objects.get(slug="harbor")
    assert local.parent.name == "Coast EA"
    assert AuditEntry.objects.filter(affiliate=local, actor=admin).exists()
    response = client.post("/admin/core/affiliate/create-local/", {
        "slug": "harbor2", "name": "H", "time_zone": "Nowhere/Else"})
    assert response.status_code == 200 and "Unknown time zone" in response.content.decode()

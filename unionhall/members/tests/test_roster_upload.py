"""The roster import from the web: check and preview, confirm, the worker imports."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionhall.members.models import Person, RosterUpload

GOOD = (
    b"Employee ID,First Name,Last Name,Work Location,Job Title,FTE\n"
    b"E900001,Rosa,Delgado,Alder Elementary,Paraeducator I,1\n"
    b"E900002,Omar,Haddad,Alder Elementary,Campus Monitor,0.5\n"
)
BAD = (
    b"Employee ID,First Name,Last Name,Work Location,FTE\n"
    b"E900001,Rosa,Delgado,Alder Elementary,1.5\n"
    b",Omar,Haddad,Nowhere School,1\n"
)


def upload(client, content, **flags):
    return client.post(reverse("roster_upload", args=["lakeview"]),
                       {"file": SimpleUploadedFile("hr.csv", content), "partial": "on", **flags},
                       follow=True)


def test_preview_then_confirm_imports_in_the_worker(world, as_user,
                                                    django_capture_on_commit_callbacks):
    admin = as_user("admin")
    response = upload(admin, GOOD)
    html = response.content.decode()
    assert "What would change" in html and "Campus Monitor" in html
    assert not Person.objects.filter(employee_id="E900001").exists()
    staged = RosterUpload.objects.get()
    assert staged.status == "previewed" and staged.preview["created"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("roster_upload_confirm", args=["lakeview", staged.pk]))
    staged.refresh_from_db()
    assert staged.status == "done" and staged.result["created"] == 2
    assert Person.objects.filter(employee_id__in=["E900001", "E900002"]).count() == 2
    html = admin.get(reverse("roster_upload_detail", args=["lakeview", staged.pk])).content
    assert "What changed" in html.decode()


def test_bad_rows_are_listed_and_cannot_be_confirmed(world, as_user,
                                                     django_capture_on_commit_callbacks):
    admin = as_user("admin")
    html = upload(admin, BAD).content.decode()
    assert "Rows to fix" in html and "Nothing was written" in html
    assert "Import these changes" not in html
    staged = RosterUpload.objects.get()
    rows = {e["row"] for e in staged.preview["errors"]}
    assert rows == {2, 3}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("roster_upload_confirm", args=["lakeview", staged.pk]),
                              follow=True)
    assert "Fix the rows" in response.content.decode()
    assert RosterUpload.objects.get().status == "previewed"


def test_not_a_roster_is_a_message(world, as_user):
    html = upload(as_user("admin"), b"\x89PNG\r\n\x1a\n\x00\x00binary").content.decode()
    assert "Rows to fix" in html or "not" in html.lower()
    assert not Person.objects.filter(employee_id__startswith="E9").exists()


def test_a_running_import_shows_progress(world, as_user):
    staged = RosterUpload.objects.create(local=world.local, filename="hr.csv", data=GOOD,
                                         status="running", preview={"rows": 2, "errors": []})
    html = as_user("admin").get(reverse("roster_upload_detail",
                                        args=["lakeview", staged.pk])).content.decode()
    assert "<progress" in html and 'http-equiv="refresh"' in html

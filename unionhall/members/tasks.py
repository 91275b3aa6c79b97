from django_tasks import task


@task()
def run_roster_upload(upload_id: int) -> None:
    from unionhall.members.actions import run_roster_upload_now
    from unionhall.members.models import RosterUpload

    upload = RosterUpload.objects.select_related("local", "by").get(pk=upload_id)
    run_roster_upload_now(upload)

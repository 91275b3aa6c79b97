from django_tasks import task


@task()
def announce_voting(election_id: int, person_ids: list[int], which: str) -> int:
    """Email everyone listed that voting is open ("open") or closes soon ("reminder"). Runs in
    the worker, so the request that happens to freeze the roll does not wait for it."""
    from unionhall.democracy.actions.elections import announce_now
    from unionhall.democracy.models import Election

    return announce_now(Election.objects.select_related("local").get(pk=election_id),
                        person_ids, which)

"""The task that sends a message's copies (the steps are in sending.py)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def work_queue(message_id: int) -> dict:
    """One run: first queue the next run for when this one's time is up (so a worker killed
    in the middle still leaves one behind), then send at the configured pace until the time
    is up or no copy is left. With a backend that cannot defer a task (the immediate one of
    the tests), this run sends every copy itself."""
    from unionhall.comms import sending

    if not sending.has_queued(message_id):
        sending.finish_if_done(message_id)
        return {"sent": 0, "failed": 0, "finished": True}
    if work_queue.get_backend().supports_defer:
        budget = sending.run_seconds()
        later = timezone.now() + dt.timedelta(seconds=budget) + sending.NEXT_RUN_MARGIN
        work_queue.using(run_after=later).enqueue(message_id)
        return sending.work(message_id, budget=budget)
    return sending.work(message_id)

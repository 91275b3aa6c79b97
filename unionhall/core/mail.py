"""Email is only ever sent by the task worker, queued when the surrounding transaction commits."""

from django.db import transaction


def queue_email(to: list[str] | str, subject: str, body: str, html: str | None = None,
                from_email: str | None = None) -> None:
    from unionhall.core.tasks import send_email

    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        lambda: send_email.enqueue(recipients, subject, body, html, from_email)
    )

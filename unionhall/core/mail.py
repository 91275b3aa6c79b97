"""Email is only ever sent by the task worker, queued when the surrounding transaction commits."""

import base64

from django.db import transaction


def queue_email(to: list[str] | str, subject: str, body: str, html: str | None = None,
                from_email: str | None = None,
                attachments: list[tuple[str, bytes, str]] = (),
                headers: dict[str, str] | None = None) -> None:
    """Queue a message; attachments are (filename, content, mimetype); `headers` e.g. the
    List-Unsubscribe of a bulk email (comms.unsubscribe.headers)."""
    from unionhall.core.tasks import send_email

    recipients = [to] if isinstance(to, str) else list(to)
    # Task arguments are stored as JSON, so file contents travel as base64 text.
    files = [(name, base64.b64encode(content).decode("ascii"), mimetype)
             for name, content, mimetype in attachments]
    transaction.on_commit(
        lambda: send_email.enqueue(recipients, subject, body, html, from_email, files, headers)
    )

"""What the communications tests share: no pause between emails, the site's address, and a
message-writing helper."""

import pytest

from unionhall.comms import actions


@pytest.fixture(autouse=True)
def _comms_settings(settings):
    settings.COMMS_EMAILS_PER_MINUTE = 0
    settings.SITE_URL = "https://union.example.org"


def write(local, *, subject="Route bid meeting Thursday", body="Bring your **questions**.",
          topic="events", language="en", audience=None, by=None, **extra):
    return actions.create_message(local, by=by, subject=subject, body=body, topic=topic,
                                  language=language, audience=audience or {}, **extra)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send_message, then what it queued on commit (the immediate task backend of the tests
    sends every copy at once)."""

    def run(message, by=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.send_message(message, by=by, **kwargs)

    return run

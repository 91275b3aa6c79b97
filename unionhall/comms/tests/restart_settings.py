"""Settings for the restart test's worker and helper processes (test_comms_restart.py): the
production settings (the task queue in the database, DATABASE_URL, EMAIL_URL: a folder the
test reads), plain static files, and the pace and length of
a run from the environment, so the test takes seconds rather than minutes."""

import os

from unionhall.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
COMMS_EMAILS_PER_MINUTE = float(os.environ.get("COMMS_EMAILS_PER_MINUTE", "120"))
COMMS_RUN_SECONDS = float(os.environ.get("COMMS_RUN_SECONDS", "60"))

"""Settings for the test suite: the real settings with a test key, fast hashing and local mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-" + "k" * 60)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from unionhall.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run at once in tests so sent mail lands in the outbox; tests of the database queue
# itself switch back to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

import tempfile  # noqa: E402

GRIEVANCE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="unionhall-grievance-files-"))  # noqa: F405
MENTORING_FILES_ROOT = Path(tempfile.mkdtemp(prefix="unionhall-mentoring-files-"))  # noqa: F405

# No pause between emails in tests (the restart test sets its own pace).
COMMS_EMAILS_PER_MINUTE = 0

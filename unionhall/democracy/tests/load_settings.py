"""Settings for the load test's server and its helper processes (test_vote_load.py).

The production settings as they are (DEBUG off, DATABASE_URL, database sessions and cache,
the task queue in the database), with one change: static files are served plain, because
`CompressedManifestStaticFilesStorage` needs `collectstatic` into STATIC_ROOT, which is a
folder of the checkout. Every page names a static file, so without this each one would fail.
The environment also sets SECURE_SSL_REDIRECT=0: the test talks plain HTTP to 127.0.0.1.
"""

from unionhall.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

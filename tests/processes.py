"""For tests that start the project's real processes (gunicorn, the task worker) against a
database of their own. The suite's test database cannot serve another process (on SQLite it is
in memory), so each such test makes one of the same kind as the suite runs on: a SQLite file, or
a new database on the same PostgreSQL server, dropped afterwards."""

import contextlib
import ctypes
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def _admin_connection():
    import psycopg

    db = settings.DATABASES["default"]
    params = {"dbname": "postgres", "autocommit": True, "connect_timeout": 30}
    for key in ("host", "port", "user", "password"):
        if db.get(key.upper()):
            params[key] = str(db[key.upper()])
    return psycopg.connect(**params)


def _postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


@contextlib.contextmanager
def own_database(tmp_path: Path, prefix: str):
    """The DATABASE_URL of a new, empty database of the suite's kind, dropped afterwards."""
    name = None
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        name = f"unionhall_{prefix}_{secrets.token_hex(4)}"
        with _admin_connection() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = _postgres_url(name)
    else:
        url = f"sqlite:///{tmp_path / f'{prefix}.sqlite3'}"
    try:
        yield url
    finally:
        if name:
            with _admin_connection() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(settings_module: str, database_url: str, var_dir: Path, **names: str) -> dict:
    """The process environment: production-like settings on that database. Variables given
    here replace those of the test run (and their `_FILE` forms)."""
    names = {"DJANGO_SETTINGS_MODULE": settings_module, "DATABASE_URL": database_url,
             "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "0",
             "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "CONN_MAX_AGE": "0",
             "UNIONHALL_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1", **names}
    env = {k: v for k, v in os.environ.items()
           if k not in names and k.removesuffix("_FILE") not in names}
    env.update(names)
    return env


def run(env: dict, *args: str, timeout: float) -> str:
    """`python *args` in the project; its output, or the test fails with its errors."""
    try:
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{' '.join(args)} did not finish in {exc.timeout} s")
    if done.returncode:
        pytest.fail(f"{' '.join(args)} exited with {done.returncode}:\n{done.stderr[-4000:]}")
    return done.stdout


def die_with_parent() -> None:
    """Linux: the child gets SIGTERM should pytest itself be killed (PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from unionhall.env import email_settings, env

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, **extra_env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    environ.update(extra_env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("p" + "".join(chr(65 + (i * 7) % 26) for i in range(70)) + "q!$%^&*\n")
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY_FILE=str(key_file), ALLOWED_HOSTS="union.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL="smtp://user:pass@mail.example.org:587/?tls=1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", SECRET_KEY="", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secret_read_from_file(tmp_path, monkeypatch):
    path = tmp_path / "pw"
    path.write_text("s3cret\n")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", str(path))
    assert env("EMAIL_HOST_PASSWORD") == "s3cret"


def test_unreadable_secret_file_says_which(monkeypatch):
    monkeypatch.setenv("SECRET_KEY_FILE", "/nonexistent/key")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        env("SECRET_KEY")


@pytest.mark.parametrize("url,expected", [
    ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ("smtp://u%40x:p@mail.example.org:587/?tls=1", {
        "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "u@x",
        "EMAIL_HOST_PASSWORD": "p", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
    ("smtps://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
    ("file:///tmp/mail", {"EMAIL_FILE_PATH": "/tmp/mail"}),
])
def test_email_url(url, expected):
    settings = email_settings(url)
    for key, value in expected.items():
        assert settings[key] == value


def test_unknown_email_scheme_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        email_settings("pigeon://coop")

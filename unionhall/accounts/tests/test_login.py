import re

from django.core import mail
from django.urls import reverse

from tests.factories import make_user


def code_from(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M)
    assert match, message.body
    return match.group(1)


def test_sign_in_with_emailed_code(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"),
                               {"email": "member@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    code = code_from(mail.outbox[0])
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    home = client.get("/")
    assert "Your membership" in home.content.decode()


def test_wrong_code_is_refused_without_error_page(world, client):
    client.post(reverse("account_request_login_code"), {"email": "member@example.org"})
    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_sign_in_with_password(world, client):
    response = client.post(reverse("account_login"),
                           {"login": "member@example.org", "password": "pw"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_failed_logins_are_rate_limited(world, client):
    for _ in range(5):
        response = client.post(reverse("account_login"),
                               {"login": "member@example.org", "password": "nope"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"),
                           {"login": "member@example.org", "password": "pw"})
    # Even the right password is refused until the window passes.
    assert client.get("/").status_code == 302
    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()


def test_no_open_signup(world, client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()


def test_privileged_user_with_totp_is_asked_for_code(world, client):
    response = client.post(reverse("account_login"), {"login": "officer@example.org",
                                                      "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302


def test_demo_accounts_refused_outside_demo_settings(world, client, settings):
    settings.DEMO_LOGINS = False
    make_user(f"someone@{settings.DEMO_EMAIL_DOMAIN}", mfa=False)
    response = client.post(reverse("account_login"),
                           {"login": f"someone@{settings.DEMO_EMAIL_DOMAIN}", "password": "pw"})
    assert response.status_code == 403
    assert client.get("/").status_code == 302

"""Time the main pages in-process against one benchmark database; print JSON.

Run by bench/run.py with DATABASE_URL set. Each page: warm-up requests, then timed requests
through Django's test client (the full middleware stack, templates and queries; no network).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.report import timed  # noqa: E402
from unionhall.accounts.models import User  # noqa: E402
from unionhall.core.models import Affiliate  # noqa: E402
from unionhall.members.models import Person  # noqa: E402


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    local = Affiliate.objects.get(slug="demo")
    domain = settings.DEMO_EMAIL_DOMAIN
    root, _ = User.objects.get_or_create(email="bench-root@example.org",
                                         defaults={"is_staff": True, "is_superuser": True})
    admin_client = Client()
    admin_client.force_login(root)
    person_pk = Person.objects.filter(local=local).order_by("pk").values_list("pk", flat=True)[7]
    n = Person.objects.filter(local=local).count()
    last = (n + 49) // 50
    people = f"/l/{local.slug}/people/"
    pages = [
        ("home, member", f"member@{domain}", "/"),
        ("home, building rep", f"rep@{domain}", "/"),
        ("home, officer (local at a glance)", f"officer@{domain}", "/"),
        ("home, state staff", f"state@{domain}", "/"),
        ("people list, officer", f"officer@{domain}", people),
        ("people list, last page", f"officer@{domain}", f"{people}?page={last}"),
        ("people search by name", f"officer@{domain}", f"{people}?q=garc"),
        ("people list, building rep", f"rep@{domain}", people),
        ("person page", f"officer@{domain}", f"{people}{person_pk}/"),
        ("audit log", f"officer@{domain}", f"/l/{local.slug}/audit/"),
    ]
    results = {"persons": n, "pages": {}, "admin": {}}
    clients: dict[str, Client] = {}
    for label, email, url in pages:
        client = clients.setdefault(email, client_for(email))
        results["pages"][label] = timed(client, url, runs)
    # The tool a local would otherwise reach for: Django's own admin over the same table.
    admin_pages = [
        ("people list, officer", "/admin/members/person/"),
        ("people list, last page", f"/admin/members/person/?p={(n + 99) // 100}"),
        ("people search by name", "/admin/members/person/?q=garc"),
    ]
    for label, url in admin_pages:
        results["admin"][label] = timed(admin_client, url, runs)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

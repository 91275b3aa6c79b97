"""Hot pages run the same number of queries whatever the number of persons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, WorksiteFactory, job_class, make_local, make_user

PAGES = [
    ("member", "/"),
    ("rep", "/"),
    ("officer", "/"),
    ("state", "/"),
    ("officer", "person_list"),
    ("rep", "person_list"),
    ("officer", "audit_log"),
]


def grow(world, n):
    extra_site = WorksiteFactory(local=world.local, name=f"Extra {n}")
    world.users["rep"].role_assignments.get().worksites.add(extra_site)
    for site in (world.site_a, world.site_b, extra_site):
        PersonFactory.create_batch(n, local=world.local, worksite=site,
                                   job_class=job_class(world.local, f"Class {site.pk}", "food"))
    make_local(f"more{n}")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona,page", PAGES)
def test_queries_do_not_grow(persona, page, world, as_user):
    url = page if page.startswith("/") else reverse(page, args=["lakeview"])
    client = as_user(persona)
    count(client, url)  # warm the session and content-type caches
    before = count(client, url)
    grow(world, 30)
    after = count(client, url)
    assert after == before


def test_person_page_queries_do_not_grow(world, as_user):
    client = as_user("officer")
    url = reverse("person_detail", args=["lakeview", world.people_a[0].pk])
    count(client, url)
    before = count(client, url)
    grow(world, 30)
    make_user("x@example.org")
    assert count(client, url) == before

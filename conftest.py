"""Personas every view is tested with: a member, a building rep of one worksite, a steward,
an officer, a local admin, state staff, an outsider from another local, and anonymous."""

from dataclasses import dataclass

import pytest

from tests.factories import PersonFactory, WorksiteFactory, job_class, make_local, make_user


@dataclass
class World:
    local: object
    other_local: object
    site_a: object
    site_b: object
    people_a: list
    people_b: list
    users: dict
    outsider_person: object


@pytest.fixture
def world(db):
    local = make_local("lakeview", "Lakeview ESP")
    other = make_local("hilltop", "Hilltop ESP")
    site_a = WorksiteFactory(local=local, name="Alder Elementary")
    site_b = WorksiteFactory(local=local, name="Birch Middle School", kind="middle")
    other_site = WorksiteFactory(local=other, name="Hilltop High", kind="high")
    para = job_class(local)
    people_a = [PersonFactory(local=local, worksite=site_a, job_class=para) for _ in range(3)]
    people_b = [PersonFactory(local=local, worksite=site_b, job_class=para) for _ in range(3)]
    outsider_person = PersonFactory(local=other, worksite=other_site)
    state = local.parent
    users = {
        "member": make_user("member@example.org", person=people_a[0], mfa=False),
        "rep": make_user("rep@example.org", person=people_a[1],
                         roles=[(local, "building_rep", [site_a])]),
        "steward": make_user("steward@example.org", roles=[(local, "steward", [site_b])]),
        "officer": make_user("officer@example.org", person=people_b[0],
                             roles=[(local, "officer")]),
        "admin": make_user("admin@example.org", roles=[(local, "local_admin")]),
        "state": make_user("state@example.org", roles=[(state, "state_staff")]),
        # No person of their own (every person here may be a voter or a grievant elsewhere);
        # tested on the bargaining pages only.
        "team": make_user("team@example.org", roles=[(local, "bargaining_team")]),
        # Mentoring only: the local's coordinator, the national staff who run the course, and
        # a facilitator (a facilitator of the offerings the mentoring tests make).
        "coordinator": make_user("coordinator@example.org",
                                 roles=[(local, "mentoring_coordinator")]),
        "course": make_user("course@example.org", roles=[(state.parent, "national_staff")]),
        "facilitator": make_user("facilitator@example.org"),
        "outsider": make_user("outsider@example.org", person=outsider_person,
                              roles=[(other, "officer")]),
    }
    return World(local, other, site_a, site_b, people_a, people_b, users, outsider_person)


@pytest.fixture
def families(transactional_db):
    """A transactional test flushes the tables, data migrations' rows included: put back the
    job families the `world` fixture needs."""
    import importlib

    from django.apps import apps

    importlib.import_module("unionhall.core.migrations.0002_job_families").add_families(
        apps, None)


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Spanish leaves Spanish active in the thread; the next test starts in the
    default language."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def as_user(client, world):
    """A test client signed in as the named persona (or anonymous for None)."""

    def sign_in(name):
        client.logout()
        if name is not None:
            client.force_login(world.users[name])
        return client

    return sign_in


def pytest_configure(config):
    # The Spanish catalog is compiled at setup (`make messages`); a bare `pytest` does it too.
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).parent / "scripts" / "compile_messages.py"))

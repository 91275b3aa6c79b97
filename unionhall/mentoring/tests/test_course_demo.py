"""The demo's offering: published by the national association, deadline passed, the demo
local's team selected and told (without emailing anyone), the cohort a few weeks in."""

import datetime as dt

from django.core import mail

from tests.factories import PersonFactory
from unionhall.mentoring.demo_course import seed_course
from unionhall.mentoring.models import CourseInterest, TeamApplication

TODAY = dt.date(2025, 9, 2)


def test_the_demo_offering(world, django_capture_on_commit_callbacks):
    national = world.local.parent.parent
    with django_capture_on_commit_callbacks(execute=True):
        offering = seed_course(national, world.local, world.people_a + world.people_b,
                               today=TODAY)
    assert mail.outbox == []
    assert offering.status == "published" and offering.affiliate == national
    assert offering.starts_on == TODAY - dt.timedelta(weeks=3)
    released = [m.number for m in offering.modules.all() if m.releases_on <= TODAY]
    assert released == [1, 2]
    application = TeamApplication.objects.get(offering=offering, local=world.local)
    assert application.status == "selected" and application.notified_at is not None
    roles = sorted(application.team_members.values_list("role", flat=True))
    assert roles == ["lead", "member", "member", "officer"]
    assert application.state_contact_name
    # hilltop has one person only: no team of its own; the interest list has one entry.
    assert TeamApplication.objects.filter(offering=offering).count() == 1
    entry = CourseInterest.objects.get()
    assert entry.told_about == offering
    # The national staff persona facilitates and has scored it.
    assert world.users["course"] in offering.facilitators.all()
    assert application.reviews.count() == 1


def test_other_locals_with_people_send_teams(world):
    PersonFactory.create_batch(3, local=world.other_local)
    offering = seed_course(world.local.parent.parent, world.local, world.people_a,
                           today=TODAY)
    statuses = dict(TeamApplication.objects.filter(offering=offering)
                    .values_list("local__slug", "status"))
    assert statuses == {"lakeview": "selected", "hilltop": "selected"}

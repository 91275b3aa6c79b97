"""A person's own email preferences: a checkbox per topic and their language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from unionhall.comms import actions
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference


def url():
    return reverse("email_preferences", args=["lakeview"])


def test_everything_is_on_until_turned_off(world, as_user):
    page = as_user("member").get(url()).content.decode()
    for label in ("Bargaining updates", "Events", "Organizing", "Mentoring"):
        assert label in page
    assert page.count("checked") == 4
    assert world.people_a[0].personal_email in page


def test_saving_turns_topics_off_and_changes_the_language(world, as_user):
    client = as_user("member")
    response = client.post(url(), {"topic_bargaining": "on", "topic_mentoring": "on",
                                   "language": "es"})
    assert response.status_code == 302
    me = world.people_a[0]
    me.refresh_from_db()
    assert me.language == "es"
    rows = dict(EmailPreference.objects.filter(person=me).values_list("topic", "wants"))
    assert rows == {"events": False, "organizing": False}
    entry = AuditEntry.objects.get(verb="email_preferences.changed")
    assert entry.actor == world.users["member"]
    assert entry.changes == {"events": [True, False], "organizing": [True, False],
                             "language": ["en", "es"]}
    # And back on: the page shows what is stored.
    client.post(url(), {"topic_bargaining": "on", "topic_events": "on",
                        "topic_organizing": "on", "topic_mentoring": "on", "language": "en"})
    assert set(EmailPreference.objects.filter(person=me).values_list("wants", flat=True)) == {
        True}


def test_a_missing_language_comes_back_with_the_error(world, as_user):
    response = as_user("member").post(url(), {"topic_events": "on"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not EmailPreference.objects.exists()


@pytest.mark.parametrize("persona", ["steward", "admin", "state", "outsider"])
def test_without_a_person_in_the_local_there_is_no_page(world, as_user, persona):
    assert as_user(persona).get(url()).status_code == 403


def test_no_one_changes_someone_elses(world):
    with pytest.raises(PermissionDenied):
        actions.set_email_preferences(world.people_a[0], topics={"events": False},
                                      language="en", by=world.users["officer"])


def test_an_unsubscribed_topic_shows_unticked(world, as_user):
    actions.unsubscribe(world.people_a[0], "events")
    page = as_user("member").get(url()).content.decode()
    assert page.count("checked") == 3

"""Who a message goes to: each audience filter alone and combined, topic opt-outs, people with
no email, the language each person reads it in, and the preview agreeing with what is sent."""

import pytest
from django.core import mail

from tests.factories import PersonFactory, job_class, make_user
from unionhall.comms import actions, queries
from unionhall.comms.models import Delivery
from unionhall.comms.tests.conftest import write
from unionhall.core.models import JobFamily
from unionhall.members.models import EmailPreference


@pytest.fixture
def crowd(world):
    """Beyond the world's six paraeducators (all members, English): bus drivers at site B
    (one Spanish-speaking non-member), a Spanish-speaking para with no email at site A, one
    who left the unit, and a steward's account."""
    driver = job_class(world.local, "Bus Driver", "transportation")
    people = {
        "driver_es": PersonFactory(local=world.local, worksite=world.site_b, job_class=driver,
                                   language="es", status="non_member",
                                   legal_first_name="Rosa", legal_last_name="Delgado"),
        "driver_en": PersonFactory(local=world.local, worksite=world.site_b, job_class=driver,
                                   legal_first_name="Darnell", legal_last_name="Price"),
        "para_es_noemail": PersonFactory(local=world.local, worksite=world.site_a,
                                         job_class=world.people_a[0].job_class, language="es",
                                         personal_email="", legal_first_name="Graciela",
                                         legal_last_name="Ruiz"),
        "former": PersonFactory(local=world.local, worksite=world.site_a, in_unit=False),
    }
    return people


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def audience_of(world, **audience):
    return ids(queries.recipients(write(world.local, audience=audience)))


def test_empty_audience_is_the_whole_unit_of_this_local(world, crowd):
    got = audience_of(world)
    everyone = {p.pk for p in world.people_a + world.people_b} | {
        crowd[k].pk for k in ("driver_es", "driver_en", "para_es_noemail")}
    assert got == everyone
    assert crowd["former"].pk not in got and world.outsider_person.pk not in got


def test_each_filter(world, crowd):
    assert audience_of(world, worksites=[world.site_b.pk]) == {
        *(p.pk for p in world.people_b), crowd["driver_es"].pk, crowd["driver_en"].pk}
    transportation = JobFamily.objects.get(code="transportation").pk
    assert audience_of(world, job_families=[transportation]) == {
        crowd["driver_es"].pk, crowd["driver_en"].pk}
    assert audience_of(world, statuses=["non_member"]) == {crowd["driver_es"].pk}
    assert audience_of(world, languages=["es"]) == {crowd["driver_es"].pk,
                                                    crowd["para_es_noemail"].pk}
    # A role reaches who holds it in this local: the rep (a person of site A) and the officer.
    assert audience_of(world, roles=["building_rep", "officer"]) == {
        world.people_a[1].pk, world.people_b[0].pk}


def test_filters_combine_with_and(world, crowd):
    transportation = JobFamily.objects.get(code="transportation").pk
    assert audience_of(world, job_families=[transportation], languages=["es"]) == {
        crowd["driver_es"].pk}
    assert audience_of(world, worksites=[world.site_a.pk], languages=["es"]) == {
        crowd["para_es_noemail"].pk}
    assert audience_of(world, worksites=[world.site_a.pk, world.site_b.pk],
                       statuses=["member"], languages=["es"]) == {crowd["para_es_noemail"].pk}
    assert audience_of(world, worksites=[world.site_a.pk], job_families=[transportation]) == set()


def test_people_who_turned_the_topic_off_are_left_out(world, crowd):
    EmailPreference.objects.create(person=world.people_a[2], topic="events", wants=False)
    EmailPreference.objects.create(person=world.people_b[1], topic="bargaining", wants=False)
    events = ids(queries.recipients(write(world.local, topic="events")))
    bargaining = ids(queries.recipients(write(world.local, topic="bargaining")))
    assert world.people_a[2].pk not in events and world.people_b[1].pk in events
    assert world.people_b[1].pk not in bargaining and world.people_a[2].pk in bargaining


def test_address_is_the_personal_email_else_the_accounts(world, crowd):
    person = PersonFactory(local=world.local, worksite=world.site_a, personal_email="")
    make_user("account.only@example.org", person=person, mfa=False)
    rows = dict(queries.recipients(write(world.local)).values_list("pk", "address"))
    assert rows[person.pk] == "account.only@example.org"
    assert rows[world.people_a[0].pk] == world.people_a[0].personal_email
    assert rows[crowd["para_es_noemail"].pk] == ""


def test_preview_agrees_with_what_is_sent(world, crowd, send):
    EmailPreference.objects.create(person=world.people_a[2], topic="events", wants=False)
    message = write(world.local, audience={"worksites": [world.site_a.pk, world.site_b.pk]})
    actions.set_translation(message, "es", "Reunión", "Traigan sus **preguntas**.", by=None)
    preview = queries.preview(message)
    no_email = ids(queries.no_email_people(message))
    planned = ids(queries.recipients(message))
    send(message)
    deliveries = Delivery.objects.filter(message=message)
    assert preview["total"] == deliveries.count() == len(planned)
    assert set(deliveries.values_list("person_id", flat=True)) == planned
    assert preview["no_email"] == deliveries.filter(status="no_email").count() == 1
    assert no_email == set(deliveries.filter(status="no_email")
                           .values_list("person_id", flat=True))
    by_language = {code: n for code, _name, n in preview["languages"]}
    assert by_language == {"en": deliveries.filter(language="en").exclude(
        status="no_email").count(), "es": deliveries.filter(language="es").exclude(
        status="no_email").count()}
    assert len(mail.outbox) == preview["with_email"]


def test_roles_audience_has_no_duplicates(world, crowd, send):
    """Someone holding two of the chosen roles is one person, one email."""
    from unionhall.core.models import RoleAssignment

    RoleAssignment.objects.create(user=world.users["officer"], affiliate=world.local,
                                  role="bargaining_team")
    message = write(world.local, audience={"roles": ["officer", "bargaining_team"]})
    assert queries.preview(message)["total"] == 1
    send(message)
    assert Delivery.objects.filter(message=message).count() == 1


def test_language_is_theirs_when_translated_else_the_messages(world, crowd, send):
    untranslated = write(world.local, audience={"languages": ["es"]})
    send(untranslated)
    assert set(Delivery.objects.filter(message=untranslated)
               .values_list("language", flat=True)) == {"en"}

    translated = write(world.local)
    actions.set_translation(translated, "es", "Reunión de licitación",
                            "Traigan sus preguntas.", by=None)
    mail.outbox.clear()
    send(translated)
    rows = dict(Delivery.objects.filter(message=translated)
                .values_list("person_id", "language"))
    assert rows[crowd["driver_es"].pk] == "es"
    assert rows[crowd["para_es_noemail"].pk] == "es"
    assert rows[world.people_a[0].pk] == "en"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[crowd["driver_es"].personal_email] == "Reunión de licitación"
    assert subjects[world.people_a[0].personal_email] == "Route bid meeting Thursday"


def test_a_message_written_in_spanish_reaches_english_readers_in_spanish(world, crowd, send):
    message = write(world.local, language="es", subject="Reunión", body="Hola a todos.")
    send(message)
    assert set(Delivery.objects.filter(message=message).values_list("language", flat=True)) \
        == {"es"}
    english = write(world.local, language="es", subject="Reunión", body="Hola a todos.")
    actions.set_translation(english, "en", "Meeting", "Hello, everyone.", by=None)
    send(english)
    rows = dict(Delivery.objects.filter(message=english).values_list("person_id", "language"))
    assert rows[world.people_a[0].pk] == "en" and rows[crowd["driver_es"].pk] == "es"

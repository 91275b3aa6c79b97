"""A member has finished when every self-study is completed by them, every team assignment of
their team is submitted, and every webinar attended (present or late) or excused. They take
their certificate once (a random code); its PDF names them, their local, the course, the
association, the day they finished and the facilitators; anyone can check the code."""

import datetime as dt
import re
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.matrix_mentoring_learning import finish_for, make_course
from unionhall.core.models import AuditEntry
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.certificate_pdf import CertificateText, render
from unionhall.mentoring.models import Certificate


@pytest.fixture
def course(world):
    world.users["facilitator"].name = "Luisa Ortega"
    world.users["facilitator"].save()
    return make_course(world)


def url(name, course, **kwargs):
    return reverse(name, kwargs={"offering_slug": course.offering.slug, **kwargs})


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (its streams inflated, its strings read)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", b"\n".join(chunks))
    return "\n".join(re.sub(rb"\\(.)", rb"\1", s).decode("latin-1") for s in strings)


def test_not_finished_is_refused_with_what_is_missing(world, course, as_user):
    person = world.people_a[0]
    actions.complete_self_study(course.self_study, by=None, person=person)
    with pytest.raises(ValidationError) as exc:
        actions.issue_certificate(course.offering, by=world.users["member"])
    said = " ".join(exc.value.messages)
    assert "Our why statement" in said and "Kickoff webinar" in said
    assert "Reading: what ESP mentoring is" not in said
    client = as_user("member")
    page = client.get(url("learning_certificate", course)).content.decode()
    assert "Still to do" in page and "Our why statement" in page
    response = client.post(url("learning_certificate_issue", course), follow=True)
    assert "Not finished yet. Still to do: 1. Our why statement" in response.content.decode()
    assert not Certificate.objects.exists()


def test_absent_does_not_count_but_late_and_excused_do(world, course):
    a0, a2 = world.people_a[0], world.people_a[2]
    for person in (a0, a2):
        actions.complete_self_study(course.self_study, by=None, person=person)
    actions.save_team_work(course.assignment, by=None, application=course.team, text="Why.")
    actions.mark_attendance(course.webinar, {a0.pk: "absent", a2.pk: "late"}, by=None)
    assert not q.member_completion(course.offering, course.team, a0.pk).finished
    assert q.member_completion(course.offering, course.team, a2.pk).finished
    actions.mark_attendance(course.webinar, {a0.pk: "excused"}, by=None)
    assert q.member_completion(course.offering, course.team, a0.pk).finished


def test_a_teammates_self_study_does_not_count_for_me(world, course):
    finish_for(course, world.people_a[2])
    actions.mark_attendance(course.webinar, {world.people_a[0].pk: "present"}, by=None)
    done = q.member_completion(course.offering, course.team, world.people_a[0].pk)
    assert [a.title for a in done.missing] == ["Reading: what ESP mentoring is"]


def test_an_activity_added_later_must_be_done_too(world, course):
    finish_for(course, world.people_a[0])
    assert q.member_completion(course.offering, course.team, world.people_a[0].pk).finished
    actions.save_activity(course.module2, by=None, kind="self_study", title="Reading 2")
    assert not q.member_completion(course.offering, course.team, world.people_a[0].pk).finished


def test_the_member_downloads_the_certificate_once(world, course, as_user):
    finish_for(course, world.people_a[0])
    client = as_user("member")
    page = client.get(url("learning_certificate", course)).content.decode()
    assert "Get my certificate (PDF)" in page
    response = client.post(url("learning_certificate_issue", course))
    assert response.status_code == 302
    assert response["Location"] == url("learning_certificate_pdf", course)
    cert = Certificate.objects.get()
    assert cert.person == world.people_a[0] and cert.application == course.team
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", cert.code)
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf.content.startswith(b"%PDF-")
    text = pdf_text(pdf.content)
    person = world.people_a[0]
    for said in (person.display_name, "of Lakeview ESP", course.offering.title,
                 "offered by National Education Association", "Facilitators: Luisa Ortega",
                 f"Certificate code: {cert.code}",
                 f"/mentoring/certificates/{cert.code}/"):
        assert said in text, said
    day = cert.completed_on
    assert f"Completed on {day:%B} {day.day}, {day.year}" in text
    # Asking again gives the same certificate.
    client.post(url("learning_certificate_issue", course))
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(verb="certificate.issued").count() == 1
    assert cert.code in client.get(url("learning_certificate", course)).content.decode()


def test_the_completion_day_is_the_day_the_last_thing_was_done(world, course):
    person = world.people_a[0]
    zone = q.offering_zone(course.offering)
    early = dt.datetime(2031, 3, 2, 12, tzinfo=zone)
    last = dt.datetime(2031, 3, 9, 23, 30, tzinfo=zone)
    actions.complete_self_study(course.self_study, by=None, person=person, now=last)
    actions.save_team_work(course.assignment, by=None, application=course.team, text="Ours.",
                           now=early)
    actions.mark_attendance(course.webinar, {person.pk: "present"}, by=None)
    cert = actions.issue_certificate(course.offering, by=None, person=person)
    assert cert.completed_on == max(dt.date(2031, 3, 9),
                                    course.webinar.starts_at.astimezone(zone).date())


def test_no_certificate_for_whoever_is_not_on_the_team(world, course, as_user):
    for persona in ("facilitator", "course", "rep"):
        with pytest.raises(PermissionDenied):
            actions.issue_certificate(course.offering, by=world.users[persona])
    assert as_user("member").get(url("learning_certificate_pdf", course)).status_code == 404


def test_anyone_can_check_a_code_and_sees_only_name_and_course(world, course, client):
    finish_for(course, world.people_a[0])
    cert = actions.issue_certificate(course.offering, by=None, person=world.people_a[0])
    response = client.get(reverse("learning_certificate_check", args=[cert.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert world.people_a[0].display_name in text and course.offering.title in text
    assert world.people_a[0].personal_email not in text and "Lakeview" not in text
    typed = cert.code.replace("-", "").lower()
    assert client.get(reverse("learning_certificate_check", args=[typed])).status_code == 200
    for wrong in ("AAAA-BBBB-CCCC-DDDD", "nope", cert.code[:-1] + "Z" * 1):
        if wrong != cert.code:
            assert client.get(reverse("learning_certificate_check",
                                      args=[wrong])).status_code == 404


def test_staff_see_who_has_finished(world, course, as_user):
    finish_for(course, world.people_a[0])
    actions.issue_certificate(course.offering, by=None, person=world.people_a[0])
    text = as_user("facilitator").get(url("learning_progress", course)).content.decode()
    finished = text.split("Who has finished")[1]
    assert world.people_a[0].display_name in finished
    assert world.people_a[2].display_name not in finished


def test_the_pdf_survives_characters_outside_latin1():
    data = render(CertificateText("Certificate of completion", "This certifies that",
                                  "Nguyễn Thị Ánh", "of Lakeview ESP", "has completed the course",
                                  "ESPs: Supporting Our Own", "offered by NEA",
                                  "Completed on June 3, 2027", "", "Certificate code: X",
                                  "Check it at https://example.org/"), compress=False)
    text = pdf_text(data)
    assert "Nguy?n Th? Ánh" in text and "Facilitators" not in text

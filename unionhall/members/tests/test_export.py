import csv
import io

from django.urls import reverse

from tests.factories import PersonFactory
from unionhall.core.models import AuditEntry
from unionhall.core.spreadsheet import safe_cell


def export(client, **params):
    response = client.get(reverse("person_export", args=["lakeview"]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_formula_cells_are_made_inert():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for start in "+-@\t\r":
        assert safe_cell(start + "1").startswith("'")
    assert safe_cell("Peña") == "Peña" and safe_cell(None) == ""


def test_export_is_formula_safe(world, as_user):
    PersonFactory(local=world.local, worksite=world.site_a, legal_last_name="=cmd|' /C calc'!A0")
    rows = export(as_user("officer"))
    assert any(row[0] == "'=cmd|' /C calc'!A0" for row in rows)


def test_columns_follow_the_role(world, as_user):
    rep = export(as_user("rep"))
    assert "Personal email" in rep[0] and "Home street address" not in rep[0]
    assert "Employee id" not in rep[0]
    officer = export(as_user("officer"))
    assert "Home street address" in officer[0] and "Employee id" in officer[0]
    state = export(as_user("state"))
    assert "Personal email" not in state[0] and "Home street address" not in state[0]


def test_rep_exports_only_their_worksite_and_filters_apply(world, as_user):
    rows = export(as_user("rep"))
    names = {row[0] for row in rows[1:]}
    assert names == {p.legal_last_name for p in world.people_a}
    PersonFactory(local=world.local, worksite=world.site_a, legal_last_name="Ruiz", language="es")
    rows = export(as_user("rep"), language="es")
    assert [row[0] for row in rows[1:]] == ["Ruiz"]


def test_export_is_audited(world, as_user):
    export(as_user("officer"), status="member")
    entry = AuditEntry.objects.get(verb="people.exported")
    assert entry.actor == world.users["officer"]
    assert entry.changes["filters"][1] == {"status": "member"}


def test_export_queries_do_not_grow(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("officer")
    export(client)
    with CaptureQueriesContext(connection) as before:
        export(client)
    PersonFactory.create_batch(40, local=world.local, worksite=world.site_b)
    with CaptureQueriesContext(connection) as after:
        rows = export(client)
    assert len(rows) == 1 + 6 + 40
    assert len(after.captured_queries) == len(before.captured_queries)


def test_list_filters_by_language(world, as_user):
    PersonFactory(local=world.local, worksite=world.site_a, legal_last_name="Ruiz", language="es")
    html = as_user("officer").get(reverse("person_list", args=["lakeview"]),
                                  {"language": "es"}).content.decode()
    assert "Ruiz" in html and world.people_a[0].legal_last_name not in html

"""The Spanish catalog: fully translated, placeholders intact, in step with the code, and used.

Many of the local's members read Spanish, so a string added to a template or to Python code
without a Spanish translation is a bug. The completeness check extracts the strings the way
`makemessages` does (it needs gettext's xgettext) and compares them with the committed catalog.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
SPANISH_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The same command the project's catalog is made with (see the .po's locations).
MAKEMESSAGES_IGNORES = [".venv", "node_modules", "bench", "tests", "*/tests/*"]
# Not copied into the scratch tree: environments, caches, data, and the catalog itself (the
# copy gets a fresh, empty one so every extracted string shows up as untranslated).
COPY_IGNORES = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "var", "staticfiles", "locale", "__pycache__",
    ".ruff_cache", ".pytest_cache", ".hypothesis", "*.pyc", "*.sqlite3*", "*.mo",
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def catalog() -> polib.POFile:
    assert SPANISH_PO.exists(), f"{SPANISH_PO.relative_to(ROOT)} is missing"
    return polib.pofile(str(SPANISH_PO))


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def describe(entry: polib.POEntry) -> str:
    where = ", ".join(sorted({path for path, _line in entry.occurrences}))
    return f"{entry.msgid!r} ({where})" if where else repr(entry.msgid)


# The catalog file itself -----------------------------------------------------------------


def test_catalog_header_is_spanish_utf8_with_two_plural_forms():
    po = catalog()
    assert po.metadata.get("Language") == "es"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = catalog()
    entries = live_entries(po)
    assert entries, "the catalog has no entries"
    untranslated = [describe(e) for e in entries if not e.translated() and not e.fuzzy]
    fuzzy = [describe(e) for e in entries if e.fuzzy]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "marked fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], describe(entry)
            assert all(s.strip() for s in entry.msgstr_plural.values()), describe(entry)
        else:
            assert entry.msgstr.strip(), describe(entry)


def test_translations_keep_the_same_placeholders():
    problems = []
    for entry in live_entries(catalog()):
        if entry.msgid_plural:
            wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            got = [placeholders(s) for s in entry.msgstr_plural.values()]
        else:
            wanted = placeholders(entry.msgid)
            got = [placeholders(entry.msgstr)]
        for found in got:
            if found != wanted:
                problems.append(f"{describe(entry)}: expected {sorted(wanted)}, "
                                f"got {sorted(found)}")
    assert not problems, "\n".join(problems)


def test_invitation_email_greets_in_spanish():
    # The invitation to a Spanish-speaking person starts with a Spanish greeting.
    entry = next((e for e in live_entries(catalog()) if e.msgid.startswith("Hello %(name)s,")),
                 None)
    assert entry is not None, "the invitation email text is not in the catalog"
    assert entry.msgstr.startswith("Hola")


# The catalog against the code ------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The strings `makemessages -l es` finds in a scratch copy of the project right now."""
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.skip("gettext's xgettext is not installed; the catalog completeness check "
                    "needs it")
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORES)
    (copy / "locale").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionhall.test_settings",
        "UNIONHALL_VAR_DIR": str(copy / "var"),
    }
    command = [sys.executable, "manage.py", "makemessages", "-l", "es",
               "--add-location=file", *(f"--ignore={p}" for p in MAKEMESSAGES_IGNORES)]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    fresh = copy / "locale" / "es" / "LC_MESSAGES" / "django.po"
    assert fresh.exists(), f"makemessages wrote no catalog:\n{result.stdout}\n{result.stderr}"
    return polib.pofile(str(fresh))


def test_catalog_has_every_string_in_the_code(extracted):
    committed = {(e.msgctxt, e.msgid): e for e in live_entries(catalog())}
    found = live_entries(extracted)
    assert found, "makemessages found no strings at all"
    missing, untranslated, plural_mismatch = [], [], []
    for entry in found:
        ours = committed.get((entry.msgctxt, entry.msgid))
        if ours is None:
            missing.append(describe(entry))
        elif (ours.msgid_plural or "") != (entry.msgid_plural or ""):
            plural_mismatch.append(describe(entry))
        elif not ours.translated() or ours.fuzzy:
            untranslated.append(describe(entry))
    hint = (f"\nRun `DEBUG=1 python manage.py makemessages -l es --add-location=file "
            f"{' '.join('--ignore=' + repr(p) for p in MAKEMESSAGES_IGNORES)}` and translate "
            f"the new entries in {SPANISH_PO.relative_to(ROOT)}.")
    assert not missing, "not in the Spanish catalog:\n" + "\n".join(missing) + hint
    assert not plural_mismatch, "plural form changed:\n" + "\n".join(plural_mismatch) + hint
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated) + hint


# The catalog in use ----------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def compiled_catalog():
    """What `make messages` does (.po to .mo), then make Django reload its catalogs, which
    earlier tests in this process may already have loaded."""
    import runpy

    from django.utils.translation.reloader import translation_file_changed

    runpy.run_path(str(ROOT / "scripts" / "compile_messages.py"))
    translation_file_changed(sender=None, file_path=SPANISH_PO.with_suffix(".mo"))


def spanish_get(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_page_in_spanish(client, world):
    client.force_login(world.users["officer"])
    html = spanish_get(client, reverse("home"))
    assert '<html lang="es">' in html
    assert ">Inicio</a>" in html
    assert ">Personas</a>" in html
    assert "Su membresía" in html
    assert f"Resumen de {world.local.name}" in html
    assert "Por familia de puestos" in html
    assert "Paraeducadores" in html  # a job family, from the model's choices
    assert ">Home</a>" not in html and "Your membership" not in html


def test_people_list_in_spanish(client, world):
    client.force_login(world.users["officer"])
    html = spanish_get(client, reverse("person_list", args=[world.local.slug]))
    assert "<h1>Personas</h1>" in html
    assert "Centro de trabajo" in html
    assert "Familia de puestos" in html
    assert "Miembro" in html  # membership status, from the model's choices
    assert "6 personas" in html  # the plural form
    assert "<h1>People</h1>" not in html


def test_language_chosen_on_the_site_sticks(client, world):
    client.force_login(world.users["rep"])
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("person_list", args=[world.local.slug])).content.decode()
    assert "<h1>Personas</h1>" in html
    assert "3 personas" in html

"""Files of a case: what a file is comes from its bytes, not its name; what is refused leaves
nothing behind; what is kept lives outside anything the web server serves, under a random
name; and a download is served so that no browser runs it."""

import datetime as dt
import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from unionhall.grievances import actions, filetypes
from unionhall.grievances.models import Document, TimelineEntry

# --- Real, minimal files ----------------------------------------------------------------------

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def png() -> bytes:
    """A 1×1 white PNG, chunk by chunk."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00C\x00" + bytes(range(1, 65)) + b"\xff\xd9")
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
WEBP = (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
        b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
TEXT = "Dear steward,\nÁlvaro was sent home at 10:15 — no reason given.\n\tMaría\n".encode()


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


DOCX = zipped({
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>'),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'),
    "word/document.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Statement'
        b'</w:t></w:r></w:p></w:body></w:document>'),
})
ODT = zipped({
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "META-INF/manifest.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        b'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'),
    "content.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
        b'oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text/>'
        b'</office:body></office:document-content>'),
})

GOOD = {
    "pdf": (PDF, filetypes.PDF),
    "png": (png(), filetypes.PNG),
    "jpeg": (JPEG, filetypes.JPEG),
    "gif87": (b"GIF87a" + GIF[6:], filetypes.GIF),
    "gif89": (GIF, filetypes.GIF),
    "webp": (WEBP, filetypes.WEBP),
    "doc": (DOC, filetypes.DOC),
    "docx": (DOCX, filetypes.DOCX),
    "odt": (ODT, filetypes.ODT),
    "text": (TEXT, filetypes.TEXT),
    "text-crlf": (b"Line one\r\nLine two\r\n", filetypes.TEXT),
}

HTML = b"<!DOCTYPE html><html><body><script>fetch('/l/lakeview/people/')</script></body></html>"
BAD = {
    "html-renamed-pdf": HTML,
    "html-indented": b"\n\n   " + HTML,
    "html-without-doctype": b"<html><body>hi</body></html>",
    "script-after-text": b"Hello\n<script>alert(1)</script>",
    "exe": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00"
            + b"\x00" * 36 + b"This program cannot be run in DOS mode.\r\r\n$"),
    "zip": zipped({"readme.txt": b"hello", "run.exe": b"MZ\x90\x00"}),
    "zip-docx-without-content-types": zipped({"word/document.xml": b"<w:document/>"}),
    "xlsx": zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    "ods": zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                   "content.xml": b"<office:document-content/>"}),
    "truncated-zip": DOCX[:200],
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b'<rect width="1" height="1"/></svg>'),
    "svg-with-xml-declaration": (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                                 b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                                 b'</script></svg>'),
    "rtf": b"{\\rtf1\\ansi Hello}",
    "utf16-text": "Hello".encode("utf-16"),
    "latin1-text": "Álvaro".encode("latin-1"),
    "control-characters": b"Hello\x1b[31m world",
    "empty": b"",
}


@pytest.mark.parametrize("kind", GOOD)
def test_sniff_knows_real_files(kind):
    data, content_type = GOOD[kind]
    assert filetypes.sniff(data) == content_type
    assert content_type in filetypes.EXTENSIONS


def test_the_minimal_files_are_real():
    """The office files built here open as what they claim to be."""
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        assert b"Statement" in archive.read("word/document.xml")
    with zipfile.ZipFile(io.BytesIO(ODT)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


@pytest.mark.parametrize("kind", BAD)
def test_sniff_refuses(kind):
    assert filetypes.sniff(BAD[kind]) is None


@pytest.mark.parametrize("data", [
    "\ufeff<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'></svg>".encode(),
    "\ufeff<!DOCTYPE html><p>Click <a href='https://evil.example'>here</a></p>".encode(),
])
def test_sniff_refuses_markup_after_a_byte_order_mark(data):
    assert filetypes.sniff(data) is None


# --- add_document -----------------------------------------------------------------------------

PROCEDURE = [{"name": "Step 1", "days": 10, "kind": "calendar", "starts_from": "incident"}]


@pytest.fixture
def files_root(settings, tmp_path):
    settings.GRIEVANCE_FILES_ROOT = tmp_path / "grievance-files"
    return settings.GRIEVANCE_FILES_ROOT


@pytest.fixture
def case(world, files_root):
    actions.set_procedure(world.local, PROCEDURE, by=None)
    return actions.open_grievance(
        world.local, by=None, grievants=[world.people_b[1]],
        stewards=[world.users["steward"]], grievant_kind="person", title="Sent home",
        what_happened="Sent home without pay.", remedy_sought="Back pay.",
        incident_on=world.local.today() - dt.timedelta(days=3), articles=[])


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file()) if Path(root).exists() else []


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(case, files_root, settings):
    settings.GRIEVANCE_FILE_MAX_BYTES = 1000
    events = TimelineEntry.objects.count()
    data = PDF + b"%" + b"x" * (1000 - len(PDF))  # one byte over
    assert len(data) == 1001
    with pytest.raises(ValidationError):
        actions.add_document(case, name="big.pdf", data=data, by=None)
    assert not Document.objects.exists()
    assert stored_files(files_root) == []
    assert TimelineEntry.objects.count() == events
    # Exactly at the limit is fine.
    actions.add_document(case, name="big.pdf", data=data[:1000], by=None)
    assert Document.objects.count() == 1 and len(stored_files(files_root)) == 1


@pytest.mark.parametrize("kind", ["html-renamed-pdf", "exe", "svg", "zip", "empty"])
def test_a_file_that_is_not_what_it_claims_is_refused(case, files_root, kind):
    with pytest.raises(ValidationError):
        actions.add_document(case, name="statement.pdf", data=BAD[kind], by=None)
    assert not Document.objects.exists()
    assert stored_files(files_root) == []


def _under(path: Path, root) -> bool:
    try:
        path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def _served_roots(conf) -> list[Path]:
    """Every directory the site serves files from: collected static files, the static
    directories and every app's static folder (whitenoise serves through the finders in
    development), the media root, the templates."""
    from django.apps import apps

    roots = [conf.STATIC_ROOT, *conf.STATICFILES_DIRS, conf.BASE_DIR / "templates"]
    if getattr(conf, "MEDIA_ROOT", ""):
        roots.append(conf.MEDIA_ROOT)
    roots += [Path(app.path) / "static" for app in apps.get_app_configs()]
    return [Path(r) for r in roots if r]


def test_the_stored_file_lives_outside_the_web_root_under_a_random_name(case, files_root):
    from django.contrib.staticfiles import finders

    document = actions.add_document(case, name="../../etc/passwd.pdf", data=PDF, by=None)
    path = actions.stored_path(document)
    assert path.is_file() and path.read_bytes() == PDF
    assert _under(path, settings.GRIEVANCE_FILES_ROOT)
    for root in _served_roots(settings):
        assert not _under(path, root), root
    assert finders.find(document.stored_as) is None
    # Named by chance, not by the uploader: nothing of "passwd", no extension, no path.
    assert "passwd" not in document.stored_as and "." not in document.stored_as
    local_dir, random_name = document.stored_as.split("/")
    assert local_dir == str(case.local_id)
    assert len(random_name) == 40 and int(random_name, 16) >= 0
    again = actions.add_document(case, name="../../etc/passwd.pdf", data=PDF, by=None)
    assert again.stored_as != document.stored_as
    assert document.sha256 == hashlib.sha256(PDF).hexdigest() and document.size == len(PDF)


def test_the_default_files_root_is_not_served():
    """Out of the box (no environment), the files root is outside what the site serves."""
    import unionhall.settings as production

    root = production.GRIEVANCE_FILES_ROOT
    for served in _served_roots(production):
        assert not _under(root, served) and not _under(served, root), served


@pytest.mark.parametrize("uploaded, data, saved", [
    ("../../etc/passwd.pdf", PDF, "passwd.pdf"),
    ("..\\..\\Windows\\system32\\evil.exe", PDF, "evil.pdf"),
    ("/etc/passwd", TEXT, "passwd.txt"),
    ("photo.pdf", png(), "photo.png"),
    ("letter.txt.exe", DOCX, "letter.txt.docx"),
    ("statement", ODT, "statement.odt"),
    ("..", PDF, "file.pdf"),
    ("", PDF, "file.pdf"),
    ("C:\\Users\\ana\\Queja de Álvaro.docx", DOCX, "Queja de Álvaro.docx"),
])
def test_the_saved_name_has_no_path_and_the_real_extension(case, uploaded, data, saved):
    document = actions.add_document(case, name=uploaded, data=data, by=None)
    assert document.name == saved
    assert "/" not in document.name and "\\" not in document.name
    assert document.content_type == filetypes.sniff(data)


# --- Through the pages --------------------------------------------------------------------------


@pytest.fixture
def steward(world):
    client = Client()
    client.force_login(world.users["steward"])
    return client


def _url(case, name, **kwargs):
    return reverse(name, kwargs={"local_slug": "lakeview", "number": case.number, **kwargs})


def upload(client, case, name, data, *, description="", shared=False, follow=False):
    post = {"d-file": SimpleUploadedFile(name, data), "d-description": description}
    if shared:
        post["d-shared"] = "on"
    return client.post(_url(case, "grievance_document_add"), post, follow=follow)


def test_upload_and_download_a_word_file(case, steward, files_root):
    response = upload(steward, case, "Witness statement.docx", DOCX,
                      description="Signed by the witness", shared=True)
    assert response.status_code == 302
    assert response["Location"] == _url(case, "grievance_detail") + "#files"
    document = Document.objects.get()
    assert (document.name, document.description, document.shared, document.content_type) == (
        "Witness statement.docx", "Signed by the witness", True, filetypes.DOCX)
    assert document.uploaded_by.email == "steward@example.org"
    assert stored_files(files_root) == [actions.stored_path(document)]

    page = steward.get(_url(case, "grievance_detail")).content.decode()
    assert "Witness statement.docx" in page and "File added." in page

    response = steward.get(_url(case, "grievance_document", pk=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCX
    assert response["Content-Type"] == filetypes.DOCX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Witness statement.docx" in response["Content-Disposition"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache and "public" not in cache


def test_a_pdf_is_shown_in_the_browser_or_downloaded(case, steward):
    upload(steward, case, "answer.pdf", PDF)
    document = Document.objects.get()
    url = _url(case, "grievance_document", pk=document.pk)
    shown = steward.get(url)
    assert shown["Content-Type"] == filetypes.PDF
    assert shown["Content-Disposition"].startswith("inline;")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    assert b"".join(shown.streaming_content) == PDF
    saved = steward.get(url + "?download")
    assert saved["Content-Disposition"].startswith("attachment;")


def test_a_text_file_is_served_as_utf8(case, steward):
    upload(steward, case, "notes.txt", TEXT)
    document = Document.objects.get()
    response = steward.get(_url(case, "grievance_document", pk=document.pk))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(response.streaming_content).decode("utf-8") == TEXT.decode("utf-8")


def test_upload_through_the_page_drops_the_path(case, steward):
    upload(steward, case, "../../etc/passwd.pdf", PDF)
    assert Document.objects.get().name == "passwd.pdf"


def test_a_fake_pdf_through_the_page_is_refused_with_a_message(case, steward, files_root):
    response = upload(steward, case, "statement.pdf", HTML, follow=True)
    assert response.redirect_chain[-1][0].endswith("#files")
    assert "statement.pdf is not a PDF" in response.content.decode()
    assert not Document.objects.exists() and stored_files(files_root) == []


def test_a_big_file_through_the_page_is_refused_with_a_message(case, steward, files_root,
                                                                settings):
    settings.GRIEVANCE_FILE_MAX_BYTES = 1024 * 1024
    data = PDF + b"%" + b"x" * (1024 * 1024)
    response = upload(steward, case, "scan.pdf", data, follow=True)
    assert "larger than 1.0 MB" in response.content.decode()
    assert not Document.objects.exists() and stored_files(files_root) == []


def test_an_upload_without_a_file_is_a_message(case, steward, files_root):
    response = steward.post(_url(case, "grievance_document_add"), {"d-description": "x"},
                            follow=True)
    assert response.status_code == 200
    assert not Document.objects.exists() and stored_files(files_root) == []


def test_a_file_whose_bytes_are_gone_is_not_found(case, steward):
    upload(steward, case, "answer.pdf", PDF)
    document = Document.objects.get()
    actions.stored_path(document).unlink()
    assert steward.get(_url(case, "grievance_document", pk=document.pk)).status_code == 404


def test_an_unshared_file_is_not_announced_to_the_grievant(world, case, steward):
    """The timeline's "File added" event names the file: the grievant sees it only for a file
    shared with them."""
    grievant = make_user("grievant@example.org", person=world.people_b[1], mfa=False)
    upload(steward, case, "Discipline history.pdf", PDF)
    upload(steward, case, "Letter to you.pdf", PDF + b"%2", shared=True)
    client = Client()
    client.force_login(grievant)
    page = client.get(_url(case, "grievance_detail")).content.decode()
    assert "Letter to you.pdf" in page
    assert "Discipline history" not in page
    handler_page = steward.get(_url(case, "grievance_detail")).content.decode()
    assert handler_page.count("Discipline history.pdf") == 2  # the file and its event

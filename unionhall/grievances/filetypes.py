"""What a file is, from its bytes rather than its name: a grievance file may be a PDF, an image
or a Word document, and a `.pdf` that is really a web page or a program is refused. Pure."""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", GIF: "gif", WEBP: "webp", DOC: "doc",
              DOCX: "docx", ODT: "odt", TEXT: "txt"}
# Shown inline in the browser; everything else is downloaded.
INLINE = frozenset({PDF, PNG, JPEG, GIF, WEBP, TEXT})

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str | None:
    """The content type of `data`, or None if it is not a kind of file a case may hold."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(OLE):
        return DOC  # Word 97–2003; the same container holds other Office files
    if data.startswith(b"PK\x03\x04"):
        return _office_zip(data)
    if _plain_text(data):
        return TEXT
    return None


def _office_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def _plain_text(data: bytes) -> bool:
    """UTF-8 text without control characters and not markup a browser would run."""
    if not data or b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return False
    head = text.lstrip()[:512].lower()
    return not head.startswith(("<", "{\\rtf")) and "<script" not in head and "<html" not in head

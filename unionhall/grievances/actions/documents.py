"""Files attached to a case. The type is read from the bytes (filetypes.sniff), the size is
limited, and the file is written under GRIEVANCE_FILES_ROOT with a random name: never in the
web root, never under the name the uploader chose."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.sanitize import clean_text
from unionhall.grievances import filetypes
from unionhall.grievances.actions.cases import _name, require_handler
from unionhall.grievances.models import Document, Grievance, TimelineEntry


def stored_path(document: Document) -> Path:
    return Path(settings.GRIEVANCE_FILES_ROOT) / document.stored_as


def _safe_name(name: str, content_type: str) -> str:
    """The uploader's file name without any path, with the extension its content has."""
    base = Path(name.replace("\\", "/")).name
    stem = clean_text(Path(base).stem).strip(" .") or "file"
    return f"{stem[:150]}.{filetypes.EXTENSIONS[content_type]}"


@transaction.atomic(durable=True)
def add_document(case: Grievance, *, name: str, data: bytes, description: str = "",
                 shared: bool = False, by) -> Document:
    require_handler(case, by)
    limit = settings.GRIEVANCE_FILE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": round(limit / 1024 / 1024, 1)})
    if not data:
        raise ValidationError(_("The file is empty."))
    content_type = filetypes.sniff(data)
    if content_type is None:
        raise ValidationError(_("%(name)s is not a PDF, an image (PNG, JPEG, GIF, WebP), a "
                                "Word or OpenDocument file, or plain text.") % {"name": name})
    stored_as = f"{case.local_id}/{secrets.token_hex(20)}"
    path = Path(settings.GRIEVANCE_FILES_ROOT) / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        document = Document.objects.create(
            grievance=case, name=_safe_name(name, content_type),
            description=clean_text(description).strip()[:200], content_type=content_type,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), stored_as=stored_as,
            shared=shared, uploaded_by=by if by and by.pk else None)
        # The "File added" event names the file: it is shared with the grievant only when
        # the file is (an unshared file's name can say as much as the file).
        TimelineEntry.objects.create(
            grievance=case, author=by if by and by.pk else None, author_name=_name(by),
            kind=TimelineEntry.Kind.EVENT, text="document", shared=shared,
            params={"name": document.name})
        record("grievance.document_added", by=by, affiliate=case.local, obj=case,
               changes={"size": [None, len(data)], "type": [None, content_type]})
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return document

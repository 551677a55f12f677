"""The one validator every upload passes, and the one way uploaded files go out again.

An upload is checked for size, for its type by content (libmagic, never the
name or the browser's claim), and for a name that matches that type; the
stored name is sanitised. Files are served only by views that have checked
who is asking, as attachments with ``nosniff``.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# What the portal accepts, by the type libmagic reads from the content.
KNOWN_TYPES = {
    "application/pdf": ("pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "text/csv": ("csv",),
    "text/plain": ("csv", "txt"),
}
DOCUMENT_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/png",
    "image/jpeg",
)
SNIFF_BYTES = 64 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def sanitise_filename(name: str, *, max_length: int = 120) -> str:
    """A name safe to store and to put in Content-Disposition; Japanese letters kept."""
    name = unicodedata.normalize("NFKC", PurePath(name.replace("\\", "/")).name)
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.lower()[:10]
    stem = stem[: max_length - len(ext) - 1] or "file"
    return f"{stem}.{ext}" if ext else stem


def sniff(uploaded) -> str:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    return magic.from_buffer(head, mime=True)


@deconstructible
@dataclass
class UploadValidator:
    """Use as a model or form field validator: ``validators=[UploadValidator()]``."""

    allowed_types: tuple[str, ...] = DOCUMENT_TYPES
    max_bytes: int | None = None

    def limit(self) -> int:
        return self.max_bytes or settings.UPLOAD_MAX_BYTES

    def __call__(self, uploaded):
        name = getattr(uploaded, "name", "") or ""
        size = getattr(uploaded, "size", None)
        if size is not None and size > self.limit():
            raise ValidationError(
                _("%(name)s is %(size)s; files may be at most %(limit)s."),
                code="file_too_large",
                params={
                    "name": sanitise_filename(name),
                    "size": filesizeformat(size),
                    "limit": filesizeformat(self.limit()),
                },
            )
        if size == 0:
            raise ValidationError(_("%(name)s is empty."), code="file_empty", params={"name": name})
        content_type = sniff(uploaded)
        allowed_names = ", ".join(
            sorted({ext.upper() for t in self.allowed_types for ext in KNOWN_TYPES[t][:1]})
        )
        if content_type not in self.allowed_types:
            raise ValidationError(
                _("%(name)s is not a file type the portal accepts here (%(allowed)s)."),
                code="file_type",
                params={"name": sanitise_filename(name), "allowed": allowed_names},
            )
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in KNOWN_TYPES[content_type]:
            raise ValidationError(
                _("The name of %(name)s does not match its content; it should end in .%(ext)s."),
                code="file_extension",
                params={"name": sanitise_filename(name), "ext": KNOWN_TYPES[content_type][0]},
            )


def attachment_response(file, filename: str, content_type: str | None = None) -> FileResponse:
    """Stream a stored file as a download. Call only after checking who is asking."""
    response = FileResponse(
        file,
        as_attachment=True,
        filename=sanitise_filename(filename),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

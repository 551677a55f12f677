"""Partnership survey contacts in and out: HQ keeps the addresses of some 1,700 local
governments as one spreadsheet rather than one admin form each.

The download and the import share their columns, so a downloaded file can be
edited and imported back. The import matches rows on the JIS code (one contact
per local government), creates or updates, never deletes, and is all or
nothing: the same file twice changes nothing the second time.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clair_portal.errors import DomainError
from clair_portal.jobs.writers import FORMULA_STARTS, cell
from reference.models import LocalGovernment
from sistercities.models import PartnershipContact
from sistercities.services import RowError, read_table

CHUNK_SIZE = 500
COLUMNS = ["jis_code", "department", "email", "language"]
REQUIRED = {"jis_code", "email"}
DEFAULT_LANGUAGE = "ja"
VALUE_FIELDS = ["department", "email", "language", "is_demo"]
# A code a spreadsheet took for a number lost its leading zero: 11002 or 11002.0
# for 011002 (prefectures 01 to 09, Hokkaido to Tochigi). Five digits starting with 0
# are a code without its check digit instead, left for the row's error to name.
NUMERIC_CODE = re.compile(r"^([1-9]\d{4})(?:\.0+)?$")


class ContactImportError(DomainError):
    """A refused import, with a message for HQ and the rows and fields at fault."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class Change:
    """One row of a preview: what the import does to one local government's contact."""

    row: int
    code: str
    name: str
    email: str
    changed: tuple[str, ...] = ()  # the columns that differ, for an update


@dataclass
class ContactImportResult:
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def codes(self) -> list[str]:
        """The local governments whose contact the import added or changed."""
        return [c.code for c in (*self.added, *self.changed)]


# --- Out ---------------------------------------------------------------------------


def export_rows(contacts) -> Iterator[list[str]]:
    """The header, then one row per contact, read in chunks."""
    yield COLUMNS
    rows = contacts.order_by("local_government_id").values_list(
        "local_government_id", "department", "email", "language"
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        # A department typed as "=..." must not run as a formula in a spreadsheet.
        yield [cell(value) for value in row]


def export_xlsx(contacts) -> bytes:
    """The same rows as a workbook; codes are text cells, so 011002 keeps its zero."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Contacts")[:31])
    for row in export_rows(contacts):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(contacts) -> Iterator[str]:
    """The same rows as CSV text, in pieces for a streamed response; a BOM first so
    that Excel reads the Japanese department names as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in export_rows(contacts):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# --- In ----------------------------------------------------------------------------


def read_contacts(uploaded) -> list[dict]:
    """Rows of an uploaded CSV or XLSX, refused with ``ContactImportError`` if unreadable."""
    return read_table(uploaded, required=REQUIRED, error=ContactImportError)


def _unquote(value: str) -> str:
    """A cell as the download wrote it: without the apostrophe that kept a formula out."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _code(value: str) -> str:
    match = NUMERIC_CODE.match(value)
    return match.group(1).zfill(6) if match else value


@dataclass(frozen=True)
class _Parsed:
    line: int
    code: str
    values: dict


def _parse(rows: list[dict], names: dict[str, str]) -> tuple[list[_Parsed], list[RowError]]:
    parsed, errors, first_line = [], [], {}
    languages = dict(settings.LANGUAGES)
    department_limit = PartnershipContact._meta.get_field("department").max_length
    email_limit = PartnershipContact._meta.get_field("email").max_length
    for index, raw in enumerate(rows):
        line = index + 2  # as a spreadsheet numbers it: the header is row 1
        row = {k: _unquote((v or "").strip()) for k, v in raw.items() if k}
        row_errors = []
        code = _code(row.get("jis_code", ""))
        if not code:
            row_errors.append(RowError(line, "jis_code", _("This field is required.")))
        elif code not in names:
            row_errors.append(
                RowError(
                    line,
                    "jis_code",
                    _("No Japanese local government has the code %(codes)s.")
                    % {"codes": row.get("jis_code", "")},
                )
            )
        elif code in first_line:
            row_errors.append(
                RowError(
                    line,
                    "jis_code",
                    _("The code %(code)s is already on row %(row)d.")
                    % {"code": code, "row": first_line[code]},
                )
            )
        else:
            first_line[code] = line
        department = row.get("department", "")
        if len(department) > department_limit:
            row_errors.append(
                RowError(
                    line,
                    "department",
                    _("At most %(limit)d characters.") % {"limit": department_limit},
                )
            )
        email = row.get("email", "")
        if not email:
            row_errors.append(RowError(line, "email", _("This field is required.")))
        else:
            try:
                validate_email(email)
                if len(email) > email_limit:
                    raise ValidationError("too long")
            except ValidationError:
                row_errors.append(
                    RowError(
                        line,
                        "email",
                        _("“%(value)s” is not an e-mail address.") % {"value": email},
                    )
                )
        language = row.get("language", "").lower() or DEFAULT_LANGUAGE
        if language not in languages:
            row_errors.append(
                RowError(
                    line,
                    "language",
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": row.get("language", ""), "choices": ", ".join(languages)},
                )
            )
        errors.extend(row_errors)
        if not row_errors:
            values = {
                "department": department,
                "email": email,
                "language": language,
                "is_demo": False,  # a contact HQ imports is a real one
            }
            parsed.append(_Parsed(line=line, code=code, values=values))
    return parsed, errors


def import_contacts(rows: list[dict], *, by=None, dry_run: bool = False) -> ContactImportResult:
    """Create or update the survey contacts of local governments from table rows.

    Every row is checked before anything is written; one bad row refuses the
    whole file with a ``ContactImportError`` naming every row and field at fault
    (unknown code, bad address, unknown language, a code twice). Contacts not in
    the file are left as they are. Queries do not grow with the rows up to
    ``CHUNK_SIZE`` of them: one read of the local governments, one of their
    contacts, then bulk writes with their history rows (``by`` as the author).
    With ``dry_run`` nothing is written: the result is the preview.
    """
    codes = {_code((row.get("jis_code") or "").strip()) for row in rows}
    names = {
        lg.code: str(lg)
        for lg in LocalGovernment.objects.filter(code__in=codes).only(
            "code", "kind", "name_kanji", "name_romaji"
        )
    }
    parsed, errors = _parse(rows, names)
    if errors:
        raise ContactImportError(
            ngettext(
                "Nothing was imported: %(count)d problem in the file.",
                "Nothing was imported: %(count)d problems in the file.",
                len(errors),
            )
            % {"count": len(errors)},
            sorted(errors, key=lambda e: (e.row, e.field)),
        )
    result = ContactImportResult(dry_run=dry_run)
    existing = _current([p.code for p in parsed])
    to_create, to_update = [], []
    for p in parsed:
        contact = existing.get(p.code)
        change = Change(row=p.line, code=p.code, name=names[p.code], email=p.values["email"])
        if contact is None:
            to_create.append(PartnershipContact(local_government_id=p.code, **p.values))
            result.added.append(change)
            continue
        differs = tuple(name for name, value in p.values.items() if getattr(contact, name) != value)
        if not differs:
            result.unchanged += 1
            continue
        for name in differs:
            setattr(contact, name, p.values[name])
        to_update.append(contact)
        shown = tuple(name for name in differs if name in COLUMNS) or ("is_demo",)
        result.changed.append(
            Change(row=p.line, code=p.code, name=change.name, email=change.email, changed=shown)
        )
    if dry_run or not (to_create or to_update):
        return result
    try:
        with transaction.atomic():
            _write(to_create, to_update, by)
    except IntegrityError:
        # Someone added one of these contacts between the read and the write.
        raise ContactImportError(
            _(
                "The contacts changed while the file was imported; nothing was imported. "
                "Import the file again."
            )
        ) from None
    return result


def _current(codes: list[str]) -> dict[str, PartnershipContact]:
    """The contacts these local governments have now, by code: one query."""
    return {
        c.local_government_id: c
        for c in PartnershipContact.objects.filter(local_government_id__in=codes)
    }


def _write(to_create, to_update, by) -> None:
    if to_create:
        bulk_create_with_history(
            to_create, PartnershipContact, batch_size=CHUNK_SIZE, default_user=by
        )
    if to_update:
        bulk_update_with_history(
            to_update, PartnershipContact, VALUE_FIELDS, batch_size=CHUNK_SIZE, default_user=by
        )

"""The offices' batch reports: the office directory, and the consolidated report of one
period (every accepted report across the offices).

The consolidated report is one zip file: ``index.xlsx`` (one row per report) and each
report's attachments under ``<office>/<type>/``. Rows are read in chunks and each
attachment is copied into the zip as a stream, so neither the reports nor the
files are held in memory. The job framework's writers know CSV and XLSX; the
zip writer is added to them here, for this report only; its index is written
by the tabular kit like any XLSX download.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.accounts.roles import is_hq
from clair_portal.jobs.kinds import CHUNK_SIZE, OutputFormat, Row, column_title, report
from clair_portal.jobs.kinds import CSV as CSV_FORMAT
from clair_portal.jobs.kinds import XLSX as XLSX_FORMAT
from clair_portal.jobs.writers import WRITERS
from clair_portal.security.uploads import sanitise_filename
from clair_portal.tabular.writing import XlsxWriter
from offices.models import Department, Office


def _e164(number) -> str:
    return number.as_e164 if number else ""


def _office_count(params: dict) -> int:
    return Office.objects.count() + Department.objects.count()


@report(
    "office-directory",
    title=_("Office directory"),
    description=_(
        "CLAIR headquarters and overseas offices with their departments, addresses, "
        "time zones and contact details. One line per office, followed by one line per department."
    ),
    count=_office_count,
)
def office_directory(params: dict) -> Iterator[Row]:
    yield [
        column_title(Office, "name"),
        column_title(Department, "name"),
        column_title(Office, "local_name"),
        column_title(Office, "city"),
        column_title(Office, "country"),
        column_title(Office, "address"),
        column_title(Office, "timezone"),
        column_title(Office, "phone"),
        column_title(Office, "fax"),
        column_title(Office, "email"),
        column_title(Office, "website"),
    ]
    for office in Office.objects.directory().iterator(chunk_size=CHUNK_SIZE):
        yield [
            office.name,
            "",
            office.local_name,
            office.city,
            office.country.name if office.country else "",
            office.address,
            str(office.timezone),
            _e164(office.phone),
            _e164(office.fax),
            office.email,
            office.website,
        ]
        for department in office.departments.all():
            yield [
                office.name,
                department.name,
                "",
                "",
                "",
                "",
                "",
                _e164(department.phone),
                _e164(department.fax),
                "",
                "",
            ]


ZIP = OutputFormat("zip", "Zip", ".zip", "application/zip")
INDEX_NAME = "index.xlsx"
# Excel refuses longer cells.
CELL_LIMIT = 32_000


@dataclass(frozen=True)
class ZipMember:
    """A stored file to copy into the zip; its cell in the index shows where it went."""

    arcname: str
    storage_name: str

    def __str__(self):
        return self.arcname


class ZipWriter:
    """An XLSX index of the rows, plus every ``ZipMember`` found in them, in one zip."""

    def __init__(self, path: Path):
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self._index_path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
        self._index = XlsxWriter(self._index_path, title=str(_("Consolidated office reports")))
        self._names: set[str] = set()

    def header(self, labels) -> None:
        self._index.header(labels)

    def write(self, rows) -> None:
        self._index.write([self._add(value) for value in row] for row in rows)

    def _add(self, value):
        if not isinstance(value, tuple | list):
            return value
        names = []
        for member in value:
            arcname = self._unique(member.arcname)
            with (
                default_storage.open(member.storage_name, "rb") as source,
                self._zip.open(arcname, "w", force_zip64=True) as target,
            ):
                shutil.copyfileobj(source, target, 1024 * 1024)
            names.append(arcname)
        return "\n".join(names)

    def _unique(self, arcname: str) -> str:
        stem, dot, ext = arcname.rpartition(".")
        candidate, n = arcname, 1
        while candidate in self._names:
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}" if dot else f"{arcname} ({n})"
        self._names.add(candidate)
        return candidate

    def close(self) -> None:
        try:
            self._index.close()
            self._zip.write(self._index_path, INDEX_NAME)
        finally:
            self._zip.close()
            self._index_path.unlink(missing_ok=True)


WRITERS.setdefault(ZIP.key, ZipWriter)


def _accepted(params: dict):
    from offices.models import Report, ReportAttachment

    return (
        Report.objects.filter(
            state=Report.State.ACCEPTED,
            report_type_id=params["report_type"],
            period_start=date.fromisoformat(params["period_start"]),
        )
        .select_related("office", "report_type")
        .prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("pk")))
        .order_by("office__sort_order", "office__code")
    )


def _count(params: dict) -> int:
    return _accepted(params).count()


def _local(moment, office) -> str:
    return (
        timezone.localtime(moment, office.timezone).strftime("%Y-%m-%d %H:%M %Z") if moment else ""
    )


@report(
    "office-reports-consolidated",
    title=_("Consolidated office reports"),
    description=_(
        "Every accepted report of one period across the overseas offices: an Excel index "
        "and the reports' attachments in one zip file. Requested from the office reports "
        "review pages."
    ),
    formats=(ZIP,),
    may_request=is_hq,
    count=_count,
    chunk_size=100,
)
def consolidated(params: dict) -> Iterator[list]:
    from offices.models import Report

    yield [
        _("Office"),
        _("Report type"),
        _("Period"),
        _("Title"),
        _("Written in"),
        _("Due"),
        _("First submitted"),
        _("On time"),
        _("Accepted"),
        _("Report"),
        _("Attachments"),
    ]
    yes, no = _("yes"), _("no")
    for item in _accepted(params).iterator(chunk_size=CHUNK_SIZE):
        folder = f"{sanitise_filename(item.office.code)}/{sanitise_filename(item.report_type.code)}"
        yield [
            item.office.name,
            item.report_type.name,
            item.period_label,
            item.title,
            Report.Language(item.language).label,
            _local(item.due_at, item.office),
            _local(item.first_submitted_at, item.office),
            no if item.was_late else yes,
            _local(item.accepted_at, item.office),
            item.body[:CELL_LIMIT],
            tuple(
                ZipMember(f"{folder}/{attachment.filename}", attachment.file.name)
                for attachment in item.attachments.all()
            ),
        ]


# --- The desk: every request for help, for HQ ------------------------------------------


def _desk_rows(params: dict):
    from offices.desk_overview import requests_of_year

    return requests_of_year(params.get("fiscal_year")).listing().order_by("submitted_at", "pk")


def _desk_count(params: dict) -> int:
    return _desk_rows(params).count()


def _days(seconds: int | None):
    return round(max(seconds, 0) / 86400, 1) if seconds is not None else None


@report(
    "assistance-requests",
    title=_("Requests for help to the offices"),
    description=_(
        "Every request local governments sent to the overseas offices and headquarters: the "
        "office, the local government, the kind of help, where and when, the state, the "
        "first answer's deadline and when it came, the days to completion and the rating."
    ),
    formats=(XLSX_FORMAT, CSV_FORMAT),
    may_request=is_hq,
    count=_desk_count,
)
def assistance_requests(params: dict) -> Iterator[Row]:
    from offices.models import AssistanceRequest

    def title(name):
        return column_title(AssistanceRequest, name)

    yield [
        pgettext_lazy("desk", "request"),
        title("office"),
        title("organisation"),
        title("kind"),
        title("country"),
        title("city"),
        title("start_date"),
        title("end_date"),
        title("delegation_size"),
        title("state"),
        title("submitted_at"),
        title("due_at"),
        title("first_answered_at"),
        _("first answer in time"),
        _("days to first answer"),
        title("completed_at"),
        _("days to completion"),
        title("assigned_to"),
        title("rating"),
    ]
    for row in _desk_rows(params).iterator(chunk_size=CHUNK_SIZE):
        in_time = row.answered_on_time
        yield [
            row.reference,
            row.office.name,
            str(row.organisation),
            row.get_kind_display(),
            row.country.name,
            row.city,
            row.start_date,
            row.end_date,
            row.delegation_size,
            row.get_state_display(),
            row.submitted_at,
            row.due_at,
            row.first_answered_at,
            "" if in_time is None else (_("yes") if in_time else _("no")),
            _days(row.answer_seconds),
            row.completed_at,
            _days(row.completion_seconds),
            (row.assigned_to.full_name or row.assigned_to.email) if row.assigned_to else "",
            row.rating,
        ]

"""Affiliations in and out: the open-data rows, and the all-or-nothing import.

The download and the import share one set of columns, so a file downloaded
from the portal (or from the admin) can be edited and imported back: the
import matches rows on ``id`` when given, otherwise on the Japanese local
governments together with the partner, and so running it twice changes
nothing the second time.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clair_portal.errors import DomainError
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities import caching
from sistercities.models import Affiliation, Field

CHUNK_SIZE = 500
LIST_SEPARATOR = ";"

COLUMNS = [
    "id",
    "japanese_codes",
    "japanese_names",
    "prefectures",
    "partner_name_en",
    "partner_name_local",
    "partner_country",
    "partner_region",
    "partner_kind",
    "partner_website",
    "kind",
    "established_year",
    "established_on",
    "status",
    "ended_on",
    "fields",
    "notes_en",
    "notes_ja",
    "signed_by_both_heads",
    "exchange_in_several_fields",
    "budget_approved_by_assembly",
]
# Shown in the download for people to read; the import ignores them.
INFORMATIONAL = {"japanese_names", "prefectures"}
REQUIRED = {"japanese_codes", "partner_name_en", "partner_country", "established_year"}
CRITERIA = ["signed_by_both_heads", "exchange_in_several_fields", "budget_approved_by_assembly"]
VALUE_FIELDS = [
    "kind", "established_year", "established_on", "status", "ended_on", "fields",
    "notes_en", "notes_ja", *CRITERIA,
]  # fmt: skip
TRUE, FALSE = {"1", "true", "yes", "y", "x", "○"}, {"", "0", "false", "no", "n"}


class AffiliationError(DomainError):
    """A refused change, with a message for the person who asked for it and the rows
    and fields at fault."""

    def __init__(self, message: str, errors: list["RowError"] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    field: str
    message: str

    def __str__(self):
        return _("Row %(row)d, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    partners_created: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)


# --- Out ---------------------------------------------------------------------------


def export_rows(affiliations) -> Iterator[list]:
    """The header, then one row per affiliation, read in chunks with their parties."""
    yield COLUMNS
    for a in affiliations.public().iterator(chunk_size=CHUNK_SIZE):
        japanese = list(a.japanese.all())
        prefectures = dict.fromkeys(
            (lg if lg.is_prefecture else lg.prefecture).name_kanji for lg in japanese
        )
        yield [
            a.pk,
            LIST_SEPARATOR.join(lg.code for lg in japanese),
            LIST_SEPARATOR.join(lg.name_kanji for lg in japanese),
            LIST_SEPARATOR.join(prefectures),
            a.partner.name_en,
            a.partner.name_local,
            a.partner.country.code,
            a.partner.region,
            a.partner.kind,
            a.partner.website,
            a.kind,
            a.established_year,
            a.established_on.isoformat() if a.established_on else "",
            a.status,
            a.ended_on.isoformat() if a.ended_on else "",
            LIST_SEPARATOR.join(a.fields),
            a.notes_en or "",
            a.notes_ja or "",
            *(int(getattr(a, c)) for c in CRITERIA),
        ]


# --- In ----------------------------------------------------------------------------


def read_table(uploaded, required=REQUIRED, error=AffiliationError) -> list[dict]:
    """Rows of an uploaded CSV or XLSX as dicts of text, keyed by the header row.

    A file that is not UTF-8 or whose header lacks a ``required`` column raises
    ``error`` (the refusal of whichever import reads it).
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    uploaded.seek(0)
    if name.endswith(".xlsx"):
        book = load_workbook(uploaded, read_only=True, data_only=True)
        rows = (
            ["" if v is None else str(v) for v in row]
            for row in book.active.iter_rows(values_only=True)
        )
    else:
        try:
            text = uploaded.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise error(_("The file is not UTF-8 text.")) from None
        rows = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(rows, [])]
    missing = set(required) - set(header)
    if missing:
        raise error(
            _("The header row lacks the columns: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    return [dict(zip(header, row, strict=False)) for row in rows if any(c.strip() for c in row)]


def _bool(value: str) -> bool:
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(_("“%(value)s” is not yes (1) or no (0).") % {"value": value})


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}) from None


def _choice(value: str, choices, default: str) -> str:
    value = value.strip() or default
    if value not in dict(choices):
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(dict(choices))}
        )
    return value


@dataclass
class _Parsed:
    line: int
    codes: tuple[str, ...]
    partner: tuple[str, str, str]  # country, region, name_en
    partner_fields: dict
    values: dict
    id: int | None


def _parse(rows: list[dict], known_codes: set[str]) -> tuple[list[_Parsed], list[RowError]]:
    parsed, errors = [], []
    country_codes = set(dict(countries))
    for index, row in enumerate(rows):
        line = index + 2
        row = {k: (v or "").strip() for k, v in row.items() if k}
        row_errors: list[RowError] = []

        def check(name, convert, line=line, row=row, row_errors=row_errors):
            try:
                return convert(row.get(name, ""))
            except ValueError as error:
                row_errors.append(RowError(line, name, str(error)))

        for name in sorted(REQUIRED):
            if not row.get(name):
                row_errors.append(RowError(line, name, _("This field is required.")))
        codes = tuple(
            dict.fromkeys(c.strip() for c in row.get("japanese_codes", "").split(LIST_SEPARATOR))
        )
        codes = tuple(c for c in codes if c)
        unknown = [c for c in codes if c not in known_codes]
        if unknown:
            row_errors.append(
                RowError(
                    line,
                    "japanese_codes",
                    _("No Japanese local government has the code %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
            )
        country = row.get("partner_country", "").upper()
        if country and country not in country_codes:
            row_errors.append(
                RowError(
                    line,
                    "partner_country",
                    _("“%(value)s” is not an ISO 3166 country code.") % {"value": country},
                )
            )

        def year(v):
            try:
                number = int(float(v))
            except ValueError:
                raise ValueError(_("“%(value)s” is not a year.") % {"value": v}) from None
            if not 1900 <= number <= 2100:
                raise ValueError(_("The year must be between 1900 and 2100."))
            return number

        def fields(v):
            keys = [f.strip() for f in v.split(LIST_SEPARATOR) if f.strip()]
            bad = [k for k in keys if k not in Field.values]
            if bad:
                raise ValueError(
                    _("Unknown fields of exchange: %(fields)s.") % {"fields": ", ".join(bad)}
                )
            return list(dict.fromkeys(keys))

        def record_id(v):
            if not v:
                return None
            if not v.isdigit():
                raise ValueError(_("“%(value)s” is not a record number.") % {"value": v})
            return int(v)

        values = {
            "kind": check("kind", lambda v: _choice(v, Affiliation.Kind.choices, "sister")),
            "established_year": check("established_year", year)
            if row.get("established_year")
            else None,
            "established_on": check("established_on", _date),
            "status": check("status", lambda v: _choice(v, Affiliation.Status.choices, "active")),
            "ended_on": check("ended_on", _date),
            "fields": check("fields", fields),
            "notes_en": row.get("notes_en", ""),
            "notes_ja": row.get("notes_ja", ""),
            **{c: check(c, _bool) for c in CRITERIA},
        }
        partner_fields = {
            "name_local": row.get("partner_name_local", ""),
            "kind": check(
                "partner_kind",
                lambda v: _choice(v, ForeignLocalGovernment.Kind.choices, "city"),
            ),
            "website": row.get("partner_website", ""),
        }
        if (
            values["status"] == "ended"
            and not values["ended_on"]
            and "ended_on" not in {e.field for e in row_errors}
        ):
            row_errors.append(
                RowError(line, "ended_on", _("An ended affiliation needs its end date."))
            )
        if len(row.get("partner_name_en", "")) > 200:
            row_errors.append(RowError(line, "partner_name_en", _("At most 200 characters.")))
        errors.extend(row_errors)
        if not row_errors:
            parsed.append(
                _Parsed(
                    line=line,
                    codes=codes,
                    partner=(country, row.get("partner_region", ""), row["partner_name_en"]),
                    partner_fields=partner_fields,
                    values=values,
                    id=check("id", record_id),
                )
            )
    return parsed, errors


def import_affiliations(rows: list[dict], *, dry_run: bool = False) -> ImportResult:
    """Create or update affiliations from table rows, all or nothing.

    Every row is checked before anything is written; one bad row refuses the
    whole file with an ``AffiliationError`` listing every row and field at
    fault. Partners missing from the register are created. The number of
    queries does not grow with the rows (lookups are batched, writes are bulk).
    With ``dry_run`` the work is done and rolled back, for a preview.
    """
    codes = {
        c.strip()
        for row in rows
        for c in (row.get("japanese_codes") or "").split(LIST_SEPARATOR)
        if c.strip()
    }
    known = set(LocalGovernment.objects.filter(code__in=codes).values_list("code", flat=True))
    parsed, errors = _parse(rows, known)
    duplicates: dict[tuple, int] = {}
    for p in parsed:
        key = (frozenset(p.codes), p.partner)
        if key in duplicates:
            errors.append(
                RowError(
                    p.line,
                    "japanese_codes",
                    _("The same affiliation is already on row %(row)d.") % {"row": duplicates[key]},
                )
            )
        duplicates.setdefault(key, p.line)
    if errors:
        errors.sort(key=lambda e: (e.row, e.field))
        raise AffiliationError(
            _("Nothing was imported: %(count)d problem(s) in the file.") % {"count": len(errors)},
            errors,
        )
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        partners = _upsert_partners(parsed, result)
        _upsert_affiliations(parsed, partners, result)
        if dry_run:
            transaction.set_rollback(True)
        else:
            caching.invalidate_on_commit()  # bulk writes send no signals
    return result


def _upsert_partners(parsed: list[_Parsed], result: ImportResult) -> dict:
    wanted = {p.partner: p.partner_fields for p in parsed}
    existing = {
        (f.country.code, f.region, f.name_en): f
        for f in ForeignLocalGovernment.objects.filter(
            country__in={c for c, _r, _n in wanted}, name_en__in={n for _c, _r, n in wanted}
        )
    }
    new = []
    for (country, region, name), extra in wanted.items():
        if (country, region, name) in existing:
            continue
        partner = ForeignLocalGovernment(country=country, region=region, name_en=name, **extra)
        partner.search_key = partner.computed_search_key()
        new.append(partner)
    ForeignLocalGovernment.objects.bulk_create(new, batch_size=CHUNK_SIZE)
    result.partners_created = len(new)
    for partner in new:
        existing[(partner.country.code, partner.region, partner.name_en)] = partner
    return existing


def _differs(current, wanted) -> bool:
    # Translated notes may be stored as NULL where the file has an empty cell.
    return current != wanted and not (current in (None, "") and wanted in (None, ""))


def _upsert_affiliations(parsed, partners, result: ImportResult) -> None:
    through = Affiliation.japanese.through
    partner_ids = {partners[p.partner].pk for p in parsed}
    ids = {p.id for p in parsed if p.id}
    current = Affiliation.objects.filter(partner_id__in=partner_ids) | Affiliation.objects.filter(
        pk__in=ids
    )
    by_id = {a.pk: a for a in current}
    codes_of: dict[int, set[str]] = {}
    for affiliation_id, code in through.objects.filter(affiliation_id__in=by_id).values_list(
        "affiliation_id", "localgovernment_id"
    ):
        codes_of.setdefault(affiliation_id, set()).add(code)
    by_key = {(frozenset(codes_of.get(a.pk, ())), a.partner_id): a for a in by_id.values()}

    to_create, to_update, links, relinked = [], [], [], []
    for p in parsed:
        partner = partners[p.partner]
        affiliation = by_id.get(p.id) if p.id else None
        affiliation = affiliation or by_key.get((frozenset(p.codes), partner.pk))
        if affiliation is None:
            affiliation = Affiliation(partner=partner, **p.values)
            to_create.append((affiliation, p.codes))
            continue
        changed = affiliation.partner_id != partner.pk or any(
            _differs(getattr(affiliation, name), value) for name, value in p.values.items()
        )
        if codes_of.get(affiliation.pk, set()) != set(p.codes):
            relinked.append((affiliation, p.codes))
            changed = True
        if changed:
            affiliation.partner = partner
            for name, value in p.values.items():
                setattr(affiliation, name, value)
            to_update.append(affiliation)
        else:
            result.unchanged += 1
    created = bulk_create_with_history(
        [a for a, _codes in to_create], Affiliation, batch_size=CHUNK_SIZE
    )
    for affiliation, (_a, codes) in zip(created, to_create, strict=True):
        links += [through(affiliation_id=affiliation.pk, localgovernment_id=c) for c in codes]
    if to_update:
        bulk_update_with_history(
            to_update, Affiliation, ["partner", *VALUE_FIELDS], batch_size=CHUNK_SIZE
        )
    if relinked:
        through.objects.filter(affiliation_id__in=[a.pk for a, _c in relinked]).delete()
        links += [
            through(affiliation_id=a.pk, localgovernment_id=c)
            for a, codes in relinked
            for c in codes
        ]
    through.objects.bulk_create(links, batch_size=CHUNK_SIZE)
    result.created, result.updated = len(created), len(to_update)


def create_affiliation(
    *, japanese: Iterable[LocalGovernment], partner: ForeignLocalGovernment, **values
) -> Affiliation:
    """One affiliation with its Japanese parties (at least one), checked like an import row."""
    japanese = list(japanese)
    if not japanese:
        raise AffiliationError(_("An affiliation needs at least one Japanese local government."))
    if values.get("status") == Affiliation.Status.ENDED and not values.get("ended_on"):
        raise AffiliationError(_("An ended affiliation needs its end date."))
    with transaction.atomic():
        affiliation = Affiliation.objects.create(partner=partner, **values)
        affiliation.japanese.set(japanese)
    return affiliation

"""Import and export of participants and placements, as HQ receives them in CSV or XLSX.

Both run on the tabular kit (``clair_portal.tabular``): the admin's preview,
its confirm step and ``make bench`` all call ``PlacementImport().run``. What
is JET's own is the speed at 50,000 rows: natural keys (JET number,
contracting organisation code) are resolved with ``jet.bulk.fetch``, one
query per key type per chunk, and rows are written with ``jet.bulk``, one
statement per chunk with their history rows naming the importing user. A
change to a published placement is told to its participant once, after the
import.
"""

from django.utils.translation import gettext_lazy as _

from clair_portal.tabular.columns import Choice, Column, Country, Date, Email, Lookup, Text, Year
from clair_portal.tabular.importing import Existing, Importer
from clair_portal.tabular.schema import Schema
from jet import bulk
from jet.models import (
    FIRST_JET_YEAR,
    ContractingOrganisation,
    Participant,
    Placement,
    Role,
    clean_workplaces,
)
from jet.services import placements_changed

LAST_YEAR = 2100


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _text(model, name, **kwargs) -> Text:
    field = model._meta.get_field(name)
    return Text(name, field.verbose_name, max_length=field.max_length, **kwargs)


class BulkLookup(Lookup):
    """A lookup through ``jet.bulk.fetch``: one server-bound query per chunk."""

    def fetch(self, wanted):
        return dict(bulk.fetch(self.model, [self.field, "id"], self.field, wanted))


def parse_workplaces(value: str, cell) -> list[dict]:
    """``Name | Address; Name | Address`` in the file, a list of dictionaries in the model."""
    workplaces = []
    for entry in value.split(";"):
        if entry.strip():
            name, _sep, address = entry.partition("|")
            workplaces.append({"name": name.strip(), "address": address.strip()})
    try:
        clean_workplaces(workplaces)
    except Exception:  # noqa: BLE001  (a ValidationError: a workplace without its name)
        raise ValueError(
            _("Write each workplace as “name | address”, separated by semicolons.")
        ) from None
    return workplaces


def render_workplaces(value) -> str:
    return "; ".join(
        f"{w['name']} | {w['address']}" if w.get("address") else w["name"] for w in value or []
    )


class JetImport(Importer):
    """Written with ``jet.bulk``: one INSERT and one UPDATE per chunk, each with its history."""

    model: type

    def begin(self, layout):
        opts = self.model._meta
        self.fields = [opts.get_field(c.attribute) for c in self.schema.imported]
        imported = {f.attname for f in self.fields}
        # What the file does not set: each model default, the same for every new row.
        self.defaults = [
            f for f in opts.concrete_fields if not f.primary_key and f.attname not in imported
        ]
        self.fixed = tuple(f.get_default() for f in self.defaults)

    def write(self, added, changed):
        names = [f.attname for f in self.fields]
        rows = [(*(row.values[n] for n in names), *self.fixed) for row in added]
        bulk.insert(
            self.model, [*self.fields, *self.defaults], rows, user=self.user, reason="import"
        )
        updates = [(row.pk, *(row.values[n] for n in names)) for row in changed]
        bulk.update(self.model, self.fields, updates, user=self.user, reason="import")

    def current(self, key_field, keys, extra=()):
        """The imported attributes of the records whose ``key_field`` is one of ``keys``."""
        names = [f.attname for f in self.fields]
        rows = bulk.fetch(self.model, ["id", *extra, *names], key_field, keys)
        start = 1 + len(extra)
        return [(row[0], row[1:start], dict(zip(names, row[start:], strict=True))) for row in rows]


class ParticipantImport(JetImport):
    title = _("JET participants")
    model = Participant
    key = ("jet_number",)
    schema = Schema(
        [
            _text(Participant, "jet_number", required=True, sample="2026-ALT-00123"),
            _text(Participant, "family_name", required=True, sample="Smith"),
            _text(Participant, "given_name", sample="Sam"),
            Country("nationality", _label(Participant, "nationality"), required=True, sample="GB"),
            Choice("role", _label(Participant, "role"), choices=Role, required=True, sample="ALT"),
            Email("email", _label(Participant, "email"), max_length=254, sample="sam@example.org"),
            _text(Participant, "phone"),
            _text(Participant, "languages", sample="English, French"),
            Year(
                "first_arrival_year",
                _label(Participant, "first_arrival_year"),
                minimum=FIRST_JET_YEAR,
                maximum=LAST_YEAR,
                required=True,
                sample=2026,
            ),
            Choice(
                "status",
                _label(Participant, "status"),
                choices=Participant.Status,
                default=Participant.Status.APPOINTED,
                sample=Participant.Status.APPOINTED,
            ),
        ]
    )

    def existing(self, rows):
        keys = [row.values["jet_number"] for row in rows]
        return {
            (values["jet_number"],): Existing(pk, values)
            for pk, _extra, values in self.current("jet_number", keys)
        }

    def describe(self, row):
        return f"{row.values['jet_number']} {row.values['family_name']}"

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.order_by("jet_number")


class PlacementImport(JetImport):
    title = _("Placements")
    model = Placement
    key = ("participant_id", "jet_year")
    duplicate_column = "jet_year"
    schema = Schema(
        [
            BulkLookup(
                "jet_number",
                _label(Participant, "jet_number"),
                attribute="participant_id",
                export="participant.jet_number",
                model=Participant,
                field="jet_number",
                missing=_("No participant has the JET number “{value}”."),
                required=True,
                sample="2026-ALT-00123",
            ),
            Year(
                "jet_year",
                _label(Placement, "jet_year"),
                minimum=FIRST_JET_YEAR,
                maximum=LAST_YEAR,
                required=True,
                sample=2026,
            ),
            BulkLookup(
                "organisation",
                _label(Placement, "organisation"),
                attribute="organisation_id",
                export="organisation.code",
                model=ContractingOrganisation,
                field="code",
                missing=_("No contracting organisation has the code “{value}”."),
                required=True,
                keep=True,  # a few hundred organisations, named again and again
                sample="422011",
            ),
            Choice("role", _label(Placement, "role"), choices=Role, required=True, sample="ALT"),
            Date("contract_start", _label(Placement, "contract_start"), required=True),
            Date("contract_end", _label(Placement, "contract_end"), required=True),
            Column(
                "workplaces",
                _label(Placement, "workplaces"),
                default=[],
                parse=parse_workplaces,
                render=render_workplaces,
                sample=[{"name": "Nagasaki Kita Junior High School", "address": "3-4 Nagasaki"}],
                help_text=_("Each workplace as “name | address”, separated by semicolons."),
            ),
            _text(Placement, "supervisor_name", sample="Tanaka Hanako"),
            Email(
                "supervisor_email",
                _label(Placement, "supervisor_email"),
                max_length=254,
                sample="tanaka@example.jp",
            ),
            _text(Placement, "supervisor_phone"),
            Text("notes", _label(Placement, "notes")),
        ]
    )

    def begin(self, layout):
        super().begin(layout)
        self.published: set[int] = set()
        self.changed_published: list[int] = []

    def clean(self, row):
        start, end = row.values["contract_start"], row.values["contract_end"]
        if end <= start:
            row.error("contract_end", _("The contract must end after it starts."))

    def existing(self, rows):
        participants = {row.values["participant_id"] for row in rows}
        found = {}
        for pk, (state,), values in self.current("participant_id", participants, ["state"]):
            found[(values["participant_id"], values["jet_year"])] = Existing(pk, values)
            if state == Placement.State.PUBLISHED:
                self.published.add(pk)
        return found

    def write(self, added, changed):
        super().write(added, changed)
        self.changed_published += [row.pk for row in changed if row.pk in self.published]

    def finish(self):
        # A change to a published placement is news for its participant, once.
        if self.changed_published:
            placements_changed(self.changed_published)

    def describe(self, row):
        return f"{self.cell(row, 'jet_number')} · {row.values['jet_year']}"

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.select_related("participant", "organisation").order_by("-jet_year", "id")

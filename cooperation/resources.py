"""Bulk import and export of the specialist registry, on the tabular kit.

An import is all or nothing: one invalid row and nothing is written, and the
preview names each bad row and column. Rows are matched on the e-mail
address; a missing specialist is created, an existing one updated, none is
deleted (deactivate with "active" = no instead). A file without the fields or
languages column leaves each specialist's as they are.

Fields travel in one column as their names or codes separated by semicolons;
languages as ``language: level`` pairs, e.g. ``French: fluent; English:
working`` (``fr:fluent; en:working`` reads the same). Downloads write names,
in the requester's language, and import back.
"""

from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clair_portal.tabular.cells import normalise
from clair_portal.tabular.columns import (
    LIST_SEPARATORS,
    Boolean,
    Choice,
    ChoiceList,
    Column,
    Email,
    Integer,
    Lookup,
    Text,
    in_every_language,
)
from clair_portal.tabular.importing import Existing, Importer
from clair_portal.tabular.schema import Schema
from cooperation.languages import LANGUAGE_NAMES, language_name
from cooperation.models import Field, LanguageLevel, Specialist, SpecialistLanguage
from reference.models import LocalGovernment

BATCH = 2_000  # rows per bulk INSERT/UPDATE


def _label(name):
    return Specialist._meta.get_field(name).verbose_name


def _spellings(pairs_in_each_language) -> dict:
    spellings = {}
    for pairs in pairs_in_each_language:
        for code, label in pairs:
            spellings.setdefault(normalise(label), code)
    return spellings


class Languages(Column):
    """``language: level; ...`` in the file (names or codes, any language), a dict in the model."""

    def prepare(self):
        self._languages = _spellings(
            in_every_language(lambda: [(c, str(n)) for c, n in LANGUAGE_NAMES.items()])
        )
        self._languages.update({normalise(code): code for code in LANGUAGE_NAMES})
        self._levels = _spellings(
            in_every_language(lambda: [(level, str(level.label)) for level in LanguageLevel])
        )
        self._levels.update({normalise(level.name): level for level in LanguageLevel})

    def parse_text(self, value, cell):
        parsed = {}
        for part in filter(None, (p.strip() for p in LIST_SEPARATORS.split(value))):
            name, _sep, level = (s.strip() for s in part.replace("：", ":").partition(":"))
            code = self._languages.get(normalise(name))
            if code is None:
                raise ValueError(format_lazy(_("Unknown language “{code}”."), code=name))
            if normalise(level) not in self._levels:
                raise ValueError(
                    format_lazy(
                        _(
                            "Unknown level “{level}” for {code}: use basic, working, fluent or native."
                        ),
                        level=level,
                        code=name,
                    )
                )
            parsed[code] = int(self._levels[normalise(level)])
        return parsed

    def render(self, value):
        return "; ".join(
            f"{language_name(code)}: {LanguageLevel(level).label}"
            for code, level in sorted((value or {}).items())
        )


def _fields():
    return [(field.code, field.name) for field in Field.objects.all()]


class SpecialistImport(Importer):
    """Specialists by e-mail address, with their fields and languages, in a fixed number of
    queries per chunk: the specialists (with fields and languages), the local governments
    named, then per kind of write one statement per 2,000 rows with its history."""

    title = _("Specialists")
    key = ("email",)
    schema = Schema(
        [
            Email(
                "email", _label("email"), required=True, max_length=254, sample="suzuki@example.jp"
            ),
            Text(
                "full_name", _label("full_name"), required=True, max_length=200, sample="鈴木 一郎"
            ),
            Choice(
                "status",
                _label("status"),
                choices=Specialist.Status,
                default=Specialist.Status.SERVING,
                optional=True,
                sample=Specialist.Status.RETIRED,
            ),
            Lookup(
                "home_government",
                _label("home_government"),
                attribute="home_government_id",
                model=LocalGovernment,
                field="code",
                missing=_("No local government has the code “{value}”."),
                optional=True,
                sample="422011",
            ),
            Text(
                "position",
                _label("position"),
                max_length=200,
                optional=True,
                sample="Waterworks engineer",
            ),
            Integer(
                "years_of_experience",
                _label("years_of_experience"),
                minimum=0,
                maximum=80,
                default=0,
                optional=True,
                sample=25,
            ),
            ChoiceList(
                "fields",
                _label("fields"),
                choices=_fields,
                optional=True,
                export=lambda s: [f.code for f in s.fields.all()],
                sample=["water-supply"],
            ),
            Languages(
                "languages",
                _("languages"),
                default={},
                optional=True,
                export=lambda s: {entry.language: entry.level for entry in s.languages.all()},
                sample={"en": LanguageLevel.FLUENT, "fr": LanguageLevel.BASIC},
                help_text=_(
                    "Each language with its level, e.g. “French: fluent; English: working”."
                ),
            ),
            Boolean("consent_to_contact", _label("consent_to_contact"), optional=True, sample=True),
            Boolean("is_active", _label("is_active"), default=True, optional=True, sample=True),
        ]
    )
    ATTRIBUTES = (
        "full_name", "status", "home_government_id", "position", "years_of_experience",
        "consent_to_contact", "is_active",
    )  # fmt: skip

    def begin(self, layout):
        self.field_ids = dict(Field.objects.values_list("code", "pk"))
        self.found: dict[int, Specialist] = {}

    def prime(self, rows, layout):
        super().prime(rows, layout)
        # Who in this chunk may not be deactivated (one query): the rule of
        # services.deactivate_specialist, which the admin's action calls.
        emails = {self.cell(row, "email").strip().lower() for row in rows}
        self.busy = set(
            Specialist.objects.with_unfinished_dispatches()
            .annotate(address=Lower("email"))
            .filter(address__in=emails, is_active=True)
            .values_list("address", flat=True)
        )

    def clean(self, row):
        if "fields" in row.values:
            row.values["fields"] = sorted(row.values["fields"])
        if row.values.get("is_active") is False and row.values["email"].lower() in self.busy:
            row.error(
                "is_active",
                _(
                    "This specialist has a dispatch that is not finished; finish or cancel it first."
                ),
            )

    def existing(self, rows):
        people = Specialist.objects.filter(
            email__in=[row.values["email"] for row in rows]
        ).prefetch_related("fields", "languages")
        found = {}
        for person in people:
            self.found[person.pk] = person
            values = {name: getattr(person, name) for name in self.ATTRIBUTES}
            values["fields"] = sorted(field.code for field in person.fields.all())
            values["languages"] = {e.language: e.level for e in person.languages.all()}
            found[(person.email,)] = Existing(person.pk, values)
        return found

    def write(self, added, changed):
        """Specialists and their history, then their fields and languages, in bulk."""
        new = [
            Specialist(**{n: row.values[n] for n in ("email", *self.ATTRIBUTES) if n in row.values})
            for row in added
        ]
        Specialist.objects.bulk_create(new, batch_size=BATCH)
        updated = []
        for row in changed:
            person = self.found.pop(row.pk)
            for name in self.ATTRIBUTES:
                if name in row.values:
                    setattr(person, name, row.values[name])
            updated.append(person)
        attributes = [n.removesuffix("_id") for n in self.ATTRIBUTES]
        if updated:
            Specialist.objects.bulk_update(updated, attributes, batch_size=BATCH)
        everyone = [*new, *updated]
        wanted = [row.values for row in (*added, *changed)]
        history = []
        for instances, update in ((new, False), (updated, True)):
            if instances:
                history += Specialist.history.bulk_history_create(
                    instances,
                    batch_size=BATCH,
                    update=update,
                    default_user=self.user,
                    default_change_reason="import",
                )
        self._write_fields(everyone, wanted, history)
        self._write_languages(everyone, wanted)

    def _write_fields(self, people, wanted, history) -> None:
        """Replace the fields of the rows that name them; record them with each history entry."""
        through = Specialist.fields.through
        given = [
            (p, values["fields"])
            for p, values in zip(people, wanted, strict=True)
            if "fields" in values
        ]
        if given:
            through.objects.filter(specialist_id__in=[p.pk for p, _f in given]).delete()
            through.objects.bulk_create(
                [
                    through(specialist_id=p.pk, field_id=self.field_ids[code])
                    for p, codes in given
                    for code in codes
                ],
                batch_size=BATCH,
            )
        # Each history entry lists the fields the specialist has after the import.
        rows = through.objects.filter(specialist_id__in=[p.pk for p in people])
        by_specialist: dict[int, list] = {}
        for row in rows:
            by_specialist.setdefault(row.specialist_id, []).append(row)
        snapshot = Specialist.history.model.fields.model
        snapshot.objects.bulk_create(
            [
                snapshot(
                    history=entry, id=row.id, specialist_id=row.specialist_id, field_id=row.field_id
                )
                for entry in history
                for row in by_specialist.get(entry.id, [])
            ],
            batch_size=BATCH,
        )

    def _write_languages(self, people, wanted) -> None:
        """Delete, update and add languages in bulk, each change with its history entry."""
        given = {
            p.pk: values["languages"]
            for p, values in zip(people, wanted, strict=True)
            if "languages" in values
        }
        if not given:
            return
        existing = SpecialistLanguage.objects.filter(specialist_id__in=list(given))
        current = {(entry.specialist_id, entry.language): entry for entry in existing}
        levels = {
            (pk, code): level
            for pk, languages in given.items()
            for code, level in languages.items()
        }
        gone = [entry for key, entry in current.items() if key not in levels]
        changed = []
        for key, entry in current.items():
            if key in levels and entry.level != levels[key]:
                entry.level = levels[key]
                changed.append(entry)
        added = [
            SpecialistLanguage(specialist_id=pk, language=code, level=level)
            for (pk, code), level in levels.items()
            if (pk, code) not in current
        ]
        if gone:
            history = SpecialistLanguage.history.model
            history.objects.bulk_create(
                [
                    history(
                        id=entry.pk,
                        specialist_id=entry.specialist_id,
                        language=entry.language,
                        level=entry.level,
                        history_date=timezone.now(),
                        history_type="-",
                        history_user=self.user,
                        history_change_reason="import",
                    )
                    for entry in gone
                ],
                batch_size=BATCH,
            )
            # A plain DELETE: the ORM's would write each deletion's history one row at a time.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {SpecialistLanguage._meta.db_table} WHERE id = ANY(%s)",
                    [[entry.pk for entry in gone]],
                )
        if changed:
            bulk_update_with_history(
                changed, SpecialistLanguage, ["level"], batch_size=BATCH,
                default_user=self.user, default_change_reason="import",
            )  # fmt: skip
        if added:
            bulk_create_with_history(
                added, SpecialistLanguage, batch_size=BATCH,
                default_user=self.user, default_change_reason="import",
            )  # fmt: skip

    def describe(self, row):
        return f"{row.values['email']} {row.values.get('full_name', '')}".strip()

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.prefetch_related("fields", "languages").order_by("email")

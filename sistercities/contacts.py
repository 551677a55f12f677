"""Partnership survey contacts in and out: HQ keeps the addresses of some 1,700 local
governments as one spreadsheet rather than one admin form each.

Both run on the tabular kit. The download and the import share their columns,
so a downloaded file can be edited and imported back. The import matches rows
on the JIS code (one contact per local government), creates or updates, never
deletes, and is all or nothing: the same file twice changes nothing the second
time. A contact HQ imports is a real one: a demo contact in the file stops
being demo.
"""

import re

from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from clair_portal.tabular.columns import Choice, Email, Lookup, Text
from clair_portal.tabular.importing import Existing, Importer
from clair_portal.tabular.schema import Schema
from reference.models import LocalGovernment
from sistercities.models import PartnershipContact

BATCH = 500
DEFAULT_LANGUAGE = "ja"
VALUE_FIELDS = ["department", "email", "language", "is_demo"]
# A code a spreadsheet took for a number lost its leading zero: 11002 or 11002.0
# for 011002 (prefectures 01 to 09, Hokkaido to Tochigi). Five digits starting with 0
# are a code without its check digit instead, left for the row's error to name.
NUMERIC_CODE = re.compile(r"^([1-9]\d{4})(?:\.0+)?$")


def _code(value: str) -> str:
    match = NUMERIC_CODE.match(value)
    return match.group(1).zfill(6) if match else value


def _label(name):
    return PartnershipContact._meta.get_field(name).verbose_name


class LocalGovernmentLookup(Lookup):
    """JIS codes found with their names, for the preview to say whose contact changes."""

    def fetch(self, wanted):
        found = LocalGovernment.objects.filter(code__in=wanted).only(
            "code", "kind", "name_kanji", "name_romaji"
        )
        self.names.update({lg.code: str(lg) for lg in found})
        return {lg.code: lg.code for lg in found}

    def prepare(self):
        super().prepare()
        self.names: dict[str, str] = {}


class ContactImport(Importer):
    """Contacts by JIS code: queries per chunk of 2,000 rows are a constant (the local
    governments, their contacts, then one INSERT and one UPDATE with history)."""

    title = _("Partnership survey contacts")
    key = ("local_government_id",)
    duplicate_column = "jis_code"
    extra_labels = {"is_demo": _label("is_demo")}
    schema = Schema(
        [
            LocalGovernmentLookup(
                "jis_code",
                _("JIS X 0402 code"),
                attribute="local_government_id",
                model=LocalGovernment,
                field="code",
                clean=_code,
                missing=_("No Japanese local government has the code {value}."),
                required=True,
                export="local_government_id",
                sample="422011",
            ),
            Text(
                "department", _label("department"), max_length=200, optional=True, sample="国際課"
            ),
            Email(
                "email",
                _label("email"),
                required=True,
                max_length=254,
                sample="kokusai@city.example.jp",
            ),  # fmt: skip
            Choice(
                "language",
                _label("language"),
                choices=lambda: STAFF_LANGUAGE_CHOICES,
                default=DEFAULT_LANGUAGE,
                optional=True,
                sample=DEFAULT_LANGUAGE,
            ),
        ]
    )

    def begin(self, layout):
        self.found: dict[str, PartnershipContact] = {}
        self.written: list[str] = []  # the local governments whose contact was added or changed

    def clean(self, row):
        row.values["is_demo"] = False

    def existing(self, rows):
        contacts = PartnershipContact.objects.filter(
            local_government_id__in=[row.values["local_government_id"] for row in rows]
        )
        found = {}
        for contact in contacts:
            self.found[contact.local_government_id] = contact
            values = {name: getattr(contact, name) for name in VALUE_FIELDS}
            found[(contact.local_government_id,)] = Existing(contact.pk, values)
        return found

    def write(self, added, changed):
        self.written += [row.values["local_government_id"] for row in (*added, *changed)]
        if added:
            bulk_create_with_history(
                [
                    PartnershipContact(
                        local_government_id=row.values["local_government_id"],
                        **{name: row.values[name] for name in VALUE_FIELDS},
                    )
                    for row in added
                ],
                PartnershipContact,
                batch_size=BATCH,
                default_user=self.user,
            )
        if changed:
            updated = []
            for row in changed:
                contact = self.found[row.values["local_government_id"]]
                for name in row.fields:
                    setattr(contact, name, row.values[name])
                updated.append(contact)
            bulk_update_with_history(
                updated, PartnershipContact, VALUE_FIELDS, batch_size=BATCH, default_user=self.user
            )

    def describe(self, row):
        code = row.values["local_government_id"]
        name = self.schema["jis_code"].names.get(code, "")
        return f"{code} {name} {row.values['email']}"

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.order_by("local_government_id")

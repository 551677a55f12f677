"""Affiliations in and out on the tabular kit: the open-data download and the import.

The download and the import share one set of columns, so a file downloaded
from the portal (or from the admin), in English or Japanese, can be edited
and imported back: the import matches rows on the record number when given,
otherwise on the Japanese local governments together with the partner, and
so running it twice changes nothing the second time. Partners missing from
the register are created. The public download adds, beside each coded
column, a column of its codes for open-data users (``US`` beside
「アメリカ合衆国」).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clair_portal.tabular.columns import (
    Boolean,
    Choice,
    ChoiceList,
    Column,
    Country,
    Date,
    Integer,
    Lookup,
    Text,
    Year,
)
from clair_portal.tabular.importing import Existing, Importer
from clair_portal.tabular.schema import Schema
from reference.models import ForeignLocalGovernment, LocalGovernment
from reference.validators import katakana_only
from sistercities import caching
from sistercities.forms import prefecture_name
from sistercities.models import Affiliation, Field

BATCH = 500
CRITERIA = ["signed_by_both_heads", "exchange_in_several_fields", "budget_approved_by_assembly"]
VALUE_FIELDS = [
    "kind", "established_year", "established_on", "status", "ended_on", "fields",
    "notes_en", "notes_ja", *CRITERIA,
]  # fmt: skip
TEXT_FIELDS = {"notes_en", "notes_ja"}


class Katakana(Text):
    """A name as Japanese pages write it, in full-width katakana (セントポール)."""

    def parse_text(self, value, cell):
        value = super().parse_text(value, cell)
        try:
            katakana_only(value)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return value


def _label(name):
    return Affiliation._meta.get_field(name).verbose_name


def _prefectures(affiliation) -> str:
    codes = dict.fromkeys(
        lg.code if lg.is_prefecture else lg.prefecture_id for lg in affiliation.japanese.all()
    )
    return "; ".join(prefecture_name(code) for code in codes)


class AffiliationImport(Importer):
    title = _("Sister-city affiliations")
    schema = Schema(
        [
            Integer(
                "id",
                _("record number"),
                export="pk",
                minimum=1,
                optional=True,
                help_text=_("Leave empty for a new affiliation."),
            ),  # fmt: skip
            Lookup(
                "japanese_codes",
                _("Japanese local government codes"),
                attribute="japanese",
                model=LocalGovernment,
                field="code",
                many=True,
                missing=_("No Japanese local government has the code {value}."),
                required=True,
                export=lambda a: [lg.code for lg in a.japanese.all()],
                sample=["422011"],
                help_text=_("JIS X 0402 codes, separated by “;” when several affiliate together."),
            ),
            Column(
                "japanese_names",
                _("Japanese local governments"),
                imported=False,
                export=lambda a: "; ".join(lg.display_name() for lg in a.japanese.all()),
            ),
            Column("prefectures", _("prefectures"), imported=False, export=_prefectures),
            Text(
                "partner_name_en",
                _("partner (English)"),
                required=True,
                max_length=200,
                export="partner.name_en",
                sample="Saint Paul",
            ),  # fmt: skip
            Text(
                "partner_name_local",
                _("partner (own script)"),
                max_length=200,
                optional=True,
                export="partner.name_local",
            ),  # fmt: skip
            Katakana(
                "partner_name_kana",
                _("partner (katakana)"),
                max_length=200,
                optional=True,
                export="partner.name_kana",
                sample="セントポール",
            ),  # fmt: skip
            Country(
                "partner_country",
                _("partner country"),
                required=True,
                export="partner.country",
                sample="US",
            ),  # fmt: skip
            Text(
                "partner_region",
                _("partner region"),
                max_length=120,
                optional=True,
                export="partner.region",
                sample="Minnesota",
            ),  # fmt: skip
            Choice(
                "partner_kind",
                _("kind of partner"),
                choices=ForeignLocalGovernment.Kind,
                default=ForeignLocalGovernment.Kind.CITY,
                optional=True,
                export="partner.kind",
                sample=ForeignLocalGovernment.Kind.CITY,
            ),
            Text(
                "partner_website",
                _("partner website"),
                max_length=200,
                optional=True,
                export="partner.website",
            ),  # fmt: skip
            Choice(
                "kind",
                _("kind of affiliation"),
                choices=Affiliation.Kind,
                default=Affiliation.Kind.SISTER,
                optional=True,
                sample=Affiliation.Kind.SISTER,
            ),  # fmt: skip
            Year(
                "established_year",
                _label("established_year"),
                minimum=1900,
                maximum=2100,
                required=True,
                sample=1955,
            ),  # fmt: skip
            Date("established_on", _label("established_on"), optional=True),
            Choice(
                "status",
                _label("status"),
                choices=Affiliation.Status,
                default=Affiliation.Status.ACTIVE,
                optional=True,
                sample=Affiliation.Status.ACTIVE,
            ),  # fmt: skip
            Date("ended_on", _label("ended_on"), optional=True),
            ChoiceList(
                "fields",
                _label("fields"),
                choices=Field,
                optional=True,
                sample=[Field.EDUCATION, Field.CULTURE],
            ),  # fmt: skip
            Text("notes_en", _("public notes (English)"), optional=True),
            Text("notes_ja", _("public notes (Japanese)"), optional=True),
            *(Boolean(name, _label(name), optional=True) for name in CRITERIA),
        ],
        code_columns=["partner_country", "partner_kind", "kind", "status", "fields", *CRITERIA],
    )
    duplicate_column = "japanese_codes"
    key = ("japanese",)
    PARTNER = ("partner_name_en", "partner_name_local", "partner_name_kana", "partner_country",
               "partner_region", "partner_kind", "partner_website")  # fmt: skip

    def begin(self, layout):
        self.partners: dict[tuple, ForeignLocalGovernment] = {}
        self.found: dict[int, Affiliation] = {}
        self.partners_created = 0

    def clean(self, row):
        values = row.values
        values["japanese"] = frozenset(values["japanese"])
        values["partner"] = (
            values["partner_country"],
            values.get("partner_region", ""),
            values["partner_name_en"],
        )
        if values.get("status") == Affiliation.Status.ENDED and not values.get("ended_on"):
            row.error("ended_on", _("An ended affiliation needs its end date."))

    def record_key(self, row):
        if row.values.get("id"):
            return ("id", row.values["id"])
        return ("natural", row.values["japanese"], row.values["partner"])

    def existing(self, rows):
        """Partners and affiliations of a chunk: three queries."""
        wanted = {row.values["partner"] for row in rows}
        for partner in ForeignLocalGovernment.objects.filter(
            country__in={c for c, _r, _n in wanted}, name_en__in={n for _c, _r, n in wanted}
        ):
            self.partners[(partner.country.code, partner.region, partner.name_en)] = partner
        partner_ids = {self.partners[p].pk for p in wanted if p in self.partners}
        ids = {row.values["id"] for row in rows if row.values.get("id")}
        current = Affiliation.objects.filter(
            partner_id__in=partner_ids
        ) | Affiliation.objects.filter(pk__in=ids)
        affiliations = {
            a.pk: a for a in current.select_related("partner").prefetch_related("japanese")
        }
        self.found.update(affiliations)
        by_natural = {}
        for a in affiliations.values():
            a.codes = frozenset(lg.code for lg in a.japanese.all())
            by_natural[(a.codes, (a.partner.country.code, a.partner.region, a.partner.name_en))] = a
        found = {}
        for row in rows:
            key = self.record_key(row)
            # A record number not in the register: the row is matched as if it had none.
            match = affiliations.get(row.values.get("id")) or by_natural.get(key[1:])
            if match is not None:
                found[key] = Existing(match.pk, self._values(match))
        return found

    def _values(self, affiliation) -> dict:
        values = {name: getattr(affiliation, name) for name in VALUE_FIELDS}
        for name in TEXT_FIELDS:
            values[name] = values[name] or ""  # a translated field empty in the file is NULL
        partner = affiliation.partner
        # Compared column by column, so that a preview names what changes.
        values["partner_name_en"] = partner.name_en
        values["partner_name_kana"] = partner.name_kana
        values["partner_country"] = partner.country.code
        values["partner_region"] = partner.region
        values["japanese"] = affiliation.codes
        return values

    def write(self, added, changed):
        """Missing partners, then new and changed affiliations with history, then their links."""
        self._create_partners([*added, *changed])
        self._name_partners_in_katakana(added, changed)
        through = Affiliation.japanese.through
        new = [
            Affiliation(
                partner=self.partners[row.values["partner"]],
                **{name: row.values[name] for name in VALUE_FIELDS},
            )
            for row in added
        ]
        created = bulk_create_with_history(
            new, Affiliation, batch_size=BATCH, default_user=self.user
        )
        links = [
            through(affiliation_id=affiliation.pk, localgovernment_id=code)
            for affiliation, row in zip(created, added, strict=True)
            for code in sorted(row.values["japanese"])
        ]
        updated, relinked = [], []
        for row in changed:
            affiliation = self.found[row.pk]
            affiliation.partner = self.partners[row.values["partner"]]
            for name in VALUE_FIELDS:
                if name in row.values:
                    setattr(affiliation, name, row.values[name])
            updated.append(affiliation)
            if "japanese" in row.fields:
                relinked.append(affiliation.pk)
                links += [
                    through(affiliation_id=affiliation.pk, localgovernment_id=code)
                    for code in sorted(row.values["japanese"])
                ]
        if updated:
            bulk_update_with_history(
                updated,
                Affiliation,
                ["partner", *VALUE_FIELDS],
                batch_size=BATCH,
                default_user=self.user,
            )
        if relinked:
            through.objects.filter(affiliation_id__in=relinked).delete()
        through.objects.bulk_create(links, batch_size=BATCH)

    def _create_partners(self, rows) -> None:
        new = {}
        for row in rows:
            key = row.values["partner"]
            if key in self.partners or key in new:
                continue
            country, region, name = key
            partner = ForeignLocalGovernment(
                country=country,
                region=region,
                name_en=name,
                name_local=row.values.get("partner_name_local", ""),
                name_kana=row.values.get("partner_name_kana", ""),
                kind=row.values.get("partner_kind", ForeignLocalGovernment.Kind.CITY),
                website=row.values.get("partner_website", ""),
            )
            partner.search_key = partner.computed_search_key()
            new[key] = partner
        ForeignLocalGovernment.objects.bulk_create(new.values(), batch_size=BATCH)
        self.partners.update(new)
        self.partners_created += len(new)

    def _name_partners_in_katakana(self, added, changed) -> None:
        """A katakana name given for a partner already held replaces the one it had; an
        empty cell clears it only on a row that changes it (not on a new affiliation
        with a partner already named)."""
        named = {}
        for row in [*added, *changed]:
            partner = self.partners[row.values["partner"]]
            kana = row.values.get("partner_name_kana")
            if kana is None or kana == partner.name_kana:
                continue
            if kana or "partner_name_kana" in row.fields:
                partner.name_kana = kana
                partner.search_key = partner.computed_search_key()
                if partner.pk:
                    named[partner.pk] = partner
        ForeignLocalGovernment.objects.bulk_update(
            named.values(), ["name_kana", "search_key"], batch_size=BATCH
        )

    def finish(self):
        caching.invalidate_on_commit()  # bulk writes send no signals

    def describe(self, row):
        country, region, name = row.values["partner"]
        codes = ", ".join(sorted(row.values["japanese"]))
        return f"{codes} — {name}{', ' + region if region else ''} ({country})"

    @classmethod
    def export_queryset(cls, queryset):
        # public() brings its own prefetch of the Japanese parties (the admin's has another).
        return queryset.prefetch_related(None).public()

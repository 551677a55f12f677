from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from clair_portal.languages import reads_kanji
from reference.validators import katakana_only


class LocalGovernmentQuerySet(models.QuerySet):
    def prefectures(self):
        return self.filter(kind=LocalGovernment.Kind.PREFECTURE)

    def municipalities(self):
        return self.exclude(kind=LocalGovernment.Kind.PREFECTURE)

    def with_prefecture(self):
        return self.select_related("prefecture")


class LocalGovernment(models.Model):
    """A Japanese prefecture or municipality, keyed by its JIS X 0402 code."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", pgettext_lazy("local government kind", "prefecture")
        DESIGNATED_CITY = (
            "designated_city",
            pgettext_lazy("local government kind", "designated city"),
        )
        CITY = "city", pgettext_lazy("local government kind", "city")
        SPECIAL_WARD = "special_ward", pgettext_lazy("local government kind", "special ward")
        TOWN = "town", pgettext_lazy("local government kind", "town")
        VILLAGE = "village", pgettext_lazy("local government kind", "village")

    code = models.CharField(
        _("JIS X 0402 code"),
        max_length=6,
        primary_key=True,
        help_text=_("Six digits including the check digit, e.g. 422011 for Nagasaki."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    prefecture = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": "prefecture"},
        verbose_name=_("prefecture"),
        help_text=_("Empty for a prefecture itself."),
    )
    name_kanji = models.CharField(_("name (kanji)"), max_length=40)
    name_kana = models.CharField(_("name (katakana)"), max_length=80)
    name_romaji = models.CharField(_("name (romaji)"), max_length=80)
    search_key = models.CharField(
        _("search key"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Every form of the name in one normal form; kept by the portal."),
    )

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Japanese local government")
        verbose_name_plural = _("Japanese local governments")
        ordering = ["code"]
        indexes = [
            GinIndex(
                name="localgov_search_key_trgm", fields=["search_key"], opclasses=["gin_trgm_ops"]
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="localgov_code_six_digits"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="prefecture", prefecture__isnull=True)
                    | (~models.Q(kind="prefecture") & models.Q(prefecture__isnull=False))
                ),
                name="localgov_municipality_has_prefecture",
            ),
        ]

    def __str__(self):
        return self.display_name()

    def save(self, *args, **kwargs):
        from reference.search import local_government_key

        self.search_key = local_government_key(self.name_kanji, self.name_kana, self.name_romaji)
        super().save(*args, **kwargs)

    @property
    def is_designated_city(self) -> bool:
        return self.kind == self.Kind.DESIGNATED_CITY

    @property
    def is_prefecture(self) -> bool:
        return self.kind == self.Kind.PREFECTURE

    def english_name(self) -> str:
        """The romaji name with the English word for its kind, e.g. "Nagasaki City"."""
        if self.is_prefecture:
            if self.code == "010006":
                return self.name_romaji  # Hokkaido carries its kind in its name
            if self.code == "130001":
                return "Tokyo Metropolis"
            return f"{self.name_romaji} Prefecture"
        suffix = {
            self.Kind.DESIGNATED_CITY: "City",
            self.Kind.CITY: "City",
            self.Kind.SPECIAL_WARD: "City",  # as Tokyo's wards style themselves
            self.Kind.TOWN: "Town",
            self.Kind.VILLAGE: "Village",
        }[self.kind]
        return f"{self.name_romaji} {suffix}"

    def name_beside(self, language: str | None = None) -> str:
        """The name in the other script, shown beside ``display_name``: the kanji beside
        the romaji name for readers of romaji, the romaji beside the kanji for Chinese
        readers (who may need to say or type it), nothing on Japanese pages."""
        language = language or get_language() or "en"
        if language.startswith("ja"):
            return ""
        return self.english_name() if reads_kanji(language) else self.name_kanji

    def display_name(self, language: str | None = None) -> str:
        """The name as the reader reads it: in kanji for Japanese and Chinese readers
        (``reads_kanji``), in romaji with its kind in English for everyone else."""
        language = language or get_language() or "en"
        return self.name_kanji if reads_kanji(language) else self.english_name()


# A key shorter than a trigram: the trigram index cannot serve ``LIKE '%key%'``.
TRIGRAM = 3


class ScriptCharacters(models.Func):
    """The characters of a text outside ASCII (長, 崎, ナ, 서, ...), as an array.

    Indexed (GIN) over the partners' search keys: a key too short for the trigram
    index (長崎, 横浜, 서울) is looked up by its characters, then checked with
    ``LIKE``, instead of testing every partner. Search keys hold ASCII only for
    Latin names, so the array is empty for most partners and the index small.
    """

    template = (
        "string_to_array(regexp_replace((%(expressions)s)::text, '[\\x01-\\x7f]', '', 'g'), NULL)"
    )
    output_field = ArrayField(models.TextField())


def holding_any(queryset, keys: list[str]):
    """``queryset`` narrowed to the rows whose ``search_key`` holds any of ``keys``
    (``reference.search`` keys), each found through an index on that column:
    trigrams, or for a key shorter than a trigram with characters outside ASCII,
    those characters (a ``ScriptCharacters`` index). The partners' and the
    affiliations' searches (``sistercities``) both read their keys this way."""
    condition = models.Q()
    for key in keys:
        found = models.Q(search_key__contains=key)
        script = sorted({c for c in key if ord(c) > 0x7F})
        if len(key) < TRIGRAM and script:
            found &= models.Q(script_characters__contains=script)
        condition |= found
    return queryset.alias(script_characters=ScriptCharacters("search_key")).filter(condition)


class ForeignLocalGovernment(models.Model):
    """A local government abroad: a partner of sister-city affiliations and dispatches."""

    class Kind(models.TextChoices):
        STATE = "state", pgettext_lazy("foreign local government kind", "state or province")
        COUNTY = "county", pgettext_lazy("foreign local government kind", "county or district")
        CITY = "city", pgettext_lazy("foreign local government kind", "city")
        TOWN = "town", pgettext_lazy("foreign local government kind", "town or village")
        OTHER = "other", pgettext_lazy("foreign local government kind", "other")

    name_en = models.CharField(_("name in English"), max_length=200)
    name_local = models.CharField(
        _("name in its own script"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 서울특별시, 上海市, Saint-Étienne."),
    )
    name_kana = models.CharField(
        _("name in katakana"),
        max_length=200,
        blank=True,
        validators=[katakana_only],
        help_text=_(
            "How Japanese pages write the name, e.g. セントポール. Leave empty if unknown."
        ),
    )
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("The first-level division: state, province, region or the like."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    website = models.URLField(_("website"), blank=True)
    search_key = models.CharField(
        _("search key"),
        max_length=700,
        blank=True,
        editable=False,
        help_text=_("Every form of the name in one normal form; kept by the portal."),
    )

    class Meta:
        verbose_name = _("foreign local government")
        verbose_name_plural = _("foreign local governments")
        ordering = ["country", "name_en"]
        indexes = [
            GinIndex(
                name="foreign_search_key_trgm", fields=["search_key"], opclasses=["gin_trgm_ops"]
            ),
            GinIndex(ScriptCharacters("search_key"), name="foreign_search_key_chars"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region", "name_en"], name="foreign_localgov_unique_name"
            )
        ]

    def __str__(self):
        region = f", {self.region}" if self.region else ""
        return f"{self.name_en}{region} ({self.country.code})"

    def save(self, *args, **kwargs):
        self.search_key = self.computed_search_key()
        super().save(*args, **kwargs)

    def computed_search_key(self) -> str:
        from reference.search import foreign_local_government_key

        return foreign_local_government_key(
            self.name_en, self.name_local, self.region, self.name_kana
        )

    def display_name(self, language: str | None = None) -> str:
        """The name in the reader's script: katakana on Japanese pages where it is held."""
        language = language or get_language() or "en"
        if language.startswith("ja") and self.name_kana:
            return self.name_kana
        return self.name_en

    def name_beside(self, language: str | None = None) -> str:
        """The name in the other script, shown beside ``display_name`` ("" if none)."""
        language = language or get_language() or "en"
        return self.name_en if language.startswith("ja") and self.name_kana else ""


class RegionalAssociation(models.Model):
    """A regional international exchange association, serving a prefecture or designated city."""

    name = models.CharField(_("name"), max_length=200)
    serves = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="associations",
        limit_choices_to={"kind__in": ["prefecture", "designated_city"]},
        verbose_name=_("serves"),
        help_text=_("The prefecture or designated city the association serves."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = PhoneNumberField(_("telephone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("regional international exchange association")
        verbose_name_plural = _("regional international exchange associations")
        ordering = ["serves", "name"]
        constraints = [
            models.UniqueConstraint(fields=["serves", "name"], name="association_unique_name")
        ]

    def __str__(self):
        return self.name

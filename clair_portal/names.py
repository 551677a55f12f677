"""Vocabulary names in the community languages: one small table per vocabulary.

Staff write the portal's vocabularies (library topics, grant categories, event
series...) in English and Japanese, as modeltranslation fields. Their names in the
community languages live in a table beside each vocabulary, one row per language,
rather than in six more modeltranslation columns: those would be added to every
field staff write and ask staff for six more tabs they cannot fill, whereas a name
table holds exactly the short names that are translated once, for the public pages.

A vocabulary model takes :class:`NamedInEveryLanguage` and gets a table::

    class LivingTopic(NamedInEveryLanguage, models.Model): ...

    class LivingTopicName(LocalisedName):
        owner = models.ForeignKey(LivingTopic, models.CASCADE, related_name="names")

``topic.local_name`` is then the name in the active language: the table's row on a
community-language page, the modeltranslation ``name`` (English or Japanese)
otherwise and wherever the table has no row. A list loads the rows it shows in one
query, ``.prefetch_related(*LivingTopic.prefetch_names("document__topic__"))``, and
none at all on English and Japanese pages.
"""

from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clair_portal.languages import COMMUNITY_LANGUAGE_CHOICES, COMMUNITY_LANGUAGES, is_community

# The attribute a prefetch leaves the active language's rows in.
PREFETCHED = "names_in_language"


class LocalisedName(models.Model):
    """A vocabulary row's name in one community language; the subclass adds ``owner``,
    a foreign key to the vocabulary with ``related_name="names"``."""

    language = models.CharField(_("language"), max_length=10, choices=COMMUNITY_LANGUAGE_CHOICES)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["owner", "language"]
        verbose_name = _("name in a community language")
        verbose_name_plural = _("names in the community languages")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "language"], name="%(app_label)s_%(class)s_one_per_language"
            )
        ]

    def __str__(self):
        return f"{self.name} [{self.language}]"


class NamedInEveryLanguage:
    """For a vocabulary model with a ``names`` table (a :class:`LocalisedName`)."""

    @property
    def local_name(self) -> str:
        """The name in the active language, the staff-written name where there is none."""
        language = get_language()
        if not is_community(language):
            return self.name
        rows = getattr(self, PREFETCHED, None)
        if rows is None:
            # Not prefetched (a single object): one query.
            found = self.names.filter(language=language).values_list("name", flat=True).first()
            return found or self.name
        for row in rows:
            if row.language == language:
                return row.name
        return self.name

    @classmethod
    def prefetch_names(cls, through: str = "") -> list[Prefetch]:
        """The prefetch of the active language's names for rows reached by ``through``
        (``""`` for the vocabulary's own queryset, ``"document__topic__"`` from
        versions); none on English and Japanese pages, which show ``name``."""
        language = get_language()
        if not is_community(language):
            return []
        table = cls._meta.get_field("names").related_model
        return [
            Prefetch(
                f"{through}names",
                queryset=table.objects.filter(language=language),
                to_attr=PREFETCHED,
            )
        ]


def fill_names(model, names: dict[str, dict[str, str]], *, key: str) -> tuple[int, int]:
    """Add the community-language names of ``model``'s rows that have none yet.

    ``names`` maps a row's ``key`` (its code) to {language: name}. A name HQ has
    since written in the admin is kept. Returns (created, already there).
    """
    table = model._meta.get_field("names").related_model
    owners = model.objects.in_bulk(list(names), field_name=key)
    present = set(
        table.objects.filter(owner__in=owners.values()).values_list("owner_id", "language")
    )
    wanted = [
        table(owner=owner, language=language, name=name)
        for code, owner in owners.items()
        for language, name in names[code].items()
    ]
    missing = [row for row in wanted if (row.owner.pk, row.language) not in present]
    table.objects.bulk_create(missing)
    return len(missing), len(wanted) - len(missing)


def names_inline(table) -> type[admin.TabularInline]:
    """The admin inline of a name table, for its vocabulary's admin (HQ fills it)."""
    return type(
        f"{table.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": table,
            "fields": ("language", "name"),
            "extra": 0,
            "max_num": len(COMMUNITY_LANGUAGES),
        },
    )

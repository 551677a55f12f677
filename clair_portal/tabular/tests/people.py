"""A small importer for the kit's own tests: portal users by e-mail address.

The kit imports no domain app, so its tests import the one model the core
owns that has text, a coded value and a yes/no column.
"""

from clair_portal.accounts.models import User
from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from clair_portal.tabular.columns import Boolean, Choice, Date, Email, Text
from clair_portal.tabular.importing import Existing, Importer
from clair_portal.tabular.schema import Schema


def _label(name):
    return User._meta.get_field(name).verbose_name


class PeopleImport(Importer):
    title = "People"
    schema = Schema(
        [
            Email("email", _label("email"), required=True, max_length=254, sample="a@example.jp"),
            Text(
                "full_name", _label("full_name"), max_length=200, optional=True, sample="山田 花子"
            ),
            Choice(
                "language",
                _label("language"),
                choices=lambda: STAFF_LANGUAGE_CHOICES,
                default="ja",
                optional=True,
                sample="ja",
            ),
            Boolean("is_staff", _label("is_staff"), optional=True, sample=False),
            Date("date_joined", _label("date_joined"), optional=True, export="date_joined"),
        ],
        code_columns=["language"],
    )
    key = ("email",)
    FIELDS = ("full_name", "language", "is_staff")

    def existing(self, rows):
        users = User.objects.filter(email__in=[row.values["email"] for row in rows])
        return {
            (user.email,): Existing(user.pk, {f: getattr(user, f) for f in self.FIELDS})
            for user in users
        }

    def write(self, added, changed):
        User.objects.bulk_create(
            [
                User(**{k: v for k, v in row.values.items() if k != "date_joined" or v})
                for row in added
            ]
        )
        for row in changed:
            User.objects.filter(pk=row.pk).update(**{f: row.values[f] for f in row.fields})

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.order_by("email")

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField


class OfficeQuerySet(models.QuerySet):
    def directory(self):
        """Every office with its departments, in the booklet's order: three queries."""
        return self.prefetch_related(
            models.Prefetch("departments", queryset=Department.objects.order_by("sort_order")),
            models.Prefetch("divisions", queryset=Division.objects.select_related("department")),
        ).order_by("sort_order")


class Office(models.Model):
    """CLAIR's headquarters in Tokyo or one of its overseas offices."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "hq", _("headquarters")
        OVERSEAS = "overseas", _("overseas office")

    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Short name used in addresses.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. London Office."))
    local_name = models.CharField(
        _("local name"),
        max_length=200,
        blank=True,
        help_text=_("The name the office uses where it is, e.g. Japan Local Government Centre."),
    )
    city = models.CharField(_("city"), max_length=80)
    country = CountryField(_("country"))
    address = models.TextField(_("address"), blank=True)
    timezone = TimeZoneField(_("time zone"), help_text=_("An IANA zone, e.g. Europe/London."))
    phone = PhoneNumberField(_("telephone"), blank=True)
    fax = PhoneNumberField(_("fax"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    access = models.TextField(_("access"), blank=True, help_text=_("How to get there."))
    countries = CountryField(
        _("countries of responsibility"),
        multiple=True,
        blank=True,
        help_text=_("The countries whose local governments this office works with."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def is_headquarters(self) -> bool:
        return self.kind == self.Kind.HEADQUARTERS


class Department(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="departments", verbose_name=_("office")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    phone = PhoneNumberField(_("telephone"), blank=True)
    fax = PhoneNumberField(_("fax"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["office", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="department_unique_code")
        ]

    def __str__(self):
        return self.name


class Division(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("office")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="divisions",
        verbose_name=_("department"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["office", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="division_unique_code")
        ]

    def __str__(self):
        return self.name


class OfficeMembershipQuerySet(models.QuerySet):
    def office_of(self, user):
        membership = self.filter(user=user).select_related("office").first()
        return membership.office if membership else None


class OfficeMembership(models.Model):
    """Makes a user a member of exactly one office's staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="office_membership",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("office")
    )

    objects = OfficeMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office membership")
        verbose_name_plural = _("office memberships")

    def __str__(self):
        return f"{self.user} – {self.office}"

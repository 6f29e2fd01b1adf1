"""People who use RedPaz, the organisations they work for, and what each may see and do."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from redpaz.accounts.roles import Role


class User(AbstractUser):
    """A person with a login. What they may do comes from their memberships."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """A municipal secretariat, a national agency, an NGO, a cooperation agency..."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Local or regional government")
        AGENCY = "agency", _("National agency, police or justice")
        NGO = "ngo", _("Civil-society organisation")
        COMMUNITY = "community", _("Community organisation")
        COOPERATION = "cooperation", _("Cooperation agency or donor")
        ACADEMIC = "academic", _("University or research centre")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("home municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        limit_choices_to={"level": "municipality"},
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A user's role in an organisation, over the territories they are responsible for.

    ``all_territories`` gives national scope (a national analyst, an administrator). Otherwise the
    scope is the listed territories: a municipality covers all its zones, a zone covers itself and
    the zones inside it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    all_territories = models.BooleanField(_("all territories"), default=False)
    territories = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("territories of responsibility"),
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

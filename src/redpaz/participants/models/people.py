"""People registered by the strategy's programmes, their consent and their requests.

Identity fields (document number, names, contact, a guardian's name) are encrypted together in
``identity_token`` (see crypto.py); ``document_hash`` (HMAC of the normalised document number)
finds the same document again without storing it; ``code`` is the pseudonymous code shown
wherever a name is not needed.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redpaz.participants.crypto import Identity, unseal

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read aloud and type.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code() -> str:
    """'P-' and 8 random characters (40 bits): collisions are refused by the unique index."""
    number = int.from_bytes(secrets.token_bytes(5), "big")
    return "P-" + "".join(_CODE_ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))


class Person(models.Model):
    class DocumentType(models.TextChoices):
        CC = "CC", _("Citizenship card (CC)")
        TI = "TI", _("Identity card (TI)")
        RC = "RC", _("Civil registry (RC)")
        CE = "CE", _("Foreigner's card (CE)")
        PPT = "PPT", _("Temporary protection permit (PPT)")
        PA = "PA", _("Passport")
        NONE = "", _("No document")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        INTERSEX = "intersex", _("Intersex")
        UNKNOWN = "", _("Not recorded")

    class Ethnicity(models.TextChoices):
        INDIGENOUS = "indigena", _("Indigenous")
        ROM = "rom", _("Rom (gitano)")
        RAIZAL = "raizal", _("Raizal")
        PALENQUERO = "palenquero", _("Palenquero")
        BLACK = "negro", _("Black, Afro-Colombian")
        NONE = "ninguno", _("None")
        UNKNOWN = "", _("Not recorded")

    code = models.CharField(_("pseudonymous code"), max_length=12, unique=True, default=new_code)
    document_type = models.CharField(
        _("document type"), max_length=3, choices=DocumentType.choices, blank=True
    )
    document_hash = models.CharField(_("document hash"), max_length=64, blank=True, editable=False)
    identity_token = models.TextField(_("encrypted identity"), blank=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(_("gender identity"), max_length=60, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=12, choices=Ethnicity.choices, blank=True
    )
    disability = models.BooleanField(_("has a disability"), default=False)
    victim_of_conflict = models.BooleanField(_("victim of the armed conflict"), default=False)
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality of residence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed",
    )
    # Set when a deletion request was fulfilled: identity gone, the anonymous record stays.
    erased_at = models.DateTimeField(_("identity erased at"), null=True, blank=True)
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["code"]
        constraints = [
            # One living record per document: imports and forms reuse it (exact matching).
            models.UniqueConstraint(
                fields=["document_hash"],
                condition=models.Q(merged_into__isnull=True) & ~models.Q(document_hash=""),
                name="person_document_unique",
            ),
        ]
        indexes = [
            # Duplicate detection blocks on the date of birth.
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("participants:person", args=[self.code])

    @property
    def identity(self) -> Identity:
        """The decrypted identity (cached on the instance); views log every reveal."""
        cached = self.__dict__.get("_identity")
        if cached is None:
            cached = unseal(self.identity_token)
            self.__dict__["_identity"] = cached
        return cached

    def age_on(self, day: object) -> int | None:
        from datetime import date

        if self.birth_date is None or not isinstance(day, date):
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class Consent(models.Model):
    """An authorisation to process a person's data (Ley 1581 de 2012, Decreto 1377 de 2013)."""

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Prior, express and informed authorisation")
        LEGAL_DUTY = "legal_duty", _("Legal or contractual duty")
        PUBLIC_FUNCTION = "public_function", _("Exercise of public functions")

    class Form(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        DIGITAL = "digital", _("Digital (form or message)")
        VERBAL = "verbal", _("Verbal, recorded")
        CONDUCT = "conduct", _("Unequivocal conduct")

    class GivenBy(models.TextChoices):
        SELF = "self", _("The person")
        GUARDIAN = "guardian", _("Parent or legal guardian")

    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="consents"
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    purpose = models.TextField(_("purpose"))
    given_on = models.DateField(_("date of the authorisation"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.WRITTEN)
    given_by = models.CharField(
        _("given by"), max_length=10, choices=GivenBy.choices, default=GivenBy.SELF
    )
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.TextField(_("how it was withdrawn"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        ordering = ["person", "-given_on", "-id"]
        indexes = [
            # "Does this person hold a valid authorisation today?" filters every list.
            models.Index(fields=["person", "withdrawn_on", "expires_on"], name="consent_valid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_legal_basis_display()} · {self.given_on}"


class DataRequest(models.Model):
    """A data subject's request (access, correction, deletion) and how it was fulfilled."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to their data")
        CORRECTION = "correction", _("Correction")
        DELETION = "deletion", _("Deletion")
        WITHDRAWAL = "withdrawal", _("Withdrawal of the authorisation")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")
        REJECTED = "rejected", _("Rejected with reasons")

    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="requests"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    # Ley 1581: ten working days for access, fifteen for corrections and deletions.
    due_on = models.DateField(_("answer due by"))
    details = models.TextField(_("what was asked"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer and what was done"), blank=True)
    fulfilled_on = models.DateField(_("answered on"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.received_on}"


class DuplicateCandidate(models.Model):
    """A pair of records that may be the same person, waiting for a person to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Different people")

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("similarity"), max_digits=4, decimal_places=1)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        ordering = ["status", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second} ({self.score})"


class Merge(models.Model):
    """Two records found to be one person: what moved from the absorbed record to the kept one.

    The absorbed record stays (``merged_into`` points to the kept one) with its identity, so the
    history of both is kept and a wrong merge can be understood."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    moved = models.JSONField(_("records moved"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.absorbed} → {self.kept}"

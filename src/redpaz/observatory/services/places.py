"""Find the municipality or zone an imported row names, from the territory tables.

Codes come first (DIVIPOLA); names go through ``ingest.names.NameIndex`` with every alternative
name recorded for the territory, including those an analyst confirmed in the review queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from redpaz.imports.models import ImportBatch
from redpaz.imports.services import batch_changed
from redpaz.ingest.names import NameIndex, NameMatch, loose_key
from redpaz.ingest.text import normalize_name
from redpaz.observatory.models import EventRecord, PlaceReview, place_key
from redpaz.observatory.services.common import require_import
from redpaz.territory.models import Level, Territory, TerritoryAlias
from redpaz.territory.services import alias_add


class MunicipalityResolver:
    """Municipality ids by DIVIPOLA code, or by department and municipality name."""

    def __init__(self) -> None:
        rows = list(
            Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
                "pk", "code", "name", "department_code"
            )
        )
        self.by_code = {code: pk for pk, code, _name, _dept in rows}
        self.code_of = {pk: code for pk, code, _name, _dept in rows}
        self.name_of = {pk: name for pk, _code, name, _dept in rows}
        self._department_of = {pk: dept for pk, _code, _name, dept in rows}
        aliases: dict[int, list[str]] = {}
        for pk, normalized in TerritoryAlias.objects.filter(
            territory__level__in=[Level.MUNICIPALITY, Level.DEPARTMENT],
            territory__boundary_set=None,
        ).values_list("territory_id", "normalized"):
            aliases.setdefault(pk, []).append(normalized)
        self._aliases = aliases
        departments = list(
            Territory.objects.filter(level=Level.DEPARTMENT, boundary_set=None).values_list(
                "pk", "code", "name"
            )
        )
        self._department_code = {pk: code for pk, code, _name in departments}
        self.departments = NameIndex(
            [(pk, name) for pk, _code, name in departments],
            [(pk, a) for pk, _c, _n in departments for a in aliases.get(pk, [])],
            allow_subset=True,
        )
        self._by_department: dict[str, NameIndex] = {}
        self.national = NameIndex(
            [(pk, name) for pk, _code, name, _dept in rows],
            [(pk, a) for pk, *_rest in rows for a in aliases.get(pk, [])],
        )

    def _index(self, department_code: str) -> NameIndex:
        if department_code not in self._by_department:
            members = [pk for pk, dept in self._department_of.items() if dept == department_code]
            self._by_department[department_code] = NameIndex(
                [(pk, self.name_of[pk]) for pk in members],
                [(pk, a) for pk in members for a in self._aliases.get(pk, [])],
                allow_subset=True,
            )
        return self._by_department[department_code]

    def by_name(self, department: str, municipality: str) -> NameMatch:
        """Match a municipality within its department, else (exactly) in the whole country.

        The Policía files Bogotá under CUNDINAMARCA, hence the national fallback; it only
        accepts an exact name that no other municipality shares, and only when nothing in the
        named department resembles the name ("SAN PEDRO" in Antioquia is not Sucre's).
        """
        found = self.departments.match(department)
        local = NameMatch(None, "none", 0.0, found.suggestions)
        if found.id is not None:
            local = self._index(self._department_code[found.id]).match(municipality)
            if local.id is not None or local.suggestions:
                return local
        national = self.national.match(municipality)
        if national.id is not None and national.method in {"exact", "alias", "variant"}:
            return national
        return local

    def name_agrees(self, pk: int, name: str) -> bool:
        """Whether a printed name plausibly names the municipality with this id."""
        given = normalize_name(name)
        if not given:
            return True
        official = normalize_name(self.name_of[pk])
        if given == official or given in self._aliases.get(pk, []):
            return True
        a, b = loose_key(given), loose_key(official)
        return a.replace(" ", "") == b.replace(" ", "") or fuzz.token_set_ratio(a, b) >= 85

    def label(self, pk: int) -> str:
        return f"{self.name_of[pk]} ({self.code_of[pk]})"


def zone_index(municipality: Territory, level: str) -> NameIndex:
    """The current zones of one level of a municipality, by code, name and alternative names."""
    zones = list(
        Territory.objects.filter(
            boundary_set__municipality=municipality,
            boundary_set__valid_to__isnull=True,
            level=level,
        ).values_list("pk", "code", "name")
    )
    aliases = TerritoryAlias.objects.filter(territory_id__in=[z[0] for z in zones]).values_list(
        "territory_id", "normalized"
    )
    codes: dict[str, int] = {}
    for pk, code, _name in zones:
        codes[code] = pk
        if code.isdigit():
            codes.setdefault(str(int(code)), pk)
    return NameIndex(
        [(pk, name) for pk, _code, name in zones],
        list(aliases),
        codes=codes,
        comuna_codes=level == Level.COMUNA,
    )


def reviews_record(
    *,
    municipality: Territory,
    level: str,
    names: dict[str, tuple[str, NameMatch]],
    batch: Any,
) -> set[str]:
    """Queue uncertain names for review; return the normalised names analysts rejected before.

    ``names`` maps each normalised name to (the name as first seen, its match).
    """
    if not names:
        return set()
    existing = {
        r.normalized: r
        for r in PlaceReview.objects.filter(
            municipality=municipality, level=level, normalized__in=list(names)
        )
    }
    rejected = {n for n, r in existing.items() if r.status == PlaceReview.Status.REJECTED}
    new = []
    for normalized, (raw, match) in names.items():
        suggestions = [
            {"id": pk, "name": name, "score": score} for pk, name, score in match.suggestions
        ]
        review = existing.get(normalized)
        if review is None:
            new.append(
                PlaceReview(
                    municipality=municipality,
                    level=level,
                    name=raw[:200],
                    normalized=normalized[:200],
                    suggestions=suggestions,
                    batch=batch,
                )
            )
        elif review.status == PlaceReview.Status.CONFIRMED:
            # Its alternative name was removed since: ask again.
            review.status = PlaceReview.Status.PENDING
            review.suggestions = suggestions
            review.save(update_fields=["status", "suggestions"])
    PlaceReview.objects.bulk_create(new, batch_size=500)
    return rejected


def waiting_records(reviews: Iterable[PlaceReview]) -> dict[int, tuple[int, int]]:
    """(records, victims) waiting for each review, by review id."""
    items = list(reviews)
    if not items:
        return {}
    keys = {(r.municipality_id, r.place_key): r.pk for r in items}
    rows = (
        EventRecord.objects.filter(
            municipality_id__in={r.municipality_id for r in items},
            place_key__in={r.place_key for r in items},
            zone__isnull=True,
        )
        .values("municipality_id", "place_key")
        .annotate(records=Count("id"), victims=Sum("count"))
        .order_by()
    )
    found = {
        keys[(row["municipality_id"], row["place_key"])]: (row["records"], row["victims"] or 0)
        for row in rows
        if (row["municipality_id"], row["place_key"]) in keys
    }
    return {r.pk: found.get(r.pk, (0, 0)) for r in items}


@transaction.atomic
def review_confirm(*, review: PlaceReview, zone: Territory, user: Any) -> int:
    """Confirm that a name means a zone: remember it and place the records waiting for it."""
    require_import(user, review.municipality)
    if (
        zone.municipality_code != review.municipality.code
        or zone.level != review.level
        or zone.boundary_set_id is None
    ):
        raise ValidationError(_("Choose a zone of the same municipality and level."))
    alias_add(territory=zone, name=review.name, user=user, source=TerritoryAlias.Source.REVIEW)
    waiting = EventRecord.objects.filter(
        municipality=review.municipality, place_key=review.place_key, zone__isnull=True
    )
    batches = set(waiting.values_list("batch_id", flat=True).distinct())
    placed = waiting.update(zone=zone, place_key="")
    for batch in ImportBatch.objects.filter(pk__in=batches):
        batch_changed(batch=batch)  # zone figures computed from these records change
    review.status = PlaceReview.Status.CONFIRMED
    review.zone = zone
    review.decided_by = user if getattr(user, "is_authenticated", False) else None
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "zone", "decided_by", "decided_at"])
    return placed


@transaction.atomic
def review_reject(*, review: PlaceReview, user: Any) -> int:
    """Record that a name is not a zone of the municipality; its records stay unplaced."""
    require_import(user, review.municipality)
    released = EventRecord.objects.filter(
        municipality=review.municipality, place_key=review.place_key, zone__isnull=True
    ).update(place_key="")
    review.status = PlaceReview.Status.REJECTED
    review.zone = None
    review.decided_by = user if getattr(user, "is_authenticated", False) else None
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "zone", "decided_by", "decided_at"])
    return released


__all__ = [
    "MunicipalityResolver",
    "place_key",
    "review_confirm",
    "review_reject",
    "reviews_record",
    "waiting_records",
    "zone_index",
]

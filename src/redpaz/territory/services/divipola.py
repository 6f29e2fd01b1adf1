"""Colombia, its departments and municipalities, created from whatever file names them first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from redpaz.ingest.text import normalize_name
from redpaz.territory.models import COUNTRY_CODE, Level, Territory, TerritoryAlias


@dataclass(frozen=True)
class DivipolaName:
    code: str  # 2-digit department or 5-digit municipality code
    name: str
    department_name: str = ""


def country_get_or_create() -> Territory:
    country, _created = Territory.objects.get_or_create(
        level=Level.COUNTRY,
        code=COUNTRY_CODE,
        boundary_set=None,
        defaults={"name": "Colombia"},
    )
    return country


def divipola_ensure(entries: Iterable[DivipolaName]) -> dict[str, Territory]:
    """Create the departments and municipalities that do not exist yet; return all, by code.

    Existing names are never overwritten (a person may have corrected them); a different spelling
    in the file becomes an alternative name for matching.
    """
    entries = list(entries)
    country = country_get_or_create()
    existing = {
        t.code: t
        for t in Territory.objects.filter(
            level__in=[Level.DEPARTMENT, Level.MUNICIPALITY], boundary_set=None
        )
    }
    by_code: dict[str, Territory] = {}
    aliases: list[TerritoryAlias] = []
    existing_aliases = set(
        TerritoryAlias.objects.filter(
            territory__level__in=[Level.DEPARTMENT, Level.MUNICIPALITY]
        ).values_list("territory_id", "normalized")
    )

    def alias_if_new(territory: Territory, name: str) -> None:
        normalized = normalize_name(name)
        if (
            normalized
            and normalized != normalize_name(territory.name)
            and (territory.pk, normalized) not in existing_aliases
        ):
            existing_aliases.add((territory.pk, normalized))
            aliases.append(
                TerritoryAlias(
                    territory=territory,
                    name=name,
                    normalized=normalized,
                    source=TerritoryAlias.Source.IMPORT,
                )
            )

    departments = {e.code[:2]: e.department_name or e.name for e in entries if len(e.code) == 2}
    for entry in entries:
        if len(entry.code) == 5:
            departments.setdefault(entry.code[:2], entry.department_name or entry.code[:2])
    for code, name in sorted(departments.items()):
        department = existing.get(code)
        if department is None or department.level != Level.DEPARTMENT:
            department = Territory.objects.create(
                level=Level.DEPARTMENT,
                code=code,
                name=name,
                parent=country,
                department_code=code,
            )
            existing[code] = department
        elif department.name == code and name != code:
            # A department first seen through one of its municipalities was named by its code.
            department.name = name
            department.save(update_fields=["name", "updated_at"])
        elif name and name != code:
            alias_if_new(department, name)
        by_code[code] = department

    for entry in entries:
        if len(entry.code) != 5:
            continue
        municipality = existing.get(entry.code)
        if municipality is None:
            municipality = Territory.objects.create(
                level=Level.MUNICIPALITY,
                code=entry.code,
                name=entry.name or entry.code,
                parent=by_code[entry.code[:2]],
                municipality_code=entry.code,
                department_code=entry.code[:2],
            )
            existing[entry.code] = municipality
        elif entry.name:
            alias_if_new(municipality, entry.name)
        by_code[entry.code] = municipality
    TerritoryAlias.objects.bulk_create(aliases)
    return by_code

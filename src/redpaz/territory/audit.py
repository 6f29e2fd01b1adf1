"""Audit trail registrations for territory reference data edited by people.

Rows written in bulk by importers (boundaries, population figures) are traced by their import
batch instead; logging each of thousands of rows would add nothing a batch does not say.
"""

from auditlog.registry import auditlog


def register() -> None:
    from redpaz.territory.models import BoundarySet, Territory, TerritoryAlias

    auditlog.register(
        Territory,
        exclude_fields=["geometry", "display_geojson", "updated_at"],
    )
    auditlog.register(TerritoryAlias)
    auditlog.register(BoundarySet)

"""Writes to territory data. Import and re-export here so callers use one module."""

from redpaz.territory.services.boundaries import boundaries_import
from redpaz.territory.services.divipola import country_get_or_create, divipola_ensure
from redpaz.territory.services.edits import alias_add, alias_delete, territory_rename
from redpaz.territory.services.population import population_import

__all__ = [
    "alias_add",
    "alias_delete",
    "boundaries_import",
    "country_get_or_create",
    "divipola_ensure",
    "population_import",
    "territory_rename",
]

"""Django-free readers and validators that turn outside files into checked, plain records.

Every reader either returns complete, validated data or raises ``IngestError`` naming the file,
row and field of each problem; nothing here touches the database.
"""

from redpaz.ingest.errors import IngestError, Problem

__all__ = ["IngestError", "Problem"]

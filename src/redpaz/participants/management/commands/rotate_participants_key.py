from __future__ import annotations

from typing import Any

from redpaz.participants.keys import rotate
from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = (
        "Re-encrypt participants' identities and recompute their document hashes with the first "
        "secret of REDPAZ_PARTICIPANTS_KEY (the others must still decrypt the old records)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rotate()
        self.stdout.write(f"{count} participant records re-encrypted with the current key.")

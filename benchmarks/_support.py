"""What the database-backed benchmarks share: a throwaway RedPaz home and a median timer.

Run a benchmark as a script (``python benchmarks/NAME.py``): this folder is then first on
``sys.path``, so ``import _support`` finds this module.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def setup_django(home: Path) -> None:
    """Point RedPaz at ``home`` (SQLite there unless DATABASE_URL is set) and migrate."""
    os.environ["REDPAZ_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redpaz.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(function: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls in milliseconds, after one warm-up call."""
    function()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)

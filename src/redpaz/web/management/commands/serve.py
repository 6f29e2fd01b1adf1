from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = "Serve the RedPaz web application (production WSGI server, static files included)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor
        from waitress import serve

        from redpaz.web.wsgi import application

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "the database schema is not up to date: run `redpaz migrate` "
                "(or `redpaz demo --no-serve` for the embedded demo)"
            )
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"RedPaz is serving at {url} (Ctrl+C to stop)")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="RedPaz",
        )

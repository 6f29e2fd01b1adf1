from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command

from redpaz.web import demo
from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = (
        "Set up the embedded default (SQLite under REDPAZ_HOME) with the bundled real data and "
        "synthetic demo accounts, then serve it. Safe to run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="stop after setting up")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        database = settings.DATABASES["default"]
        self.stdout.write(f"RedPaz demo · data directory {settings.REDPAZ_HOME}")
        self.stdout.write(f"· database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("· database schema up to date")
        with self.progress() as progress:
            demo.run_demo_setup(progress, self.stdout.write)
        accounts = demo.ensure_demo_users()
        password = demo.demo_password()
        self.stdout.write(f"· ready in {time.monotonic() - started:.1f} s")
        self.stdout.write("")
        self.stdout.write("Demo accounts (synthetic people), all with the same password:")
        for username, role in accounts:
            self.stdout.write(f"    {username:<20} {role}")
        self.stdout.write(f"  password: {password}")
        if options["no_serve"]:
            return
        call_command("serve", host=options["host"], port=options["port"])

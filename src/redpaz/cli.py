"""The ``redpaz`` command: Django management commands behind one entry point.

``redpaz import KIND FILE ...`` runs the ``import_KIND`` command; every other word is a management
command (``redpaz demo``, ``redpaz serve``, ``redpaz rates``, ``redpaz migrate``...).
"""

from __future__ import annotations

import os
import sys

USAGE = """usage: redpaz COMMAND [options]

  demo [--no-serve]             set up the embedded default with the bundled data and serve it
  serve [--host H --port P]     run the web app
  import KIND FILE ...          import data; KIND is one of: {kinds}
  migrate, createsuperuser, ... any Django management command

Run `redpaz COMMAND --help` for the options of a command.
The data directory is REDPAZ_HOME (default ./redpaz-data); DATABASE_URL overrides SQLite.
"""


def _import_kinds() -> list[str]:
    from django.core.management import get_commands

    return sorted(name[len("import_") :] for name in get_commands() if name.startswith("import_"))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redpaz.web.settings")
    import django

    django.setup()
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE.format(kinds=", ".join(_import_kinds())))
        return
    if args[0] in {"--version", "version"}:
        from redpaz import __version__

        sys.stdout.write(f"redpaz {__version__}\n")
        return
    if args[0] == "import":
        kinds = _import_kinds()
        if len(args) < 2 or args[1] not in kinds:
            given = args[1] if len(args) > 1 else ""
            sys.stderr.write(
                f"redpaz import: unknown kind {given!r}; use one of: {', '.join(kinds)}\n"
            )
            sys.exit(2)
        args = [f"import_{args[1]}", *args[2:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["redpaz", *args])


if __name__ == "__main__":
    main()

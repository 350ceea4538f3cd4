"""The ``skutan`` console command: every Django management command plus Skutan's own.

The settings default to production (safe: it refuses to start without its secrets). ``skutan demo`` is the
one exception: it always means the local demo, so it selects the local settings unless told otherwise.
Developers set ``DJANGO_SETTINGS_MODULE=skutan.settings.local`` for everything else.
"""

import os
import sys

LOCAL_COMMANDS = {"demo"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    default = "skutan.settings.local" if args[:1] and args[0] in LOCAL_COMMANDS else "skutan.settings.production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["skutan", *args])


if __name__ == "__main__":
    main()

"""Runs one figure module in its own process: ``python -m bench.runner MODULE CONTEXT.json OUT.json``.

Each module gets a fresh interpreter, so each may configure Django as it needs. A module says how with
``DJANGO``:

- ``"production"``: the production settings against the bench database of the chosen scale (bench/data.py),
  with the static files collected;
- ``"own"``: the module sets Django up itself (e.g. a fresh database of its own, see world.setup);
- ``None``: no Django (pure Python, e.g. norm).

A module has ``figures(ctx: dict) -> list[Figure]``; ctx holds scale, database_url, sizes, runs, duration,
rate, var_dir, secret_key and the command line's options.
"""

import importlib
import json
import os
import sys
import traceback
from pathlib import Path


def setup_production(ctx: dict) -> None:
    from bench.server import production_env

    env = production_env(ctx["database_url"], Path(ctx["var_dir"]), ctx["secret_key"])
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO_", "DATABASE_", "SKUTAN_"))})
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django
    from django.core.management import call_command

    django.setup()
    # The production static storage (whitenoise's manifest) needs collectstatic before any page renders, in
    # the process as in gunicorn.
    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str]) -> int:
    name, context_file, out_file = argv
    ctx = json.loads(Path(context_file).read_text(encoding="utf-8"))
    module = importlib.import_module(name)
    if getattr(module, "DJANGO", None) == "production":
        setup_production(ctx)
    try:
        figures = [f.as_dict() for f in module.figures(ctx)]
        error = None
    except Exception as exc:  # noqa: BLE001 — one module's failure is reported, the others still run
        traceback.print_exc()
        figures, error = [], f"{type(exc).__name__}: {exc}"
    Path(out_file).write_text(json.dumps({"figures": figures, "error": error}, ensure_ascii=False, default=str),
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

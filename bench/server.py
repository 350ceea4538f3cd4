"""gunicorn with the production settings on loopback, and the CPU time its processes use.

skutan/settings/production.py refuses to start without a secret key, allowed hosts and DATABASE_URL; here
they are set for loopback. Two production switches are turned off, as its docstring allows: the HTTPS
redirect (there is no TLS proxy on loopback: SKUTAN_SSL_REDIRECT=0) and the TOTP step for password logins
(SKUTAN_REQUIRE_2FA=0, as when everyone logs in through the identity provider; the bench logs in with a
session made directly). Everything else (DEBUG off, whitenoise's manifest storage, the middleware) is
production's.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.data import REPO

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def production_env(database_url: str, var_dir: Path, secret_key: str | None = None) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skutan.settings.production",
        "DATABASE_URL": database_url,
        "SKUTAN_SECRET_KEY": secret_key or secrets.token_urlsafe(64),
        "SKUTAN_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SKUTAN_SSL_REDIRECT": "0",
        "SKUTAN_REQUIRE_2FA": "0",
        "SKUTAN_VAR_DIR": str(var_dir),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of one process (Linux /proc), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


class Gunicorn:
    """``with Gunicorn(env, workers=2) as server: server.port, server.worker_cpu()``."""

    def __init__(self, env: dict, *, workers: int = 2):
        self.env, self.workers, self.port = env, workers, free_port()
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "skutan.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(self.workers), "--worker-class", "sync", "--timeout", "120", "--backlog", "2048",
             "--log-level", "warning"],
            env=self.env, cwd=REPO,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/konto/logga-in/", timeout=5)
                if len(self.worker_pids()) >= self.workers:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn avslutades när den startade")
            time.sleep(0.3)
        raise RuntimeError("gunicorn svarade inte inom 60 s")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def worker_cpu(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.worker_pids())

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

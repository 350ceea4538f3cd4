"""Start the test identity provider (tests/oidc_provider) as a separate process on a free loopback port.

An RSA key is generated for this run with ``cryptography``; the provider's users and Skutan's client
registration are created through its own management shell, as an administrator of a real provider would.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

TESTS_DIR = Path(__file__).resolve().parent.parent
CLIENT_ID = "skutan-test"
CLIENT_SECRET = "test-secret-" + "s" * 30
OP_PASSWORD = "Kommun-losen-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rsa_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class Provider:
    def __init__(self, base_url: str, env: dict):
        self.base_url = base_url
        self.env = env

    def manage(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "django", *args], env=self.env, input=stdin, capture_output=True,
            text=True, timeout=120, check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def add_users(self, *users: tuple[str, str, str, str]) -> None:
        """(username, email, first_name, last_name), all with OP_PASSWORD."""
        self.shell("from django.contrib.auth.models import User\n" + "\n".join(
            f"User.objects.create_user({u!r}, email={e!r}, password={OP_PASSWORD!r}, first_name={f!r},"
            f" last_name={last!r})" for u, e, f, last in users
        ))

    def register_client(self, redirect_uri: str, post_logout_redirect_uri: str = "") -> None:
        self.shell(
            "from oauth2_provider.models import Application;"
            f"Application.objects.filter(client_id={CLIENT_ID!r}).delete();"
            f"Application.objects.create(name='Skutan', client_id={CLIENT_ID!r}, client_secret={CLIENT_SECRET!r},"
            " client_type='confidential', authorization_grant_type='authorization-code',"
            f" redirect_uris={redirect_uri!r}, post_logout_redirect_uris={post_logout_redirect_uri!r},"
            " skip_authorization=True, algorithm='RS256')"
        )

    def skutan_settings(self) -> dict:
        """What a municipality puts in SKUTAN_OIDC_* (skutan/settings/base.py), from the discovery document."""
        discovery = requests.get(f"{self.base_url}/o/.well-known/openid-configuration", timeout=10).json()
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": discovery["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": discovery["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": discovery["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": discovery["jwks_uri"],
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid email profile",
            "SKUTAN_OIDC_END_SESSION_ENDPOINT": discovery.get("end_session_endpoint", ""),
        }


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS_DIR), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "oidc_provider.settings",
        "OP_DB": str(tmp_path_factory.mktemp("oidc-provider") / "op.sqlite3"),
        "OP_RSA_PRIVATE_KEY": _rsa_pem(),
        "OP_ISSUER": f"{base_url}/o",
    }
    env.pop("DATABASE_URL", None)
    provider = Provider(base_url, env)
    provider.manage("migrate", "--noinput", "-v", "0")
    provider.add_users(("eva.kommun", "Eva.Berg@filipstad.example", "Eva", "Berg"),
                       ("okand.kommun", "okand@filipstad.example", "Olle", "Okänd"))
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"Identitetsleverantören startade inte: {process.stderr.read()}")
            try:
                if requests.get(f"{base_url}/o/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("Identitetsleverantören svarade inte.")
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)

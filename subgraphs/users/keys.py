"""Token signing: the RS256 key pair, the JWKS every verifier reads, and issuing tokens.

Production reads the private key from JWT_PRIVATE_KEY and refuses to start without it;
development generates one under DATA_DIR on first start and keeps it, so tokens survive a
restart. Old public keys stay published while tokens they signed may be alive: those in
JWT_RETIRED_PUBLIC_KEYS (PEM), and those `rotate` retired into `DATA_DIR/jwt-retired.json`
(`[{"public_key": PEM, "retired_at": ISO 8601}]`, each dropped JWT_TTL_SECONDS after its
retirement). A running users subgraph notices a rotation of the files within a second and signs
with the new key from then on: no restart.
"""

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from joserfc import jwt
from joserfc.jwk import RSAKey

from subgraphs.kit import Settings, private_file
from subgraphs.users.settings import UsersSettings

PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)
PRIVATE_FILE = "jwt-private.pem"
RETIRED_FILE = "jwt-retired.json"
CHECK_SECONDS = 1.0


class SigningKeys:
    def __init__(self, settings: UsersSettings) -> None:
        self._settings = settings
        self._checked = float("-inf")
        self._seen: tuple[int, ...] | None = None
        self._load()

    def _files(self) -> tuple[Path, Path]:
        data = Path(self._settings.DATA_DIR)
        return data / PRIVATE_FILE, data / RETIRED_FILE

    def _stamp(self) -> tuple[int, ...]:
        return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in self._files())

    def _load(self) -> None:
        self._seen = self._stamp()
        self._key = _private_key(self._settings)
        retired = [
            RSAKey.import_key(pem)
            for pem in PEM_BLOCK.findall(self._settings.JWT_RETIRED_PUBLIC_KEYS)
        ]
        retired += [RSAKey.import_key(entry.public_key) for entry in live_retired(self._settings)]
        self._jwks = {"keys": [_public(key) for key in (self._key, *retired)]}

    def _current(self) -> None:
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS:
            return
        self._checked = now
        if self._stamp() != self._seen or any(
            e.expires_at <= datetime.now(UTC) for e in _read_retired(self._settings)
        ):
            self._load()

    @property
    def kid(self) -> str:
        self._current()
        return str(self._key.thumbprint())

    def jwks(self) -> dict[str, Any]:
        self._current()
        return self._jwks

    def issue(self, user_id: UUID) -> str:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "iss": self._settings.JWT_ISSUER,
            "aud": self._settings.JWT_AUDIENCE,
            "iat": now,
            "exp": now + self._settings.JWT_TTL_SECONDS,
        }
        kid = self.kid
        return jwt.encode({"alg": "RS256", "kid": kid}, claims, self._key)


@dataclass(frozen=True)
class Retired:
    public_key: str
    retired_at: datetime
    ttl_seconds: int

    @property
    def expires_at(self) -> datetime:
        return self.retired_at + timedelta(seconds=self.ttl_seconds)


def _read_retired(settings: Settings) -> list[Retired]:
    path = Path(settings.DATA_DIR) / RETIRED_FILE
    if not path.exists():
        return []
    entries = json.loads(path.read_text() or "[]")
    return [
        Retired(e["public_key"], datetime.fromisoformat(e["retired_at"]), settings.JWT_TTL_SECONDS)
        for e in entries
    ]


def live_retired(settings: Settings) -> list[Retired]:
    """Retired keys whose tokens may still be alive (retired less than JWT_TTL_SECONDS ago)."""
    now = datetime.now(UTC)
    return [entry for entry in _read_retired(settings) if entry.expires_at > now]


@dataclass(frozen=True)
class Rotation:
    new_kid: str
    retired_kid: str
    retired_until: datetime
    # Set when the key comes from JWT_PRIVATE_KEY: what to put in the environment instead.
    private_key_pem: str | None = None
    retired_public_key_pem: str | None = None


def rotate(settings: UsersSettings) -> Rotation:
    """A new signing key; the old one's public key stays in the JWKS for JWT_TTL_SECONDS.

    Keys kept under DATA_DIR (development, the embedded profile) are rotated in place: the
    running users subgraph picks them up within a second. A key from JWT_PRIVATE_KEY cannot be
    changed from here: the answer carries the new private key and the old public key, for the
    operator to set as JWT_PRIVATE_KEY and add to JWT_RETIRED_PUBLIC_KEYS."""
    old = _private_key(settings)
    new = RSAKey.generate_key(2048, private=True)
    now = datetime.now(UTC)
    until = now + timedelta(seconds=settings.JWT_TTL_SECONDS)
    old_public = old.as_pem(private=False).decode()
    if settings.JWT_PRIVATE_KEY is not None:
        return Rotation(
            new.thumbprint(), old.thumbprint(), until,
            private_key_pem=new.as_pem(private=True).decode(), retired_public_key_pem=old_public,
        )  # fmt: skip
    kept = [
        {"public_key": e.public_key, "retired_at": e.retired_at.isoformat()}
        for e in live_retired(settings)
    ]
    kept.append({"public_key": old_public, "retired_at": now.isoformat()})
    private_path, retired_path = (Path(settings.DATA_DIR) / n for n in (PRIVATE_FILE, RETIRED_FILE))
    _replace(retired_path, json.dumps(kept, indent=2).encode())  # the old key first: never lost
    _replace(private_path, new.as_pem(private=True))
    return Rotation(new.thumbprint(), old.thumbprint(), until)


def _replace(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all (0600)."""
    temporary = private_file(path.with_name(f".{path.name}.{os.getpid()}"))
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _public(key: RSAKey) -> dict[str, Any]:
    return {**key.as_dict(private=False), "kid": key.thumbprint(), "use": "sig", "alg": "RS256"}


def _private_key(settings: UsersSettings) -> RSAKey:
    if settings.JWT_PRIVATE_KEY is not None:
        return RSAKey.import_key(settings.JWT_PRIVATE_KEY.get_secret_value())
    if settings.ENVIRONMENT == "production":
        raise RuntimeError("JWT_PRIVATE_KEY must be set in production (a PEM RSA private key)")
    path = Path(settings.DATA_DIR) / PRIVATE_FILE
    if not path.exists() or not path.stat().st_size:
        key = RSAKey.generate_key(2048, private=True)
        private_file(path).write_bytes(key.as_pem(private=True))
    return RSAKey.import_key(private_file(path).read_bytes())

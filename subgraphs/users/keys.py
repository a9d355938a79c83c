"""Token signing: the RS256 key pair, the JWKS every verifier reads, and issuing tokens.

Production reads the private key from JWT_PRIVATE_KEY and refuses to start without it;
development generates one under DATA_DIR on first start and keeps it, so tokens
survive a restart. During a rotation, the old public keys stay published through
JWT_RETIRED_PUBLIC_KEYS until the tokens they signed have expired.
"""

import re
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from joserfc import jwt
from joserfc.jwk import RSAKey

from subgraphs.kit import Settings, private_file

PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)


class SigningKeys:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._key = _private_key(settings)
        retired = [
            RSAKey.import_key(pem) for pem in PEM_BLOCK.findall(settings.JWT_RETIRED_PUBLIC_KEYS)
        ]
        self._jwks = {"keys": [_public(key) for key in (self._key, *retired)]}

    @property
    def kid(self) -> str:
        return self._key.thumbprint()

    def jwks(self) -> dict[str, Any]:
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
        return jwt.encode({"alg": "RS256", "kid": self.kid}, claims, self._key)


def _public(key: RSAKey) -> dict[str, Any]:
    return {**key.as_dict(private=False), "kid": key.thumbprint(), "use": "sig", "alg": "RS256"}


def _private_key(settings: Settings) -> RSAKey:
    if settings.JWT_PRIVATE_KEY is not None:
        return RSAKey.import_key(settings.JWT_PRIVATE_KEY.get_secret_value())
    if settings.ENVIRONMENT == "production":
        raise RuntimeError("JWT_PRIVATE_KEY must be set in production (a PEM RSA private key)")
    path = Path(settings.DATA_DIR) / "jwt-private.pem"
    if not path.exists() or not path.stat().st_size:
        key = RSAKey.generate_key(2048, private=True)
        private_file(path).write_bytes(key.as_pem(private=True))
    return RSAKey.import_key(private_file(path).read_bytes())

"""The local backend's signed URLs: HMAC-SHA256 over what a URL allows, with its expiry.

The key comes from FILES_SIGNING_SECRET; production refuses to start the local backend
without it; development generates one under DATA_DIR on first start and keeps it (like the
JWT key), so URLs handed out survive a restart.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from subgraphs.kit import Settings

SECRET_FILE = "files-signing.key"


class Signer:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("FILES_SIGNING_SECRET must be at least 32 bytes")
        self._secret = secret

    def sign(self, *parts: str) -> str:
        message = "\n".join(parts).encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def verify(self, signature: str, *parts: str) -> bool:
        return hmac.compare_digest(signature.encode(), self.sign(*parts).encode())


def signing_secret(settings: Settings) -> bytes:
    if settings.FILES_SIGNING_SECRET is not None:
        return settings.FILES_SIGNING_SECRET.get_secret_value().encode()
    if settings.ENVIRONMENT == "production":
        raise RuntimeError(
            "FILES_SIGNING_SECRET must be set in production when files are kept on local disk"
        )
    path = Path(settings.DATA_DIR) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = path.with_name(f".{SECRET_FILE}.{os.getpid()}")
        made.touch(mode=0o600)
        made.write_text(secrets.token_urlsafe(48))
        try:  # a link is made whole or not at all: two processes starting at once agree
            os.link(made, path)
        except FileExistsError:
            pass
        finally:
            made.unlink()
    return path.read_bytes().strip()

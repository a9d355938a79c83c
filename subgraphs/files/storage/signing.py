"""The local backend's signed URLs: HMAC-SHA256 over what a URL allows, with its expiry.

The key comes from FILES_SIGNING_SECRET; production refuses to start the local backend
without it; development generates one under DATA_DIR on first start and keeps it (like the
JWT key), so URLs handed out survive a restart.
"""

import hashlib
import hmac

from subgraphs.files.settings import FilesSettings
from subgraphs.kit import development_secret

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


def signing_secret(settings: FilesSettings) -> bytes:
    return development_secret(
        settings, settings.FILES_SIGNING_SECRET, variable="FILES_SIGNING_SECRET", file=SECRET_FILE
    )

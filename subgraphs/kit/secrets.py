"""Secrets a subgraph signs with (URLs, feeds): from the environment, or generated under
DATA_DIR in development and kept there (like the JWT key), so what was handed out survives a
restart. Production refuses to start without the variable."""

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from subgraphs.kit.files import private_file
from subgraphs.kit.settings import Settings

MIN_BYTES = 32


def development_secret(
    settings: Settings, value: SecretStr | None, *, variable: str, file: str
) -> bytes:
    """`value` (the setting named `variable`); unset, a key generated once into
    `DATA_DIR/<file>` (0600) outside production, refused in production. At least 32 bytes."""
    if value is not None:
        secret = value.get_secret_value().encode()
    elif settings.ENVIRONMENT == "production":
        raise RuntimeError(f"{variable} must be set in production")
    else:
        secret = _generated(Path(settings.DATA_DIR) / file)
    if len(secret) < MIN_BYTES:
        raise ValueError(f"{variable} must be at least {MIN_BYTES} bytes")
    return secret


def _generated(path: Path) -> bytes:
    if not path.exists():
        made = private_file(path.with_name(f".{path.name}.{os.getpid()}"))
        made.write_text(secrets.token_urlsafe(48))
        try:  # a link is made whole or not at all: two processes starting at once agree
            os.link(made, path)
        except FileExistsError:
            pass
        finally:
            made.unlink()
    return path.read_bytes().strip()

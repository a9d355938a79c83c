"""DATA_DIR holds e-mail addresses, password hashes and the signing key: only its owner reads it."""

import os
import stat

from subgraphs.kit.files import private_file
from subgraphs.kit.settings import Settings
from subgraphs.users.app import create_app
from tests.clients import GraphQL, asgi_client
from tests.factories import sign_up


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_data_dir_its_stores_and_the_signing_key_are_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    settings = Settings(DATA_DIR=data, DATABASE_URL=f"sqlite+aiosqlite:///{data}/{{subgraph}}.db")
    app = create_app(settings)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        await sign_up(GraphQL(client, "/graphql"))  # writes the store (and its -wal file)
        files = sorted(path.name for path in data.iterdir())
        assert {"users.db", "users.db-wal", "jwt-private.pem"} <= set(files)
        assert {name: mode(data / name) for name in files} == {name: 0o600 for name in files}
    assert mode(data) == 0o700 and mode(data.parent) == 0o700


async def test_files_a_former_version_left_readable_are_narrowed(tmp_path):
    for name in ("users.db", "jwt-private.pem"):
        (tmp_path / name).touch(mode=0o644)
        os.chmod(tmp_path / name, 0o644)
    settings = Settings(
        DATA_DIR=tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/{{subgraph}}.db"
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        pass
    assert mode(tmp_path / "users.db") == 0o600 and mode(tmp_path / "jwt-private.pem") == 0o600
    assert (tmp_path / "jwt-private.pem").read_bytes().startswith(b"-----BEGIN")


def test_an_existing_file_is_narrowed_without_being_opened(tmp_path, monkeypatch):
    """Closing any descriptor of a file drops the POSIX locks the process holds on it (SQLite's):
    a store file another connection has open is only chmod-ed."""
    existing = tmp_path / "users.db"
    existing.write_bytes(b"")
    os.chmod(existing, 0o644)

    def no_open(*args, **kwargs):
        raise AssertionError("an existing file was opened")

    monkeypatch.setattr(os, "open", no_open)
    private_file(existing)
    assert mode(existing) == 0o600

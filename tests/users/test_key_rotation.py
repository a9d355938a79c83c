"""Rotating the JWT signing key (`job-tracker keys rotate`): the running users subgraph signs
with the new key within a second, the old key stays in the JWKS for the token lifetime, and
tokens it signed keep working meanwhile."""

import json
import uuid
from datetime import UTC, datetime, timedelta

from subgraphs.kit import TokenVerifier
from subgraphs.users import keys
from subgraphs.users.keys import SigningKeys
from subgraphs.users.settings import UsersSettings


async def test_rotation_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(keys, "CHECK_SECONDS", 0.0)
    settings = UsersSettings(DATA_DIR=tmp_path, JWT_TTL_SECONDS=600)
    signing = SigningKeys(settings)
    user = "6f1c2b9e-5b0e-4d7e-9a55-3f1f4f0b7a11"
    old_token, old_kid = signing.issue(uuid.UUID(user)), signing.kid
    rotation = keys.rotate(settings)
    assert rotation.retired_kid == old_kid and rotation.private_key_pem is None
    assert signing.kid == rotation.new_kid  # noticed without a restart
    assert [key["kid"] for key in signing.jwks()["keys"]] == [rotation.new_kid, old_kid]

    async def jwks():
        return signing.jwks()

    verifier = TokenVerifier(jwks, issuer=settings.JWT_ISSUER, audience=settings.JWT_AUDIENCE)
    assert await verifier.verify(old_token) == user
    assert await verifier.verify(signing.issue(uuid.UUID(user))) == user

    # Once the token lifetime has passed since the retirement, the old key leaves the JWKS.
    path = tmp_path / keys.RETIRED_FILE
    entries = json.loads(path.read_text())
    entries[0]["retired_at"] = (datetime.now(UTC) - timedelta(seconds=601)).isoformat()
    path.write_text(json.dumps(entries))
    assert [key["kid"] for key in signing.jwks()["keys"]] == [rotation.new_kid]
    again = keys.rotate(settings)  # the expired entry is dropped from the file
    assert len(json.loads(path.read_text())) == 1
    assert [key["kid"] for key in signing.jwks()["keys"]] == [again.new_kid, again.retired_kid]


def test_rotation_with_a_key_from_the_environment(tmp_path):
    from joserfc.jwk import RSAKey

    pem = RSAKey.generate_key(2048, private=True).as_pem(private=True).decode()
    settings = UsersSettings(DATA_DIR=tmp_path, JWT_PRIVATE_KEY=pem)
    rotation = keys.rotate(settings)
    assert rotation.private_key_pem and rotation.private_key_pem.startswith("-----BEGIN")
    assert rotation.retired_public_key_pem and "PUBLIC KEY" in rotation.retired_public_key_pem
    assert not (tmp_path / keys.RETIRED_FILE).exists()  # nothing written: the operator sets it
    later = UsersSettings(DATA_DIR=tmp_path, JWT_PRIVATE_KEY=rotation.private_key_pem,
                          JWT_RETIRED_PUBLIC_KEYS=rotation.retired_public_key_pem)  # fmt: skip
    assert [k["kid"] for k in SigningKeys(later).jwks()["keys"]] == [
        rotation.new_kid, rotation.retired_kid]  # fmt: skip

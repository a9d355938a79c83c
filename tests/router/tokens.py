"""Signed tokens for the router tests: any RSA key, any kid, the router's issuer and audience."""

import time
import uuid

from joserfc import jwt
from joserfc.jwk import RSAKey


def rsa_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


def token(key: RSAKey, kid: str | None = None, **claims: object) -> str:
    now = int(time.time())
    payload = {"iss": "job-tracker", "aud": "job-tracker", "sub": str(uuid.uuid4()), "iat": now}
    payload |= {"exp": now + 600, **claims}
    return jwt.encode({"alg": "RS256", "kid": kid or key.kid}, payload, key)

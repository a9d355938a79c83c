"""Sign-up and log-in: tokens for good credentials, clear codes and nothing written for bad ones."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from subgraphs.kit import runtime_of
from subgraphs.users.keys import SigningKeys
from subgraphs.users.passwords import weakness
from tests.factories import PASSWORD, SIGN_UP, sign_up, unique_email

LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token user { id email } } }"
ME = "{ me { id email fullName } }"


async def test_sign_up_returns_a_token_that_authenticates(users):
    account = await sign_up(users, full_name="Grace Hopper")
    me = (await users(ME, token=account.token)).data["me"]
    assert me == {"id": account.id, "email": account.email, "fullName": "Grace Hopper"}


async def test_log_in_with_the_right_password(users):
    account = await sign_up(users)
    result = await users(LOG_IN, {"input": {"email": account.email.upper(), "password": PASSWORD}})
    payload = result.data["logIn"]
    assert payload["user"] == {"id": account.id, "email": account.email}
    assert (await users(ME, token=payload["token"])).data["me"]["id"] == account.id


@pytest.mark.parametrize("email", ["known", "unknown"])
async def test_log_in_refuses_wrong_credentials_alike(users, email):
    account = await sign_up(users)
    address = account.email if email == "known" else unique_email()
    result = await users(LOG_IN, {"input": {"email": address, "password": "wrong password!"}})
    assert result.codes == ["INVALID_CREDENTIALS"]
    assert result.body["data"] is None


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"email": "not-an-email"}, "BAD_USER_INPUT", "email"),
        ({"email": "a@b"}, "BAD_USER_INPUT", "email"),
        ({"password": "short"}, "BAD_USER_INPUT", "password"),
        ({"password": "x" * 9}, "BAD_USER_INPUT", "password"),
        ({"password": "1234567890"}, "BAD_USER_INPUT", "password"),
        ({"password": "password12"}, "BAD_USER_INPUT", "password"),
        ({"password": " " * 10}, "BAD_USER_INPUT", "password"),
        ({"password": "x" * 300}, "BAD_USER_INPUT", "password"),
        ({"fullName": "   "}, "BAD_USER_INPUT", "fullName"),
    ],
)
async def test_sign_up_refuses_bad_input_and_writes_nothing(users, changes, code, field):
    values = {"email": unique_email(), "password": PASSWORD, "fullName": "Bad Input", **changes}
    result = await users(SIGN_UP, {"input": values})
    assert result.codes == [code]
    assert result.error["extensions"]["field"] == field
    log_in = await users(
        LOG_IN, {"input": {"email": values["email"], "password": values["password"]}}
    )
    assert log_in.codes == ["INVALID_CREDENTIALS"]


async def test_sign_up_refuses_an_email_already_taken_in_any_case(users):
    account = await sign_up(users)
    values = {"email": account.email.upper(), "password": "another password", "fullName": "Twin"}
    result = await users(SIGN_UP, {"input": values})
    assert result.codes == ["EMAIL_TAKEN"]
    assert (await users(LOG_IN, {"input": {"email": account.email, "password": PASSWORD}})).data


async def test_me_without_a_token_is_an_authentication_error(users):
    result = await users(ME)
    assert result.codes == ["UNAUTHENTICATED"]
    assert result.body["data"] is None


def _token(key: RSAKey, **claims):
    now = int(time.time())
    body = {
        "sub": "00000000-0000-0000-0000-000000000000",
        "iss": "job-tracker",
        "aud": "job-tracker",
    }
    body |= {"iat": now, "exp": now + 60} | claims
    return jwt.encode({"alg": "RS256", "kid": key.thumbprint()}, body, key)


async def test_tokens_not_signed_by_us_or_expired_are_refused(users, users_app):
    stranger = RSAKey.generate_key(2048)
    assert (await users(ME, token=_token(stranger))).codes == ["UNAUTHENTICATED"]
    assert (await users(ME, token="not.a.token")).codes == ["UNAUTHENTICATED"]
    account = await sign_up(users)
    ours = runtime_of(users_app).get(SigningKeys)._key
    expired = _token(ours, sub=account.id, exp=int(time.time()) - 10)
    assert (await users(ME, token=expired)).codes == ["UNAUTHENTICATED"]
    wrong_audience = _token(ours, sub=account.id, aud="someone-else")
    assert (await users(ME, token=wrong_audience)).codes == ["UNAUTHENTICATED"]


async def test_jwks_publishes_the_signing_key(users):
    response = await users.client.get("/.well-known/jwks.json")
    keys = response.json()["keys"]
    assert [k["kty"] for k in keys] == ["RSA"]
    assert {"kid", "n", "e"} <= set(keys[0]) and "d" not in keys[0]


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("1234567890", "top-100 common password"),
        ("password12", "very common password"),
        (" " * 10, 'Repeats like "aaa"'),
        ("asdfghjkl;", "rows of keys"),
        ("Ada Lovelace 1815", "too easy to guess"),  # the account's own name and a year
    ],
)
async def test_a_weak_password_is_refused_saying_why(users, password, reason):
    values = {"email": unique_email("ada"), "password": password, "fullName": "Ada Lovelace"}
    result = await users(SIGN_UP, {"input": values})
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == "password"
    assert result.error["message"].startswith("password: This password is too easy to guess.")
    assert reason.lower() in result.error["message"].lower(), result.error["message"]


@pytest.mark.parametrize(
    "password", [PASSWORD, "a long passphrase", "benchmark passphrase", "Tr0ub4dor&3 horse" * 10]
)
def test_passphrases_the_docs_and_tests_use_are_strong(password):
    assert weakness(password, ["ada@example.com", "Ada Lovelace"]) is None

"""Bad input is answered with BAD_USER_INPUT naming the field, and nothing is written."""

from typing import Any

import pytest

from tests.factories import CREATE_CONTACT, create_contact, operation, sign_up

UPDATE = operation("UpdateContact")
COUNT = "{ contacts { totalCount } }"
LINK = {"label": "Site", "url": "https://example.com"}


@pytest.fixture
async def account(users):
    return await sign_up(users)


async def total(contacts, account) -> int:
    return (await contacts(COUNT, token=account.token)).data["contacts"]["totalCount"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"company": "x" * 201}, "company"),
        ({"position": "x" * 201}, "position"),
        ({"notes": "n" * 10_001}, "notes"),
        ({"emails": ["not-an-address"]}, "emails"),
        ({"emails": ["a@b"]}, "emails"),
        ({"emails": [f"{'a' * 320}@example.com"]}, "emails"),
        ({"emails": [f"p{n}@example.com" for n in range(21)]}, "emails"),
        ({"phones": ["call me"]}, "phones"),
        ({"phones": ["5" * 41]}, "phones"),
        ({"phones": ["555-0100"] * 21}, "phones"),
        ({"socialLinks": [{"label": "x", "url": "ftp://example.com"}]}, "socialLinks"),
        ({"socialLinks": [{"label": "x", "url": "javascript:alert(1)"}]}, "socialLinks"),
        ({"socialLinks": [{"label": "", "url": "https://example.com"}]}, "socialLinks"),
        ({"socialLinks": [{"label": "x" * 41, "url": "https://example.com"}]}, "socialLinks"),
        ({"socialLinks": [{"label": "x", "url": "https://e.com/" + "a" * 2000}]}, "socialLinks"),
        ({"socialLinks": [LINK] * 21}, "socialLinks"),
    ],
)
async def test_create_refuses_bad_input_and_writes_nothing(contacts, account, fields, field):
    values = {"name": "Ada", **fields}
    result = await contacts(CREATE_CONTACT, {"input": values}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"], result.body
    assert result.error["extensions"]["field"] == field
    assert await total(contacts, account) == 0


async def test_the_message_names_the_exact_place(contacts, account):
    values = {"name": "Ada", "emails": ["ada@example.com", "nope"]}
    result = await contacts(CREATE_CONTACT, {"input": values}, token=account.token)
    assert result.error["message"].startswith("emails[1]:")


async def test_update_refuses_bad_input_and_keeps_the_contact(contacts, account):
    created = await create_contact(contacts, account, emails=["grace@navy.mil"], notes="keep me")
    refused: list[dict[str, Any]] = [
        {"name": None},
        {"emails": None},
        {"emails": ["nope"]},
        {"notes": "n" * 10_001},
        {"socialLinks": [{"label": "x", "url": "nope"}]},
    ]
    for changes in refused:
        result = await contacts(
            UPDATE, {"id": created["id"], "input": changes}, token=account.token
        )
        assert result.codes == ["BAD_USER_INPUT"], changes
        assert result.error["extensions"]["field"] == next(iter(changes))
    get = "query($id: ID!) { contact(id: $id) { name emails notes } }"
    row = (await contacts(get, {"id": created["id"]}, token=account.token)).data["contact"]
    assert row == {"name": "Grace Hopper", "emails": ["grace@navy.mil"], "notes": "keep me"}


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_page_size_over_the_limit_is_refused(contacts, account, first):
    result = await contacts(
        "query($f: Int) { contacts(first: $f) { totalCount } }", {"f": first}, token=account.token
    )
    assert result.codes == ["BAD_USER_INPUT"]
    assert result.error["extensions"]["field"] == "first"


async def test_a_query_too_long_and_a_foreign_cursor_are_refused(contacts, account):
    long = await contacts(
        "query($q: String) { contacts(filter: {query: $q}) { totalCount } }",
        {"q": "x" * 201},
        token=account.token,
    )
    assert long.codes == ["BAD_USER_INPUT"] and long.error["extensions"]["field"] == "query"
    cursor = await contacts(
        '{ contacts(after: "bm90LWEtY3Vyc29y") { totalCount } }', token=account.token
    )
    assert cursor.codes == ["BAD_USER_INPUT"] and cursor.error["extensions"]["field"] == "after"


async def test_without_a_token_nothing_is_read_or_written(contacts):
    result = await contacts(CREATE_CONTACT, {"input": {"name": "Anonymous"}})
    assert result.codes == ["UNAUTHENTICATED"]
    assert (await contacts(COUNT)).codes == ["UNAUTHENTICATED"]

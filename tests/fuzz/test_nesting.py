"""Deep nesting and huge inputs (`nesting.CASES`), straight to every subgraph: each answered
with a code it may have, below 500, and nothing logged as an unexpected error."""

import pytest

from tests.clients import asgi_client
from tests.fuzz.nesting import CASES

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("store_leg", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("body", "allowed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_deep_and_huge_inputs_are_answered_with_a_code(
    subgraph, made, unexpected, body, allowed
):
    _, app = subgraph
    headers = {**JSON, "authorization": f"Bearer {made.account.token}"}
    async with asgi_client(app) as client:
        response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code < 500, response.text[:500]
    codes = {error.get("extensions", {}).get("code") for error in response.json().get("errors", [])}
    assert codes <= allowed, response.text[:500]
    assert unexpected() == []

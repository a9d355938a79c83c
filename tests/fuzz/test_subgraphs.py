"""Every subgraph, straight (in-process, with a real token): operations on every root field,
`_entities` with any representation, values from the project's own scalars and past every
range, in the document or as variables. Each is answered with a code: no 5xx, no
INTERNAL_SERVER_ERROR, nothing logged as an unexpected error."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.schema.api import api_schema
from subgraphs.kit.registry import sdl_path
from tests.clients import GraphQL, asgi_client
from tests.fuzz.conftest import Made
from tests.fuzz.fuzzing import Target, assert_answered_with_a_code, bounded

EXAMPLES = 25  # per subgraph: nine subgraphs in about a minute on CI's two cores


@pytest.fixture
async def target(subgraph: tuple[str, Any], made: Made) -> Any:
    name, app = subgraph
    schema = api_schema(sdl_path(name).read_text())
    async with asgi_client(app) as client:
        yield Target.of(GraphQL(client, "/graphql"), schema, made.account.token, made.ids)


@pytest.mark.parametrize("store_leg", ["sqlite"], indirect=True)
@bounded(EXAMPLES)
@given(data=st.data())
async def test_every_input_is_answered_with_a_code(target, unexpected, data):
    result = await target.fuzz(data)
    assert_answered_with_a_code(result)
    assert unexpected() == []

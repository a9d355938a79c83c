"""What the fuzz suites share: the bounds (FUZZ_EXAMPLES scales them for a long local run), the
operations of a schema, and the check every answer must pass."""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import graphql
from hypothesis import HealthCheck, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from tests.clients import GraphQL, Result
from tests.fuzz.documents import with_variables
from tests.fuzz.values import scalars

# Examples per test in CI; FUZZ_EXAMPLES=<n> runs n (the long local run: 20 times as many).
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def bounded(examples: int) -> Any:
    """Hypothesis settings for a fuzz test: `examples` (or FUZZ_EXAMPLES), no deadline (a huge
    input may take a while; the check is the answer, not its time), derandomized and with no
    example database, so CI runs the same examples every time."""
    return hypothesis_settings(
        max_examples=SCALE or examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def entity_types(schema: graphql.GraphQLSchema) -> list[str]:
    union = schema.type_map.get("_Entity")
    return [t.name for t in union.types] if isinstance(union, graphql.GraphQLUnionType) else []


@dataclass
class Target:
    """A GraphQL endpoint under fuzz: its client, schema, and operations on every root field."""

    api: GraphQL
    schema: graphql.GraphQLSchema
    token: str
    operations: st.SearchStrategy[str]

    @classmethod
    def of(
        cls, api: GraphQL, schema: graphql.GraphQLSchema, token: str, known: Sequence[str]
    ) -> "Target":
        custom = scalars(entity_types(schema), known)
        return cls(api, schema, token, from_schema(schema, custom_scalars=custom))

    async def fuzz(self, data: st.DataObject) -> Result:
        """One operation drawn from `data`, its values in the document or as variables."""
        query = data.draw(self.operations, label="operation")
        variables: dict[str, Any] = {}
        if data.draw(st.booleans(), label="as variables"):
            query, variables = with_variables(self.schema, query)
        note(f"{query}\nvariables: {variables!r}"[:5000])
        return await self.api(query, variables, token=self.token)


def assert_answered_with_a_code(result: Result) -> None:
    """No 5xx, and every error carries a code that is not INTERNAL_SERVER_ERROR."""
    assert result.status < 500, result.body
    codes = result.codes
    assert None not in codes and "INTERNAL_SERVER_ERROR" not in codes, result.body

"""Operation limits on every subgraph (reached without the router): real operations pass, the
issue's abusive documents are refused fast with the router's codes, limits are configurable."""

import time
import uuid
from typing import Any

import pytest
from graphql import GraphQLError, get_introspection_query, parse
from graphql.language import Lexer, Source, TokenKind
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from subgraphs.kit.limits import Limits, exceeded, measure, more_tokens_than
from subgraphs.kit.settings import Settings
from tests.attack.documents import (
    aliases,
    deep_selection,
    fragment_bomb,
    nested_applications,
    typename_aliases,
)
from tests.clients import asgi_client
from tests.factories import OPERATIONS, sign_up

DEFAULTS = Settings()
LIMITS = Limits(
    max_depth=DEFAULTS.SUBGRAPH_MAX_DEPTH,
    max_aliases=DEFAULTS.SUBGRAPH_MAX_ALIASES,
    max_tokens=DEFAULTS.SUBGRAPH_MAX_TOKENS,
    max_repeated_cost=DEFAULTS.SUBGRAPH_MAX_REPEATED_COST,
)
KNOWN_CODES = {
    "BAD_REQUEST",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_USER_INPUT",
    "UNAUTHENTICATED",
    "MAX_DEPTH_LIMIT",
    "MAX_ALIASES_LIMIT",
    "MAX_TOKENS_LIMIT",
    "COST_ESTIMATED_TOO_EXPENSIVE",
}


def repeated(times: int, selection: str = "me { id }") -> str:
    return "{ " + " ".join([selection] * times) + " }"


def tree(depth: int, copies: int) -> str:
    """`copies` identical `interestedIn` selections at each of `depth` levels."""
    inner = "id"
    for _ in range(depth):
        inner = " ".join(["interestedIn { edges { node { " + inner + " } } }"] * copies)
    return "{ me { " + inner + " } }"


@pytest.mark.parametrize("path", sorted(OPERATIONS.glob("*.graphql")), ids=lambda p: p.stem)
def test_every_client_operation_is_far_below_the_limits(path):
    shape = measure(parse(path.read_text()))
    assert list(exceeded(shape, LIMITS)) == []
    assert shape.depth <= LIMITS.max_depth // 2 and shape.repeated_cost <= 100


async def post(client: Any, query: str, **body: Any) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, **body})
    assert response.status_code == 200, response.text
    return response.json(), time.perf_counter() - start


async def test_introspection_and_a_batch_of_500_entities_pass(users):
    account = await sign_up(users)
    assert (await users(get_introspection_query())).data["__schema"]
    representations = [{"__typename": "User", "id": account.id}] * 250 + [
        {"__typename": "User", "id": str(uuid.uuid4())} for _ in range(250)
    ]
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id fullName } } }"
    entities = (await users(query, {"r": representations})).data["_entities"]
    assert len(entities) == 500 and entities[0]["id"] == account.id and entities[-1] is None


@pytest.mark.parametrize(
    ("name", "document", "code"),
    [
        ("selection 54 levels deep", deep_selection(54), "MAX_DEPTH_LIMIT"),
        ("5 levels of applications", nested_applications(5, 10), "MAX_DEPTH_LIMIT"),
        ("101 aliases", aliases(101), "MAX_ALIASES_LIMIT"),
        ("100,000 __typename aliases", typename_aliases(100_000), "MAX_TOKENS_LIMIT"),
        ("2^20 fragment spreads", fragment_bomb(20), "COST_ESTIMATED_TOO_EXPENSIVE"),
        ("me { id } 300 times", repeated(300), "COST_ESTIMATED_TOO_EXPENSIVE"),
        ("a tree of repeated fields", tree(6, 2), "COST_ESTIMATED_TOO_EXPENSIVE"),
        ("__typename 1,000 times", repeated(1000, "__typename"), "COST_ESTIMATED_TOO_EXPENSIVE"),
    ],
)
async def test_abusive_documents_are_refused_fast_with_a_code(users, name, document, code):
    await post(users.client, document)  # warm: each document is then refused from memory
    body, seconds = await post(users.client, document + " ")  # a new text: measured again
    assert seconds < 1.0  # the attack replay holds them to 100 ms; this catches a blow-up
    assert [e["extensions"]["code"] for e in body["errors"]] == [code], body
    assert body.get("data") is None


async def test_limits_follow_the_settings(settings):
    from subgraphs.users.app import create_app

    strict = settings.model_copy(update={"SUBGRAPH_MAX_DEPTH": 2, "SUBGRAPH_MAX_ALIASES": 1})
    app = create_app(strict)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        deep, _ = await post(client, "{ me { interestedIn { totalCount } } }")
        assert deep["errors"][0]["extensions"]["code"] == "MAX_DEPTH_LIMIT"
        two, _ = await post(client, "{ a: __typename b: __typename }")
        assert two["errors"][0]["extensions"]["code"] == "MAX_ALIASES_LIMIT"
        one, _ = await post(client, "{ a: __typename }")
        assert one == {"data": {"a": "Query"}}


# Documents from a small grammar: fields, aliases, arguments, fragments, nesting, junk.
names = st.sampled_from(["me", "user", "searchUsers", "interestedIn", "edges", "node", "id", "x"])
selection = st.recursive(
    st.tuples(st.booleans(), names).map(lambda t: f"{'a: ' if t[0] else ''}{t[1]}"),
    lambda inner: st.tuples(names, st.lists(inner, min_size=1, max_size=4)).map(
        lambda t: f'{t[0]}(first: 1, name: "a") {{ {" ".join(t[1])} }}'
    ),
    max_leaves=40,
)
documents = st.one_of(
    st.lists(selection, min_size=1, max_size=6).map(lambda s: "{ " + " ".join(s) + " }"),
    st.text(max_size=200),
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
async def test_no_document_is_an_unexpected_error(users, document):
    response = await users.client.post("/graphql", json={"query": document})
    assert response.status_code in (200, 400), response.text
    for error in response.json().get("errors", []):
        assert error["extensions"]["code"] in KNOWN_CODES, error


def lexed_tokens(text: str) -> int:
    lexer, found = Lexer(Source(text)), 0
    while lexer.advance().kind != TokenKind.EOF:
        found += 1
    return found


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet='{}()[]:=@$!|&."#\\ \nabc_019e-', max_size=120),
    limit=st.integers(min_value=0, max_value=40),
)
def test_the_quick_token_count_never_exceeds_the_lexers(text, limit):
    try:
        exact = lexed_tokens(text)
    except GraphQLError:
        return  # not a document: the parser answers it
    if more_tokens_than(text, limit):
        assert exact > limit, text

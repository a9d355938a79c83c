"""Deep nesting and huge inputs, written by hand (a generator rarely goes this deep): each is a
request body and the codes it may be answered with. Shared by the subgraph and router suites."""

import json
from typing import Any

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"
PARSE = {"GRAPHQL_PARSE_FAILED", "MAX_TOKENS_LIMIT"}
BAD_INPUT = {"BAD_USER_INPUT"}
# An ID where one is expected: the router and every subgraph resolve the entity or refuse it.
ENTITY = {"__typename": "User", "id": "6f1e8a5e-0000-4000-8000-000000000000"}


def nested(depth: int, leaf: Any = 1, *, key: str | None = None) -> Any:
    """A value `depth` levels deep: lists, or objects under `key`."""
    value = leaf
    for _ in range(depth):
        value = {key: value} if key else [value]
    return value


def literal(depth: int, *, objects: bool) -> str:
    opening, closing = ("{a: ", "}") if objects else ("[", "]")
    return opening * depth + "1" + closing * depth


def body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def deep_variables(depth: int, *, objects: bool) -> bytes:
    """`{"r": [...]}` `depth` levels deep, written out (json.dumps would recurse too deeply)."""
    opening, closing = ('{"a": ', "}") if objects else ("[", "]")
    value = opening * depth + "1" + closing * depth
    return f'{{"query": {json.dumps(ENTITIES)}, "variables": {{"r": [{value}]}}}}'.encode()


def entities_literal(value: str) -> str:
    return "{ _entities(representations: [" + value + "]) { __typename } }"


def selection(depth: int) -> str:
    return "{" + " me {" * depth + " id" + "}" * depth + "}"


def inline_fragments(depth: int) -> str:
    return "{" + " ... on Query {" * depth + " __typename" + "}" * depth + "}"


# (name, body, the codes it may be answered with; none at all is fine too). Over orjson's 1,024 levels a body is not JSON:
# 400 BAD_REQUEST at a subgraph.
CASES: list[tuple[str, bytes, set[str]]] = [
    ("a literal list 300 deep", body(entities_literal(literal(300, objects=False))), PARSE),
    ("a literal object 300 deep", body(entities_literal(literal(300, objects=True))), PARSE),
    ("a literal list 5,000 deep", body(entities_literal(literal(5000, objects=False))), PARSE),
    ("a selection 1,000 deep", body(selection(1000)), PARSE | {"GRAPHQL_VALIDATION_FAILED"}),
    ("inline fragments 1,000 deep", body(inline_fragments(1000)), PARSE),
    ("a representation 900 lists deep", body(ENTITIES, {"r": [nested(900)]}), BAD_INPUT),
    ("a representation 900 objects deep", body(ENTITIES, {"r": [nested(900, key="id")]}),
     BAD_INPUT),
    ("a key 900 objects deep", body(ENTITIES, {"r": [{**ENTITY, "id": nested(900, key="a")}]}),
     BAD_INPUT),
    ("variables 5,000 lists deep", deep_variables(5000, objects=False), {"BAD_REQUEST"}),
    ("variables 5,000 objects deep", deep_variables(5000, objects=True), {"BAD_REQUEST"}),
    ("50,000 representations", body(ENTITIES, {"r": [ENTITY] * 50_000}),
     BAD_INPUT | {"REQUEST_ENTITY_TOO_LARGE"}),
    ("a 1 MB key", body(ENTITIES, {"r": [{**ENTITY, "id": "x" * 1_000_000}]}), BAD_INPUT),
]  # fmt: skip


SKILLS = "mutation($s: [String!]) { updateProfile(input: {skills: $s}) { id } }"
SEARCH = "query($q: String!) { search(query: $q) { kind } }"
ROUTER_PARSE = PARSE | {"GRAPHQL_VALIDATION_FAILED", "MAX_DEPTH_LIMIT", "BAD_REQUEST"}
TOO_LARGE = {"REQUEST_ENTITY_TOO_LARGE"}


def deep_skills(depth: int) -> bytes:
    value = "[" * depth + '"x"' + "]" * depth
    return f'{{"query": {json.dumps(SKILLS)}, "variables": {{"s": {value}}}}}'.encode()


# The same through the router, on the API's own fields (it has no `_entities`).
ROUTER_CASES: list[tuple[str, bytes, set[str]]] = [
    ("a literal list 300 deep",
     body("{ search(query: \"x\", kinds: " + literal(300, objects=False) + ") { kind } }"),
     ROUTER_PARSE),
    ("a literal object 300 deep",
     body("mutation { updateProfile(input: " + literal(300, objects=True) + ") { id } }"),
     ROUTER_PARSE),
    ("a literal list 5,000 deep",
     body("{ search(query: \"x\", kinds: " + literal(5000, objects=False) + ") { kind } }"),
     ROUTER_PARSE),
    ("a selection 1,000 deep", body(selection(1000)), ROUTER_PARSE),
    ("inline fragments 1,000 deep", body(inline_fragments(1000)), ROUTER_PARSE),
    ("variables 150 lists deep", deep_skills(150), {"BAD_REQUEST"}),  # over 64: limits.ts
    ("variables 900 lists deep", deep_skills(900), {"BAD_REQUEST"}),
    ("variables 5,000 lists deep", deep_skills(5000), {"BAD_REQUEST"}),
    ("50,000 skills", body(SKILLS, {"s": ["x"] * 50_000}), BAD_INPUT | TOO_LARGE),
    ("a 1 MB search", body(SEARCH, {"q": "x" * 1_000_000}), BAD_INPUT | TOO_LARGE),
    ("a 100 KB search", body(SEARCH, {"q": "x" * 100_000}), BAD_INPUT),
]  # fmt: skip

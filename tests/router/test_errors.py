"""The router's own errors: each has an `extensions.code`, none echoes the request back."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.federation

KNOWN_CODES = {
    "BAD_REQUEST",
    "BAD_USER_INPUT",
    "OPERATION_RESOLUTION_FAILURE",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "METHOD_NOT_ALLOWED",
    "NOT_ACCEPTABLE",
    "UNAUTHENTICATED",
    "UNSUPPORTED_MEDIA_TYPE",
    "REQUEST_ENTITY_TOO_LARGE",
    "MAX_TOKENS_LIMIT",
    "MAX_DEPTH_LIMIT",
    "MAX_ALIASES_LIMIT",
    "COST_ESTIMATED_TOO_EXPENSIVE",
}


def codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


async def test_bad_variables_are_bad_user_input(http, account):
    query = "query($n: Int) { me { applications(first: $n) { totalCount } } }"
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": {"n": "ten"}},
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert codes(response) == ["BAD_USER_INPUT"]


async def test_an_unknown_operation_name_has_a_code(http):
    body = {"query": "query A { __typename }", "operationName": "B"}
    assert codes(await http.post("/graphql", json=body)) == ["OPERATION_RESOLUTION_FAILURE"]


async def test_parse_and_validation_errors_keep_their_codes(http):
    assert codes(await http.post("/graphql", json={"query": "{ me { id "})) == [
        "GRAPHQL_PARSE_FAILED"
    ]
    assert codes(await http.post("/graphql", json={"query": "{ nope }"})) == [
        "GRAPHQL_VALIDATION_FAILED"
    ]


async def test_a_mutation_over_get_is_refused_with_a_code(http):
    response = await http.get(
        "/graphql",
        params={"query": "mutation { deleteApplication(id: 1) }"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 405
    assert codes(response) == ["BAD_REQUEST"]


async def test_an_invalid_json_body_is_not_echoed_back(http):
    body = b'{"query": "' + b"x" * 900_000  # unterminated: invalid JSON, under the size limit
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert codes(response) == ["BAD_REQUEST"]
    assert len(response.content) < 500
    assert "originalError" not in response.text


async def test_a_long_variable_value_is_not_echoed_back_whole(http):
    query = "query($n: Int) { me { applications(first: $n) { totalCount } } }"
    variables = {"n": "9" * 500_000}
    response = await http.post("/graphql", json={"query": query, "variables": variables})
    assert codes(response) == ["BAD_USER_INPUT"]
    assert len(response.content) < 2_000


bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["query", "variables", "operationName", "extensions", "x"]),
                children,
                max_size=4,
            )
        ),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
    st.text(alphabet="{}()[]:$@!.,= \nmeidapplicationsfirst0123456789\"'#", max_size=200).map(
        lambda query: json.dumps({"query": query}).encode()
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=bodies,
    content_type=st.sampled_from(["application/json", "application/graphql+json", "text/plain"]),
)
def test_no_body_makes_the_router_answer_500_or_an_error_without_a_code(router, body, content_type):
    response = httpx.post(
        f"{router.url}/graphql", content=body, headers={"content-type": content_type}, timeout=10
    )
    assert response.status_code < 500, response.text
    if response.headers.get("content-type", "").startswith("application/"):
        for code in codes(response):
            assert code in KNOWN_CODES, response.text


@pytest.mark.parametrize("literal", ["9223372036854775808", "-9223372036854775809", "1" * 40])
async def test_an_integer_literal_past_64_bits_is_bad_user_input(http, account, literal):
    """Found by the fuzz (test_fuzz.py): the query planner could not read it (HTTP 500)."""
    headers = {"authorization": f"Bearer {account.token}"}
    query = f"mutation {{ removeProfileInterest(userId: {literal}) }}"
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "BAD_USER_INPUT",
        "userId",
    )


@pytest.mark.parametrize("value", [9223372036854775807, 9223372036854775808, 10**30])
async def test_a_large_id_is_answered_with_a_code(http, account, value):
    headers = {"authorization": f"Bearer {account.token}"}
    literal = {"query": f"{{ user(id: {value}) {{ id }} }}"}
    variable = {"query": "query($u: ID!) { user(id: $u) { id } }", "variables": {"u": value}}
    for body in ([literal] if value < 2**63 else []) + [variable]:
        response = await http.post("/graphql", json=body, headers=headers)
        assert response.status_code < 500, response.text
        assert "INTERNAL_SERVER_ERROR" not in codes(response), response.text

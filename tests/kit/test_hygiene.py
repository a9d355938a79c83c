"""The issue's error-hygiene list, straight to the subgraphs on both store legs: each is a 4xx
or a BAD_USER_INPUT-class error with a code, and nothing is logged as an unexpected error."""

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scripts.schema.api import api_schema
from subgraphs.kit.moments import EARLIEST, LATEST
from subgraphs.kit.registry import sdl_path, subgraph_names
from tests.clients import GraphQL, asgi_client
from tests.factories import CREATE_APPLICATION, sign_up
from tests.fuzz.fuzzing import entity_types
from tests.fuzz.values import ANY_MOMENT
from tests.interviews.conftest import SCHEDULE, known_application

SEARCH = "query($n: String!) { searchUsers(name: $n) { totalCount } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"
JSON = {"content-type": "application/json"}


async def raw(api: Any, body: bytes, token: str | None = None) -> tuple[int, dict[str, Any]]:
    headers = {**JSON, **({"authorization": f"Bearer {token}"} if token else {})}
    response = await api.client.post(api.path, content=body, headers=headers)
    return response.status_code, response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


@pytest.mark.parametrize(
    "cursor", ["WzEsMl0", base64.urlsafe_b64encode(b'[{"a": 1}, null]').decode(), "e30", "bnVsbA"]
)
async def test_cursors_of_the_wrong_shape_are_bad_input(applications, users, unexpected, cursor):
    account = await sign_up(users)
    query = "query($a: String) { applications(after: $a) { totalCount } }"
    result = await applications(query, {"a": cursor}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == "after"
    assert unexpected() == []


@pytest.mark.parametrize("literal", [True, False])
async def test_a_filter_date_without_a_time_zone_is_bad_input(
    applications, users, unexpected, literal
):
    account = await sign_up(users)
    if literal:
        query = '{ applications(filter: {appliedFrom: "2024-01-01T00:00:00"}) { totalCount } }'
        result = await applications(query, token=account.token)
    else:
        query = "query($f: ApplicationFilterInput) { applications(filter: $f) { totalCount } }"
        variables = {"f": {"appliedFrom": "2024-01-01T00:00:00"}}
        result = await applications(query, variables, token=account.token)
        assert result.error["extensions"]["field"] == "appliedFrom"
    assert result.codes == ["BAD_USER_INPUT"]
    assert "time zone" in result.error["message"]
    assert unexpected() == []


async def test_an_aware_filter_date_still_filters(applications, users):
    account = await sign_up(users)
    query = '{ applications(filter: {appliedFrom: "2024-01-01T00:00:00+02:00"}) { totalCount } }'
    assert (await applications(query, token=account.token)).data["applications"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"query": "{ __typename }", "variables": {"x": "\\ud800"}}', 400, "BAD_REQUEST"),
        (json.dumps({"query": SEARCH, "variables": {"n": "\ud800"}}).encode(), 400, "BAD_REQUEST"),
        (b'{"query": "{ searchUsers(name: \\"\\\\ud800\\") { totalCount } }"}', 200, "GRAPHQL_PARSE_FAILED"),
        (json.dumps({"query": SEARCH, "variables": {"n": "a\u0000b"}}).encode(), 200, "BAD_USER_INPUT"),
        (b'{"query": "{ searchUsers(name: \\"a\\\\u0000\\") { totalCount } }"}', 200, "BAD_USER_INPUT"),
        (b'{"query": "{ __typename \xff }"}', 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "x": "\xed\xa0\x80"}', 400, "BAD_REQUEST"),
        (b'{"query": ', 400, "BAD_REQUEST"),
    ],
    ids=["escaped surrogate", "search surrogate", "literal surrogate", "NUL", "literal NUL",
         "invalid UTF-8", "UTF-8 surrogate", "cut JSON"],
)  # fmt: skip
async def test_text_no_store_can_keep_is_refused(users, unexpected, body, status, code):
    answered, payload = await raw(users, body)
    assert (answered, codes(payload)) == (status, [code]), payload
    assert len(json.dumps(payload)) < 400  # says why, never echoes the body
    assert unexpected() == []


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Nope", "id": "x"},
        {"__typename": "User", "id": "x", "extra": 1},
        {"__typename": "User"},
        {"__typename": "SocialLink", "label": "x"},
        {"id": "x"},
        "User",
        None,
    ],
)
async def test_bad_entity_representations_are_bad_input(users, unexpected, representation):
    account = await sign_up(users)
    good = {"__typename": "User", "id": account.id}
    result = await users(ENTITIES, {"r": [good, representation, good]})
    if representation is None:  # [_Any!]: a null is refused before any resolver
        assert result.codes == ["BAD_USER_INPUT"]
    else:
        assert result.body["data"]["_entities"] == [
            {"__typename": "User"},
            None,
            {"__typename": "User"},
        ]
        assert result.codes == ["BAD_USER_INPUT"]
        assert result.error["path"] == ["_entities", 1]
    assert unexpected() == []


async def test_bad_representations_of_the_applications_subgraph(applications, unexpected):
    bad = [{"__typename": "Application", "id": "x", "owner": 1}, {"__typename": "User", "x": 1}]
    result = await applications(ENTITIES, {"r": bad})
    assert result.codes == ["BAD_USER_INPUT", "BAD_USER_INPUT"]
    assert unexpected() == []


@hypothesis_settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40))
async def test_no_search_text_is_an_unexpected_error(users, name):
    body = json.dumps({"query": SEARCH, "variables": {"n": name}}).encode()  # escapes surrogates
    status, payload = await raw(users, body)
    assert status in (200, 400), payload
    assert set(codes(payload)) <= {"BAD_USER_INPUT", "BAD_REQUEST"}, payload


# Every subgraph but files (its own suite's fixtures: tests/files/test_validation.py).
DIRECT = [name for name in subgraph_names() if name != "files"]


@pytest.fixture(params=DIRECT)
def subgraph_app(request: pytest.FixtureRequest, store_leg: str) -> Any:
    return request.getfixturevalue(f"{request.param}_app")


async def test_a_body_that_is_not_a_json_object_is_a_bad_request(subgraph_app, unexpected):
    async with asgi_client(subgraph_app) as client:
        api = GraphQL(client, "/graphql")
        for body, kind in [(b'"hello"', "a string"), (b"5", "a number"), (b"null", "null"),
                           (b"true", "a boolean"), (b"-1.5e3", "a number")]:  # fmt: skip
            status, payload = await raw(api, body)
            assert (status, codes(payload)) == (400, ["BAD_REQUEST"]), (body, payload)
            assert payload["errors"][0]["message"].endswith(f"not {kind}.")
    assert unexpected() == []


@pytest.mark.parametrize("key", [{}, [], ["x"], 1.5, True, None], ids=repr)
async def test_an_entity_key_that_is_not_an_id_is_bad_input(
    subgraph_app, request, made_account, unexpected, key
):
    """Found by the fuzz (tests/fuzz): `{"__typename": "User", "id": {}}` reached the interviews
    subgraph's User, whose id could not be serialized (an internal error)."""
    name = request.node.callspec.params["subgraph_app"]
    types = entity_types(api_schema(sdl_path(name).read_text()))
    async with asgi_client(subgraph_app) as client:
        api = GraphQL(client, "/graphql")
        for typename in types:
            bad = {"__typename": typename, "id": key}
            result = await api(ENTITIES, {"r": [bad]}, token=made_account.token)
            assert result.body["data"]["_entities"] == [None], (typename, result.body)
            assert result.codes == ["BAD_USER_INPUT"], (typename, result.body)
            assert "must be an ID" in result.error["message"]
    assert unexpected() == []


@pytest.fixture
async def made_account(users):
    return await sign_up(users)


ZONES = st.sampled_from(["Pacific/Kiritimati", "Etc/GMT+12", "Europe/Berlin", "UTC"])


@hypothesis_settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moment=ANY_MOMENT, zone=ZONES)
async def test_no_moment_is_an_unexpected_error(
    applications, interviews, interviews_app, users, unexpected, moment, zone
):
    account = await sign_up(users)
    given_at = moment.isoformat()
    in_range = EARLIEST <= moment <= LATEST
    values = {"company": "Acme", "position": "Engineer", "appliedAt": given_at}
    made = await applications(CREATE_APPLICATION, {"input": values}, token=account.token)
    application = await known_application(interviews_app, account)
    values = {"applicationId": application, "startsAt": given_at, "timeZone": zone,
              "durationMinutes": 1440, "type": "PHONE", "reminderOffsetsMinutes": [43200]}  # fmt: skip
    scheduled = await interviews(SCHEDULE, {"input": values}, token=account.token)
    upcoming = await interviews("{ upcomingInterviews { localStartsAt } }", token=account.token)
    for result, field in [(made, "appliedAt"), (scheduled, "startsAt")]:
        if in_range:
            assert result.codes == [], result.body
        else:
            assert result.codes == ["BAD_USER_INPUT"], result.body
            assert result.error["extensions"]["field"] == field
    assert upcoming.codes == []
    assert unexpected() == []

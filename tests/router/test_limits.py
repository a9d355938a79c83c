"""Operation limits at the router: real clients never meet them, abuse is refused fast with a code."""

import asyncio
import json
import time

import httpx
import pytest

from tests.attack.documents import (
    aliases,
    deep_selection,
    fragment_bomb,
    nested_applications,
    typename_aliases,
)
from tests.factories import PASSWORD, create_application, operation
from tests.router import websocket

pytestmark = pytest.mark.federation
FAST = 0.1  # seconds: every refusal comes back within this


async def post(http: httpx.AsyncClient, query: str, token: str | None = None, **extra):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    start = time.perf_counter()
    response = await http.post("/graphql", json={"query": query, **extra}, headers=headers)
    return response, time.perf_counter() - start


def refused(response: httpx.Response, code: str) -> None:
    assert response.status_code == (413 if code == "REQUEST_ENTITY_TOO_LARGE" else 400), (
        response.text
    )
    assert [e["extensions"]["code"] for e in response.json()["errors"]][:1] == [code]


async def test_every_client_operation_and_a_dashboard_pass(api, account):
    await create_application(api, account, company="Limits Inc", status="APPLIED")
    login = {"input": {"email": account.email, "password": PASSWORD}}
    assert (await api(operation("LogIn"), login)).data["logIn"]["user"]["id"] == account.id
    assert (await api(operation("Me"), {"first": 100}, token=account.token)).data["me"]
    assert (await api(operation("Applications"), {"first": 100}, token=account.token)).data
    dashboard = await api(operation("BigRead"), {"first": 100}, token=account.token)
    assert dashboard.data["me"]["applications"]["totalCount"] >= 1


@pytest.mark.parametrize(
    ("name", "document", "code"),
    [
        ("54 levels deep", deep_selection(54), "MAX_DEPTH_LIMIT"),
        ("31 aliases", aliases(31), "MAX_ALIASES_LIMIT"),
        ("50,000 aliases", aliases(50_000), "MAX_TOKENS_LIMIT"),
        ("20,000 __typename aliases", typename_aliases(20_000), "MAX_TOKENS_LIMIT"),
        (
            "100,000 __typename aliases (1.3 MB)",
            typename_aliases(100_000),
            "REQUEST_ENTITY_TOO_LARGE",
        ),
        ("5 levels of applications(first: 10)", nested_applications(5, 10), "MAX_DEPTH_LIMIT"),
        (
            "3 levels of applications(first: 20)",
            nested_applications(3, 20),
            "COST_ESTIMATED_TOO_EXPENSIVE",
        ),
        ("2^20 fragment spreads", fragment_bomb(20), "COST_ESTIMATED_TOO_EXPENSIVE"),
    ],
)
async def test_abusive_operations_are_refused_fast(http, account, name, document, code):
    """Refused with its code, within FAST: the best of three tries, so that a busy machine's
    pause is not taken for a slow refusal (a slow one stays slow on every try)."""
    times = []
    for _ in range(3):
        response, seconds = await post(http, document, account.token)
        refused(response, code)
        times.append(seconds)
    assert min(times) < FAST, f"{name}: {[round(t * 1000) for t in times]} ms"


SKILLS = "mutation($s: [String!]) { updateProfile(input: {skills: $s}) { id } }"


def deep_skills(levels: int) -> bytes:
    value = "[" * levels + '"x"' + "]" * levels
    return f'{{"query": {json.dumps(SKILLS)}, "variables": {{"s": {value}}}}}'.encode()


def deep_kinds(levels: int) -> str:
    return '{ search(query: "x", kinds: ' + "[" * levels + "1" + "]" * levels + ") { kind } }"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (json.dumps({"query": deep_kinds(5000)}).encode(), "GRAPHQL_PARSE_FAILED"),
        (json.dumps({"query": deep_kinds(201)}).encode(), "GRAPHQL_PARSE_FAILED"),
        (json.dumps({"query": "{" + " ... on Query {" * 3000 + " a" + "}" * 3001}).encode(),
         "GRAPHQL_PARSE_FAILED"),
        (deep_skills(5000), "BAD_REQUEST"),
        (deep_skills(201), "BAD_REQUEST"),
    ],
    ids=["a list literal 5,000 deep", "a list literal 201 deep", "inline fragments 3,000 deep",
         "a variable 5,000 lists deep", "a variable 201 lists deep"],
)  # fmt: skip
async def test_nesting_past_the_limit_is_refused(http, account, body, code):
    """Found by the fuzz (tests/router/test_fuzz.py): 5,000 levels overflowed the router's
    stack, in graphql-js's parser or the cost walk (INTERNAL_SERVER_ERROR)."""
    headers = {"content-type": "application/json", "authorization": f"Bearer {account.token}"}
    response = await http.post("/graphql", content=body, headers=headers)
    refused(response, code)
    assert "nested" in response.json()["errors"][0]["message"]


async def test_nesting_within_the_limit_is_what_it_was(http, account):
    within = json.dumps({"query": deep_kinds(190)}).encode()
    headers = {"content-type": "application/json", "authorization": f"Bearer {account.token}"}
    response = await http.post("/graphql", content=within, headers=headers)
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
    response = await http.post("/graphql", content=deep_skills(60), headers=headers)
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"]
    # Brackets in strings, block strings and comments are not nesting.
    create = (
        'mutation { createApplication(input: {company: "a", position: "b", notes: %s}) { id } }'
    )
    for notes in ['"' + "[(" * 300 + '"', '"""' + "[" * 300 + '\\"""' + "{" * 300 + '"""']:
        response, _ = await post(http, create % notes + " # " + "{" * 300, account.token)
        assert response.status_code == 200 and "errors" not in response.json(), response.text


async def test_cost_counts_first_from_variables(http, account):
    document = """query($n: Int) { me { applications(first: $n) { edges { node {
      owner { applications(first: $n) { edges { node { id } } } } } } } } }"""
    small, _ = await post(http, document, account.token, variables={"n": 10})  # cost 241
    assert small.status_code == 200 and "errors" not in small.json(), small.text
    large, _ = await post(http, document, account.token, variables={"n": 100})  # cost 20,401
    refused(large, "COST_ESTIMATED_TOO_EXPENSIVE")
    # The router remembers a document's cost per set of variables: each keeps its own answer.
    again, _ = await post(http, document, account.token, variables={"n": 10})
    assert again.status_code == 200 and "errors" not in again.json(), again.text
    refused(
        (await post(http, document, account.token, variables={"n": 100}))[0],
        "COST_ESTIMATED_TOO_EXPENSIVE",
    )
    named, _ = await post(
        http, f"query Named{document.removeprefix('query')}", account.token, variables={"n": 100}
    )
    refused(named, "COST_ESTIMATED_TOO_EXPENSIVE")


async def test_a_50_megabyte_body_is_refused_with_413(http):
    body = b'{"query": "{ __typename }", "padding": "' + b"x" * 50_000_000 + b'"}'
    start = time.perf_counter()
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_ENTITY_TOO_LARGE"
    assert time.perf_counter() - start < 2  # 50 MB sent over loopback, not read by the router


async def test_a_chunked_body_over_the_limit_is_refused(router):
    """Chunks past 1 MiB are answered 413 at once. Over a raw socket: the router may close the
    connection while a client is still sending, which an HTTP client reports as a read error
    instead of the answer it was given. The reset that follows can even drop the answer from
    a socket not read yet (the kernel purges it): like a real client, this one sends again,
    and a router that never answers 413 still fails it."""
    for _ in range(3):
        status_line = await _send_chunked(router.url)
        if status_line:
            break
    assert status_line.split()[1:2] == [b"413"], status_line


async def _send_chunked(url: str) -> bytes:
    """The status line the router answered a 1.25 MiB chunked body with; b"" if it reset the
    connection before the answer could be read."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = "POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
    body = b'{"query": "{ __typename }", "padding": "' + b"x" * 65_536
    # Read while sending: the answer is taken as soon as it arrives.
    status = asyncio.create_task(asyncio.wait_for(reader.readline(), 5))
    try:  # a busy machine may see the router hang up at any write, the first one too
        writer.write((head + "transfer-encoding: chunked\r\n\r\n").encode())
        for _ in range(20):  # 1.25 MiB in all, unless the router stops listening first
            if status.done():
                break
            writer.write(b"%x\r\n%s\r\n" % (len(body), body))
            await writer.drain()
            body = b"x" * 65_536
    except ConnectionError:
        pass
    try:
        return await status
    except ConnectionError:
        return b""
    finally:
        writer.transport.abort()  # whatever is still buffered is not sent


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def with_variables(depth: int) -> str:
    """A request whose variables are nested `depth` deep (not declared: any value is taken)."""
    return f'{{"query": "{{ __typename }}", "variables": {{"v": {nested(depth)}}}}}'


@pytest.mark.parametrize(("depth", "status"), [(100_000, 400), (60, 200)])
async def test_variables_nested_100000_deep_are_bad_request(http, depth, status):
    headers = {"content-type": "application/json"}
    answer = await http.post("/graphql", content=with_variables(depth), headers=headers)
    assert answer.status_code == status
    if status == 400:
        assert [error["extensions"]["code"] for error in answer.json()["errors"]] == ["BAD_REQUEST"]
    else:
        assert answer.json() == {"data": {"__typename": "Query"}}


async def test_variables_nested_deep_over_websocket_are_bad_request(router, account):
    socket = await websocket.open_socket(router.url, {"authorization": f"Bearer {account.token}"})
    await socket.send(f'{{"id": "1", "type": "subscribe", "payload": {with_variables(100_000)}}}')
    errors = websocket.errors_of(await websocket.receive(socket, 10))
    assert [error["extensions"]["code"] for error in errors] == ["BAD_REQUEST"]
    await socket.close()

"""The issue's attacks sent straight to the subgraphs of an embedded host, skipping the router.

Each row also says how another subgraph of the same host answered meanwhile: `applications`
is asked `{ __typename }` every 10 ms while the attack runs, and its slowest answer is noted
(the issue's 100,000 `__typename` aliases held every subgraph of the host for 6 s).
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.attack.attack import Row, huge_body, replay, timed
from tests.attack.documents import aliases, deep_selection, fragment_bomb, typename_aliases
from tests.factories import PASSWORD, SIGN_UP

SEARCH = "query($n: String!) { searchUsers(name: $n) { totalCount } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"
LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token } }"
PROFILE = "edges { node { id fullName headline location skills socialLinks { label url } } }"


def legal_but_big(count: int = 90) -> str:
    """Within every limit, and heavy: `count` aliased people searches of 20 profiles each."""
    fields = [
        f'p{n}: searchUsers(name: "a", first: 20) {{ totalCount {PROFILE} }}' for n in range(count)
    ]
    return "{ " + " ".join(fields) + " }"


def repeated_fields(times: int) -> str:
    return "{ " + " me { id }" * times + " }"


@asynccontextmanager
async def neighbour(client: httpx.AsyncClient, path: str):
    """Asks another subgraph `{ __typename }` every 10 ms; yields the list of answer times."""
    seconds: list[float] = []
    stop = asyncio.Event()

    async def probe() -> None:
        while not stop.is_set():
            response, took = await timed(client.post(path, json={"query": "{ __typename }"}))
            assert response.status_code == 200
            seconds.append(took)
            await asyncio.sleep(0.01)

    task = asyncio.create_task(probe())
    await asyncio.sleep(0.05)
    try:
        yield seconds
    finally:
        stop.set()
        await task


async def watched(row: Row, client: httpx.AsyncClient, run: Callable[[], Awaitable[Any]]) -> Row:
    async with neighbour(client, "/applications/graphql") as seconds:
        await run()
    if seconds:
        row.note = (row.note + "; " if row.note else "") + (
            f"applications meanwhile: max {max(seconds) * 1000:.0f} ms"
        )
    return row


def send(client: httpx.AsyncClient, path: str, body: Any, **kwargs: Any):
    if isinstance(body, bytes):
        headers = {"content-type": "application/json", **kwargs.pop("headers", {})}
        return lambda: client.post(path, content=body, headers=headers, **kwargs)
    return lambda: client.post(path, json=body, **kwargs)


async def limit_attacks(client: httpx.AsyncClient) -> list[Row]:
    cases = [
        ("direct: 100,000 __typename aliases", typename_aliases(100_000)),
        ("direct: 50,000 aliases of me { id }", aliases(50_000)),
        ("direct: selection 54 levels deep", deep_selection(54)),
        ("direct: 2^20 fragment spreads", fragment_bomb(20)),
        ("direct: me { id } 300 times", repeated_fields(300)),
    ]
    return [await varied(client, Row(name, limit=True), document) for name, document in cases]


async def varied(client: httpx.AsyncClient, row: Row, document: str, **kwargs: Any) -> Row:
    """`document` five times (after a warm-up), a space longer each time: each is a new text,
    parsed and measured again, not answered from what the subgraph kept."""
    texts = iter(document + " " * n for n in range(10))

    async def run() -> None:
        post = lambda: client.post("/users/graphql", json={"query": next(texts)}, **kwargs)  # noqa: E731
        await replay(row, post, 5)

    return await watched(row, client, run)


async def big_legal(client: httpx.AsyncClient, bearer: dict[str, str]) -> Row:
    row = Row("direct: 90 searches in one query, legal", limit=False)
    return await varied(client, row, legal_but_big(), headers=bearer)


async def big_body(client: httpx.AsyncClient) -> Row:
    row = Row("direct: 50 MB body", limit=True)
    base = str(client.base_url).rstrip("/")
    for _ in range(3):
        status, seconds = await huge_body(base, 50_000_000, path="/users/graphql")
        row.add(httpx.Response(status), seconds)
    row.note = "answered after 64 KB of 50 MB sent"
    return row


async def hygiene_attacks(client: httpx.AsyncClient, bearer: dict[str, str]) -> list[Row]:
    users, applications = "/users/graphql", "/applications/graphql"
    naive = '{ applications(filter: {appliedFrom: "2024-01-01T00:00:00"}) { totalCount } }'
    cases = [
        ("direct: cursor WzEsMl0 ([1,2])", applications,
         {"query": '{ applications(after: "WzEsMl0") { totalCount } }'}),
        ("direct: filter date without time zone", applications, {"query": naive}),
        ("direct: \\ud800 in searchUsers", users,
         b'{"query": "query($n: String!) { searchUsers(name: $n) { totalCount } }", "variables": {"n": "\\ud800"}}'),
        ("direct: NUL in searchUsers", users, {"query": SEARCH, "variables": {"n": "a\u0000"}}),
        ("direct: _entities, unknown __typename", users,
         {"query": ENTITIES, "variables": {"r": [{"__typename": "Nope", "id": "1"}]}}),
        ("direct: _entities, an extra key", users,
         {"query": ENTITIES, "variables": {"r": [{"__typename": "User", "id": "1", "x": 1}]}}),
        ("direct: invalid UTF-8 in the JSON body", users, b'{"query": "{ __typename \xff }"}'),
    ]  # fmt: skip
    return [
        await replay(Row(name, limit=False), send(client, path, body, headers=bearer), 5)
        for name, path, body in cases
    ]


def log_in(email: str, password: str, forwarded: str) -> Callable[[httpx.AsyncClient], Any]:
    body = {"query": LOG_IN, "variables": {"input": {"email": email, "password": password}}}
    return lambda client: client.post(
        "/users/graphql", json=body, headers={"x-forwarded-for": forwarded}
    )


async def password_guessing(client: httpx.AsyncClient, email: str) -> list[Row]:
    """Guesses at one account: from one address, refused without argon2 once that address's
    budget for the account is spent; from new made-up forwarded addresses, slowed
    (RATE_LIMIT_LOG_IN_DELAY_SECONDS) but never refused, and the owner still gets in."""
    guesses, refused, elsewhere, owner = (
        Row("direct: 10 wrong passwords, one account", limit=False),
        Row("direct: 10 more, that X-Forwarded-For", limit=True),
        Row("direct: 3 more, each a new X-Forwarded-For", limit=False),
        Row("direct: the owner's password, another one", limit=False),
    )
    for n in range(20):
        request = log_in(email, f"guess number {n}", "203.0.113.1")
        (guesses if n < 10 else refused).add(*await timed(request(client)))
    for n in range(3):
        request = log_in(email, f"guess number {n + 20}", f"203.0.113.{n + 2}")
        elsewhere.add(*await timed(request(client)))
    elsewhere.note = "slowed, not refused"
    if elsewhere.codes["RATE_LIMITED"]:
        elsewhere.broken = "guesses from new addresses were refused: the account is locked"
    owner.add(*await timed(log_in(email, PASSWORD, "198.51.100.7")(client)))
    if owner.codes or owner.statuses[200] != 1:
        owner.broken = "the owner was refused"
    return [guesses, refused, elsewhere, owner]


async def sign_up_flood(client: httpx.AsyncClient) -> list[Row]:
    """A flood of sign-ups from one address: RATE_LIMITED, answered without argon2."""
    flood, refused = (
        Row("direct: sign-ups from one address", limit=False),
        Row("direct: 5 more sign-ups, that address", limit=True),
    )
    while not flood.codes["RATE_LIMITED"] and len(flood.seconds) < 60:
        flood.add(*await timed(client.post("/users/graphql", json=sign_up_body())))
    flood.note = f"refused from attempt {len(flood.seconds)}"
    for _ in range(5):
        refused.add(*await timed(client.post("/users/graphql", json=sign_up_body())))
    return [flood, refused]


def sign_up_body() -> dict[str, Any]:
    email = f"flood-{uuid.uuid4().hex[:10]}@example.com"
    values = {"email": email, "password": PASSWORD, "fullName": "Flood"}
    return {"query": SIGN_UP, "variables": {"input": values}}


async def direct_attacks(host_url: str, token: str, email: str) -> list[Row]:
    bearer = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=host_url, timeout=60) as client:
        rows = await limit_attacks(client)
        rows.append(await big_legal(client, bearer))
        rows.append(await big_body(client))
        rows += await hygiene_attacks(client, bearer)
        rows += await password_guessing(client, email)
        rows += await sign_up_flood(client)
    return rows

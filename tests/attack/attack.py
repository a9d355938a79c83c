"""The issue's attacks on the router, replayed against a real router while a real user works.

    python -m tests.attack                 # starts its own embedded host and router
    python -m tests.attack --router URL    # an already running router (127.0.0.1 only)

Prints one line per attack: requests sent, HTTP statuses and codes answered, slowest and median
answer. `tests/attack/test_attack.py` runs it in the suite and asserts the promises: no 500, no
traceback in the logs, every limit answered within 100 ms (the median of its tries), the user unaffected.
"""

import asyncio
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from tests.attack.documents import (
    aliases,
    deep_selection,
    fragment_bomb,
    nested_applications,
    typename_aliases,
)
from tests.clients import GraphQL
from tests.factories import create_application, operation, sign_up
from tests.router.tokens import rsa_key, token

LIMIT_SECONDS = 0.1


@dataclass
class Row:
    attack: str
    limit: bool  # a refusal that must come back within LIMIT_SECONDS
    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    note: str = ""
    broken: str = ""  # a promise of this row's own that did not hold

    def add(self, response: httpx.Response, seconds: float) -> None:
        self.statuses[response.status_code] += 1
        self.seconds.append(seconds)
        self.sizes.append(len(response.content))
        if response.headers.get("content-type", "").startswith("application/"):
            for error in response.json().get("errors", []):
                self.codes[error.get("extensions", {}).get("code", "NO CODE")] += 1

    @property
    def slowest_ms(self) -> float:
        return max(self.seconds) * 1000

    def line(self) -> str:
        statuses = " ".join(f"{s}x{n}" for s, n in sorted(self.statuses.items()))
        codes = " ".join(f"{c}x{n}" for c, n in self.codes.most_common(2))
        median = statistics.median(self.seconds) * 1000
        return (
            f"{self.attack:<44} {len(self.seconds):>5} {statuses:<13} {median:>7.1f} "
            f"{self.slowest_ms:>7.1f}  {'; '.join(part for part in (codes, self.note) if part)}"
        ).rstrip()


HEADER = f"{'attack':<44} {'sent':>5} {'statuses':<13} {'p50 ms':>7} {'max ms':>7}  codes / note"


async def timed(request: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    start = time.perf_counter()
    response = await request
    return response, time.perf_counter() - start


async def replay(row: Row, send: Callable[[], Awaitable[httpx.Response]], times: int) -> Row:
    """`times` requests one after the other, after one unmeasured request that warms the code
    path up (a router that has served traffic has its parser and validator compiled)."""
    await send()
    for _ in range(times):
        row.add(*await timed(send()))
    return row


async def user_traffic(api: GraphQL, stop: asyncio.Event, row: Row) -> None:
    """A signed-in user reading their dashboard and applications, every 50 ms."""
    account = await sign_up(api, full_name="Legitimate User")
    await create_application(api, account, company="Still Works Inc")
    while not stop.is_set():
        for name, variables in (("BigRead", {"first": 20}), ("Me", {"first": 10})):
            response, seconds = await timed(
                api.client.post(
                    "/graphql",
                    json={"query": operation(name), "variables": variables},
                    headers={"authorization": f"Bearer {account.token}"},
                )
            )
            row.add(response, seconds)
            if response.status_code != 200 or response.json().get("errors"):
                row.note = f"FAILED: {response.text[:200]}"
        await asyncio.sleep(0.05)


def post(
    client: httpx.AsyncClient, query: str, **kwargs
) -> Callable[[], Awaitable[httpx.Response]]:
    return lambda: client.post("/graphql", json={"query": query}, **kwargs)


async def document_attacks(client: httpx.AsyncClient, bearer: dict[str, str]) -> list[Row]:
    cases = [
        ("me→applications(first:10)→owner x5", nested_applications(5, 10)),
        ("applications(first:20) nested x3", nested_applications(3, 20)),
        ("50,000 aliases of me { id }", aliases(50_000)),
        ("2^20 fragment spreads (803 bytes)", fragment_bomb(20)),
        ("selection 54 levels deep", deep_selection(54)),
        ("100,000 __typename aliases", typename_aliases(100_000)),
    ]
    return [
        await replay(Row(name, limit=True), post(client, document, headers=bearer), 5)
        for name, document in cases
    ]


async def huge_body(url: str, size: int, path: str = "/graphql") -> tuple[int, float]:
    """Announces `size` bytes, sends the first 64 KB and waits: the status and how long it took."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    start = time.perf_counter()
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
    writer.write(f"{head}Content-Length: {size}\r\n\r\n".encode() + b"x" * 65_536)
    status_line = await reader.readline()
    seconds = time.perf_counter() - start
    writer.close()
    return int(status_line.split()[1]), seconds


async def body_attacks(client: httpx.AsyncClient) -> list[Row]:
    big = Row("50 MB body", limit=True)
    for _ in range(3):
        status, seconds = await huge_body(str(client.base_url).rstrip("/"), 50_000_000)
        big.add(httpx.Response(status), seconds)
    big.note = "answered after 64 KB of 50 MB sent"
    echo = Row("900 KB invalid JSON body", limit=False)
    invalid = b'{"query": "' + b"x" * 900_000
    json_type = {"content-type": "application/json"}
    await replay(echo, lambda: client.post("/graphql", content=invalid, headers=json_type), 3)
    echo.note = f"largest answer {max(echo.sizes)} bytes"
    return [big, echo]


async def token_attack(client: httpx.AsyncClient) -> Row:
    """60 tokens from any RSA key with made-up kids, sent within 0.4 s, as in the issue."""
    attacker = rsa_key("attacker")
    forged = [token(attacker, kid=f"made-up-{uuid.uuid4().hex}") for _ in range(60)]
    row = Row("60 made-up kids within 0.4 s", limit=False)

    async def one(bearer: str, delay: float) -> tuple[httpx.Response, float]:
        await asyncio.sleep(delay)
        return await timed(
            post(client, "{ __typename }", headers={"authorization": f"Bearer {bearer}"})()
        )

    for response, seconds in await asyncio.gather(
        *(one(t, n * 0.0066) for n, t in enumerate(forged))
    ):
        row.add(response, seconds)
    return row


async def kid_one_at_a_time(client: httpx.AsyncClient) -> Row:
    bearer = f"Bearer {token(rsa_key('attacker'), kid='made-up-kid')}"
    row = Row("a made-up kid, one at a time", limit=True)
    return await replay(row, post(client, "{ __typename }", headers={"authorization": bearer}), 10)


async def metrics_attack(client: httpx.AsyncClient) -> Row:
    before = len((await client.get("/metrics")).content)
    row = Row("900 distinct operationNames", limit=False)
    for n in range(900):
        row.add(
            *await timed(post(client, f"query Op{n}x{uuid.uuid4().hex[:6]} {{ __typename }}")())
        )
    after = len((await client.get("/metrics")).content)
    row.note = f"/metrics {before / 1000:.1f} KB → {after / 1000:.1f} KB"
    return row


async def cors_attack(client: httpx.AsyncClient) -> Row:
    row = Row("foreign Origin (two CORS_ORIGINS)", limit=False)
    origin = {"origin": "https://evil.example"}
    await replay(row, post(client, "{ __typename }", headers=origin), 3)
    response = await post(client, "{ __typename }", headers=origin)()
    row.note = f"allow-origin: {response.headers.get('access-control-allow-origin', 'none')}"
    return row


async def attack(router_url: str, host_url: str | None = None) -> tuple[list[Row], Row]:
    """Every attack in turn while a user works (those straight to the subgraphs too, given the
    embedded host's URL); the attacks' rows and the user's."""
    async with httpx.AsyncClient(base_url=router_url, timeout=60) as client:
        api = GraphQL(client, "/graphql")
        attacker = await sign_up(api, full_name="Attacker")
        bearer = {"authorization": f"Bearer {attacker.token}"}
        for _ in range(10):
            await create_application(api, attacker, company="Target Corp")
        user, stop = Row("legitimate user, meanwhile", limit=False), asyncio.Event()
        traffic = asyncio.create_task(user_traffic(api, stop, user))
        rows = await document_attacks(client, bearer)
        rows += await body_attacks(client)
        rows += [
            await kid_one_at_a_time(client),
            await token_attack(client),
            await metrics_attack(client),
            await cors_attack(client),
        ]
        if host_url is not None:
            from tests.attack.direct import direct_attacks

            rows += await direct_attacks(host_url, attacker.token, attacker.email)
        stop.set()
        await traffic
        return rows, user


def report(rows: list[Row], user: Row) -> str:
    return "\n".join([HEADER, *(row.line() for row in rows), user.line()])


TRACEBACK_MARKS = ("Traceback (most recent call last)", "stack:", "\n    at ")


def failures(rows: list[Row], user: Row, logs: str) -> list[str]:
    """The promises this replay checks; an empty list when all hold."""
    found = [
        f"{row.attack}: {row.statuses[500]} x 500" for row in [*rows, user] if row.statuses[500]
    ]
    found += [  # the median of its tries: one pause of a busy machine is not a slow limit
        f"{row.attack}: refusals take {statistics.median(row.seconds) * 1000:.0f} ms"
        for row in rows
        if row.limit and statistics.median(row.seconds) > LIMIT_SECONDS
    ]
    found += [f"{row.attack}: an error without a code" for row in rows if row.codes["NO CODE"]]
    found += [f"{row.attack}: {row.broken}" for row in rows if row.broken]
    found += [f"logs: {mark!r} seen" for mark in TRACEBACK_MARKS if mark in logs]
    if user.note or set(user.statuses) != {200}:
        found.append(f"legitimate user: {dict(user.statuses)} {user.note}")
    return found

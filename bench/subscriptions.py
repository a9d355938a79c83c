"""subscription-fanout: 100 browsers with the live toast open, and a reminder for each falling
due at the same moment.

Each client opens graphql-transport-ws to the router as the web app does (the token in
`connectionParams`) and subscribes with `web/src/graphql/WebNotificationReceived.graphql`; the
clients' users rotate over the seeded ones (so a user has two or three clients, and each
client of a user receives all of that user's reminders). Then one interview reminder per
client, all due `LEAD` seconds later, goes into the notifications subgraph's store as the
consumer of `interview.scheduled` would put it (split mode runs no relay). The scheduler fires
them on its next pass (REMINDER_SCAN_SECONDS, 10 s by default) and pushes them to the
subscribers. Measured: deliveries expected and received; for each, the delay from the due
time to its receipt (mostly the wait for the scheduler's pass) and from the notification's
`createdAt` (fired) to its receipt (the push through pub/sub, the subgraph and the router).
"""

import asyncio
import json
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench.report import Row
from bench.seed import User
from bench.stacks import System
from bench.workload import GRAPHQL
from subgraphs.kit.db import Database
from subgraphs.notifications import store

NAME = "subscription-fanout"
CLIENTS = 100
LEAD = 3.0  # seconds from the reminders' write to their due time
PATIENCE = 40.0  # seconds after the due time that a client waits for its reminders
RECEIVED = (GRAPHQL / "WebNotificationReceived.graphql").read_text()
PROTOCOL = Subprotocol("graphql-transport-ws")


@dataclass
class Client:
    user: User
    expected: int = 0
    received: list[tuple[float, datetime]] = field(default_factory=list)  # at, createdAt
    failure: str | None = None


def measure(system: System, users: list[User], clients: int = CLIENTS) -> list[Row]:
    """Run the fan-out once; a row for the report (p50/p95/p99: due time to receipt; errors:
    deliveries missed or failed), and a summary printed."""
    print(f"  {NAME:<16} c={clients:<3} router", flush=True)
    due, done = asyncio.run(_fanout(system, [users[n % len(users)] for n in range(clients)]))
    late = sorted(at - due for client in done for at, _ in client.received)
    pushed = sorted(at - created.timestamp() for c in done for at, created in c.received)
    expected = sum(client.expected for client in done)
    failures = Counter(client.failure for client in done if client.failure)
    print(f"    {len(late)}/{expected} deliveries to {clients} clients"
          f"{f'; failures: {dict(failures)}' if failures else ''}")  # fmt: skip
    if late:
        print(f"    due → received  p50 {_q(late, 50):.3f} s  p95 {_q(late, 95):.3f} s"
              f"  max {late[-1]:.3f} s")  # fmt: skip
        print(f"    fired → received  p50 {_q(pushed, 50) * 1000:.1f} ms"
              f"  p95 {_q(pushed, 95) * 1000:.1f} ms  max {pushed[-1] * 1000:.1f} ms")  # fmt: skip
    p50, p95, p99 = (_q(late, q) * 1000 if late else 0.0 for q in (50, 95, 99))
    missed = expected - len(late)
    return [Row(system.mode, NAME, "router", clients, p50, p95, p99, ops=0.0, errors=missed,
                requests=len(late))]  # fmt: skip


async def _fanout(system: System, users: list[User]) -> tuple[float, list[Client]]:
    clients = [Client(user) for user in users]
    for client, reminders in zip(clients, _reminders_per_client(users), strict=True):
        client.expected = reminders
    marker = uuid.uuid4().hex[:8]
    url = system.router_url.replace("http", "ws", 1)
    sockets = await asyncio.gather(*(_subscribe(url, c.user.token) for c in clients))
    try:
        await asyncio.sleep(1.0)  # the router's own subscriptions to the subgraph are made
        due = datetime.now(UTC) + timedelta(seconds=LEAD)
        await _remind(system.database_url, users, due, marker)
        deadline = due.timestamp() + PATIENCE
        await asyncio.gather(*(_receive(s, c, marker, deadline)
                               for s, c in zip(sockets, clients, strict=True)))  # fmt: skip
    finally:
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    return due.timestamp(), clients


def _reminders_per_client(users: list[User]) -> list[int]:
    """One reminder per client: a user's clients each receive all of that user's."""
    per_user = Counter(user.id for user in users)
    return [per_user[user.id] for user in users]


async def _subscribe(url: str, token: str) -> ClientConnection:
    socket = await connect(url, subprotocols=[PROTOCOL], open_timeout=30)
    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
    await socket.send(json.dumps(init))
    ack = json.loads(await asyncio.wait_for(socket.recv(), 30))
    if ack["type"] != "connection_ack":
        raise RuntimeError(f"subscription refused: {ack}")
    subscribe = {"id": str(uuid.uuid4()), "type": "subscribe", "payload": {"query": RECEIVED}}
    await socket.send(json.dumps(subscribe))
    return socket


async def _remind(database_url: str, users: list[User], due: datetime, marker: str) -> None:
    """An interview starting a minute after `due`, reminded a minute before, per entry of
    `users`, in the notifications store as `interview.scheduled` would leave it."""
    db = Database(database_url.format(subgraph="notifications"), subgraph="notifications")
    try:
        for user_id in dict.fromkeys(user.id for user in users):
            async with db.session(owner=uuid.UUID(user_id)) as session:
                for n, user in enumerate(users):
                    if user.id == user_id:
                        state = _interview(due + timedelta(minutes=1), f"Fanout {marker} {n}")
                        await store.track_interview(session, state=state, sequence=1)
    finally:
        await db.dispose()


def _interview(starts: datetime, company: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "status": "SCHEDULED", "starts_at": starts.isoformat(),
            "reminder_offsets_minutes": [1], "company": company, "position": "Engineer",
            "time_zone": "UTC", "duration_minutes": 30, "type": "ONLINE"}  # fmt: skip


async def _receive(socket: ClientConnection, client: Client, marker: str, deadline: float) -> None:
    try:
        while len(client.received) < client.expected:
            left = deadline - time.time()
            if left <= 0:
                client.failure = "timeout"
                return
            async with asyncio.timeout(left):
                message = json.loads(await socket.recv())
            at = time.time()
            if message["type"] == "ping":
                await socket.send(json.dumps({"type": "pong"}))
            elif message["type"] != "next" or message["payload"].get("errors"):
                client.failure = f"{message['type']}: {message.get('payload')}"[:200]
                return
            else:
                received = message["payload"]["data"]["notificationReceived"]
                if marker in received["title"]:
                    client.received.append((at, datetime.fromisoformat(received["createdAt"])))
    except TimeoutError:
        client.failure = "timeout"
    except Exception as error:  # a socket closed: counted, not raised (the others go on)
        client.failure = type(error).__name__


def _q(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]

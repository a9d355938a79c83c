"""Dead letters: events a consumer failed on after its last retry. List them, and re-queue
them once the cause is fixed (consumers are idempotent, so a re-queued event that was handled
after all changes nothing).

    python -m subgraphs.kit.events.deadletters list      # scripts/task events:dead-letters
    python -m subgraphs.kit.events.deadletters requeue   # ... -- requeue

With RabbitMQ (BROKER_URL) they wait in each consumer queue's dead-letter queue
(`events.<subgraph>.XQ`, Dramatiq's), and re-queueing moves them back. With the embedded
host's in-process broker they are kept in the consumer's own store (`dead_letters`), and
re-queueing handles them right here, in this process, through the same consumer.
"""

import argparse
import asyncio
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import pika  # type: ignore[import-untyped]
from sqlalchemy import delete, insert, select

from subgraphs.kit.db import Database, utcnow
from subgraphs.kit.events.consumer import Databases, consume
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.routing import handlers_of, queue_name, subscriptions
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings


@dataclass(frozen=True)
class DeadLetter:
    queue: str
    event: Event
    error: str

    def line(self) -> str:
        e, at = self.event, f"{self.event.occurred_at:%Y-%m-%d %H:%M:%S}"
        return f"{self.queue}  {e.id}  {e.type}  {e.aggregate_id}  {at}  {self.error}"


# --- kept in the consumer's store (in-process broker) -------------------------------------


async def keep(db: Database, queue: str, body: dict[str, Any], error: str) -> None:
    """Store a dead letter in the consumer's own store."""
    table = db.event_tables.dead_letters
    row = {"id": uuid4(), "queue": queue, "body": body, "error": error, "failed_at": utcnow()}
    async with db.admin() as session:
        await (await session.connection()).execute(insert(table).values(**row))


async def _stored(db: Database) -> list[tuple[UUID, DeadLetter]]:
    table = db.event_tables.dead_letters
    async with db.admin() as session:
        connection = await session.connection()
        rows = (await connection.execute(select(table).order_by(table.c.failed_at))).all()
    return [(row.id, DeadLetter(row.queue, Event.decode(row.body), row.error)) for row in rows]


async def _requeue_stored(databases: Databases, subgraph: str) -> int:
    db, handlers = databases.get(subgraph), handlers_of(subgraph)
    assert handlers is not None
    table, done = db.event_tables.dead_letters, 0
    for row_id, letter in await _stored(db):
        await consume(db, handlers, letter.event)
        async with db.admin() as session:
            await (await session.connection()).execute(delete(table).where(table.c.id == row_id))
        done += 1
    return done


# --- RabbitMQ's dead-letter queues --------------------------------------------------------


def _channel(url: str) -> Any:
    return pika.BlockingConnection(pika.URLParameters(url)).channel()


def _from_rabbitmq(url: str, queue: str) -> list[DeadLetter]:
    channel, letters = _channel(url), []
    channel.queue_declare(f"{queue}.XQ", passive=True)
    while True:  # unacknowledged: they return to the queue when the channel closes
        method, _, body = channel.basic_get(f"{queue}.XQ", auto_ack=False)
        if method is None:
            break
        message = json.loads(body)
        error = (message["options"].get("traceback") or "").strip().splitlines()[-1:]
        letters.append(DeadLetter(queue, Event.decode(message["args"][0]), "".join(error)))
    channel.connection.close()
    return letters


def _requeue_rabbitmq(url: str, queue: str) -> int:
    channel, moved = _channel(url), 0
    channel.confirm_delivery()
    while True:
        method, properties, body = channel.basic_get(f"{queue}.XQ", auto_ack=False)
        if method is None:
            break
        message = json.loads(body)
        for option in ("retries", "traceback", "requeue_timestamp"):
            message["options"].pop(option, None)
        channel.basic_publish("", queue, json.dumps(message).encode(), properties)
        channel.basic_ack(method.delivery_tag)
        moved += 1
    channel.connection.close()
    return moved


# --- the command --------------------------------------------------------------------------


async def dead_letters(settings: Settings, only: str | None = None) -> list[DeadLetter]:
    """The dead letters of every consuming subgraph (or `only` one), left where they are."""
    found: list[DeadLetter] = []
    databases = Databases(settings)
    try:
        for subgraph in [s for s in subscriptions() if only in (None, s)]:
            queue = queue_name(subgraph)
            if settings.BROKER_URL:
                found += await asyncio.to_thread(_from_rabbitmq, settings.BROKER_URL, queue)
            else:
                found += [letter for _, letter in await _stored(databases.get(subgraph))]
    finally:
        await databases.dispose()
    return found


async def run(command: str, settings: Settings, only: str | None = None) -> list[str]:
    """`list` or `requeue` the dead letters of every consuming subgraph (or `only` one)."""
    if command == "list":
        return [letter.line() for letter in await dead_letters(settings, only)]
    return [
        f"{queue}: {moved} re-queued" for queue, moved in (await requeue(settings, only)).items()
    ]


async def requeue(settings: Settings, only: str | None = None) -> dict[str, int]:
    """Send the dead letters of every consuming subgraph (or `only` one) again; per queue, how
    many were re-queued."""
    moved: dict[str, int] = {}
    databases = Databases(settings)
    try:
        for subgraph in [s for s in subscriptions() if only in (None, s)]:
            queue = queue_name(subgraph)
            moved[queue] = (
                await asyncio.to_thread(_requeue_rabbitmq, settings.BROKER_URL, queue)
                if settings.BROKER_URL
                else await _requeue_stored(databases, subgraph)
            )
    finally:
        await databases.dispose()
    return moved


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.kit.events.deadletters")
    parser.add_argument("command", choices=["list", "requeue"])
    parser.add_argument("--subgraph", help="only this consumer (default: every one)")
    args = parser.parse_args(argv)
    lines = asyncio.run(run(args.command, default_settings, args.subgraph))
    print("\n".join(lines) if lines else "no dead letters")


if __name__ == "__main__":
    main()

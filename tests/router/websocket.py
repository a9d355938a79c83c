"""graphql-transport-ws through the router, as a browser speaks it (the `websockets` client)."""

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

PROTOCOL = Subprotocol("graphql-transport-ws")


async def open_socket(router_url: str, params: dict[str, Any]) -> ClientConnection:
    socket = await connect(
        router_url.replace("http", "ws", 1) + "/graphql", subprotocols=[PROTOCOL]
    )
    await socket.send(json.dumps({"type": "connection_init", "payload": params}))
    ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ack["type"] == "connection_ack", ack
    return socket


async def send(socket: ClientConnection, id: str, query: str, variables: Any = None) -> None:
    payload = {"query": query, **({"variables": variables} if variables is not None else {})}
    await socket.send(json.dumps({"id": id, "type": "subscribe", "payload": payload}))


async def receive(socket: ClientConnection, seconds: float) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] != "ping":
                return message


def errors_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    payload = message["payload"]
    return payload if message["type"] == "error" else payload.get("errors") or []


async def close_code(socket: ClientConnection, seconds: float) -> int | None:
    try:
        async with asyncio.timeout(seconds):
            while True:
                await socket.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None

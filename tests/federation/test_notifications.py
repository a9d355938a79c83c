"""Notifications through the real router: an interview reminder arrives live, exactly once, on
the subscription of its owner only (graphql-transport-ws with the token in connectionParams),
is in the inbox, and, on the embedded profile, in the mail folder as an .eml file."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.factories import create_application, operation, sign_up

pytestmark = pytest.mark.federation

SCHEDULE = operation("ScheduleInterview")
RECEIVED = operation("NotificationReceived")
INBOX = operation("Notifications")
MARK_ALL = operation("MarkAllNotificationsRead")
PROTOCOL = Subprotocol("graphql-transport-ws")


async def subscribe(router_url: str, token: str) -> ClientConnection:
    """A graphql-transport-ws subscription to notificationReceived, as a browser makes it."""
    socket = await connect(router_url.replace("http", "ws", 1) + "/graphql",
                           subprotocols=[PROTOCOL])  # fmt: skip
    await socket.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
    ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ack["type"] == "connection_ack", ack
    subscription = {"id": str(uuid.uuid4()), "type": "subscribe",
                    "payload": {"query": RECEIVED, "operationName": "NotificationReceived"}}  # fmt: skip
    await socket.send(json.dumps(subscription))
    return socket


async def next_message(socket: ClientConnection, seconds: float) -> dict[str, Any]:
    while True:
        async with asyncio.timeout(seconds):
            message = json.loads(await socket.recv())
        if message["type"] != "ping":
            return message
        await socket.send(json.dumps({"type": "pong"}))


async def schedule_soon(router, account, seconds: float) -> dict[str, Any]:
    """An interview starting a minute and `seconds` from now, with one reminder a minute before."""
    application = await create_application(router, account, company="Hooli", position="SRE")
    starts = datetime.now(UTC) + timedelta(minutes=1, seconds=seconds)
    values = {"applicationId": application["id"], "startsAt": starts.isoformat(),
              "timeZone": "America/New_York", "durationMinutes": 30, "type": "ONLINE",
              "reminderOffsetsMinutes": [1]}  # fmt: skip
    for _ in range(100):  # interviews hear of a new application from its events
        result = await router(SCHEDULE, {"input": values}, token=account.token)
        if result.codes != ["NOT_FOUND"]:
            return result.data["scheduleInterview"]
        await asyncio.sleep(0.05)
    raise AssertionError("interviews never heard of the application")


async def test_a_reminder_arrives_live_once_and_only_to_its_owner(router, system):
    ada, bob = await sign_up(router, full_name="Ada"), await sign_up(router, full_name="Bob")
    ada_socket = await subscribe(system.router_url, ada.token)
    bob_socket = await subscribe(system.router_url, bob.token)
    try:
        interview = await schedule_soon(router, ada, seconds=4)
        message = await next_message(ada_socket, 30)
        assert message["type"] == "next" and "data" in message["payload"], message
        received = message["payload"]["data"]["notificationReceived"]
        assert received["kind"] == "INTERVIEW_REMINDER"
        assert received["title"] == "Interview in 1 minute: Hooli, SRE"
        assert received["interview"]["id"] == interview["id"]
        assert received["interview"]["application"] == {"company": "Hooli", "position": "SRE"}
        with pytest.raises(TimeoutError):  # once: nothing more for Ada, nothing at all for Bob
            await next_message(ada_socket, 3)
        with pytest.raises(TimeoutError):
            await next_message(bob_socket, 0.5)
    finally:
        await ada_socket.close()
        await bob_socket.close()

    inbox = (await router(INBOX, token=ada.token)).data
    assert inbox["notifications"]["totalCount"] == 1
    assert inbox["me"]["unreadNotificationCount"] == 1
    assert inbox["notifications"]["edges"][0]["node"]["id"] == received["id"]
    assert (await router(INBOX, token=bob.token)).data["notifications"]["totalCount"] == 0
    assert (await router(MARK_ALL, token=ada.token)).data == {"markAllNotificationsRead": 1}
    if "SMTP_URL" not in system.env:  # the embedded profile writes it to the mail folder
        for _ in range(50):
            node = (await router(INBOX, token=ada.token)).data["notifications"]["edges"][0]["node"]
            if node["emailState"] == "SENT":
                break
            await asyncio.sleep(0.1)
        eml = Path(system.env["DATA_DIR"]) / "mail" / f"{received['id']}.eml"
        assert node["emailState"] == "SENT" and "Hooli" in eml.read_text()


async def test_a_subscription_without_a_token_is_refused(router, system):
    socket = await connect(system.router_url.replace("http", "ws", 1) + "/graphql",
                           subprotocols=[PROTOCOL])  # fmt: skip
    try:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert ack["type"] == "connection_ack"
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": RECEIVED}})
        )
        message = await next_message(socket, 10)
        assert message["type"] == "error" or message["payload"].get("errors"), message
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED", message
    finally:
        await socket.close()

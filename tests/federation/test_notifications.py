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

from tests.factories import create_application, create_contact, operation, sign_up, unique_email

pytestmark = pytest.mark.federation

SCHEDULE = operation("ScheduleInterview")
RECEIVED = operation("NotificationReceived")
INBOX = operation("Notifications")
MARK_ALL = operation("MarkAllNotificationsRead")
PROTOCOL = Subprotocol("graphql-transport-ws")
DIRECT = "subscription { notificationReceived { id kind title contact { id } } }"  # subgraph fields


async def subscribe(router_url: str, token: str) -> ClientConnection:
    """A graphql-transport-ws subscription to notificationReceived, as a browser makes it."""
    return await subscribe_at(router_url.replace("http", "ws", 1) + "/graphql", token)


async def subscribe_at(url: str, token: str, query: str = RECEIVED) -> ClientConnection:
    socket = await connect(url, subprotocols=[PROTOCOL])
    await socket.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
    ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ack["type"] == "connection_ack", ack
    subscription = {"id": str(uuid.uuid4()), "type": "subscribe",
                    "payload": {"query": query}}  # fmt: skip
    await socket.send(json.dumps(subscription))
    return socket


async def next_message(socket: ClientConnection, seconds: float) -> dict[str, Any]:
    while True:
        async with asyncio.timeout(seconds):
            message = json.loads(await socket.recv())
        if message["type"] != "ping":
            return message
        await socket.send(json.dumps({"type": "pong"}))


def codes(message: dict[str, Any]) -> list[str]:
    """The error codes of a graphql-transport-ws `error` (a list), or of a `next` with errors."""
    payload = message["payload"]
    errors = payload if message["type"] == "error" else payload.get("errors") or []
    return [error["extensions"]["code"] for error in errors]


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
        due = datetime.fromisoformat(interview["startsAt"]) - timedelta(minutes=1)
        delay = (datetime.now(UTC) - due).total_seconds()
        print(f"reminder received {delay:.2f} s after its due time")
        assert delay < 10  # promised within 60 s; the test system scans every 0.5 s
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


async def test_straight_to_the_subgraph_the_token_in_connection_params_is_enough(router, system):
    """What the router does not show: a client of the subgraph itself, with no Authorization
    header, only connectionParams; a contact who registers arrives live."""
    ada = await sign_up(router, full_name="Ada")
    url = system.host_url.replace("http", "ws", 1) + "/notifications/graphql"
    socket = await subscribe_at(url, ada.token, DIRECT)
    try:
        email = unique_email("joiner")
        await create_contact(router, ada, name="Grace Hopper", emails=[email])
        await asyncio.sleep(0.3)  # its unlinked state reaches notifications first
        await sign_up(router, email=email, full_name="Grace Hopper")
        message = await next_message(socket, 20)
        received = message["payload"]["data"]["notificationReceived"]
        assert (received["kind"], received["title"]) == (
            "CONTACT_REGISTERED",
            "Grace Hopper joined Job Tracker",
        )
    finally:
        await socket.close()
    bad = await subscribe_at(url, "not-a-token", DIRECT)
    try:
        message = await next_message(bad, 10)
        assert codes(message) == ["UNAUTHENTICATED"], message
    finally:
        await bad.close()


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
        assert codes(message) == ["UNAUTHENTICATED"], message
    finally:
        await socket.close()

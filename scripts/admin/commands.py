"""The admin commands: each takes the parsed arguments and answers a dict to print, or raises
`Failure` (exit 1). They reuse the modules the Taskfile's tasks run."""

import argparse
import asyncio
import secrets
import sys
from pathlib import Path
from typing import Any

import httpx
import pika  # type: ignore[import-untyped]
from pydantic import ValidationError

from scripts.admin import userdata
from scripts.admin.output import Failure
from subgraphs.kit import AppError, default_settings
from subgraphs.kit.db import Database
from subgraphs.kit.events import deadletters, replay
from subgraphs.kit.migrations import upgrade_all
from subgraphs.kit.registry import subgraph_names
from subgraphs.users import keys, passwords
from subgraphs.users import store as users
from subgraphs.users.models import SignUp
from subgraphs.users.settings import UsersSettings

settings = default_settings


# --- health ----------------------------------------------------------------------------------


async def _http(client: httpx.AsyncClient, part: str, url: str) -> dict[str, Any]:
    try:
        response = await client.get(url)
    except httpx.HTTPError as error:
        return {"part": part, "status": "down", "detail": f"{url}: {type(error).__name__}"}
    status = "up" if response.status_code == 200 else "down"
    return {"part": part, "status": status, "detail": f"{url}: HTTP {response.status_code}"}


async def _store(name: str) -> dict[str, Any]:
    db = Database.for_subgraph(settings, name)
    try:
        await asyncio.wait_for(db.ping(), 5)
        if db.documents_url and db.documents.own_server:
            await asyncio.wait_for(db.documents.ping(), 5)
        return {"part": f"store {name}", "status": "up", "detail": db.engine.url.render_as_string()}
    except Exception as error:
        return {"part": f"store {name}", "status": "down", "detail": type(error).__name__}
    finally:
        await db.dispose()


def _broker() -> dict[str, Any]:
    if not settings.BROKER_URL:
        return {"part": "broker", "status": "up", "detail": "in-process (the embedded host's)"}
    try:
        parameters = pika.URLParameters(settings.BROKER_URL)
        parameters.socket_timeout = parameters.blocked_connection_timeout = 3
        pika.BlockingConnection(parameters).close()
        return {"part": "broker", "status": "up", "detail": "RabbitMQ"}
    except Exception as error:
        return {"part": "broker", "status": "down", "detail": f"RabbitMQ: {type(error).__name__}"}


async def health(args: argparse.Namespace) -> dict[str, Any]:
    host = (args.host_url or f"http://127.0.0.1:{settings.HOST_PORT}").rstrip("/")
    router = (args.router_url or f"http://{settings.ROUTER_HOST}:{settings.ROUTER_PORT}").rstrip(
        "/"
    )
    own = dict(item.split("=", 1) for item in args.subgraph_url)
    async with httpx.AsyncClient(timeout=args.timeout) as client:
        checks = [
            _http(
                client,
                f"subgraph {name}",
                f"{own[name].rstrip('/')}/health/ready"
                if name in own
                else f"{host}/{name}/health/ready",
            )
            for name in subgraph_names()
        ]
        checks.append(_http(client, "router", f"{router}/readiness"))
        checks += [_store(name) for name in subgraph_names()]
        parts = list(await asyncio.gather(*checks))
    parts.append(await asyncio.to_thread(_broker))
    result = {"ok": all(part["status"] == "up" for part in parts), "parts": parts}
    if not result["ok"]:
        raise Failure(result)
    return result


# --- stores and events -----------------------------------------------------------------------


async def migrate(args: argparse.Namespace) -> dict[str, Any]:
    unknown = set(args.subgraphs) - set(subgraph_names())
    if unknown:
        raise Failure({"error": f"no such subgraph: {', '.join(sorted(unknown))}"})
    return {"ok": True, "at_head": await upgrade_all(settings, args.subgraphs or None)}


async def reindex(_: argparse.Namespace) -> dict[str, Any]:
    removed = await replay.reset(settings, "search")
    published = {
        name: await replay.replay(settings, name) for name in ("applications", "contacts", "users")
    }
    return {
        "ok": True,
        "removed": removed,
        "published": published,
        "note": "the running system's relays deliver the events to the search index",
    }


async def dead_letters(args: argparse.Namespace) -> dict[str, Any]:
    if args.action == "list":
        found = await deadletters.dead_letters(settings, args.subgraph)
        letters = [
            {
                "queue": d.queue,
                "id": str(d.event.id),
                "type": d.event.type,
                "aggregate_id": str(d.event.aggregate_id),
                "occurred_at": d.event.occurred_at.isoformat(),
                "error": d.error,
            }
            for d in found
        ]
        return {"ok": True, "dead_letters": letters}
    return {"ok": True, "requeued": await deadletters.requeue(settings, args.subgraph)}


# --- users -------------------------------------------------------------------------------------


async def user_create(args: argparse.Namespace) -> dict[str, Any]:
    generated = not args.password_stdin
    password = secrets.token_urlsafe(18) if generated else sys.stdin.readline().rstrip("\n")
    try:
        sign_up = SignUp(email=args.email, password=password, full_name=args.full_name)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise Failure({"error": problems}) from None
    db = Database.for_subgraph(settings, "users")
    try:
        await passwords.require_strong(password, email=sign_up.email, full_name=sign_up.full_name)
        async with db.session(owner=None) as session:
            user = await users.create_user(session, sign_up=sign_up)
    except AppError as error:
        raise Failure({"error": str(error), "code": error.code.value}) from None
    finally:
        await db.dispose()
    made: dict[str, Any] = {"ok": True, "id": str(user.id), "email": user.email}
    if generated:
        made["password"] = password
    return made


async def _owner(email: str) -> Any:
    user = await userdata.find_user(settings, email)
    if user is None:
        raise Failure({"error": f"no user with the e-mail {email}"})
    return user


async def user_export(args: argparse.Namespace) -> dict[str, Any] | None:
    user = await _owner(args.email)
    if args.output == "-":
        await userdata.write_export(settings, user.id, sys.stdout.buffer)
        sys.stdout.flush()
        return None  # the export is the output
    path = Path(args.output)
    with path.open("wb") as output:  # noqa: ASYNC230 (a CLI: nothing else runs meanwhile)
        size = await userdata.write_export(settings, user.id, output)
    return {"ok": True, "user_id": str(user.id), "output": str(path), "bytes": size}


async def user_delete(args: argparse.Namespace) -> dict[str, Any]:
    erased = await userdata.erase(settings, args.email)
    if erased is None:
        raise Failure({"error": f"no user with the e-mail {args.email}"})
    return {
        "ok": True,
        "user_id": str(erased),
        "note": "erased from users; user.deleted is in the outbox: the running system's "
        "relay delivers it and every subgraph erases the rest",
    }


# --- keys --------------------------------------------------------------------------------------


async def keys_rotate(_: argparse.Namespace) -> dict[str, Any]:
    rotation = keys.rotate(UsersSettings.of(settings))
    result: dict[str, Any] = {
        "ok": True,
        "new_kid": rotation.new_kid,
        "retired_kid": rotation.retired_kid,
        "retired_key_published_until": rotation.retired_until.isoformat(),
    }
    if rotation.private_key_pem is not None:
        result["note"] = (
            "JWT_PRIVATE_KEY is set: set it to private_key_pem and add "
            "retired_public_key_pem to JWT_RETIRED_PUBLIC_KEYS, then restart users"
        )
        result["private_key_pem"] = rotation.private_key_pem
        result["retired_public_key_pem"] = rotation.retired_public_key_pem
    else:
        result["note"] = (
            "keys under DATA_DIR rotated; the users subgraph signs with the new one within a second"
        )
    return result

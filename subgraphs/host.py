"""The embedded host: every subgraph in one process, each on its own path (`/users/graphql`, ...).

    python -m subgraphs.host        # serves on HOST_BIND:HOST_PORT (127.0.0.1:4001)

The subgraphs come from `supergraph.yaml`; each keeps its own store (a SQLite file under
DATA_DIR by default) and is reached by the router over HTTP exactly as in production.
"""

import asyncio
import importlib
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from subgraphs.kit import Settings, default_settings, runtime_of
from subgraphs.kit.edge import KEEP_ALIVE_SECONDS
from subgraphs.kit.events.broker import acknowledgements, is_durable, make_broker
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.events.worker import InProcessWorker
from subgraphs.kit.registry import subgraph_names
from subgraphs.kit.telemetry import NO_NATIVE_TELEMETRY, tracer_provider


def create_host(settings: Settings = default_settings) -> FastAPI:
    if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        tracer_provider(settings, "host")  # the relays', consumers' and stores' spans
    apps = {
        name: importlib.import_module(f"subgraphs.{name}.app").create_app(settings)
        for name in subgraph_names()
    }

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Starlette does not run a mounted app's lifespan: enter each one here, in order.
        async with AsyncExitStack() as stack:
            for app in apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            await stack.enter_async_context(run_events(settings, apps.values()))
            yield

    host = FastAPI(
        title="job-tracker embedded host",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=NO_NATIVE_TELEMETRY,
    )

    @host.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @host.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        subgraphs = {name: await runtime_of(app).readiness() for name, app in apps.items()}
        up = all(state == "up" for stores in subgraphs.values() for state in stores.values())
        body = {"status": "ok" if up else "unavailable", "subgraphs": subgraphs}
        return JSONResponse(body, 200 if up else 503)

    for name, app in apps.items():
        host.mount(f"/{name}", app)
    return host


@asynccontextmanager
async def run_events(settings: Settings, apps: Iterable[FastAPI]) -> AsyncIterator[None]:
    """Every subgraph's consumers on worker threads in this process; with the in-process broker
    (no BROKER_URL) also the relays, which the subgraphs run themselves when there is one. That
    broker keeps nothing across a crash, so its relays keep each event in its outbox until
    every consumer has processed it: a crash loses none, the next start sends them again."""
    broker = make_broker(settings)
    worker = InProcessWorker(broker, settings)
    relays = []
    sender = BrokerSender(broker)
    if not is_durable(broker):
        for app in apps:
            relay = Relay(
                runtime_of(app).db,
                sender,
                sweep_seconds=settings.RELAY_SWEEP_SECONDS,
                batch=settings.RELAY_BATCH,
                until_processed=True,
            )
            acknowledgements(broker).relays[relay.db.subgraph] = relay
            relay.start()
            relays.append(relay)
    worker.start()
    try:
        yield
    finally:
        for relay in relays:
            await relay.stop()
        await sender.close()
        await asyncio.to_thread(worker.join, 10_000)
        await asyncio.sleep(0)  # the acknowledgements the consumers sent from their threads
        for relay in relays:  # what was processed leaves the outboxes; the rest is sent again
            await relay.forget_processed()
        await asyncio.to_thread(worker.stop)


def main() -> None:
    settings = default_settings
    uvicorn.run(
        create_host(settings),
        host=settings.HOST_BIND,
        port=settings.HOST_PORT,
        log_level=settings.LOG_LEVEL.lower(),
        access_log=False,
        # Who the client is comes from TRUSTED_PROXIES (kit.addresses), not from uvicorn, which
        # would believe X-Forwarded-For from any local process.
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        # A WebSocket frame past the body limit is refused (1009) before it is read whole; the
        # subgraphs hold the same limit themselves (kit.sockets), whatever the server.
        ws_max_size=settings.SUBGRAPH_MAX_BODY_BYTES,
    )


if __name__ == "__main__":
    main()

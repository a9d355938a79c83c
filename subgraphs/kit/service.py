"""The one way to build a subgraph: FastAPI + Strawberry federation + health + metrics."""

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection

from subgraphs.kit.addresses import trusted_networks
from subgraphs.kit.auth import TokenVerifier, http_jwks
from subgraphs.kit.context import Context, build_context
from subgraphs.kit.db import Database
from subgraphs.kit.edge import BodyLimit, GraphQLApp
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.erasure import ErasedOwners
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.runtime import Runtime
from subgraphs.kit.schema import ServiceSchema
from subgraphs.kit.settings import Settings, subgraph_settings
from subgraphs.kit.sockets import Subscribers
from subgraphs.kit.store import Disposable, Store
from subgraphs.kit.telemetry import NO_NATIVE_TELEMETRY, instrument

logger = logging.getLogger("subgraphs.service")


def default_verifier(settings: Settings) -> TokenVerifier:
    return TokenVerifier(
        http_jwks(settings.jwks_url),
        issuer=settings.JWT_ISSUER,
        audience=settings.JWT_AUDIENCE,
        cache_seconds=settings.JWKS_CACHE_SECONDS,
    )


def create_service(
    *,
    name: str,
    schema: ServiceSchema,
    settings: Settings,
    verifier: TokenVerifier | None = None,
    stores: Sequence[Store] = (),
    services: Sequence[object] = (),
    routers: Sequence[APIRouter] = (),
    own_body_limits: Sequence[str] = (),
    background: Sequence[Callable[[Runtime], Awaitable[None]]] = (),
) -> FastAPI:
    """A subgraph's ASGI app: its SQL store (`DATABASE_URL`) plus any other `stores`, each
    migrated on start when asked and pinged by `/health/ready`; `services` are what its
    resolvers reach through `info.context.get(Type)`; `own_body_limits` are the path prefixes
    of `routers` that limit request bodies themselves (uploads), where SUBGRAPH_MAX_BODY_BYTES
    does not apply; `background` are housekeeping loops
    (sweeping expired rows), each started as a task once the stores are migrated and
    cancelled at exit, before the stores are disposed. The runtime's settings are `settings`
    as the subgraph's own class makes them (`kit.settings`)."""
    settings = subgraph_settings(settings, name)
    db = Database.for_subgraph(settings, name)
    runtime = Runtime(
        name=name,
        settings=settings,
        db=db,
        verifier=verifier or default_verifier(settings),
        stores=(db, *_document_store(db), *stores),
        erased=ErasedOwners(
            db,
            refresh_seconds=settings.ERASED_REFRESH_SECONDS,
            keep_seconds=settings.JWT_TTL_SECONDS,
        ),
        services=tuple(services),
        trusted_proxies=trusted_networks(settings.TRUSTED_PROXIES),
        subscribers=Subscribers(per_user=settings.SUBSCRIPTIONS_PER_USER),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.MIGRATE_ON_START:
            for store in runtime.stores:
                await store.migrate()
        # Everything made while starting (schema, models, engine) lives as long as the
        # process: keep it out of the collector's full passes, which otherwise took 30-60 ms
        # now and then (the p99 of `task bench`'s single-connection runs).
        gc.freeze()
        relay = _relay(runtime)
        tasks = [asyncio.create_task(_logged(loop(runtime), name)) for loop in background]
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if relay is not None:
            await relay.stop()
            await relay.sender.close()
        for store in runtime.stores:
            await store.dispose()
        for service in runtime.services:
            if isinstance(service, Disposable):
                await service.dispose()

    async def get_context(connection: HTTPConnection) -> Context:
        return await build_context(connection, runtime=runtime)

    app = FastAPI(
        title=f"job-tracker {name} subgraph",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=NO_NATIVE_TELEMETRY,
    )
    app.state.runtime = runtime
    app.add_middleware(
        BodyLimit, max_bytes=settings.SUBGRAPH_MAX_BODY_BYTES, exempt=tuple(own_body_limits)
    )
    graphql = GraphQLApp(
        schema,
        context=get_context,
        graphiql=settings.GRAPHIQL,
        max_frame_bytes=settings.SUBGRAPH_MAX_BODY_BYTES,
    )
    # Starlette routes to an ASGI app given as the endpoint (it is not a function).
    app.add_route("/graphql", graphql, methods=["GET", "POST"], include_in_schema=False)  # type: ignore[arg-type]
    app.router.add_websocket_route("/graphql", graphql)  # type: ignore[arg-type]
    for router in routers:
        app.include_router(router)
    app.include_router(_health(runtime))
    instrument(app, subgraph=name, settings=settings)
    return app


async def _logged(work: Awaitable[None], subgraph: str) -> None:
    """A background loop that should not end: say so when it does, with its error."""
    try:
        await work
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("%s: a background task failed", subgraph)
    else:
        logger.warning("%s: a background task ended", subgraph)


def _relay(runtime: Runtime) -> Relay | None:
    """The relay of this subgraph's outbox, when a broker is configured. Without one (the
    embedded host runs the relays itself) events wait in the outbox: nothing is lost."""
    settings = runtime.settings
    if not settings.BROKER_URL:
        return None
    relay = Relay(
        runtime.db,
        BrokerSender(make_broker(settings)),
        sweep_seconds=settings.RELAY_SWEEP_SECONDS,
        batch=settings.RELAY_BATCH,
    )
    relay.start()
    return relay


def _document_store(db: Database) -> tuple[Store, ...]:
    """The subgraph's document store when it is a server of its own (MongoDB) and the subgraph
    keeps documents: migrated, reported by readiness and disposed like the database."""
    from subgraphs.kit.documents.backends import subgraph_collections

    if not db.documents_url or not subgraph_collections(db.subgraph):
        return ()
    return (db.documents,) if db.documents.own_server else ()


def runtime_of(app: FastAPI) -> Runtime:
    """The runtime `create_service` gave `app` (its settings, stores and services)."""
    runtime: Runtime = app.state.runtime
    return runtime


def _health(runtime: Runtime) -> APIRouter:
    router = APIRouter(prefix="/health", include_in_schema=False)

    @router.get("/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready() -> JSONResponse:
        stores = await runtime.readiness()
        up = all(state == "up" for state in stores.values())
        if not up:
            logger.warning("%s not ready: %s", runtime.name, stores)
        body = {"status": "ok" if up else "unavailable", "stores": stores}
        return JSONResponse(body, status_code=200 if up else 503)

    return router

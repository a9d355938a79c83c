"""A subgraph's HTTP edge: Strawberry's ASGI app, JSON refusals with a code, the request-body
limit, and the client's address.

    GraphQLApp   Strawberry's app; request bodies decoded by orjson (invalid UTF-8 or a lone
                 surrogate is 400 BAD_REQUEST, and so is JSON that is not an object, such as
                 `"hello"`, `5` or `null`), its HTTP refusals answered as JSON errors, the
                 rate-limit budget a request touched in its response's RateLimit-* headers
                 (`kit.ratebudget`); each WebSocket connection a `kit.sockets.Socket` (frames
                 capped, closed on expiry)
    BodyLimit    ASGI middleware: a body over SUBGRAPH_MAX_BODY_BYTES is 413
                 REQUEST_ENTITY_TOO_LARGE, a declared one before it is read, a streamed one as
                 soon as it grows past the limit
    KEEP_ALIVE_SECONDS  how long uvicorn keeps an idle connection open (`--timeout-keep-alive`)
(The client's address is `kit.addresses`.)
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL

from subgraphs.kit.context import Context
from subgraphs.kit.errors import ErrorCode
from subgraphs.kit.ratebudget import tracking
from subgraphs.kit.schema import ServiceSchema
from subgraphs.kit.sockets import SCOPE_KEY, Socket

# An idle keep-alive connection must be closed by the client, never by the subgraph. Node's
# HTTP agent (the router's fetch) drops an idle socket after 5 s, uvicorn's default is 5 s as
# well: a request written on a socket the subgraph was closing at that moment failed with
# "socket hang up" (SUBREQUEST_HTTP_ERROR). Seen under load in `bench.cpu --concurrency 16`.
# 75 s outlasts Node's 5 s and the usual proxies' and load balancers' 60 s.
KEEP_ALIVE_SECONDS = 75
JSON_KINDS: dict[type, str] = {str: "a string", bool: "a boolean", type(None): "null"}


def refusal(status: int, message: str, code: ErrorCode = ErrorCode.BAD_REQUEST) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=status)


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app (HTTP, GraphiQL, graphql-transport-ws), routed straight from
    Starlette: no FastAPI dependency solving per request, a fifth of a small query's cost."""

    def __init__(
        self,
        schema: ServiceSchema,
        *,
        context: Callable[[HTTPConnection], Awaitable[Context]],
        graphiql: bool,
        max_frame_bytes: int,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL),
        )
        self._context = context
        self.max_frame_bytes = max_frame_bytes

    async def get_context(self, request: Any, response: Any) -> Context:
        context = await self._context(request)
        context.request, context.response = request, response
        return context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry's, with its HTTP refusals (a body that is not JSON, a wrong method) as
        JSON errors with a code, like every other error, and the rate-limit headers of the
        tightest rule the request's resolvers checked; a WebSocket through its `Socket`."""
        if scope["type"] == "websocket":
            socket = scope[SCOPE_KEY] = Socket(receive, send, max_bytes=self.max_frame_bytes)
            try:
                return await super().__call__(scope, socket.receive, socket.send)
            finally:
                socket.finish()
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        with tracking() as budgets:
            try:
                response = await self.run(Request(scope, receive))
            except HTTPException as error:
                response = refusal(error.status_code, error.reason)
        response.headers.update(budgets.headers())
        await response(scope, receive, send)

    def parse_json(self, data: str | bytes) -> Any:
        """A request's JSON (a body, or GET's `variables` and `extensions`): an object, or a
        list (a batch, which Strawberry refuses with its own 400). Anything else, such as
        `"hello"`, `5` or `null`, is 400 BAD_REQUEST, not a 500 from Strawberry's `.get`."""
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            kind = JSON_KINDS.get(type(parsed), "a number")
            raise HTTPException(400, f"Expected a JSON object (a GraphQL request), not {kind}.")
        return parsed

    def decode_json(self, data: str | bytes) -> object:
        """orjson: invalid UTF-8 and lone surrogates (`"\\ud800"`) are JSON errors (400), so no
        string a store cannot encode gets in."""
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as error:  # says where and why, never echoes the body
            raise HTTPException(400, f"The request body is not JSON: {error}"[:300]) from None

    def encode_json(self, data: object) -> str:
        """orjson: several times faster than `json` on a page of results. A `str`, since
        graphql-transport-ws sends text frames."""
        return orjson.dumps(data).decode()


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses HTTP request bodies over `max_bytes` with 413 REQUEST_ENTITY_TOO_LARGE, except
    on the routes under `exempt` (path prefixes within the app), which limit their own."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, exempt: Sequence[str] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = tuple(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._exempt(scope):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    def _exempt(self, scope: Scope) -> bool:
        if not self.exempt:
            return False
        # Within a mounted app (the embedded host's /files), the path still starts with the mount.
        path, root = scope["path"], scope.get("root_path", "")
        path = path[len(root) :] if root and path.startswith(root) else path
        return any(path == prefix or path.startswith(f"{prefix}/") for prefix in self.exempt)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"Request body over {self.max_bytes} bytes."
        response = refusal(413, message, ErrorCode.REQUEST_ENTITY_TOO_LARGE)
        response.headers["connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)

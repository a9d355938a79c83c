"""CORS for the local backend's upload and download routes, so that a browser page on an allowed
origin (the web app: CORS_ORIGINS, the same list the router allows) may POST the upload form and
read the answer. Exact origins only, no credentials (the URLs are signed; no cookie is involved).

A preflight (OPTIONS with Access-Control-Request-Method; a browser sends one for an upload that
reports its progress) from an allowed origin for one of the route's methods gets 204 and the
CORS headers; any other gets 403 without them. Every answer from the routes themselves carries
Access-Control-Allow-Origin for an allowed origin (refusals too, so the page can read why) and
`Vary: Origin`.
"""

from collections.abc import Callable, Collection, Coroutine
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import PlainTextResponse, Response

SAFE_HEADERS = frozenset({"content-type"})  # what an XMLHttpRequest with FormData may name
MAX_AGE_SECONDS = 600


def _vary(response: Response) -> None:
    vary = response.headers.get("vary")
    if not vary:
        response.headers["vary"] = "Origin"
    elif "origin" not in [name.strip().lower() for name in vary.split(",")]:
        response.headers["vary"] = f"{vary}, Origin"


def cors_route(origins: Collection[str]) -> type[APIRoute]:
    """A route class whose answers carry CORS headers for the allowed `origins`."""
    allowed = frozenset(origins)

    class CorsRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def with_cors(request: Request) -> Response:
                response = await handler(request)
                origin = request.headers.get("origin")
                if origin in allowed and request.method != "OPTIONS":
                    response.headers["access-control-allow-origin"] = origin
                _vary(response)
                return response

            return with_cors

    return CorsRoute


def preflight(request: Request, *, origins: Collection[str], methods: Collection[str]) -> Response:
    """The answer to an OPTIONS request for a route that takes `methods`."""
    origin = request.headers.get("origin", "")
    method = request.headers.get("access-control-request-method", "")
    asked = request.headers.get("access-control-request-headers", "")
    headers = {name.strip().lower() for name in asked.split(",") if name.strip()}
    if origin not in origins or method not in methods or not headers <= SAFE_HEADERS:
        refused = PlainTextResponse("Not allowed from this origin", status_code=403)
        _vary(refused)
        return refused
    allowed = {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": ", ".join(sorted(methods)),
        "access-control-max-age": str(MAX_AGE_SECONDS),
        "vary": "Origin",
    }
    if headers:
        allowed["access-control-allow-headers"] = ", ".join(sorted(headers))
    return Response(status_code=204, headers=allowed)

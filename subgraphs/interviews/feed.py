"""The secret calendar feed: `GET /calendar/<token>.ics` on the interviews subgraph
(`/interviews/calendar/<token>.ics` on the embedded host), no Authorization header: the token
is the credential.

    token = <owner id, 32 hex> + base64url(HMAC-SHA256(CALENDAR_FEED_SECRET, owner || nonce))

The store keeps the owner's `nonce` and the SHA-256 of the token, never the token: a copy of
the database alone gives no working URL, and `rotateCalendarFeed` (a new nonce, a new hash)
stops the old URL at once. The route compares hashes in constant time, and answers every
failure (malformed, unknown, rotated, disabled, deleted account) with the same 404."""

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from uuid import UUID

from fastapi import APIRouter, Request, Response

from subgraphs.interviews import calendar, store
from subgraphs.interviews.models import CalendarFeed
from subgraphs.interviews.settings import InterviewsSettings
from subgraphs.kit import development_secret, runtime_of

OWNER_CHARS = 32  # a UUID's hex
SECRET_FILE = "calendar-feed.key"
MEDIA_TYPE = "text/calendar; charset=utf-8"
_DUMMY = hashlib.sha256(b"no feed").hexdigest()


class FeedKeys:
    """Derives feed tokens from CALENDAR_FEED_SECRET (a service: `info.context.get(FeedKeys)`)."""

    def __init__(self, settings: InterviewsSettings) -> None:
        self._key = development_secret(
            settings, settings.CALENDAR_FEED_SECRET, variable="CALENDAR_FEED_SECRET",
            file=SECRET_FILE,
        )  # fmt: skip
        self.base_url = f"{settings.interviews_public_url}/calendar"

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_hex(16)

    def token(self, owner: UUID, nonce: str) -> str:
        mac = hmac.new(self._key, owner.bytes + nonce.encode(), hashlib.sha256).digest()
        return owner.hex + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def url(self, feed: CalendarFeed) -> str:
        return f"{self.base_url}/{self.token(feed.owner_id, feed.nonce)}.ics"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owner(token: str) -> UUID | None:
    if len(token) != OWNER_CHARS + 43 or not token.isascii():
        return None
    try:
        return UUID(hex=token[:OWNER_CHARS])
    except ValueError:
        return None


def _not_found() -> Response:
    return Response("Not found\n", status_code=404, media_type="text/plain",
                    headers={"Cache-Control": "no-store"})  # fmt: skip


def _not_modified(request: Request, etag: str, modified: datetime) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if (match := request.headers.get("if-none-match")) is not None:
        return match.strip() == "*" or etag in [tag.strip() for tag in match.split(",")]
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError, OverflowError):  # a date no calendar sends: ignored
        return False


def routes() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/calendar/{token}.ics")
    async def feed(request: Request, token: str) -> Response:
        runtime = runtime_of(request.app)
        owner = _owner(token)
        if owner is None:
            return _not_found()
        async with runtime.db.reader(owner=owner) as session:
            found = await store.calendar_feed(session)
            # Compared whether or not a feed exists: the time taken tells nothing.
            ok = hmac.compare_digest(token_hash(token), found.token_hash if found else _DUMMY)
            if found is None or not ok:
                return _not_found()
            entries = await store.feed_entries(session)
        body = calendar.render(entries)
        modified = max([found.created_at, *(entry.changed_at for entry in entries)])
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        max_age = InterviewsSettings.of(runtime.settings).CALENDAR_FEED_MAX_AGE_SECONDS
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified.astimezone(UTC), usegmt=True),
            "Cache-Control": f"private, max-age={max_age}",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
        }
        if _not_modified(request, etag, modified):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = 'inline; filename="interviews.ics"'
        return Response(body, media_type=MEDIA_TYPE, headers=headers)

    return router

"""What every subgraph shares, and all a subgraph may use: a domain imports these names from
`subgraphs.kit`, never from its modules (a test holds that).

Building a service
    create_service, runtime_of, ServiceSchema, Settings, default_settings, TokenVerifier, Store,
    private_file
Store side (`models.py`, `store.py`)
    Owned, owner_field, id_field, timestamp_field, text_field, moment_field, Stripped, Aware,
    WebUrl, SHORT_TEXT, partial, utcnow, owner_of, Listing, apply_changes
Schema side (`schema.py`)
    Info, Context, Connection, paginate, from_row, partial_input, validate, id_of, parse_id,
    require_id
Events (`events.py`)
    publish, Handlers, Event, erase_owner
Errors
    AppError, ErrorCode, bad_input, not_found, unauthenticated
Abuse
    RateLimits, Rule, private_key (`info.context.get(RateLimits)`, `info.context.client_address`)
"""

from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.context import Context, Info
from subgraphs.kit.db import utcnow
from subgraphs.kit.errors import AppError, ErrorCode, bad_input, not_found, unauthenticated
from subgraphs.kit.events.consumer import Handlers
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.erasure import erase_owner
from subgraphs.kit.events.outbox import publish
from subgraphs.kit.files import private_file
from subgraphs.kit.inputs import apply_changes, validate
from subgraphs.kit.models import (
    SHORT_TEXT,
    Aware,
    Stripped,
    WebUrl,
    id_field,
    moment_field,
    owner_field,
    partial,
    text_field,
    timestamp_field,
)
from subgraphs.kit.objects import from_row, id_of, parse_id, partial_input, require_id
from subgraphs.kit.pagination import Connection, Listing
from subgraphs.kit.ratelimit import RateLimits, Rule, private_key
from subgraphs.kit.resolvers import paginate
from subgraphs.kit.schema import ServiceSchema
from subgraphs.kit.scoping import Owned, owner_of
from subgraphs.kit.service import create_service, runtime_of
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings
from subgraphs.kit.store import Store

__all__ = [
    "SHORT_TEXT",
    "AppError",
    "Aware",
    "Connection",
    "Context",
    "ErrorCode",
    "Event",
    "Handlers",
    "Info",
    "Listing",
    "Owned",
    "RateLimits",
    "Rule",
    "ServiceSchema",
    "Settings",
    "Store",
    "Stripped",
    "TokenVerifier",
    "WebUrl",
    "apply_changes",
    "bad_input",
    "create_service",
    "default_settings",
    "erase_owner",
    "from_row",
    "id_field",
    "id_of",
    "moment_field",
    "not_found",
    "owner_field",
    "owner_of",
    "paginate",
    "parse_id",
    "partial",
    "partial_input",
    "private_file",
    "private_key",
    "publish",
    "require_id",
    "runtime_of",
    "text_field",
    "timestamp_field",
    "unauthenticated",
    "utcnow",
    "validate",
]

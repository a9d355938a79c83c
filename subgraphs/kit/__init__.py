"""What every subgraph shares, and all a subgraph may use: a domain imports these names from
`subgraphs.kit`, never from its modules (a test holds that).

Building a service
    create_service, runtime_of, Runtime, ServiceSchema, TokenVerifier, Store, private_file,
    development_secret
Settings
    Settings (what kit and every process read), default_settings (from the environment);
    a subgraph's own variables subclass it in `subgraphs/<name>/settings.py`, made from kit's
    with `<Name>Settings.of(settings)` (see `kit.settings`); RuleLimit (a RATE_LIMIT_* one)
Store side (`models.py`, `store.py`)
    Owned, owner_field, id_field, timestamp_field, text_field, moment_field, secret_field,
    Stripped, Aware, WebUrl, SHORT_TEXT, partial, utcnow, owner_of, Listing, apply_changes,
    ids_in, ids_param,
    contains_param, contains_pattern, check_moment, moment_in_range (1900 to 9000, `kit.moments`)
Documents (`kit.documents`: SQL tables or MongoDB, owner-scoped handles)
    Document, Collection, Where, documents, admin_documents, DocumentQuery
Schema side (`schema.py`)
    Info, Context, Connection, paginate, lookup, from_row, partial_input, validate, given,
    id_of, parse_id, require_id, asks_for
Events (`events.py`)
    publish, publish_many, Handlers, Event, erase_owner, was_erased, settings_of, supersedes,
    Message, Payload, Reads (typed contracts: `kit.events.contracts`)
Export (jobs of this deployment that read every subgraph's store)
    owner_data, json_chunks
Errors
    AppError, ErrorCode, bad_input, not_found, unauthenticated
Abuse
    RateLimits, Rule, private_key (`info.context.get(RateLimits)`, `info.context.client_address`)
    Offload (parsing input from outside in worker processes, with a time budget)
"""

from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.conditions import contains_param, contains_pattern, ids_in, ids_param
from subgraphs.kit.context import Context, Info
from subgraphs.kit.db import settings_of, utcnow
from subgraphs.kit.documents.model import Collection, Document, Where
from subgraphs.kit.documents.port import DocumentQuery, admin_documents, documents
from subgraphs.kit.errors import AppError, ErrorCode, bad_input, not_found, unauthenticated
from subgraphs.kit.events.consumer import Handlers
from subgraphs.kit.events.contracts import Message, Payload, Reads
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.erasure import erase_owner, was_erased
from subgraphs.kit.events.outbox import publish, publish_many
from subgraphs.kit.events.sequence import supersedes
from subgraphs.kit.export import json_chunks, owner_data
from subgraphs.kit.files import private_file
from subgraphs.kit.inputs import apply_changes, given, validate
from subgraphs.kit.models import (
    SHORT_TEXT,
    Aware,
    Stripped,
    WebUrl,
    id_field,
    moment_field,
    owner_field,
    partial,
    secret_field,
    text_field,
    timestamp_field,
)
from subgraphs.kit.moments import check_moment, moment_in_range
from subgraphs.kit.objects import from_row, id_of, parse_id, partial_input, require_id
from subgraphs.kit.offload import Offload
from subgraphs.kit.pagination import Connection, Listing
from subgraphs.kit.ratelimit import RateLimits, Rule, RuleLimit, private_key
from subgraphs.kit.resolvers import lookup, paginate
from subgraphs.kit.runtime import Runtime
from subgraphs.kit.schema import ServiceSchema
from subgraphs.kit.scoping import Owned, owner_of
from subgraphs.kit.secrets import development_secret
from subgraphs.kit.selections import asks_for
from subgraphs.kit.service import create_service, runtime_of
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings
from subgraphs.kit.store import Store

__all__ = [
    "SHORT_TEXT",
    "AppError",
    "Aware",
    "Collection",
    "Connection",
    "Context",
    "Document",
    "DocumentQuery",
    "ErrorCode",
    "Event",
    "Handlers",
    "Info",
    "Listing",
    "Message",
    "Offload",
    "Owned",
    "Payload",
    "RateLimits",
    "Reads",
    "Rule",
    "RuleLimit",
    "Runtime",
    "ServiceSchema",
    "Settings",
    "Store",
    "Stripped",
    "TokenVerifier",
    "WebUrl",
    "Where",
    "admin_documents",
    "apply_changes",
    "asks_for",
    "bad_input",
    "check_moment",
    "contains_param",
    "contains_pattern",
    "create_service",
    "default_settings",
    "development_secret",
    "documents",
    "erase_owner",
    "from_row",
    "given",
    "id_field",
    "id_of",
    "ids_in",
    "ids_param",
    "json_chunks",
    "lookup",
    "moment_field",
    "moment_in_range",
    "not_found",
    "owner_data",
    "owner_field",
    "owner_of",
    "paginate",
    "parse_id",
    "partial",
    "partial_input",
    "private_file",
    "private_key",
    "publish",
    "publish_many",
    "require_id",
    "runtime_of",
    "secret_field",
    "settings_of",
    "supersedes",
    "text_field",
    "timestamp_field",
    "unauthenticated",
    "utcnow",
    "validate",
    "was_erased",
]

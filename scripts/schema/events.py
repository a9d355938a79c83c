"""The events' part of the check, on AsyncAPI documents (`asyncapi.py`):

- drift: `schema/asyncapi.yaml` is not what the code declares (fix: `schema:export`);
- reads: a consumer reads a field its producer does not send, or not as it expects, or takes
  a message nobody sends (never acknowledgeable: fix the code);
- breaking changes since the baseline (the published document): a message that a consumer
  takes was removed, or a field that a consumer reads (now, or in the published document: an
  old consumer still runs while a new producer rolls out) was removed or narrowed (another
  type, or newly null or absent). Acknowledged like the API's, scope: the producer.
"""

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.schema.asyncapi import ASYNCAPI, SCHEMAS, load, text
from scripts.schema.fields import Fields, Kind, compatible, flatten, narrowed
from subgraphs.kit.registry import SUPERGRAPH_YAML

FIX_COMMAND = "scripts/task schema:export"


@dataclass(frozen=True)
class EventChange:
    """A breaking change of a message, and the producer it comes from."""

    scope: str
    change: str


@dataclass
class EventsResult:
    drift: str = ""
    problems: list[str] = field(default_factory=list)
    breaking: list[EventChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    baseline: bool = False  # whether there was a published document to compare with


def check_events(root: Path, published: str | None) -> EventsResult:
    """The events' part of the check on `root`'s schema/asyncapi.yaml, measuring breaking
    changes from `published` (a document's text; None: nothing was published)."""
    path = root / ASYNCAPI
    checked_in = path.read_text() if path.exists() else None
    result = EventsResult(baseline=published is not None)
    result.drift = event_drift(root / SUPERGRAPH_YAML.name, checked_in)
    current = load(checked_in)
    if current is None:
        result.problems.append(f"{ASYNCAPI} is missing: run {FIX_COMMAND}")
        return result
    result.problems += problems(current)
    old = load(published)
    if old is not None:
        result.breaking = breaking(old, current)
        result.added = sorted(messages(current).keys() - messages(old).keys())
    return result


def messages(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return dict(doc.get("components", {}).get("messages", {}))


def sent(doc: dict[str, Any]) -> dict[str, Fields]:
    """Each message's fields as its producer sends them."""
    schemas = doc.get("components", {}).get("schemas", {})
    return {
        name: flatten(message["payload"], schemas, SCHEMAS)
        for name, message in messages(doc).items()
    }


def reads(doc: dict[str, Any]) -> dict[str, dict[str, Fields]]:
    """message → consumer → the fields it reads (empty: it takes the message, reads only the
    envelope)."""
    found: dict[str, dict[str, Fields]] = {}
    for key, operation in doc.get("operations", {}).items():
        if operation.get("action") != "receive":
            continue
        name = operation["channel"]["$ref"].removeprefix("#/channels/")
        consumer = key.split(".receives.", 1)[0]
        found.setdefault(name, {})[consumer] = dict(operation.get("x-reads", {}))
    return found


def problems(doc: dict[str, Any]) -> list[str]:
    """Reads that what is sent does not satisfy."""
    found, sending = [], sent(doc)
    for name, consumers in sorted(reads(doc).items()):
        if name not in sending:
            found += [f"{c} takes {name}, which no subgraph sends" for c in sorted(consumers)]
            continue
        for consumer, fields in sorted(consumers.items()):
            for path, expected in sorted(fields.items()):
                given = sending[name].get(path)
                if given is None:
                    found.append(f"{consumer} reads {name} {path}, which is not sent")
                    continue
                why = compatible(Kind.parse(expected), Kind.parse(given))
                if why:
                    found.append(f"{consumer} reads {name} {path} as {expected}: it {why}")
    return found


def breaking(old: dict[str, Any], new: dict[str, Any]) -> list[EventChange]:
    """Changes from `old` to `new` that break a consumer of `old` or of `new`."""
    changes: list[EventChange] = []
    before, after = sent(old), sent(new)
    readers = _merged(reads(old), reads(new))
    old_messages = messages(old)
    for name in sorted(before):
        producer = str(old_messages[name].get("x-producer", "events"))
        consumers = readers.get(name, {})
        if name not in after:
            if consumers:
                by = ", ".join(sorted(consumers))
                changes.append(EventChange(producer, f"Event {name} was removed (taken by {by})"))
            continue
        for path in sorted({p for fields in consumers.values() for p in fields}):
            by = ", ".join(sorted(c for c, fields in consumers.items() if path in fields))
            was, now = before[name].get(path), after[name].get(path)
            if was is None:
                continue  # read but never sent: a problem of the reader, reported above
            if now is None:
                change = f"Field {path} of {name} was removed (read by {by})"
            elif narrowed(Kind.parse(was), Kind.parse(now)):
                change = f"Field {path} of {name} changed from {was} to {now} (read by {by})"
            else:
                continue
            changes.append(EventChange(producer, change))
    return changes


def _merged(*maps: dict[str, dict[str, Fields]]) -> dict[str, dict[str, Fields]]:
    merged: dict[str, dict[str, Fields]] = {}
    for found in maps:
        for name, consumers in found.items():
            for consumer, fields in consumers.items():
                merged.setdefault(name, {}).setdefault(consumer, {}).update(fields)
    return merged


def event_drift(config: Path, checked_in: str | None) -> str:
    """A unified diff from the checked-in document to what the code declares; "" if none."""
    fresh = text(config)
    if checked_in == fresh:
        return ""
    lines = difflib.unified_diff(
        (checked_in or "").splitlines(True), fresh.splitlines(True), str(ASYNCAPI), "code"
    )
    return "".join(lines)

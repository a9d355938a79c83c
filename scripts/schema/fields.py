"""A payload's fields as `path: type` pairs, read from its JSON Schema.

    application.id                   string(uuid)
    application.location             string | null
    application.history[].to_status  string
    file.text                        string | null (optional)

`| null`: the value may be null; `(optional)`: the field may be absent. Enums, and formats a
reader does not ask for, count as `string` where a reader expects a plain string
(`compatible`). The same text is what `x-reads` holds in schema/asyncapi.yaml.
"""

from dataclasses import dataclass
from typing import Any

Fields = dict[str, str]
NULL, OPTIONAL = " | null", " (optional)"


@dataclass(frozen=True)
class Kind:
    base: str
    nullable: bool = False
    optional: bool = False

    def __str__(self) -> str:
        return self.base + (NULL if self.nullable else "") + (OPTIONAL if self.optional else "")

    @classmethod
    def parse(cls, text: str) -> "Kind":
        optional = text.endswith(OPTIONAL)
        text = text.removesuffix(OPTIONAL)
        nullable = text.endswith(NULL)
        return cls(text.removesuffix(NULL), nullable, optional)


def flatten(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> Fields:
    """Every field of the object `schema` describes (references `prefix<Name>` looked up in
    `defs`), nested objects and array items included."""
    found: Fields = {}
    _object(_resolve(schema, defs, prefix), defs, prefix, "", found)
    return found


def compatible(reader: Kind, sent: Kind) -> str | None:
    """Why a reader expecting `reader` cannot read what is `sent`; None when it can."""
    if sent.optional and not reader.optional:
        return "may be absent"
    if sent.nullable and not reader.nullable:
        return "may be null"
    plain = reader.base == "string" and sent.base.startswith("string")
    widened = reader.base == "number" and sent.base == "integer"
    if reader.base not in ("any", sent.base) and not (plain or widened):
        return f"is {sent.base}, read as {reader.base}"
    return None


def narrowed(before: Kind, after: Kind) -> bool:
    """Whether a field sent as `before` and now as `after` can break a reader of it."""
    return (
        after.base != before.base
        or (after.nullable and not before.nullable)
        or (after.optional and not before.optional)
    )


def _resolve(node: dict[str, Any], defs: dict[str, Any], prefix: str) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].removeprefix(prefix)]
    return node


def _object(
    node: dict[str, Any], defs: dict[str, Any], prefix: str, at: str, found: Fields
) -> None:
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        _field(child, defs, prefix, f"{at}{name}", name not in required, found)


def _field(
    node: dict[str, Any], defs: dict[str, Any], prefix: str, path: str, optional: bool,
    found: Fields,
) -> None:  # fmt: skip
    node = _resolve(node, defs, prefix)
    nullable = False
    options = node.get("anyOf")
    if options is not None:
        kept = [_resolve(o, defs, prefix) for o in options if o.get("type") != "null"]
        nullable = len(kept) < len(options)
        if len(kept) == 1:
            node = kept[0]
        else:
            found[path] = str(Kind("any", nullable, optional))
            return
    base = _base(node)
    found[path] = str(Kind(base, nullable, optional))
    if base == "object":
        _object(node, defs, prefix, f"{path}.", found)
    elif base == "array":
        _field(node.get("items", {}), defs, prefix, f"{path}[]", False, found)


def _base(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind is None:
        return "any"
    if kind == "string" and "format" in node:
        return f"string({node['format']})"
    if kind == "string" and "enum" in node:
        return "string(enum)"
    return str(kind)

"""The docs site's reference that is made from the code: docs/configuration.md's settings tables.

    python -m scripts.docs            # write the reference into docs/configuration.md
    python -m scripts.docs --check    # exit 1 when the page is not what the code makes now

Names, types and defaults come from the code: for the Python processes kit's `Settings`
(subgraphs/kit/settings.py) and each subgraph's own class (subgraphs/<name>/settings.py, for the
subgraphs of supergraph.yaml that have one), a table per owner; router/settings.ts for the router.
What each setting does comes from scripts/docs_settings.yaml, which also lists what other
processes read (each entry names the files that read it). A setting without a description, a
description of a setting the code no longer reads, a name two owners declare, and an entry whose
files do not mention it are refused. The page's hand-written text, outside the markers, is kept
as it is.
"""

import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import SecretStr
from pydantic.fields import FieldInfo

from subgraphs.kit.registry import ROOT
from subgraphs.kit.settings import Settings, settings_classes

PAGE = ROOT / "docs" / "configuration.md"
DESCRIPTIONS = ROOT / "scripts" / "docs_settings.yaml"
ROUTER_SETTINGS = ROOT / "router" / "settings.ts"
BEGIN = "<!-- BEGIN reference: written by `python -m scripts.docs`; edit the code or "
BEGIN += "scripts/docs_settings.yaml, then run `scripts/task docs:config` -->"
END = "<!-- END reference -->"

# router/settings.ts reads each variable through one of these helpers: `int('ROUTER_PORT', 4000)`.
ROUTER_CALL = re.compile(
    r"\b(?P<kind>text|int|flag|list|raw)\(\s*'(?P<name>[A-Z0-9_]+)'"
    r"\s*(?:,\s*(?P<default>(?:[^()]|\([^()]*\))*?))?\s*\)"
)
ROUTER_TYPES = {
    "text": "string",
    "raw": "string",
    "int": "integer",
    "flag": "boolean",
    "list": "list, comma-separated",
}
PYTHON_TYPES: dict[Any, str] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    Path: "path",
    SecretStr: "string, secret",
}
BOUNDS = {
    annotated_types.Ge: ("ge", "≥"),
    annotated_types.Gt: ("gt", ">"),
    annotated_types.Le: ("le", "≤"),
    annotated_types.Lt: ("lt", "<"),
}


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    default: str
    description: str


def _code(value: object) -> str:
    return f"`{value}`"


def _with_size(name: str, value: int) -> str:
    """`10485760` as `10485760` (10 MiB) for a size in bytes."""
    if name.endswith("_BYTES") and value >= 1024 and value % 1024 == 0:
        size, unit = (value // 1024**2, "MiB") if value % 1024**2 == 0 else (value // 1024, "KiB")
        return f"{_code(value)} ({size} {unit})"
    return _code(value)


def python_type(field: FieldInfo) -> str:
    annotation = field.annotation
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(_code(value) for value in get_args(annotation))
    described = PYTHON_TYPES[annotation]
    bounds = [
        f"{sign} {getattr(rule, attribute)}"
        for rule in field.metadata
        for kind, (attribute, sign) in BOUNDS.items()
        if isinstance(rule, kind)
    ]
    return f"{described} ({', '.join(bounds)})" if bounds else described


def python_default(name: str, value: Any) -> str:
    if value is None:
        return "unset"
    if value == "":
        return "empty"
    if isinstance(value, bool):
        return _code(str(value).lower())
    if isinstance(value, int):
        return _with_size(name, value)
    return _code(value)


def declared(owner: type[Settings]) -> list[str]:
    """The variables a settings class declares itself: kit's all, a subgraph's its own."""
    if owner is Settings:
        return list(owner.model_fields)
    own = inspect.get_annotations(owner)
    return [name for name in owner.model_fields if name in own]


def python_rows(owner: type[Settings], described: dict[str, str]) -> list[Row]:
    return [
        Row(name, python_type(field), python_default(name, field.default), described[name])
        for name in declared(owner)
        for field in [owner.model_fields[name]]
    ]


def router_default(name: str, kind: str, source: str | None) -> str:
    if source is None:
        return "unset"
    if kind == "flag":
        opposite = {"!production": ("true", "false"), "production": ("false", "true")}
        if source in opposite:
            usual, production = opposite[source]
            return f"`{usual}`; `{production}` in production"
    if re.fullmatch(r"[\d_]+", source):
        return _with_size(name, int(source.replace("_", "")))
    # A string, or a template whose `${value || 'fallback'}` parts are their fallbacks.
    text = re.sub(r"\$\{[^}]*\|\|\s*'([^']*)'\}", r"\1", source.strip("'`"))
    return _code(text) if text else "empty"


def router_settings(source: str) -> dict[str, tuple[str, str]]:
    """Each variable router/settings.ts reads, in order: (type, default)."""
    found: dict[str, tuple[str, str]] = {}
    for call in ROUTER_CALL.finditer(source):
        name, kind = call["name"], call["kind"]
        found[name] = (ROUTER_TYPES[kind], router_default(name, kind, call["default"]))
    return found


def router_rows(described: dict[str, str]) -> list[Row]:
    read = router_settings(ROUTER_SETTINGS.read_text())
    return [Row(name, type_, default, described[name]) for name, (type_, default) in read.items()]


def other_rows(entries: dict[str, dict[str, Any]]) -> list[Row]:
    return [
        Row(name, entry["type"], entry["default"], entry["description"])
        for name, entry in entries.items()
    ]


def problems(descriptions: dict[str, Any]) -> list[str]:
    """What keeps the descriptions and the code from agreeing."""
    found, owners = [], settings_classes()
    python: dict[str, str] = {}
    for owner, cls in owners.items():
        for name in declared(cls):
            if name in python:
                found.append(f"settings: {name} is declared by {python[name]} and {owner}")
            python.setdefault(name, owner)
    for section, names in (
        ("settings", list(python)),
        ("router", list(router_settings(ROUTER_SETTINGS.read_text()))),
    ):
        given = descriptions.get(section) or {}
        found += [f"{section}: {name} has no description" for name in names if name not in given]
        found += [
            f"{section}: {name} is not read by the code" for name in given if name not in names
        ]
    for name, entry in (descriptions.get("other") or {}).items():
        mention = entry.get("match", name)
        for path in entry["read_by"]:
            file = ROOT / path
            if not file.is_file() or mention not in file.read_text():
                found.append(f"other: {name}: {path} does not read it")
    return found


def _table(rows: list[Row]) -> list[str]:
    lines = ["| variable | type | default | what it does |", "|---|---|---|---|"]
    for row in rows:
        description = " ".join(row.description.split())
        lines.append(f"| `{row.name}` | {row.type} | {row.default} | {description} |")
    return lines


def python_tables(described: dict[str, str]) -> list[str]:
    lines = []
    for owner, cls in settings_classes().items():
        if owner == "kit":
            lines += ["### Every process", "", "`Settings` in `subgraphs/kit/settings.py`.", ""]
        else:
            where = f"`{cls.__name__}` in `subgraphs/{owner}/settings.py`"
            lines += [f"### {owner}", "", f"{where}: the {owner} subgraph's own.", ""]
        lines += [*_table(python_rows(cls, described)), ""]
    return lines


def load_descriptions() -> dict[str, Any]:
    descriptions: dict[str, Any] = yaml.safe_load(DESCRIPTIONS.read_text())
    return descriptions


def reference() -> str:
    """The generated part of docs/configuration.md, markers included."""
    descriptions = load_descriptions()
    found = problems(descriptions)
    if found:
        raise ValueError(f"{DESCRIPTIONS.relative_to(ROOT)}: " + "; ".join(found))
    lines = [BEGIN, "", "## Python processes", ""]
    lines += [
        "Read from the environment or a `.env` file. What every process shares (every subgraph,",
        "the embedded host, the worker, the admin CLI) is kit's `Settings`; what one subgraph",
        "alone reads is in its own class beside its code (a subclass of kit's), read wherever",
        "that subgraph runs (its own process, the embedded host, the worker).",
        "",
        *python_tables(descriptions["settings"]),
        "## Router",
        "",
        "`router/settings.ts`, read by the router at start-up (a malformed value stops it, named).",
        "Names it shares with the Python processes mean the same there.",
        "",
        *_table(router_rows(descriptions["router"])),
        "",
        "## Web app, containers, tests and tools",
        "",
        *_table(other_rows(descriptions["other"])),
        "",
        END,
    ]
    return "\n".join(lines)


def render(page: str) -> str:
    """`page` with its reference (between the markers) made anew."""
    start, end = page.index(BEGIN), page.index(END) + len(END)
    return page[:start] + reference() + page[end:]


def main(argv: list[str]) -> int:
    current = PAGE.read_text()
    wanted = render(current)
    if argv == ["--check"]:
        if current != wanted:
            print(f"{PAGE.relative_to(ROOT)} is stale: run `scripts/task docs:config`")
            return 1
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    PAGE.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What the admin commands print: a dict, as JSON (`--json`) or as readable lines."""

from typing import Any, TextIO

import orjson


class Failure(Exception):
    """A command that ran and failed (exit 1); `result` is printed like a success's."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result.get("error", "failed"))
        self.result = {"ok": False, **result}


def emit(result: dict[str, Any], *, as_json: bool, stream: TextIO) -> None:
    if as_json:
        stream.write(orjson.dumps(result, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")
        return
    for line in _lines(result):
        stream.write(line + "\n")


def _lines(result: dict[str, Any], indent: str = "") -> list[str]:
    lines = []
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines += _lines(value, indent + "  ")
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:" + ("" if value else " none"))
            for item in value:
                text = "  ".join(f"{v}" for v in item.values()) if isinstance(item, dict) else item
                lines.append(f"{indent}  {text}")
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines

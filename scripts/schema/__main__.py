"""python -m scripts.schema export|check [--base REF]; see the package docstring."""

import argparse
import os
import sys

import scripts.schema
from scripts.schema.check import run_check
from scripts.schema.report import render
from scripts.schema.sdl import export


def main(argv: list[str]) -> int:
    """Run the command; the exit status is 1 when the check fails, 2 on bad usage."""
    parser = argparse.ArgumentParser(
        prog="python -m scripts.schema",
        description=scripts.schema.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["export", "check"])
    parser.add_argument(
        "--base",
        default=os.environ.get("SCHEMA_BASE_REF") or None,
        help="git ref to look for breaking changes from (default: $SCHEMA_BASE_REF, else the "
        "merge base of HEAD and origin/main, else HEAD~1)",
    )
    args = parser.parse_args(argv)
    if args.command == "export":
        export()
        return 0
    try:
        result = run_check(base=args.base)
    except ValueError as error:  # an unknown --base ref
        print(f"schema check: {error}", file=sys.stderr)
        return 2
    print(render(result))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

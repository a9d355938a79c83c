"""python -m scripts.schema export|check|publish; see the package docstring."""

import argparse
import os
import sys

import scripts.schema
from scripts.schema import asyncapi
from scripts.schema.baseline import git_baseline, published_baseline
from scripts.schema.check import run_check
from scripts.schema.publish import publish
from scripts.schema.report import render, render_publish
from scripts.schema.sdl import export
from subgraphs.kit.registry import ROOT


def main(argv: list[str]) -> int:
    """Run the command; the exit status is 1 when the check fails, 2 on bad usage."""
    args = _parser().parse_args(argv)
    if args.command == "export":
        export()
        asyncapi.export()
        return 0
    if args.command == "publish":
        published = publish()
        print(render_publish(published))
        return 1 if published.refused else 0
    try:
        if args.merge_base or args.base:
            baseline = git_baseline(ROOT, None if args.merge_base else args.base)
        else:
            baseline = published_baseline(ROOT)
    except ValueError as error:  # an unknown --base ref
        print(f"schema check: {error}", file=sys.stderr)
        return 2
    result = run_check(baseline=baseline)
    print(render(result))
    return 1 if result.failures else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.schema",
        description=scripts.schema.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "export", help="write each subgraph's SDL and the event contracts from code into schema/"
    )
    check = commands.add_parser("check", help="every check, one report; exit 1 on a failure")
    against = check.add_mutually_exclusive_group()
    against.add_argument(
        "--base",
        default=os.environ.get("SCHEMA_BASE_REF") or None,
        help="measure breaking changes from this git ref's schema/ instead of the published "
        "schema (default: $SCHEMA_BASE_REF, else schema/published/)",
    )
    against.add_argument(
        "--merge-base",
        action="store_true",
        help="measure breaking changes from the merge base of HEAD and origin/main (HEAD~1 "
        "when HEAD is origin/main) instead of the published schema",
    )
    commands.add_parser(
        "publish", help="if the check passes (publication aside), write schema/published/"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`job-tracker`: one command for whoever hosts the tracker (installed with the package).

    job-tracker health                 every part: subgraphs, router, broker, stores
    job-tracker migrate [SUBGRAPH ...] apply pending migrations
    job-tracker reindex                rebuild the search index from the owning stores
    job-tracker dead-letters list|requeue [--subgraph NAME]
    job-tracker user create --email E --full-name N [--password-stdin]
    job-tracker user export EMAIL [--output FILE]
    job-tracker user delete EMAIL --yes
    job-tracker keys rotate            a new JWT signing key; the old one stays in the JWKS

Every command takes `--json` (one JSON document on stdout) and `--help`. Exit codes: 0 done,
1 failed (a part down, an unknown user, a refused input), 2 usage (argparse's own).
Configuration comes from the same environment as the services (docs/configuration.md).
"""

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from scripts.admin import commands
from scripts.admin.output import Failure, emit

OK, FAILED, USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print one JSON document instead of text",
    )
    parser = argparse.ArgumentParser(
        prog="job-tracker",
        description="Admin chores for a Job Tracker installation. Exit codes: 0 ok, 1 failure, "
        "2 usage.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    health = sub.add_parser("health", parents=[common], help="health of every part")
    health.add_argument("--host-url", help="the embedded host (default: HOST_PORT on 127.0.0.1)")
    health.add_argument("--router-url", help="default: http://ROUTER_HOST:ROUTER_PORT")
    health.add_argument(
        "--subgraph-url",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="a subgraph running on its own, e.g. users=http://users:8000",
    )
    health.add_argument("--timeout", type=float, default=3.0, help="seconds per part")
    health.set_defaults(run=commands.health)

    migrate = sub.add_parser("migrate", parents=[common], help="apply pending migrations")
    migrate.add_argument("subgraphs", nargs="*", help="default: every subgraph")
    migrate.set_defaults(run=commands.migrate)

    reindex = sub.add_parser("reindex", parents=[common], help="rebuild the search index")
    reindex.set_defaults(run=commands.reindex)

    dead = sub.add_parser("dead-letters", parents=[common], help="events consumers gave up on")
    dead_sub = dead.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (("list", "list them"), ("requeue", "send them again")):
        each = dead_sub.add_parser(action, parents=[common], help=text)
        each.add_argument("--subgraph", help="only this consumer (default: every one)")
        each.set_defaults(run=commands.dead_letters)

    user = sub.add_parser("user", parents=[common], help="one user's account and data")
    user_sub = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = user_sub.add_parser("create", parents=[common], help="create an account")
    create.add_argument("--email", required=True)
    create.add_argument("--full-name", required=True)
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from stdin (default: generate and print one)",
    )
    create.set_defaults(run=commands.user_create)
    export = user_sub.add_parser(
        "export", parents=[common], help="everything the user owns, in every subgraph, as JSON"
    )
    export.add_argument("email")
    export.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
    export.set_defaults(run=commands.user_export)
    delete = user_sub.add_parser(
        "delete", parents=[common], help="erase the account and its data in every subgraph"
    )
    delete.add_argument("email")
    delete.add_argument("--yes", action="store_true", help="required: there is no undo")
    delete.set_defaults(run=commands.user_delete)

    keys = sub.add_parser("keys", parents=[common], help="JWT signing keys")
    keys_sub = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    rotate = keys_sub.add_parser(
        "rotate",
        parents=[common],
        help="a new signing key; the old one stays in the JWKS for JWT_TTL_SECONDS",
    )
    rotate.set_defaults(run=commands.keys_rotate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    as_json = getattr(args, "json", False)
    if args.command == "user" and args.action == "delete" and not args.yes:
        parser.exit(USAGE, "job-tracker user delete: --yes is required (there is no undo)\n")
    run: Callable[[argparse.Namespace], Coroutine[Any, Any, Any]] = args.run
    try:
        result = asyncio.run(run(args))
    except Failure as failure:
        emit(failure.result, as_json=as_json, stream=sys.stdout)
        return FAILED
    except Exception as error:  # anything unexpected: one line, exit 1
        emit(
            {"ok": False, "error": f"{type(error).__name__}: {error}"},
            as_json=as_json,
            stream=sys.stdout,
        )
        return FAILED
    if result is not None:
        emit(result, as_json=as_json, stream=sys.stdout)
    return OK


def entry() -> None:
    sys.exit(main())

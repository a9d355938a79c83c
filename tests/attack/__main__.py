"""python -m tests.attack [--router URL]: replay the attacks and print what was measured."""

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from tests.attack.attack import attack, failures, report
from tests.attack.system import running_system


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attack", description=__doc__)
    parser.add_argument("--router", help="a running router on 127.0.0.1 (default: start one)")
    args = parser.parse_args()
    if args.router:
        if not args.router.startswith(("http://127.0.0.1:", "http://localhost:")):
            sys.exit("only a router on this machine (127.0.0.1) is attacked")
        rows, user = asyncio.run(attack(args.router))
        logs = ""
    else:
        with tempfile.TemporaryDirectory() as data, running_system(Path(data)) as system:
            rows, user = asyncio.run(attack(system.router_url))
            logs = system.log_text()
    print(report(rows, user))
    found = failures(rows, user, logs)
    print("\n".join(["", *found]) if found else "\nall promises held")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

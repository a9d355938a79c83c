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
    parser.add_argument("--host", help="with --router: its embedded host, attacked directly too")
    args = parser.parse_args()
    if args.router:
        local = ("http://127.0.0.1:", "http://localhost:")
        if not all(url.startswith(local) for url in (args.router, args.host or local[0])):
            sys.exit("only a router and host on this machine (127.0.0.1) are attacked")
        rows, user = asyncio.run(attack(args.router, args.host))
        logs = ""
    else:
        with tempfile.TemporaryDirectory() as data, running_system(Path(data)) as system:
            rows, user = asyncio.run(attack(system.router_url, system.host_url))
            logs = system.log_text()
    print(report(rows, user))
    found = failures(rows, user, logs)
    print("\n".join(["", *found]) if found else "\nall promises held")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

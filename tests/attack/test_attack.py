"""The issue's attacks, replayed against the real router: no 500, no traceback, fast refusals,
and a user working meanwhile sees nothing of it. The measured table is printed (pytest -s)."""

import pytest

from tests.attack.attack import attack, failures, report
from tests.attack.system import running_system

pytestmark = pytest.mark.federation


async def test_the_attacks_change_nothing_for_users(tmp_path):
    with running_system(tmp_path) as system:
        rows, user = await attack(system.router_url, system.host_url)
        logs = system.log_text()
    print("\n" + report(rows, user))
    assert not failures(rows, user, logs), report(rows, user)

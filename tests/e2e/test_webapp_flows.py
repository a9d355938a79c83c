"""Three of the web app's flows in a real browser (Debian chromium), each against a stack of its
own (embedded host, router, `next start`): adding an application from a job posting, editing
and deleting contacts, and editing, rescheduling and cancelling an interview. axe-core on each
new page and state, screenshots at 1280 and 375 px in `.artifacts/e2e-web/`."""

import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from scripts.stack import ROOT, Stack, free_port, host_service, router_service, web_service
from tests.postings.site import serving

pytestmark = pytest.mark.e2e
HERE = Path(__file__).parent
ARTIFACTS = ROOT / ".artifacts" / "e2e-web"


def run_flow(
    tmp_path: Path, script: str, *args: str, host_env: Mapping[str, str] = {}
) -> tuple[str, float]:
    """The stack started, `script` run in node against it: its output and how long it took."""
    host_port, router_port, web_port = free_port(), free_port(), free_port()
    web_url, router_url = f"http://localhost:{web_port}", f"http://localhost:{router_port}"
    host = host_service(
        host_port, env={"DATA_DIR": str(tmp_path), **host_env}, log=tmp_path / "host.log"
    )
    router = router_service(
        router_port,
        subgraphs_url=f"http://127.0.0.1:{host_port}",
        env={"CORS_ORIGINS": web_url},
        log=tmp_path / "router.log",
    )
    web = web_service(web_port, graphql_url=f"{router_url}/graphql", log=tmp_path / "web.log")
    with Stack([host, router, web]):
        started = time.monotonic()
        browser = subprocess.run(
            ["node", str(HERE / script), web_url, f"{router_url}/graphql", str(ARTIFACTS), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - started
    assert browser.returncode == 0, browser.stdout + browser.stderr
    # The first-load JavaScript of the flow's new page, held to 200 KB by the script.
    print(*(line for line in browser.stdout.splitlines() if line.startswith("MEASUREMENTS")))
    return browser.stdout, took


def test_an_application_added_from_a_job_posting(tmp_path, web_build):
    """The posting field fills the form from a recorded posting the server fetches on loopback
    (allowed for this host only), says each refusal as what to do, and the corrected form saves."""
    with serving() as site:
        out, took = run_flow(
            tmp_path, "posting-import.mjs", site, host_env={"POSTINGS_ALLOW_LOOPBACK": "true"}
        )
    print(f"posting import flow: {took:.1f} s")
    assert "posting-import flow passed" in out
    for state in ("posting-form", "posting-refused", "posting-filled"):
        assert (ARTIFACTS / f"{state}-375.png").stat().st_size > 0


def test_contacts_edited_and_deleted(tmp_path, web_build):
    out, took = run_flow(tmp_path, "contacts.mjs")
    print(f"contacts flow: {took:.1f} s")
    assert "contacts flow passed" in out
    for state in ("contacts-list", "contact-edit", "contact-delete-confirm", "contacts-empty"):
        assert (ARTIFACTS / f"{state}-375.png").stat().st_size > 0


def test_an_interview_edited_rescheduled_and_cancelled(tmp_path, web_build):
    out, took = run_flow(tmp_path, "interviews.mjs")
    print(f"interviews flow: {took:.1f} s")
    assert "interviews flow passed" in out
    for state in (
        "interviews-list",
        "interview-detail",
        "interview-rescheduled",
        "interviews-empty",
    ):
        assert (ARTIFACTS / f"{state}-375.png").stat().st_size > 0

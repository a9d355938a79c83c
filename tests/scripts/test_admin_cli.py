"""`job-tracker`, the admin CLI: each command in a subprocess, as a host's scripts run it, on a
fresh DATA_DIR (SQLite stores): exit codes, `--help`, `--json`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.stack import free_port
from subgraphs.kit.registry import subgraph_names

COMMANDS = [
    [], ["health"], ["migrate"], ["reindex"], ["dead-letters"], ["dead-letters", "list"],
    ["dead-letters", "requeue"], ["user"], ["user", "create"], ["user", "export"],
    ["user", "delete"], ["keys"], ["keys", "rotate"],
]  # fmt: skip


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("cli")
    env = {**os.environ, "DATA_DIR": str(data), "HOST_PORT": str(free_port()),
           "ROUTER_PORT": str(free_port())}  # fmt: skip
    env.pop("DATABASE_URL", None)
    env.pop("BROKER_URL", None)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "scripts.admin", *args]
        return subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                              timeout=120)  # fmt: skip

    run.data = data  # type: ignore[attr-defined]
    assert run("migrate").returncode == 0
    return run


def as_json(done: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(done.stdout)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_command_has_help(cli, command):
    done = cli(*command, "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: job-tracker")


def test_usage_errors_exit_2(cli):
    assert cli("bogus").returncode == 2
    assert cli("user", "create", "--email", "x@example.com").returncode == 2  # no --full-name
    refused = cli("user", "delete", "someone@example.com")
    assert refused.returncode == 2 and "--yes is required" in refused.stderr


def test_migrate_answers_every_subgraph(cli):
    done = cli("migrate", "--json")
    assert done.returncode == 0
    assert as_json(done)["at_head"] == subgraph_names()
    assert cli("migrate", "nonsense").returncode == 1


def test_create_export_and_delete_a_user(cli):
    made = cli(
        "user", "create", "--email", "Ada@Example.com", "--full-name", "Ada Lovelace", "--json"
    )
    assert made.returncode == 0, made.stdout + made.stderr
    account = as_json(made)
    assert account["email"] == "ada@example.com" and len(account["password"]) >= 20
    again = cli("user", "create", "--email", "ada@example.com", "--full-name", "Ada", "--json")
    assert again.returncode == 1 and as_json(again)["code"] == "EMAIL_TAKEN"
    weak = cli("user", "create", "--email", "w@example.com", "--full-name", "W", "--password-stdin",
               stdin="password12\n")  # fmt: skip
    assert weak.returncode == 1 and "password" in weak.stdout
    strong = cli("user", "create", "--email", "s@example.com", "--full-name", "S",
                 "--password-stdin", stdin="correct horse battery staple\n")  # fmt: skip
    assert strong.returncode == 0 and "password:" not in strong.stdout

    exported = cli("user", "export", "ada@example.com")
    assert exported.returncode == 0
    document = json.loads(exported.stdout)
    assert document["format"] == "job-tracker-export" and document["user_id"] == account["id"]
    [profile] = document["subgraphs"]["users"]["users"]
    assert profile["email"] == "ada@example.com" and "password_hash" not in profile
    assert set(document["subgraphs"]) == set(subgraph_names())
    to_file = cli("user", "export", "ada@example.com", "-o", str(cli.data / "ada.json"), "--json")
    assert as_json(to_file)["bytes"] == (cli.data / "ada.json").stat().st_size
    assert cli("user", "export", "nobody@example.com").returncode == 1

    deleted = cli("user", "delete", "ada@example.com", "--yes", "--json")
    assert deleted.returncode == 0 and as_json(deleted)["user_id"] == account["id"]
    assert cli("user", "export", "ada@example.com").returncode == 1
    assert cli("user", "delete", "ada@example.com", "--yes").returncode == 1


def test_dead_letters_and_reindex(cli):
    listed = cli("dead-letters", "list", "--json")
    assert listed.returncode == 0 and as_json(listed)["dead_letters"] == []
    requeued = cli("dead-letters", "requeue", "--json")
    assert requeued.returncode == 0 and set(as_json(requeued)["requeued"]) >= {"events.search"}
    reindexed = cli("reindex", "--json")
    assert reindexed.returncode == 0 and set(as_json(reindexed)["published"]) == {
        "applications", "contacts", "users"}  # fmt: skip


def test_health_fails_with_each_part_named_when_nothing_runs(cli):
    done = cli("health", "--json", "--timeout", "0.5")
    assert done.returncode == 1
    parts = {part["part"]: part["status"] for part in as_json(done)["parts"]}
    assert parts["router"] == "down" and parts["subgraph users"] == "down"
    assert parts["store users"] == "up" and parts["broker"] == "up"  # SQLite; in-process broker
    assert len(parts) == len(subgraph_names()) * 2 + 2


def test_keys_rotate_keeps_the_old_key_published(cli):
    private = Path(cli.data) / "jwt-private.pem"
    before = private.read_bytes() if private.exists() else None
    done = cli("keys", "rotate", "--json")
    assert done.returncode == 0
    rotation = as_json(done)
    assert rotation["new_kid"] != rotation["retired_kid"]
    assert private.read_bytes() != before
    retired = json.loads((Path(cli.data) / "jwt-retired.json").read_text())
    assert retired[-1]["public_key"].startswith("-----BEGIN PUBLIC KEY-----")

"""The docs site says what the code does and builds without a warning: the configuration page is
what `python -m scripts.docs` writes from the code now, the README stays a door (at most 300
lines, its links into docs/ pointing at pages and headings that exist), and `mkdocs build
--strict` fails on a broken link, an unknown anchor or a page left out of the nav."""

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from scripts import docs
from subgraphs.kit.registry import ROOT

README = ROOT / "README.md"
README_MAX_LINES = 300


def test_the_configuration_page_is_what_the_code_makes():
    page = docs.PAGE.read_text()
    assert page == docs.render(page), (
        "docs/configuration.md is stale: run `scripts/task docs:config`"
    )


def test_every_setting_has_a_description_and_every_description_a_setting():
    assert docs.problems(docs.load_descriptions()) == []


def test_a_description_of_nothing_is_refused():
    descriptions = docs.load_descriptions()
    descriptions["settings"]["NO_SUCH_SETTING"] = "read by nobody"
    del descriptions["router"]["ROUTER_PORT"]
    assert docs.problems(descriptions) == [
        "settings: NO_SUCH_SETTING is not read by the code",
        "router: ROUTER_PORT has no description",
    ]


def test_router_defaults_are_read_from_its_settings():
    source = """
      port: int('ROUTER_PORT', 4000),
      maxBodyBytes: int('ROUTER_MAX_BODY_BYTES', 1_048_576),
      graphiql: flag('ROUTER_GRAPHIQL', !production),
      jwksUrl: text('JWKS_URL', `${base || 'http://127.0.0.1:4001'}/users/.well-known/jwks.json`),
      ttlSeconds: Math.max(1, int('IDEMPOTENCY_TTL_SECONDS', 86_400)),
      redisUrl: raw('REDIS_URL'),
    """
    assert docs.router_settings(source) == {
        "ROUTER_PORT": ("integer", "`4000`"),
        "ROUTER_MAX_BODY_BYTES": ("integer", "`1048576` (1 MiB)"),
        "ROUTER_GRAPHIQL": ("boolean", "`true`; `false` in production"),
        "JWKS_URL": ("string", "`http://127.0.0.1:4001/users/.well-known/jwks.json`"),
        "IDEMPOTENCY_TTL_SECONDS": ("integer", "`86400`"),
        "REDIS_URL": ("string", "unset"),
    }


def test_the_readme_is_at_most_300_lines():
    lines = len(README.read_text().splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines: move the rest into docs/"


def _slug(heading: str) -> str:
    """A heading's anchor as Python-Markdown's toc extension makes it."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def test_the_readme_links_into_pages_and_headings_that_exist():
    links = re.findall(r"\]\((docs/[^)#]+)(?:#([^)]+))?\)", README.read_text())
    assert links
    for path, anchor in links:
        target = ROOT / path
        assert target.is_file(), f"README.md links to {path}, which does not exist"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(), re.MULTILINE)
            assert anchor in {_slug(h) for h in headings}, f"README.md: no #{anchor} in {path}"


def test_the_site_builds_strictly(tmp_path: Path):
    """Any warning (a link to a missing page or anchor, a page left out of the nav) fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "configuration" / "index.html").is_file()

"""No domain imports another; kit imports no domain; a domain uses kit only through the names
`subgraphs/kit/__init__.py` exports (migrations excepted: Alembic names column types by module).
"""

import ast
from pathlib import Path

import pytest

import subgraphs.kit
from subgraphs.kit.registry import ROOT

SUBGRAPHS = ROOT / "subgraphs"
DOMAINS = sorted(
    p.name for p in SUBGRAPHS.iterdir() if (p / "__init__.py").exists() and p.name != "kit"
)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in a file: `import a.b` gives ("a.b", [])."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def sources(package: str, *, migrations: bool = True) -> list[Path]:
    files = sorted((SUBGRAPHS / package).rglob("*.py"))
    return [f for f in files if migrations or "migrations" not in f.parts]


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_imports_only_itself_and_kit(domain):
    for path in sources(domain):
        for module, _ in imports(path):
            if module.startswith("subgraphs."):
                owner = module.split(".")[1]
                assert owner in {domain, "kit"}, f"{path.relative_to(ROOT)} imports {module}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_uses_kit_through_its_public_names(domain):
    public = set(subgraphs.kit.__all__)
    for path in sources(domain, migrations=False):
        for module, names in imports(path):
            where = path.relative_to(ROOT)
            if module.startswith("subgraphs.kit."):
                pytest.fail(f"{where} imports {module}: use `from subgraphs.kit import ...`")
            if module == "subgraphs.kit":
                assert set(names) <= public, f"{where}: {set(names) - public} are not kit's"


def test_kit_imports_no_domain():
    for path in sources("kit"):
        for module, _ in imports(path):
            if module.startswith("subgraphs."):
                assert module.startswith("subgraphs.kit"), f"{path.relative_to(ROOT)}: {module}"


def test_every_domain_is_a_subgraph_and_the_other_way_round():
    from subgraphs.kit.registry import subgraph_names

    assert sorted(subgraph_names()) == DOMAINS


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_consumer_reads_payloads_through_its_declared_model(domain):
    """No `event.payload[...]` by hand: a handler declares what it reads (`reads=`), so the
    schema check can hold the read against what the producer sends."""
    for path in sources(domain, migrations=False):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr == "payload":
                if isinstance(node.value, ast.Name) and node.value.id == "event":
                    pytest.fail(f"{path.relative_to(ROOT)}:{node.lineno} reads event.payload")

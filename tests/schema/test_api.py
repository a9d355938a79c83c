"""The client-facing API built in Python equals the one the composition library derives."""

import subprocess
from pathlib import Path

from graphql import lexicographic_sort_schema, print_schema

from scripts.schema.api import api_schema
from subgraphs.kit.registry import ROOT
from tests.schema.conftest import compose_into

# graphql-js + @theguild/federation-composition's own supergraph -> public schema transform.
PUBLIC_SCHEMA_JS = """
import { readFileSync } from 'node:fs';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';
const api = transformSupergraphToPublicSchema(parse(readFileSync(process.argv[1], 'utf8')));
process.stdout.write(printSchema(lexicographicSortSchema(buildASTSchema(api))));
"""

HIDDEN = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
  import: ["@key", "@inaccessible", {name: "@tag", as: "@label"}])
type Query { item: Item, secret: Secret @inaccessible, kind: Kind }
type Item @key(fields: "id") {
  id: ID!
  name: String @label(name: "public")
  cost: Int @inaccessible
  price(currency: String, discount: Int @inaccessible): Int
}
type Secret @inaccessible { id: ID }
enum Kind { BOOK TOY @inaccessible }
input Filter { name: String, cost: Int @inaccessible }
type Mutation { find(filter: Filter): [Item!]! }
"""


def public_schema_js(supergraph: Path) -> str:
    run = subprocess.run(
        ["node", "--input-type=module", "-e", PUBLIC_SCHEMA_JS, str(supergraph)],
        cwd=ROOT / "router",
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


def public_schema_py(supergraph: Path) -> str:
    return print_schema(lexicographic_sort_schema(api_schema(supergraph.read_text())))


def test_our_supergraph_gives_the_same_api_in_python_and_in_graphql_js():
    supergraph = ROOT / "schema" / "supergraph.graphql"
    assert public_schema_py(supergraph) == public_schema_js(supergraph)


def test_inaccessible_elements_and_federation_directives_are_not_in_the_api(tmp_path):
    (tmp_path / "items.graphql").write_text(HIDDEN)
    (tmp_path / "supergraph.yaml").write_text(
        "subgraphs:\n  items:\n    routing_url: http://items/graphql\n"
        "    schema: {file: ./items.graphql}\n"
    )
    supergraph = tmp_path / "supergraph.graphql"
    compose_into(tmp_path / "supergraph.yaml", supergraph)
    api = public_schema_py(supergraph)
    assert api == public_schema_js(supergraph)
    for hidden in ["Secret", "cost", "discount", "TOY", "@"]:
        assert hidden not in api
    subgraph_api = print_schema(api_schema(HIDDEN))
    assert "cost" not in subgraph_api and "@" not in subgraph_api

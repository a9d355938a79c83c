"""Someone else's id answers null or NOT_FOUND, through `_entities` of every subgraph and through
every field that takes an id, for every entity the subgraphs in `supergraph.yaml` declare.

The list of entities and fields comes from each subgraph's SDL; `tests/entities.py` says how to
make each entity and which are public. Anything found in an SDL and missing there fails.
"""

import asyncio
from dataclasses import dataclass

import pytest
from graphql import DocumentNode, FieldDefinitionNode, ObjectTypeDefinitionNode, parse, print_ast

from subgraphs.kit.registry import sdl_path, subgraph_names
from tests.entities import BY_ID, ENTITIES
from tests.factories import sign_up

pytestmark = pytest.mark.federation

ENTITIES_QUERY = (
    "query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on {type} {{ {fields} }} }} }}"
)


def document(subgraph: str) -> DocumentNode:
    return parse(sdl_path(subgraph).read_text())


def object_types(doc: DocumentNode) -> dict[str, ObjectTypeDefinitionNode]:
    return {d.name.value: d for d in doc.definitions if isinstance(d, ObjectTypeDefinitionNode)}


def selection(field: FieldDefinitionNode, types: dict[str, ObjectTypeDefinitionNode]) -> str:
    named = print_ast(field.type).strip("[]!")
    return f"{field.name.value} {{ __typename }}" if named in types else field.name.value


def readable_fields(entity: ObjectTypeDefinitionNode, types) -> dict[str, str]:
    """Fields that need no argument: their name and how to select them."""
    return {
        f.name.value: selection(f, types)
        for f in entity.fields or []
        if all(a.default_value or not print_ast(a.type).endswith("!") for a in f.arguments or [])
    }


def _resolvable_key(directive) -> bool:
    """A `@key` the subgraph resolves: not `resolvable: false` (a reference it only hands out,
    as search does: its `_entities` has nothing of the entity to leak; what its index keeps it
    answers only on its own, owner-scoped `search` path)."""
    if directive.name.value != "key":
        return False
    for argument in directive.arguments or []:
        if argument.name.value == "resolvable" and print_ast(argument.value) == "false":
            return False
    return True


@dataclass(frozen=True)
class EntityCase:
    subgraph: str
    type: str
    fields: dict[str, str]


def entity_cases() -> list[EntityCase]:
    cases = []
    for subgraph in subgraph_names():
        types = object_types(document(subgraph))
        for name, definition in types.items():
            if any(_resolvable_key(d) for d in definition.directives or []):
                cases.append(EntityCase(subgraph, name, readable_fields(definition, types)))
    return cases


@dataclass(frozen=True)
class FieldCase:
    subgraph: str
    operation: str  # "query" or "mutation"
    field: FieldDefinitionNode
    types: dict[str, ObjectTypeDefinitionNode]

    @property
    def name(self) -> str:
        return self.field.name.value

    def text(self) -> str:
        """The field as an operation of its own, every argument a variable."""
        arguments = self.field.arguments or ()
        params = ", ".join(f"${a.name.value}: {print_ast(a.type)}" for a in arguments)
        args = ", ".join(f"{a.name.value}: ${a.name.value}" for a in arguments)
        selected = selection(self.field, self.types).replace(self.name, f"{self.name}({args})", 1)
        return f"{self.operation}({params}) {{ {selected} }}"

    def id_argument(self) -> str:
        return next(a.name.value for a in self.field.arguments or [] if print_ast(a.type) == "ID!")


def by_id_cases() -> list[FieldCase]:
    cases = []
    for subgraph in subgraph_names():
        types = object_types(document(subgraph))
        for operation in ("query", "mutation"):
            root = types.get(operation.title())
            for field in (root.fields or ()) if root else ():
                if any(print_ast(a.type) == "ID!" for a in field.arguments or []):
                    cases.append(FieldCase(subgraph, operation, field, types))
    return cases


@pytest.fixture
async def victim_and_intruder(router):
    return await sign_up(router, full_name="Victim"), await sign_up(router, full_name="Intruder")


@pytest.mark.parametrize("case", entity_cases(), ids=lambda c: f"{c.subgraph}-{c.type}")
async def test_entities_of_someone_else_resolve_to_null(
    router, subgraphs, victim_and_intruder, case
):
    assert case.type in ENTITIES, f"tests/entities.py: say how to make a {case.type}"
    spec = ENTITIES[case.type]
    victim, intruder = victim_and_intruder
    entity_id = await spec.make(router, victim)
    query = ENTITIES_QUERY.format(type=case.type, fields=" ".join(case.fields.values()))
    reps = {"r": [{"__typename": case.type, "id": entity_id}]}
    direct = subgraphs[case.subgraph]

    own = None
    for _ in range(100):  # a subgraph that learns of it from events sees it a moment later
        [own] = (await direct(query, reps, token=victim.token)).data["_entities"]
        if own is not None:
            break
        await asyncio.sleep(0.05)
    assert own is not None and set(own) == set(case.fields)
    [seen] = (await direct(query, reps, token=intruder.token)).data["_entities"]
    if spec.public_fields is None:
        assert seen is None
    else:
        private = {name: seen[name] for name in case.fields if name not in spec.public_fields}
        assert private == dict.fromkeys(private), f"{case.type} shows {private} to others"


@pytest.mark.parametrize("case", by_id_cases(), ids=lambda c: f"{c.subgraph}-{c.name}")
async def test_fields_taking_someone_elses_id_answer_null_or_not_found(
    router, subgraphs, victim_and_intruder, case
):
    assert case.name in BY_ID, f"tests/entities.py: add {case.name} to BY_ID"
    spec = BY_ID[case.name]
    victim, intruder = victim_and_intruder
    entity_id = await ENTITIES[spec.entity].make(router, victim)
    variables = {**spec.variables, case.id_argument(): entity_id}
    result = await router(case.text(), variables, token=intruder.token)
    if spec.allowed:
        assert not result.body.get("errors"), result.body
        return
    if case.operation == "query":
        assert result.data == {case.name: None}
    else:
        assert result.codes == ["NOT_FOUND"] and not result.body.get("data"), result.body
    # and it is still there, unchanged, for its owner
    reps = {"r": [{"__typename": spec.entity, "id": entity_id}]}
    query = ENTITIES_QUERY.format(type=spec.entity, fields="id")
    owned = (await subgraphs[case.subgraph](query, reps, token=victim.token)).data
    assert owned == {"_entities": [{"id": entity_id}]}

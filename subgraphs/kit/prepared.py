"""Each GraphQL document a subgraph receives is parsed (at most SUBGRAPH_MAX_TOKENS tokens),
measured against the other operation limits (`kit.limits`) and only then validated, once per
document text: the result is kept (like Strawberry's ParserCache and ValidationCache, which this
replaces). A document longer than BIG_DOCUMENT characters is prepared on a worker thread, so the
other requests of the process (the embedded host's other subgraphs) are served meanwhile.
"""

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.limits import Limits, exceeded, measure, more_tokens_than

BIG_DOCUMENT = 4_000  # characters: a hundred lines of GraphQL
TOKEN_LIMIT_MESSAGE = "tokens. Parsing aborted."


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode
    errors: tuple[GraphQLError, ...]  # limits exceeded, or validation errors; empty: runnable


def limits_of(context: Any) -> Limits | None:
    """The operation limits of the subgraph answering (None: a context without settings)."""
    settings = getattr(context, "settings", None)
    if settings is None:
        return None
    return Limits(
        max_depth=settings.SUBGRAPH_MAX_DEPTH,
        max_aliases=settings.SUBGRAPH_MAX_ALIASES,
        max_tokens=settings.SUBGRAPH_MAX_TOKENS,
        max_repeated_cost=settings.SUBGRAPH_MAX_REPEATED_COST,
    )


def refusal(code: ErrorCode, message: str) -> GraphQLError:
    return GraphQLError(message, original_error=AppError(code, message))


def too_many_tokens(limit: int) -> GraphQLError:
    return refusal(ErrorCode.MAX_TOKENS_LIMIT, f"Token limit of {limit} exceeded.")


def prepare(
    schema: GraphQLSchema,
    query: str,
    limits: Limits | None,
    rules: tuple[type[ASTValidationRule], ...],
) -> Prepared:
    """Parse, check the limits, validate. Raises GraphQLError when the text does not parse."""
    max_tokens = limits.max_tokens if limits else None
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError as error:
        if max_tokens is None or not error.message.endswith(TOKEN_LIMIT_MESSAGE):
            raise
        raise too_many_tokens(max_tokens) from None
    if limits is not None:
        refusals = tuple(refusal(*each) for each in exceeded(measure(document), limits))
        if refusals:
            return Prepared(document, refusals)
    return Prepared(document, tuple(validate_document(schema, document, rules)))


class PreparedDocuments:
    """The documents a schema prepared, the most recently used `size` of them, by text."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[str, Limits | None], Prepared] = OrderedDict()

    async def get(
        self,
        schema: GraphQLSchema,
        query: str,
        limits: Limits | None,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> Prepared:
        key = (query, limits)
        prepared = self._kept.get(key)
        if prepared is not None:
            self._kept.move_to_end(key)
            return prepared
        if limits is not None and more_tokens_than(query, limits.max_tokens):
            raise too_many_tokens(limits.max_tokens)  # found in a few ms, without parsing
        if len(query) > BIG_DOCUMENT:
            prepared = await asyncio.to_thread(prepare, schema, query, limits, rules)
        else:
            prepared = prepare(schema, query, limits, rules)
        self._kept[key] = prepared
        if len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return prepared


def checked_documents(documents: PreparedDocuments) -> Callable[[], SchemaExtension]:
    """The extension (one per operation) that takes documents from `documents`."""
    return lambda: CheckedDocuments(documents)


class CheckedDocuments(SchemaExtension):
    def __init__(self, documents: PreparedDocuments) -> None:
        self.documents = documents
        self.prepared: Prepared | None = None

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            self.prepared = await self.documents.get(
                context.schema._schema,
                context.query,
                limits_of(context.context),
                context.validation_rules,
            )
            context.graphql_document = self.prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        # Set errors (even none) mean "validated": Strawberry then skips its own validation.
        if self.prepared is not None:
            self.execution_context.pre_execution_errors = list(self.prepared.errors)
        yield

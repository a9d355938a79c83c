"""Owner scoping by structure: a session is opened for an owner, and every statement it runs
on an owned table is limited to that owner's rows.

    class Application(Table, Owned, table=True): owner_id: UUID ...   # an owned table

    async with db.reader(owner=viewer) as session:
        await session.exec(select(Application))       # WHERE applications.owner_id = :viewer
        await session.get(Application, someone_elses)  # None

- Reads, ORM UPDATEs and DELETEs get `owner_id = :owner` on every owned table they touch,
  joins, aliases and subqueries included (SQLAlchemy's `with_loader_criteria`). The criteria
  name the owner through one bound parameter (`OWNER_PARAMETER`), given the session's owner on
  every execution: a statement object with its criteria is made once and kept while the
  statement lives, so a store that builds a statement once (module level, values as
  `bindparam`s) pays neither for finding its tables nor for its cache key again.
- Rows added to the session take the owner's id; a row with another owner's id, or an
  `owner_id` changed on an existing row, refuses to flush (`ScopeViolation`).
- A session without an owner (an anonymous request: sign-up, public profiles) may read
  public tables only: touching an owned table is UNAUTHENTICATED.
- `Database.admin()` is the one unscoped session, for admin tasks (bulk import, erasing an
  account, rebuilding a read model); nothing a request does reaches it.
"""

from typing import Any
from uuid import UUID
from weakref import WeakKeyDictionary

from sqlalchemy import Table, bindparam, event, inspect
from sqlalchemy.orm import ORMExecuteState, UOWTransaction, with_loader_criteria
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session

from subgraphs.kit.errors import unauthenticated

OWNER = "owner"  # session.info: the UUID whose rows this session sees, or None
UNSCOPED = "unscoped"  # session.info: True only in Database.admin()
ANONYMOUS_ERROR = "anonymous_error"  # session.info: why there is no owner, when known


_pending: list[type] = []  # Owned subclasses not yet mapped to their table
_owned_by_table: dict[Table, type] = {}


class Owned:
    """Marks a table whose rows belong to one user; it must have an `owner_id` column."""

    owner_id: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _pending.append(cls)


class ScopeViolation(RuntimeError):
    """A write that would put a row in someone else's hands: a bug, never a user error."""


class ScopedSession(Session):
    """The session class behind every `Database` session: the listeners below apply to it."""


def owner_of(session: Any) -> UUID:
    """The owner a session was opened for; UNAUTHENTICATED when it was opened without one."""
    owner: UUID | None = session.info.get(OWNER)
    if owner is None:
        raise session.info.get(ANONYMOUS_ERROR) or unauthenticated()
    return owner


def _owned_tables() -> dict[Table, type]:
    while _pending:  # a class's __table__ exists once its definition has run
        cls = _pending.pop()
        table = getattr(cls, "__table__", None)
        if table is not None:
            _owned_by_table[table] = cls
    return _owned_by_table


def _owned_in(statement: Any) -> list[type]:
    """The owned mapped classes whose tables `statement` touches anywhere."""
    owned = _owned_tables()
    tables = find_tables(statement, include_joins=True, include_aliases=True, include_crud=True)
    return [owned[table] for table in tables if table in owned]


# The bound parameter every owner criterion compares `owner_id` with; `_scope_statement` gives
# it the session's owner on each execution. A statement run without it fails ("a value is
# required for bind parameter"): never unscoped.
OWNER_PARAMETER = "kit_scope_owner"
_criteria: dict[type, Any] = {}  # owned class → its with_loader_criteria option


def _criterion(cls: Any) -> Any:
    option = _criteria.get(cls)
    if option is None:
        # A lambda, called with each entity the statement has for `cls` (an alias too); a plain
        # `cls.owner_id == ...` leaves an aliased entity of a column select unscoped.
        option = _criteria[cls] = with_loader_criteria(
            cls,
            lambda entity: entity.owner_id == bindparam("kit_scope_owner"),
            include_aliases=True,
        )  # the name written out: SQLAlchemy's lambdas track the names they close over
    return option


# Statement → the same statement with the criteria of the owned tables it touches, or None when
# it touches none. Kept while the statement object lives (statements are immutable: a change
# makes a new object); weak keys, compared by identity like every executable statement. The
# value never refers to its key (a copy made by `options`, or None), so the entry goes with it.
_scoped: "WeakKeyDictionary[Any, Any]" = WeakKeyDictionary()
_UNKNOWN = object()


def _scoped_form(statement: Any) -> Any:
    scoped = _scoped.get(statement, _UNKNOWN)
    if scoped is _UNKNOWN:
        owned = _owned_in(statement)
        scoped = statement.options(*map(_criterion, owned)) if owned else None
        _scoped[statement] = scoped
    return scoped


@event.listens_for(ScopedSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    session = state.session
    if session.info.get(UNSCOPED):
        return
    if state.is_insert:
        owned = _owned_in(state.statement)
        if owned:
            _check_rows(_rows(state.parameters), owner_of(session))
        return
    scoped = _scoped_form(state.statement)
    if scoped is None:
        return
    owner = owner_of(session)
    state.statement = scoped
    state.parameters = _with_owner(state.parameters, owner)


def _with_owner(parameters: Any, owner: UUID) -> Any:
    """The execution's parameters with the owner's (one dict, or each of a list of them)."""
    if isinstance(parameters, list | tuple):
        return [{**row, OWNER_PARAMETER: owner} for row in parameters]
    return {**(parameters or {}), OWNER_PARAMETER: owner}


def _rows(parameters: Any) -> list[dict[str, Any]]:
    if parameters is None:
        return []
    return [parameters] if isinstance(parameters, dict) else list(parameters)


def _check_rows(rows: list[dict[str, Any]], owner: UUID) -> None:
    for row in rows:
        if row.setdefault("owner_id", owner) != owner:
            raise ScopeViolation("an insert names another owner than the session's")


@event.listens_for(ScopedSession, "before_flush")
def _scope_flush(session: Session, _: UOWTransaction, __: Any) -> None:
    if session.info.get(UNSCOPED):
        return
    for row in session.new:
        if isinstance(row, Owned):
            owner = owner_of(session)
            if row.owner_id is None:
                row.owner_id = owner
            elif row.owner_id != owner:
                raise ScopeViolation(f"a new {type(row).__name__} names another owner")
    for row in session.dirty:
        if isinstance(row, Owned) and session.is_modified(row):
            if inspect(row).attrs["owner_id"].history.has_changes():
                raise ScopeViolation(f"owner_id of a {type(row).__name__} changed")

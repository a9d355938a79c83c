"""Analytics subgraph schema: `User.analytics`, the owner's figures from the read model."""

from typing import Any

import strawberry

from subgraphs.analytics import rules, store
from subgraphs.analytics.rules import PositionCategory
from subgraphs.kit import Info, ServiceSchema, parse_id, utcnow

strawberry.enum(PositionCategory, description="A family of jobs, from the position's title.")


@strawberry.type
class MonthCount:
    month: str = strawberry.field(description="YYYY-MM (UTC).")
    count: int


@strawberry.type
class LabelCount:
    label: str
    count: int


@strawberry.type
class CategoryCount:
    category: PositionCategory
    count: int


@strawberry.type
class FunnelStep:
    status: str
    count: int
    conversion: float | None = strawberry.field(
        description="This step's count over the previous step's (0 to 1); null for the first."
    )


@strawberry.type(description="The owner's applications in figures, from their events.")
class Analytics:
    """Each figure is one query of the read model, made only when asked: grouped and counted
    by the store, so its cost does not grow with the number of applications."""

    @strawberry.field(description="The last 12 months, oldest first, empty months included.")
    async def applications_per_month(self, info: Info) -> list[MonthCount]:
        counted = dict(await _counts(info, "month"))
        series = rules.month_series(counted, now=utcnow())
        return [MonthCount(month=month, count=count) for month, count in series]

    @strawberry.field(description="Applications by current status, most first.")
    async def by_status(self, info: Info) -> list[LabelCount]:
        return [LabelCount(label=label, count=n) for label, n in await _counts(info, "status")]

    @strawberry.field
    async def by_position_category(self, info: Info) -> list[CategoryCount]:
        counted = await _counts(info, "category")
        return [CategoryCount(category=PositionCategory(c), count=n) for c, n in counted]

    @strawberry.field(description='By location, normalised; remote work counts as "Remote".')
    async def by_location(self, info: Info) -> list[LabelCount]:
        return [LabelCount(label=label, count=n) for label, n in await _counts(info, "location")]

    @strawberry.field(description="APPLIED → INTERVIEW → OFFER: how many got at least so far.")
    async def funnel(self, info: Info) -> list[FunnelStep]:
        steps = rules.funnel_of(dict(await _counts(info, "furthest_step")))
        return [FunnelStep(status=s.status, count=s.count, conversion=s.conversion) for s in steps]

    @strawberry.field(description="Median days from applying to the first status change after it.")
    async def median_days_to_response(self, info: Info) -> float | None:
        async with info.context.reader() as session:
            return rules.median_days(await store.response_days(session))


async def _counts(info: Info, column: str) -> list[tuple[Any, int]]:
    async with info.context.reader() as session:
        return await store.counts(session, column)


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(description="Your applications in figures. Null for anyone but you.")
    async def analytics(self, info: Info) -> Analytics | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        return Analytics()


schema = ServiceSchema(subgraph="analytics", types=[User])

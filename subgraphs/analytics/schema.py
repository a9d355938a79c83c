"""Analytics subgraph schema: `User.analytics`, the owner's figures from the read model."""

from typing import Any

import strawberry

from subgraphs.analytics import rules, store
from subgraphs.analytics.rules import PositionCategory
from subgraphs.kit import Info, ServiceSchema, asks_for, id_of, parse_id, utcnow

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
    """Counted by `figures` before these resolvers run: one statement for the figures asked."""

    counted: strawberry.Private[dict[str, list[tuple[Any, int]]]]
    median: strawberry.Private[float | None]

    @strawberry.field(description="The last 12 months, oldest first, empty months included.")
    def applications_per_month(self) -> list[MonthCount]:
        series = rules.month_series(dict(self.counted["applicationsPerMonth"]), now=utcnow())
        return [MonthCount(month=month, count=count) for month, count in series]

    @strawberry.field(description="Applications by current status, most first.")
    def by_status(self) -> list[LabelCount]:
        return [LabelCount(label=v, count=n) for v, n in self.counted["byStatus"]]

    @strawberry.field
    def by_position_category(self) -> list[CategoryCount]:
        counted = self.counted["byPositionCategory"]
        return [CategoryCount(category=PositionCategory(c), count=n) for c, n in counted]

    @strawberry.field(description='By location, normalised; remote work counts as "Remote".')
    def by_location(self) -> list[LabelCount]:
        return [LabelCount(label=v, count=n) for v, n in self.counted["byLocation"]]

    @strawberry.field(description="APPLIED → INTERVIEW → OFFER: how many got at least so far.")
    def funnel(self) -> list[FunnelStep]:
        steps = rules.funnel_of(dict(self.counted["funnel"]))
        return [FunnelStep(status=s.status, count=s.count, conversion=s.conversion) for s in steps]

    @strawberry.field(description="Median days from applying to the first status change after it.")
    def median_days_to_response(self) -> float | None:
        return self.median


# The figures the operation asks for are counted in one statement (a grouped query each, in
# a UNION ALL), the median in another: the cost does not grow with the number of
# applications, and figures nobody asked for are not counted.
FIGURES = {
    "applicationsPerMonth": "month", "byStatus": "status", "byPositionCategory": "category",
    "byLocation": "location", "funnel": "furthest_step",
}  # fmt: skip


async def figures(info: Info) -> Analytics:
    median = None
    asked = {name: column for name, column in FIGURES.items() if asks_for(info, name)}
    async with info.context.reader() as session:
        counted = await store.counts(session, asked) if asked else {}
        if asks_for(info, "medianDaysToResponse"):
            median = rules.median_days(await store.middle_response_days(session))
    return Analytics(counted=counted, median=median)


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(description="Your applications in figures. Null for anyone but you.")
    async def analytics(self, info: Info) -> Analytics | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        return await figures(info)


@strawberry.type
class Query:
    # Shareable with users' `me`: the router asks for `me { analytics }` here at once, not
    # after users answered `me { id }`.
    @strawberry.federation.field(shareable=True, description="The signed-in user.")
    def me(self, info: Info) -> User:
        return User(id=id_of(info.context.require_user()))


schema = ServiceSchema(subgraph="analytics", query=Query, types=[User])

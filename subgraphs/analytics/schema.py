"""Analytics subgraph schema: `User.analytics`, the owner's figures from the read model."""

from collections.abc import Iterable
from datetime import datetime

import strawberry

from subgraphs.analytics import rules, store
from subgraphs.analytics.models import ApplicationFact
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
    facts: strawberry.Private[list[ApplicationFact]]
    now: strawberry.Private[datetime]

    @strawberry.field(description="The last 12 months, oldest first, empty months included.")
    def applications_per_month(self) -> list[MonthCount]:
        dates = [fact.counted_at for fact in self.facts if fact.counted_at is not None]
        series = rules.applications_per_month(dates, now=self.now)
        return [MonthCount(month=month, count=count) for month, count in series]

    @strawberry.field(description="Applications by current status, most first.")
    def by_status(self) -> list[LabelCount]:
        return _counts(fact.status for fact in self.facts)

    @strawberry.field
    def by_position_category(self) -> list[CategoryCount]:
        counted = rules.count_by(fact.category for fact in self.facts)
        return [CategoryCount(category=PositionCategory(c), count=n) for c, n in counted]

    @strawberry.field(description='By location, normalised; remote work counts as "Remote".')
    def by_location(self) -> list[LabelCount]:
        return _counts(fact.location for fact in self.facts)

    @strawberry.field(description="APPLIED → INTERVIEW → OFFER: how many got at least so far.")
    def funnel(self) -> list[FunnelStep]:
        steps = rules.funnel(set(fact.reached) for fact in self.facts)
        return [FunnelStep(status=s.status, count=s.count, conversion=s.conversion) for s in steps]

    @strawberry.field(description="Median days from applying to the first status change after it.")
    def median_days_to_response(self) -> float | None:
        return rules.median_days(fact.response_days for fact in self.facts)


def _counts(values: Iterable[str | None]) -> list[LabelCount]:
    return [LabelCount(label=label, count=count) for label, count in rules.count_by(values)]


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(description="Your applications in figures. Null for anyone but you.")
    async def analytics(self, info: Info) -> Analytics | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        async with info.context.reader() as session:
            found = await store.facts(session)
        return Analytics(facts=found, now=utcnow())


schema = ServiceSchema(subgraph="analytics", types=[User])

"""The skill vocabulary of the keyword signal: each skill's name as shown, and the ways texts
write it, as whole words: "k8s" is Kubernetes, "golang" is Go, "postgres" is PostgreSQL.
Aliases are case-insensitive, except those written "=Alias", which must appear as written
(words that are also common English: "Go", "Swift", "REST", "Excel"). Extend it here;
docs/architecture/postings.md describes how it is used."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

VOCABULARY: dict[str, tuple[str, ...]] = {
    # languages
    "Python": ("python", "python3"),
    "Java": ("java",),
    "Kotlin": ("kotlin",),
    "Scala": ("scala",),
    "Go": ("golang", "go lang", "=Go"),
    "Rust": ("=Rust",),
    "C": ("c language", "ansi c"),
    "C++": ("c++", "cpp"),
    "C#": ("c#", "csharp"),
    ".NET": (".net", "dotnet", "asp.net"),
    "JavaScript": ("javascript", "=JS", "ecmascript"),
    "TypeScript": ("typescript", "=TS"),
    "Ruby": ("ruby",),
    "PHP": ("php",),
    "Swift": ("=Swift",),
    "Objective-C": ("objective-c", "objc"),
    "R": ("r language", "rstats", "r studio", "rstudio"),
    "SQL": ("sql",),
    "Bash": ("bash", "shell scripting"),
    "Elixir": ("elixir",),
    "Haskell": ("haskell",),
    # web and mobile
    "React": ("react", "react.js", "reactjs"),
    "React Native": ("react native",),
    "Next.js": ("next.js", "nextjs"),
    "Vue": ("vue", "vue.js", "vuejs"),
    "Angular": ("angular",),
    "Svelte": ("svelte",),
    "Node.js": ("node.js", "nodejs", "=Node"),
    "Django": ("django",),
    "Flask": ("flask",),
    "FastAPI": ("fastapi",),
    "Spring": ("=Spring", "spring boot"),
    "Rails": ("rails", "ruby on rails"),
    "Laravel": ("laravel",),
    "GraphQL": ("graphql",),
    "REST APIs": ("=REST", "restful", "rest api", "rest apis"),
    "gRPC": ("grpc",),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3", "sass", "scss", "tailwind"),
    "Accessibility": ("accessibility", "a11y", "wcag"),
    "iOS": ("ios",),
    "Android": ("android",),
    # data stores and streaming
    "PostgreSQL": ("postgresql", "postgres", "psql"),
    "MySQL": ("mysql", "mariadb"),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Elasticsearch": ("elasticsearch", "elastic search", "opensearch"),
    "Kafka": ("kafka",),
    "RabbitMQ": ("rabbitmq",),
    "Cassandra": ("cassandra",),
    "DynamoDB": ("dynamodb",),
    "Snowflake": ("=Snowflake",),
    "BigQuery": ("bigquery",),
    "Spark": ("=Spark", "pyspark"),
    "Airflow": ("airflow",),
    "dbt": ("dbt",),
    "ETL": ("etl", "elt", "data pipelines", "data pipeline"),
    # infrastructure
    "Kubernetes": ("kubernetes", "k8s"),
    "Docker": ("docker", "containers", "containerization"),
    "Terraform": ("terraform",),
    "Ansible": ("ansible",),
    "Helm": ("=Helm",),
    "AWS": ("aws", "amazon web services"),
    "GCP": ("gcp", "google cloud"),
    "Azure": ("azure",),
    "Linux": ("linux",),
    "CI/CD": (
        "ci/cd",
        "continuous integration",
        "continuous delivery",
        "github actions",
        "gitlab ci",
        "jenkins",
    ),
    "Observability": ("observability", "prometheus", "grafana", "opentelemetry", "datadog"),
    "On-call": ("on-call", "on call", "incident response", "sre"),
    "Networking": ("networking", "tcp/ip", "dns"),
    "Security": ("security", "owasp", "penetration testing"),
    "Microservices": ("microservices", "micro-services", "distributed systems"),
    # data science and ML
    "Machine Learning": ("machine learning", "ml"),
    "Deep Learning": ("deep learning", "neural networks"),
    "PyTorch": ("pytorch", "torch"),
    "TensorFlow": ("tensorflow", "keras"),
    "scikit-learn": ("scikit-learn", "sklearn"),
    "pandas": ("pandas",),
    "NumPy": ("numpy",),
    "Statistics": ("statistics", "statistical", "a/b testing", "experimentation", "experiments"),
    "Forecasting": ("forecasting", "time series"),
    "NLP": ("nlp", "natural language processing"),
    "Computer Vision": ("computer vision",),
    "LLMs": ("llm", "llms", "large language models"),
    "Data Visualization": ("data visualization", "tableau", "power bi", "looker"),
    "Excel": ("=Excel", "spreadsheets"),
    # design and product
    "Figma": ("figma",),
    "Sketch": ("=Sketch",),
    "User Research": ("user research", "usability testing", "user interviews"),
    "Design Systems": ("design systems", "design system"),
    "Prototyping": ("prototyping", "prototypes", "wireframes", "wireframing"),
    "UX": ("ux", "user experience", "interaction design"),
    "UI Design": ("ui design", "visual design", "=UI"),
    "Product Management": ("product management", "roadmap", "roadmaps"),
    "Agile": ("agile", "scrum", "kanban"),
    # other professions
    "Sales": ("sales", "selling", "quota"),
    "CRM": ("crm", "salesforce", "hubspot"),
    "Marketing": ("marketing", "seo", "sem", "campaigns"),
    "Copywriting": ("copywriting", "copy writing", "content writing"),
    "Accounting": ("accounting", "bookkeeping", "ifrs", "gaap"),
    "Financial Modelling": ("financial modelling", "financial modeling"),
    "Recruiting": ("recruiting", "sourcing", "talent acquisition"),
    "Customer Support": ("customer support", "customer service", "zendesk"),
    "Project Management": ("project management", "pmp", "jira"),
    "Leadership": ("leadership", "mentoring", "people management", "team lead"),
    "Communication": ("communication", "stakeholder management", "presentations"),
    "Teaching": ("teaching", "curriculum", "lesson planning"),
    "Nursing": ("nursing", "patient care", "registered nurse"),
    "Logistics": ("logistics", "supply chain", "warehouse"),
}


@dataclass(frozen=True)
class Mention:
    skill: str
    start: int
    end: int


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    """(case-insensitive aliases, lowercased; case-sensitive ones, as written) -> skill."""
    loose, exact = {}, {}
    for skill, aliases in VOCABULARY.items():
        for alias in aliases:
            if alias.startswith("="):
                exact[alias[1:]] = skill
            else:
                loose[alias] = skill
    return loose, exact


@cache
def _pattern() -> re.Pattern[str]:
    loose, exact = _aliases()

    def alternatives(names: dict[str, str]) -> str:
        # Longest first, so "react native" wins over "react", "spring boot" over "Spring".
        return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))

    body = f"(?i:{alternatives(loose)})|{alternatives(exact)}"
    return re.compile(rf"(?<![\w+#./-])(?:{body})(?![\w+#]|\.\w|-\w)")


def mentions(text: str) -> Iterator[Mention]:
    """Every skill the text names, where (an alias is matched as a whole word)."""
    loose, exact = _aliases()
    for match in _pattern().finditer(text):
        found = match.group(0)
        skill = exact.get(found) or loose[found.lower()]
        yield Mention(skill, match.start(), match.end())


def skills_in(text: str) -> dict[str, int]:
    """Each skill the text names, and how often."""
    counts: dict[str, int] = {}
    for mention in mentions(text):
        counts[mention.skill] = counts.get(mention.skill, 0) + 1
    return counts

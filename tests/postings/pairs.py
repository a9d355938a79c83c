"""A small labelled set for the resume-to-job match: for each posting, a resume that fits it
well, one that fits partly and one that fits poorly (labels by hand, by what a recruiter would
say). `test_match.py` checks the scores order each triple, and reports over all pairs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Posting:
    position: str
    description: str
    good: str
    partial: str
    poor: str


BACKEND = Posting(
    position="Senior Backend Engineer (Python)",
    description="""You will build the Python services behind our logistics platform.
We need 5+ years of Python, Django or FastAPI, PostgreSQL and Redis, REST APIs and GraphQL.
Our services run on Kubernetes in AWS, deployed with Terraform and GitHub Actions.
Nice to have: Kafka, observability with Prometheus and Grafana, on-call experience.""",
    good="""Backend engineer, 7 years. Python (Django, FastAPI), Postgres and Redis at scale.
Designed REST and GraphQL APIs for a freight marketplace. Ran our services on k8s on AWS,
infrastructure as code with Terraform, CI/CD in GitHub Actions. Built Kafka consumers,
Prometheus dashboards, took part in the on-call rotation.""",
    partial="""Full-stack developer, 4 years. Node.js and TypeScript APIs, some Python scripts.
MySQL and MongoDB. Deployed with Docker on AWS. React front ends.""",
    poor="""Registered nurse with 10 years of patient care in intensive care units.
Mentoring new nurses, lesson planning for hospital training days, excellent communication.""",
)

DATA = Posting(
    position="Staff Data Scientist",
    description="""Own forecasting models for demand in Python and SQL. Design A/B testing and
experimentation, with strong statistics. Ship models with PyTorch or scikit-learn; pandas and
NumPy daily. Present results to stakeholders with Tableau. Spark and Airflow are a plus.""",
    good="""Data scientist, 8 years: time series forecasting of retail demand in Python, SQL on
BigQuery. Ran A/B tests and experiments; statistics background (MSc). scikit-learn and PyTorch
models in production, pandas and numpy every day, Looker and Tableau dashboards, PySpark jobs
orchestrated in Airflow.""",
    partial="""Data analyst, 3 years. SQL and Excel reporting, Power BI dashboards, some pandas.
Presentations to the sales leadership.""",
    poor="""Frontend developer: React, CSS, HTML, accessibility (WCAG), Figma hand-offs.""",
)

DESIGN = Posting(
    position="Product Designer",
    description="""Contoso is looking for a Product Designer to shape our retail banking app.
You have Figma, user research and design systems experience, prototyping and usability testing,
strong UX and visual design, and you work in agile teams with product management.""",
    good="""Product designer, 6 years in fintech apps. Figma expert; built and maintained our
design system; ran user interviews and usability testing; interaction design and visual design;
rapid prototyping; worked in Scrum teams next to product managers on the roadmap.""",
    partial="""Graphic designer: brand identities, print, Sketch and Photoshop, some UI design
for websites.""",
    poor="""Accountant: bookkeeping, IFRS reporting, financial modelling in Excel.""",
)

PLATFORM = Posting(
    position="Platform Engineer (Kubernetes)",
    description="""Helix Health runs clinical software for 300 hospitals. Requirements:
Kubernetes and Terraform in production, Helm, Go or Python, Linux and networking, on-call
experience, observability with OpenTelemetry and Prometheus, security in mind.""",
    good="""SRE / platform engineer: operated 40 k8s clusters, Terraform and Helm for everything,
tooling in Golang and Python, Linux internals, DNS and TCP/IP debugging, incident response lead,
Prometheus + OpenTelemetry rollout, OWASP reviews.""",
    partial="""Backend developer in Java and Spring Boot; Docker, some Kubernetes deployments,
Linux servers, Jenkins pipelines.""",
    poor="""Sales executive: exceeded quota 5 years in a row, Salesforce CRM, campaigns with
marketing, negotiation.""",
)

POSTINGS = {"backend": BACKEND, "data": DATA, "design": DESIGN, "platform": PLATFORM}

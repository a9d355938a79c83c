"""The schema registry: each subgraph's SDL and the event contracts (AsyncAPI) exported from
code into `schema/`, the check CI runs on them (drift, composition, breaking changes of the API
and of the events, client operations, publication, the history of publications), and the
published schema (`schema/published/`) that breaking changes are measured from.

python -m scripts.schema export                 # schema/<subgraph>.graphql, schema/asyncapi.yaml
python -m scripts.schema check                  # every check, one report; exit 1 on a failure
python -m scripts.schema check --base REF       # breaking changes since a git ref instead
python -m scripts.schema check --merge-base     # ... since the merge base with origin/main
python -m scripts.schema publish                # if the check passes (publication aside),
                                                # write schema/published/
"""

from scripts.schema.sdl import drift, export, exported_sdl

__all__ = ["drift", "export", "exported_sdl"]

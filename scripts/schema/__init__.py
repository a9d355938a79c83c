"""The schema registry: each subgraph's SDL exported from code into `schema/`, and the check
CI runs on it (drift, composition, breaking changes, client operations).

python -m scripts.schema export              # write schema/<subgraph>.graphql from code
python -m scripts.schema check [--base REF]  # every check, one report; exit 1 on a failure
"""

from scripts.schema.sdl import drift, export, exported_sdl

__all__ = ["drift", "export", "exported_sdl"]

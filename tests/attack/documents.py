"""Abusive GraphQL documents, as the issue's attacker sent them (shared by tests and the attack)."""


def deep_selection(levels: int) -> str:
    """A selection `levels` fields deep: me → interestedIn → edges → node → interestedIn ..."""
    opened = [("interestedIn", "edges", "node")[n % 3] for n in range(levels - 2)]
    leaf = ("id", "totalCount", "cursor")[len(opened) % 3]  # a field of the innermost type
    return (
        "{ me { "
        + " ".join(f"{name} {{" for name in opened)
        + f" {leaf} "
        + "}" * len(opened)
        + " } }"
    )


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{n}: me {{ id }}" for n in range(count)) + " }"


def typename_aliases(count: int) -> str:
    return "{ " + " ".join(f"t{n}: __typename" for n in range(count)) + " }"


def nested_applications(levels: int, first: int) -> str:
    """me → applications(first) → owner → applications(first) ..., `levels` times (243 bytes at 5)."""
    inner = "id"
    for _ in range(levels):
        inner = f"applications(first: {first}) {{ edges {{ node {{ owner {{ {inner} }} }} }} }}"
    return "{ me { " + inner + " } }"


def fragment_bomb(doublings: int) -> str:
    """Each fragment spreads the next twice: 2^doublings spreads of `id` from a few hundred bytes."""
    fragments = "".join(
        f"fragment F{n} on User {{ ...F{n + 1} ...F{n + 1} }}\n" for n in range(doublings)
    )
    return f"query {{ me {{ ...F0 }} }}\n{fragments}fragment F{doublings} on User {{ id }}\n"

"""What makes a password acceptable where one is set (sign-up): at least PASSWORD_MIN_LENGTH
characters (`models.Password`), and not easy to guess by zxcvbn's estimate (Dropbox's strength
estimator: common passwords, dictionary words, names, keyboard patterns, repeats, dates, and
the account's own e-mail and name), with zxcvbn's reason in the error."""

import asyncio
from collections.abc import Sequence

from zxcvbn import zxcvbn

from subgraphs.kit import bad_input

# zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses and more).
MIN_SCORE = 3
# zxcvbn's own bound (its matching grows fast with length); characters past it only add strength.
SCORED_LENGTH = 72


def weakness(password: str, related: Sequence[str] = ()) -> str | None:
    """Why `password` is too easy to guess, or None when it is not."""
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=[text[:100] for text in related])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    reasons = [feedback["warning"], *feedback["suggestions"]]
    return " ".join(["This password is too easy to guess.", *(r for r in reasons if r)])


async def require_strong(password: str, *, email: str, full_name: str) -> None:
    """BAD_USER_INPUT on `password` saying why, when it is weak. (zxcvbn takes up to a tenth of
    a second of pure Python on a long password: on a worker thread, like hashing.)"""
    related = [email, email.partition("@")[0], full_name, *full_name.split()]
    problem = await asyncio.to_thread(weakness, password, related)
    if problem is not None:
        raise bad_input("password", f"password: {problem}")

"""Size guards: refuse an enumeration up front when its predicted output is too large.

The limit in force is, in order: the ``limit=`` argument, the environment
variable (``EXACTRELU_LIMIT``, or ``EXACTRELU_POSITION_LIMIT`` for the subset
scans of :mod:`exactrelu.geometry.position`), the module default.  The error says the
predicted size and how to raise the limit.
"""

import os

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.parse import exact_integer

__all__ = ["DEFAULT_LIMIT", "guard", "guard_power", "resolve"]

DEFAULT_LIMIT = 10**6


def resolve(limit: int | None = None, env: str = "EXACTRELU_LIMIT", default: int = DEFAULT_LIMIT) -> int:
    """The limit in force, validated: a non-negative integer."""
    if limit is None:
        text = os.environ.get(env)
        if not text:
            return default
        try:
            limit = int(text)
        except ValueError:
            raise InvalidDataError(f"environment variable {env}={text!r} is not an integer") from None
    return exact_integer(limit, name="limit", minimum=0)


def guard(
    what: str,
    predicted: int,
    limit: int | None = None,
    env: str = "EXACTRELU_LIMIT",
    default: int = DEFAULT_LIMIT,
) -> int:
    """Raise :class:`SizeLimitError` if ``predicted`` exceeds the limit; return the limit."""
    limit = resolve(limit, env, default)
    if predicted > limit:
        raise SizeLimitError(what, predicted, limit, env=env)
    return limit


def guard_power(what: str, base: int, m: int, limit: int | None = None) -> int:
    """Guard for base**m objects without computing a huge power: stop once past the limit."""
    limit = resolve(limit)
    total = 1
    for k in range(m):
        total *= base
        if total > limit:
            if k + 1 < m:
                raise SizeLimitError(what, f"{base}^{m}", limit)
            raise SizeLimitError(what, total, limit)
    return total

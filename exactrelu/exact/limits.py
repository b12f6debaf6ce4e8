"""Size guards: refuse an enumeration up front when its predicted output is too large,
and refuse an input that is too large to read before reading it.

Output guards
-------------
The limit in force is, in order: the ``limit=`` argument, the environment
variable (``EXACTRELU_LIMIT``, or ``EXACTRELU_POSITION_LIMIT`` for the subset
scans of :mod:`exactrelu.geometry.position`), the module default.  The error says the
predicted size and how to raise the limit.

Input guard
-----------
Every reader of :mod:`exactrelu.exact.parse` (the Python API, CSV, JSON, NPY files and
standard input alike) checks the input against :class:`InputLimits` *before* any
work: the bytes read (a file or a stream is read at most ``max_bytes + 1`` bytes,
so ``/dev/zero`` or an endless pipe is refused at once), the number of points, the
coordinates per point, the digits of each number (numerator and denominator,
or the significand of a decimal) and the size of a decimal exponent.  A number is
checked on its text (or its bit length) before it is built, so ``1e1000000000`` is
never expanded.  The limits in force are, in order: the :func:`input_limits`
context, the environment variables ``EXACTRELU_MAX_BYTES``, ``EXACTRELU_MAX_POINTS``,
``EXACTRELU_MAX_DIMENSION``, ``EXACTRELU_MAX_DIGITS``, ``EXACTRELU_MAX_EXPONENT``, the
defaults below.  The error (:class:`InputLimitError`) names the limit and how to raise it.

>>> current_input_limits().max_digits
10000
>>> with input_limits(max_digits=20_000):
...     current_input_limits().max_digits
20000
"""

import contextlib
import contextvars
import dataclasses
import os
from collections.abc import Iterator

from exactrelu.exact.errors import InvalidDataError, SizeLimitError

__all__ = [
    "DEFAULT_LIMIT",
    "InputLimitError",
    "InputLimits",
    "cdd_work",
    "check_input",
    "current_input_limits",
    "duration_text",
    "guard",
    "guard_power",
    "guard_size",
    "input_limits",
    "resolve",
]

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
    from exactrelu.exact.parse import exact_integer  # parse imports this module

    return exact_integer(limit, name="limit", minimum=0)


def guard(
    what: str,
    predicted: int,
    limit: int | None = None,
    env: str = "EXACTRELU_LIMIT",
    default: int = DEFAULT_LIMIT,
) -> int:
    """Raise :class:`SizeLimitError` if ``predicted`` exceeds the limit; return the limit."""
    return guard_size(what, predicted, limit, env=env, default=default)


def guard_size(
    what: str,
    predicted: int | str,
    limit: int | None = None,
    *,
    flag: str = "--limit",
    env: str = "EXACTRELU_LIMIT",
    default: int = DEFAULT_LIMIT,
    keyword: str = "limit",
    cost: str | None = None,
    verb: str = "enumerate",
) -> int:
    """The one size guard of exactrelu: refuse up front when a prediction exceeds the limit.

    Every command and every enumeration calls it *before* the work, with the predicted
    number of output objects (or of cost units, for a computation whose output is small
    but whose cost is not, such as the cdd cross-check).  The limit in force is ``limit``,
    else the environment variable ``env``, else ``default``; the error names the
    prediction, the limit and every way to raise it (the Python keyword, the CLI ``flag``
    and ``env``), so that two refusals of one command never name different limits.

    Parameters
    ----------
    what : str
        What would be enumerated or computed, plural (``"chambers"``).
    predicted : int or str
        The prediction, or a formula such as ``"22^1000"`` (always over the limit).
    limit : int, optional
        The limit (from ``--limit`` or the ``limit=`` keyword).
    flag, env, keyword : str
        How to raise the limit: CLI flag, environment variable, Python keyword.
    default : int
        The limit when neither ``limit`` nor ``env`` gives one.
    cost : str, optional
        The predicted cost in words (``"about 12 min"``), shown in the message.
    verb : str
        ``"enumerate"`` (default) or, e.g., ``"run"`` for a computation.

    Returns
    -------
    int
        The limit in force.

    Raises
    ------
    SizeLimitError
        ``predicted`` exceeds the limit (a formula always does).
    InvalidDataError
        The environment variable is not a non-negative integer.

    Examples
    --------
    >>> guard_size("chambers", 14, 100)
    100
    >>> guard_size("chambers", 1_000, 100)
    Traceback (most recent call last):
    ...
    exactrelu.exact.errors.SizeLimitError: refusing to enumerate 1,000 chambers: the limit is 100. ...
    """
    value = resolve(limit, env, default)
    if isinstance(predicted, str) or predicted > value:
        raise SizeLimitError(what, predicted, value, env, flag=flag, keyword=keyword, cost=cost, verb=verb)
    return value


#: Measured seconds per unit of :func:`cdd_work` (pycddlib 3, GMP, on a 2-core machine; the
#: benchmark ``benchmarks/cdd_cost.py`` measures 1e-5 to 3e-5 for zonotopes in R^2..R^5).
CDD_SECONDS_PER_UNIT = 3e-5


def cdd_work(n_vertices: int, n_facets: int, dimension: int) -> int:
    """Predicted work of the exact double description cross-check (cdd): V·(V + F)·D.

    cdd removes redundant points (one LP over the V points for each point) and converts
    the F inequalities back to vertices, so its cost grows like V·(V + F) row operations
    of length D; the measured time is about :data:`CDD_SECONDS_PER_UNIT` seconds per unit.

    >>> cdd_work(8180, 8120, 4)  # 30 random points in R^3, with a bias
    533336000
    """
    return n_vertices * (n_vertices + n_facets) * max(dimension, 1)


def duration_text(seconds: float) -> str:
    """A predicted duration in words: ``'about 40 s'``, ``'about 12 min'``, ``'about 3.1 h'``.

    >>> duration_text(0.2), duration_text(5), duration_text(700), duration_text(16_000)
    ('under 1 s', 'about 5 s', 'about 12 min', 'about 4.4 h')
    """
    if seconds < 1:
        return "under 1 s"
    if seconds < 90:
        return f"about {seconds:.0f} s"
    if seconds < 5400:
        return f"about {seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"about {seconds / 3600:.1f} h"
    return f"about {seconds / 86400:.0f} days"


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


# ----------------------------------------------------------------------------- input guard


class InputLimitError(InvalidDataError):
    """The input exceeds one of the :class:`InputLimits`; the message names the limit and how to raise it.

    Attributes
    ----------
    limit_name : str
        The field of :class:`InputLimits` (``"max_points"``, ...).
    limit : int
        Its value in force.
    """

    def __init__(self, message: str, limit_name: str, limit: int) -> None:
        self.limit_name, self.limit = limit_name, limit
        env = _ENV[limit_name]
        super().__init__(
            f"{message}: the input limit {limit_name} is {limit:,}. If the input is meant, raise it "
            f"with the environment variable {env}=N (CLI and Python) or, in Python, "
            f"`with exactrelu.exact.limits.input_limits({limit_name}=N): ...`"
        )


@dataclasses.dataclass(frozen=True)
class InputLimits:
    """Bounds on an input, checked before any work (see the module).

    Attributes
    ----------
    max_bytes : int
        Bytes of a data file or of standard input (default 32 MiB).
    max_points : int
        Rows of a data table (default 100,000).
    max_dimension : int
        Coordinates per row (default 10,000).
    max_digits : int
        Decimal digits of one number: of its numerator and of its denominator, or of the
        significand of a decimal such as ``1.25e-3`` (default 10,000; Python's own int/str
        limit of 4,300 digits does not apply, exactrelu converts long numbers itself).
    max_exponent : int
        Absolute value of a decimal exponent, ``1e-12`` has exponent 12 (default 10,000).
    """

    max_bytes: int = 32 * 2**20
    max_points: int = 100_000
    max_dimension: int = 10_000
    max_digits: int = 10_000
    max_exponent: int = 10_000


_ENV = {
    "max_bytes": "EXACTRELU_MAX_BYTES",
    "max_points": "EXACTRELU_MAX_POINTS",
    "max_dimension": "EXACTRELU_MAX_DIMENSION",
    "max_digits": "EXACTRELU_MAX_DIGITS",
    "max_exponent": "EXACTRELU_MAX_EXPONENT",
}

_LIMITS: contextvars.ContextVar[InputLimits | None] = contextvars.ContextVar("input_limits", default=None)


def _env_limit(field: str, default: int) -> int:
    text = os.environ.get(_ENV[field], "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 30:
        raise InvalidDataError(
            f"environment variable {_ENV[field]}={text[:40]!r} is not a non-negative integer"
        )
    return int(text)


def current_input_limits() -> InputLimits:
    """The :class:`InputLimits` in force: the :func:`input_limits` context, the environment, the defaults."""
    limits = _LIMITS.get()
    if limits is not None:
        return limits
    defaults = InputLimits()
    return InputLimits(**{f: _env_limit(f, getattr(defaults, f)) for f in _ENV})


@contextlib.contextmanager
def input_limits(**changes: int) -> Iterator[InputLimits]:
    """Within the ``with`` block, read input under the current limits with ``changes`` applied.

    >>> with input_limits(max_points=2):
    ...     check_input("points", 3, "data")
    Traceback (most recent call last):
    ...
    exactrelu.exact.limits.InputLimitError: data has 3 points: the input limit max_points is 2. ...
    """
    from exactrelu.exact.parse import exact_integer

    unknown = sorted(set(changes) - set(_ENV))
    if unknown:
        raise InvalidDataError(f"unknown input limit(s) {unknown}; the limits are {sorted(_ENV)}")
    values = {k: exact_integer(v, name=k, minimum=0) for k, v in changes.items()}
    token = _LIMITS.set(dataclasses.replace(current_input_limits(), **values))
    try:
        yield _LIMITS.get() or InputLimits()
    finally:
        _LIMITS.reset(token)


_MESSAGES = {
    "bytes": ("max_bytes", "{where} is larger than {limit:,} bytes"),
    "points": ("max_points", "{where} has {size} points"),
    "dimension": ("max_dimension", "{where} has {size} coordinates per point"),
    "digits": ("max_digits", "{where}: a number with {size} digits"),
    "exponent": ("max_exponent", "{where}: a number with decimal exponent {size}"),
}


def check_input(kind: str, size: int | str, where: str, limits: InputLimits | None = None) -> None:
    """Raise :class:`InputLimitError` if ``size`` exceeds the limit of ``kind``
    ('bytes', 'points', 'dimension', 'digits' or 'exponent'); ``where`` names the input.

    ``size`` may be a text such as ``"a 40-digit number"`` when it is too large to compute: it is then
    over the limit by definition.
    """
    field, message = _MESSAGES[kind]
    limit = getattr(limits or current_input_limits(), field)
    if isinstance(size, str) or size > limit:
        shown = size if isinstance(size, str) else f"{size:,}"
        raise InputLimitError(message.format(where=where, size=shown, limit=limit), field, limit)

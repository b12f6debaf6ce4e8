"""Exceptions of exactrelu.

Every error the library raises on purpose is a subclass of :class:`ExactReluError`,
so that a script can catch one class.  Messages say what is wrong with the input
and, where there is one, how to fix it.
"""

__all__ = [
    "CertificateError",
    "ClusterError",
    "ConjectureError",
    "DegenerateInputError",
    "ExactReluError",
    "InexactInputError",
    "InvalidDataError",
    "MissingDependencyError",
    "SizeLimitError",
    "SolverError",
    "StoreError",
]


class ExactReluError(Exception):
    """Base class of all errors raised by exactrelu."""


class InvalidDataError(ExactReluError, ValueError):
    """The input is not a finite, non-empty, rectangular table of numbers."""


class InexactInputError(InvalidDataError):
    """A float was given where ``strict=True`` asks for exact numbers only."""


class DegenerateInputError(ExactReluError, ValueError):
    """The input is well formed but meaningless for the requested object
    (for example a zero normal vector, which defines no hyperplane)."""


class SizeLimitError(ExactReluError):
    """The predicted output (or cost) exceeds the configured limit.

    The message gives the prediction, the limit in force and every way to raise it: the
    Python keyword, the command-line flag and the environment variable.

    Attributes
    ----------
    predicted : int or str
        Predicted number of output objects (chambers, faces, edges, ...) or cost units, or
        a formula such as ``"22^1000"`` when the number is too large to compute.
    limit : int
        The limit in force.
    what : str
        What would have been enumerated (or computed).
    flag : str
        The command-line flag that raises the limit (``"--limit"``).
    env : str
        The environment variable that raises it (``"EXACTRELU_LIMIT"``).
    cost : str or None
        A prediction of the cost in words (time, memory), if there is one.
    """

    def __init__(
        self,
        what: str,
        predicted: int | str,
        limit: int,
        env: str = "EXACTRELU_LIMIT",
        *,
        flag: str = "--limit",
        keyword: str = "limit",
        cost: str | None = None,
        verb: str = "enumerate",
    ) -> None:
        self.what, self.predicted, self.limit = what, predicted, limit
        self.flag, self.env, self.cost = flag, env, cost
        raise_to: int | str
        if isinstance(predicted, int):
            size, raise_to = f"{predicted:,}", predicted
        else:  # a formula such as "22^300000", too large to write out
            size, raise_to = str(predicted), "a larger value"
        extra = f" ({cost})" if cost else ""
        ways = [f"{keyword}={raise_to} (Python)"] if keyword else []
        if flag:
            ways.append(f"{flag} {raise_to} (CLI)")
        ways.append(f"the environment variable {env}={raise_to}")
        super().__init__(
            f"refusing to {verb} {size} {what}{extra}: the limit is {limit:,}. "
            f"Raise it with {', '.join(ways[:-1])} or {ways[-1]}."
            if len(ways) > 1
            else f"refusing to {verb} {size} {what}{extra}: the limit is {limit:,}. Raise it with {ways[0]}."
        )


class CertificateError(ExactReluError):
    """A certificate failed its independent check (this signals a bug)."""


class SolverError(ExactReluError):
    """An LP solver failed in a way that exact fallbacks could not repair."""


class ConjectureError(InvalidDataError):
    """A conjecture cannot be loaded or called: a missing file or function, or a wrong signature."""


class ClusterError(ExactReluError):
    """The Dask cluster of a hunt or campaign cannot be started or reached."""


class StoreError(ExactReluError):
    """A campaign store is corrupt, not a store, or written by an incompatible version."""


class MissingDependencyError(ExactReluError, ImportError):
    """An optional dependency (matplotlib, pandas, SageMath) is missing; the message says how to get it."""

"""Framework for executable checks of the papers' statements.

A *check* tests one mathematical statement on one instance (usually a data set)
and returns one of three results, each serialisable with ``.to_dict()``:

* :class:`Verified` — the hypotheses hold on the instance and the conclusion was
  verified; ``certificate`` says how (counts, verified witnesses, ...).
* :class:`Counterexample` — the conclusion fails on the instance.
  ``details["hypotheses_hold"]`` tells the two cases apart: ``False`` means a
  hypothesis of the statement was dropped on this instance and the failure shows
  that it is needed (the expected outcome of a negative control); ``True`` would
  refute the statement as implemented (a bug here or in the paper).
* :class:`NotApplicable` — the check cannot decide (a hypothesis fails but the
  conclusion happens to hold, the instance is too large, ...).

Checks are registered with :func:`register` and run with :func:`run_check` /
:func:`run_all`; :func:`list_checks` lists them.  An instance is a data table, or a
dict ``{"X": table, **options}`` whose options are passed to the check.

Examples
--------
>>> import proofs_checks
>>> proofs_checks.list_checks()[:2]
['prop6', 'prop7']
>>> proofs_checks.run_check("prop6").status
'verified'
>>> proofs_checks.run_check("prop6", [[0, 0], [1, 1], [2, 2], [0, 1]]).status
'counterexample'
"""

import inspect
import time
from dataclasses import dataclass, field

from exactrelu.exact.errors import ExactReluError, InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import dumps, to_jsonable

__all__ = [
    "CheckInfo",
    "Counterexample",
    "NotApplicable",
    "UnknownCheckError",
    "Verified",
    "check_infos",
    "get_check",
    "list_checks",
    "register",
    "run_all",
    "run_check",
]


@dataclass
class _Result:
    def to_dict(self):
        """JSON-serialisable dict (with ``status``)."""
        out = {"status": self.status}
        for k, v in self.__dict__.items():
            out[k] = to_jsonable(v)
        out["summary"] = self.summary
        return out

    def to_json(self, **kw):
        """The result as JSON text (keyword arguments go to :func:`json.dumps`)."""
        return dumps(self, **kw)

    @property
    def ok(self):
        """True only for :class:`Verified`."""
        return self.status == "verified"


@dataclass
class Verified(_Result):
    """The statement holds on the instance; ``certificate`` records the evidence."""

    statement: str
    certificate: dict
    details: dict = field(default_factory=dict)
    check: str | None = None
    status = "verified"

    @property
    def summary(self):
        """One line for tables."""
        c = self.certificate
        keys = [
            k for k in ("enumerated", "closed_form", "zaslavsky", "patterns_checked", "vertices") if k in c
        ]
        return "verified: " + ", ".join(f"{k} {c[k]}" for k in keys) if keys else "verified"


@dataclass
class Counterexample(_Result):
    """The conclusion fails on ``instance``; ``explanation`` says why (and which hypothesis was dropped)."""

    statement: str
    instance: object
    explanation: str
    details: dict = field(default_factory=dict)
    check: str | None = None
    status = "counterexample"

    @property
    def summary(self):
        """One line for tables."""
        return self.explanation

    @property
    def hypotheses_hold(self):
        """Whether every hypothesis held (True = the statement itself is refuted)."""
        return bool(self.details.get("hypotheses_hold", False))


@dataclass
class NotApplicable(_Result):
    """The check does not apply to (or cannot decide on) the instance."""

    statement: str
    reason: str
    details: dict = field(default_factory=dict)
    check: str | None = None
    status = "not_applicable"

    @property
    def summary(self):
        """One line for tables."""
        return self.reason


class UnknownCheckError(ExactReluError, KeyError):
    """No check is registered under this name."""


@dataclass(frozen=True)
class CheckInfo:
    """A registered check.

    Attributes
    ----------
    name, statement, source : str
        Short name, the statement in words, and where it is from (paper, result).
    func : callable
        ``func(X, **options) -> Verified | Counterexample | NotApplicable``.
    default : callable
        Returns the default instance (a positive example).
    negative : callable or None
        Returns an instance on which a hypothesis is dropped and the check must
        return a :class:`Counterexample` (negative control).
    hypotheses : tuple of str
    """

    name: str
    statement: str
    source: str
    func: object
    default: object
    negative: object = None
    hypotheses: tuple = ()

    def to_dict(self):
        return {
            "name": self.name,
            "statement": self.statement,
            "source": self.source,
            "hypotheses": list(self.hypotheses),
            "has_negative_control": self.negative is not None,
        }


_REGISTRY: dict[str, CheckInfo] = {}


def register(name, statement, source, *, default, negative=None, hypotheses=()):
    """Decorator registering a check function under ``name``.

    Parameters
    ----------
    name : str
    statement : str
        The statement checked, in words.
    source : str
        Paper and result number.
    default : callable
        No-argument function returning the default instance.
    negative : callable, optional
        No-argument function returning a negative-control instance.
    hypotheses : tuple of str
        The hypotheses of the statement, in words.
    """

    def deco(func):
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"a check named {name!r} is already registered")
        _REGISTRY[name] = CheckInfo(name, statement, source, func, default, negative, tuple(hypotheses))
        func.check_info = _REGISTRY[name]
        return func

    return deco


def get_check(name):
    """The :class:`CheckInfo` registered under ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownCheckError(f"no check named {name!r}; available: {', '.join(_REGISTRY)}") from None


def list_checks():
    """Names of all registered checks, in registration order."""
    return list(_REGISTRY)


def check_infos():
    """The :class:`CheckInfo` of every registered check, in registration order."""
    return list(_REGISTRY.values())


def _split_instance(instance):
    if isinstance(instance, dict) and "X" in instance:
        opts = {k: v for k, v in instance.items() if k != "X"}
        return instance["X"], opts
    return instance, {}


def run_check(name, instance=None, *, negative=False, **kw):
    """Run one check.

    Parameters
    ----------
    name : str
        A registered check (see :func:`list_checks`).
    instance : data table or dict, optional
        The instance; a dict ``{"X": ..., option: value}`` carries options.
        Default: the check's default instance (or its negative control if
        ``negative=True``).
    **kw
        Options for the check (override those in ``instance``).

    Returns
    -------
    Verified, Counterexample or NotApplicable
        With ``check`` set to ``name`` and ``details["seconds"]`` the run time.
        A :class:`~exactrelu.exact.errors.SizeLimitError` becomes a NotApplicable.
    """
    info = get_check(name)
    if instance is None:
        if negative:
            if info.negative is None:
                raise UnknownCheckError(f"check {name!r} has no negative control")
            instance = info.negative()
        else:
            instance = info.default()
    X, opts = _split_instance(instance)
    opts.update(kw)
    accepted = inspect.signature(info.func).parameters
    unknown = sorted(k for k in opts if k not in accepted)
    if unknown and not any(p.kind is p.VAR_KEYWORD for p in accepted.values()):
        raise InvalidDataError(
            f"check {name!r} has no option(s) {', '.join(unknown)}; "
            f"it accepts {', '.join(k for k in accepted if k != next(iter(accepted)))}"
        )
    t0 = time.perf_counter()
    try:
        result = info.func(X, **opts)
    except SizeLimitError as exc:
        result = NotApplicable(
            info.statement, f"instance too large: {exc}", {"predicted": exc.predicted, "limit": exc.limit}
        )
    result.check = name
    result.details.setdefault("seconds", round(time.perf_counter() - t0, 4))
    return result


def run_all(instance=None, *, negative=False, names=None, **kw):
    """Run every registered check (or those in ``names``).

    With ``instance=None`` each check runs on its own default instance (or its
    negative control with ``negative=True``; checks without one are skipped).

    Returns
    -------
    dict
        name -> result, in registration order.
    """
    out = {}
    for info in check_infos():
        if names is not None and info.name not in names:
            continue
        if instance is None and negative and info.negative is None:
            continue
        out[info.name] = run_check(info.name, instance, negative=negative, **kw)
    return out

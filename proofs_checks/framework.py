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

Every check also has a *natural family*: a hypothesis strategy of instances that
satisfy its hypotheses, on which it must always verify, and a *negative family* in
which one named hypothesis (``CheckInfo.dropped``) is dropped, on which
:func:`run_family` must find the counterexample the paper predicts (with
:func:`exactrelu.hunt.hunt`: searched, shrunk and re-checked).  Where no hypothesis
can be dropped, the docstring says so and a *mutation control* (a deliberately
wrong threshold or bound, ``CheckInfo.mutation``) is kept as a separate, labelled kind.

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
from math import comb

from exactrelu.exact import limits
from exactrelu.exact.errors import ExactReluError, InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import dumps, to_jsonable

__all__ = [
    "CheckConjecture",
    "CheckInfo",
    "Counterexample",
    "FamilyRun",
    "NotApplicable",
    "UnknownCheckError",
    "Verified",
    "check_infos",
    "get_check",
    "list_checks",
    "on_user_data",
    "register",
    "run_all",
    "run_check",
    "run_family",
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


def on_user_data(result):
    """The verdict of a check on the user's data: a failed hypothesis makes it not applicable.

    On the user's own data a :class:`Counterexample` whose ``hypotheses_hold`` is False does
    not refute anything: the statement is not about these data.  It becomes a
    :class:`NotApplicable` whose reason names the failed hypothesis (``details`` keep
    ``hypotheses_hold`` False and ``conclusion_fails`` True); every other result is returned
    as it is.  (Negative controls, where such a counterexample is the expected outcome, keep it.)

    >>> r = on_user_data(Counterexample("S", [[0]], "general position fails", {"hypotheses_hold": False}))
    >>> r.status, r.summary
    ('not_applicable', 'hypothesis fails on these data: general position fails')
    """
    if not isinstance(result, Counterexample) or result.hypotheses_hold:
        return result
    details = {**result.details, "hypotheses_hold": False, "conclusion_fails": True}
    na = NotApplicable(result.statement, f"hypothesis fails on these data: {result.explanation}", details)
    na.check = result.check
    return na


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
    family : callable or None
        Returns a hypothesis strategy of instances satisfying every hypothesis.
    negative_family : callable or None
        Returns a strategy of instances with the hypothesis ``dropped`` dropped.
    dropped : str or None
        The hypothesis the negative control and the negative family drop.
    mutation : callable or None
        Returns the instance of a mutation control (a deliberately wrong
        threshold, formula or bound, not a dropped hypothesis).
    """

    name: str
    statement: str
    source: str
    func: object
    default: object
    negative: object = None
    hypotheses: tuple = ()
    family: object = None
    negative_family: object = None
    dropped: str | None = None
    mutation: object = None

    def to_dict(self):
        return {
            "name": self.name,
            "statement": self.statement,
            "source": self.source,
            "hypotheses": list(self.hypotheses),
            "has_negative_control": self.negative is not None,
            "has_family": self.family is not None,
            "has_negative_family": self.negative_family is not None,
            "dropped": self.dropped,
            "has_mutation_control": self.mutation is not None,
        }


_REGISTRY: dict[str, CheckInfo] = {}


def register(
    name,
    statement,
    source,
    *,
    default,
    negative=None,
    hypotheses=(),
    family=None,
    negative_family=None,
    dropped=None,
    mutation=None,
):
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
    family, negative_family : callable, optional
        No-argument functions returning hypothesis strategies of instances: the
        natural family, and the family with the hypothesis ``dropped`` dropped.
    dropped : str, optional
        The hypothesis that ``negative`` and ``negative_family`` drop.
    mutation : callable, optional
        No-argument function returning a mutation-control instance (labelled as such).
    """

    def deco(func):
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"a check named {name!r} is already registered")
        _REGISTRY[name] = CheckInfo(
            name,
            statement,
            source,
            func,
            default,
            negative,
            tuple(hypotheses),
            family,
            negative_family,
            dropped,
            mutation,
        )
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


# ----------------------------------------------------------------------------- predicted cost


def _chambers(n, d, bias=True):
    """Cover/Schläfli bound on the chambers of n points in R^d: 2 Σ_{k<r} C(n-1, k), r = d + bias."""
    r = d + (1 if bias else 0)
    return 2 * sum(comb(n - 1, k) for k in range(r)) if n else 1


#: Seconds of one work unit of :func:`predict_cost` (and of ``--limit`` for ``check --data``).
UNIT_SECONDS = 1e-4

#: The bases of the cost models: ``c`` (chambers with a bias, the Matena & Raffel 2022 and
#: Karhadkar et al. 2023 checks), ``c0`` (chambers without a bias, the Wang, Lacotte & Pilanci
#: 2022 checks: their patterns), ``2^n`` (a scan of the subsets or 0/1 patterns of the points) and
#: ``mset`` (the multisets of N + 1 chambers, C(c + N, N + 1)).
_BASES = {
    "c": lambda n, d: _chambers(n, d, True),
    "c0": lambda n, d: _chambers(n, d, False),
    "2^n": lambda n, d: 2 ** min(n, 200),
    "mset": lambda n, d: comb(_chambers(n, d, True) + min(n, 200), min(n, 200) + 1),
}

#: Cost model of each check: seconds ≈ constant + k · base^p, fitted on random integer data in
#: R^3 (N = 6..25, one core of a loaded 2-core machine) by ``benchmarks/check_scaling.py``;
#: zaslavsky, duality, alg1 and cvx_lemma1 re-measured on 25 points in R^3 (4568 chambers) on an
#: idle core (``benchmarks/check_costs.py``: zaslavsky 10.3 s, duality 12.0 s, where the first fit
#: predicted 2 and 6 min) and kept about 1.5x above the measurement, so still conservative.
#: Checks not listed are cheap on any data (or decline data they are not about): 1e-4 · c.
COST_MODELS = {
    "prop6": ("c", 1.0, 8e-4, 0.0),
    "lemma9": ("c", 1.1, 5e-4, 0.0),
    "duality": ("c", 1.6, 2.5e-5, 0.0),
    "zaslavsky": ("c", 1.6, 2e-5, 0.0),
    "thm41": ("c", 1.0, 7.5e-4, 0.0),
    "prop13": ("2^n", 1.0, 0.014, 0.0),
    "alg1": ("c", 1.3, 4.4e-3, 0.0),
    "cvx_pc_equals_p": ("c0", 1.5, 1.1e-3, 1.0),
    "cvx_lemma1": ("c0", 2.0, 8.2e-4, 1.0),
    "cvx_lemma2": ("c0", 1.5, 2.7e-3, 1.0),
    "cvx_thm1": ("c0", 1.5, 2.3e-3, 8.0),
    "cvx_prop5": ("c0", 1.5, 9e-4, 1.0),
    "cvx_thm3": ("c0", 1.5, 1e-3, 10.0),
    "cvx_prop7": ("c0", 2.0, 1.2e-3, 1.0),
    # p_m for m ≤ N + 1 scans the multisets of N + 1 chambers: measured 0.84 s (4 points in R^2),
    # 24.5 s (5 points); the earlier 0.25 · 2^N predicted 16 s for 6 points, which ran over 10 min
    "mr_random_features": ("mset", 1.0, 1.2e-4, 0.0),
}
_DEFAULT_MODEL = ("c", 1.0, 1e-4, 0.0)


def predict_cost(name, X):
    """Predicted work of check ``name`` on the data ``X`` (rows of numbers): ``(units, description)``.

    The model of the check (:data:`COST_MODELS`: seconds ≈ constant + k · base^p, with base
    the bound on the chambers of the data, with or without a bias, or 2^N) predicts from the
    number N of points and their dimension d only, before any work.  One unit is
    :data:`UNIT_SECONDS` seconds; :func:`run_check` skips a check whose prediction exceeds
    ``cost_limit`` (``check --data ... --limit N``).

    >>> predict_cost("zaslavsky", [[0, 0], [1, 0], [0, 1]])
    (5, 'k·chambers^1.6, under 1 s')
    """
    try:
        n = len(X)
        d = len(X[0]) if n else 0
        d = int(d)
    except (TypeError, ValueError, KeyError, IndexError):  # not a table: the options set the work
        return 0, "options only"
    base, p, k, const = COST_MODELS.get(name, _DEFAULT_MODEL)
    b = _BASES[base](n, d)
    try:
        seconds = min(const + k * float(b) ** p, 10**30 * UNIT_SECONDS)
    except OverflowError:  # a base beyond float range (multisets of many chambers)
        seconds = 10**30 * UNIT_SECONDS
    label = {
        "c": "chambers",
        "c0": "chambers without bias",
        "2^n": "2^points",
        "mset": "multisets of N+1 chambers",
    }[base]
    power = "" if p == 1 else f"^{p:g}"
    units = int(min(seconds / UNIT_SECONDS, 10**30))
    when = limits.duration_text(seconds) if seconds < 3e9 else "more than a century"
    return units, f"k·{label}{power}, {when}"


def run_check(name, instance=None, *, negative=False, mutation=False, cost_limit=None, **kw):
    """Run one check.

    Parameters
    ----------
    name : str
        A registered check (see :func:`list_checks`).
    instance : data table or dict, optional
        The instance; a dict ``{"X": ..., option: value}`` carries options.
        Default: the check's default instance (or its negative control if
        ``negative=True``, or its mutation control if ``mutation=True``).
    cost_limit : int, optional
        Skip the check up front (a NotApplicable whose reason gives the prediction and
        the flag ``--limit``) when the predicted work on ``instance``
        (:func:`predict_cost`) exceeds this limit; default: no prediction.
    **kw
        Options for the check (override those in ``instance``).

    Returns
    -------
    Verified, Counterexample or NotApplicable
        With ``check`` set to ``name`` and ``details["seconds"]`` the run time.
        A :class:`~exactrelu.exact.errors.SizeLimitError` becomes a NotApplicable.
    """
    info = get_check(name)
    if instance is None and mutation:
        if info.mutation is None:
            raise UnknownCheckError(f"check {name!r} has no mutation control")
        instance = info.mutation()
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
        if cost_limit is not None:
            units, what = predict_cost(name, X)
            try:
                limits.guard_size(
                    f"work units of {UNIT_SECONDS * 1000:g} ms for check {name} ({what})",
                    units,
                    cost_limit,
                    verb="run",
                    keyword="cost_limit",
                )
            except SizeLimitError as exc:
                result = NotApplicable(
                    info.statement,
                    f"skipped up front: predicted {what.rsplit(', ', 1)[-1]} (--limit {units} runs it; "
                    f"model {what.rsplit(', ', 1)[0]}). {exc}",
                    {"predicted": units, "limit": exc.limit, "skipped": True, "model": what},
                )
                result.check = name
                result.details.setdefault("seconds", round(time.perf_counter() - t0, 4))
                return result
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


class CheckConjecture:
    """A check as a conjecture for :func:`exactrelu.hunt.hunt`: its verdict on each instance.

    On the natural family a NotApplicable verdict is turned into a failure too (every
    instance of the family satisfies the hypotheses, so the check must verify).
    """

    def __init__(self, name, negative=False):
        self.name, self.negative = name, negative
        self.__name__ = f"check {name}" + (" (negative family)" if negative else "")

    def __call__(self, X=None, **options):
        result = run_check(self.name, {"X": X, **options})
        if not self.negative and result.status == "not_applicable":
            return Counterexample(
                result.statement, {"X": X, **options}, f"not applicable: {result.reason}", result.details
            )
        return result


@dataclass
class FamilyRun:
    """A check run over a family (:func:`run_family`).

    ``ok`` is True when the natural family verified on every instance, or when the
    negative family produced a counterexample in which a hypothesis fails
    (``hypotheses_hold`` False), as the paper predicts.
    """

    check: str
    negative: bool
    ok: bool
    hunt: object
    dropped: str | None = None

    @property
    def summary(self):
        """One line for tables."""
        h = self.hunt
        if self.negative:
            found = "counterexample found" if h.refuted else "no counterexample found"
            return f"{found} in {h.tried} instances (dropped: {self.dropped})"
        if h.error:
            return f"error {h.error['type']}: {h.error['message']}"[:200]
        if h.refuted:
            return f"FAILED on {dumps(h.counterexample, indent=None)[:120]}"
        return f"verified on {h.tried} instances"

    def to_dict(self):
        """JSON-ready dict (the hunt result under ``hunt``)."""
        return {
            "check": self.check,
            "negative": self.negative,
            "ok": self.ok,
            "dropped": self.dropped,
            "summary": self.summary,
            "hunt": self.hunt.to_dict(),
        }


def run_family(name, *, examples=20, seed=0, negative=False, workers=1, scheduler=None, progress=False):
    """Run a check over its natural family (or its negative family) with the hunter.

    Parameters
    ----------
    name : str
    examples, seed, workers, scheduler, progress
        As in :func:`exactrelu.hunt.hunt`.
    negative : bool
        Search the negative family (a hypothesis dropped) for a counterexample.

    Returns
    -------
    FamilyRun

    >>> run_family("prop6", examples=5, seed=0).ok
    True
    """
    from exactrelu.hunt import hunt

    info = get_check(name)
    family = info.negative_family if negative else info.family
    if family is None:
        what = "negative family" if negative else "family"
        raise UnknownCheckError(f"check {name!r} has no {what}")
    result = hunt(
        CheckConjecture(name, negative),
        family,
        examples=examples,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    if negative:
        ok = result.refuted and not (result.verdict or {}).get("details", {}).get("hypotheses_hold", False)
    else:
        ok = result.survived and result.not_applicable == 0
    return FamilyRun(name, negative, ok, result, info.dropped)

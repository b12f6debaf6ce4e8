"""Conjectures: plain Python functions of an instance, and what their answers mean.

A conjecture takes the fields of an instance as keyword arguments (``X``, and ``y``
or ``units`` where the family draws them; ``cover`` for set cover families) and
returns

* ``True`` or a :class:`~proofs_checks.Verified` verdict: it holds on the instance;
* ``False`` or a :class:`~proofs_checks.Counterexample` verdict: it fails;
* a :class:`~proofs_checks.NotApplicable` verdict: the instance does not count.

Anything else (or an exception) is an *error* of the conjecture, reported with the
instance that caused it, never mistaken for a refutation.

A verdict may carry a certificate ``{"kind": ..., ...}`` (in ``Verified.certificate``
or ``Counterexample.details["certificate"]``) that
:func:`exactrelu.exact.certificates.verify_certificate` re-checks.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from exactrelu.exact.certificates import verify_certificate
from exactrelu.exact.errors import ConjectureError
from exactrelu.exact.jsonio import to_jsonable

__all__ = ["FAILS", "HOLDS", "NOT_APPLICABLE", "FileConjecture", "Judgement", "judge", "load_conjecture"]

HOLDS, FAILS, NOT_APPLICABLE = "holds", "fails", "not_applicable"
_STATUS = {"verified": HOLDS, "counterexample": FAILS, "not_applicable": NOT_APPLICABLE}


@dataclass
class Judgement:
    """What one answer of a conjecture means.

    Attributes
    ----------
    outcome : str
        ``"holds"``, ``"fails"`` or ``"not_applicable"``.
    verdict : dict
        The answer as JSON-ready data (``{"value": bool}`` for a bool).
    certificates : list of dict
        The certificates ``{"kind": ...}`` the verdict carries.
    """

    outcome: str
    verdict: dict[str, Any]
    certificates: list[dict[str, Any]] = field(default_factory=list)

    def certificates_verified(self) -> bool | None:
        """Whether every carried certificate passes its independent verifier (None: none carried)."""
        if not self.certificates:
            return None
        return all(verify_certificate(c) for c in self.certificates)


def judge(value: Any) -> Judgement:
    """Interpret the answer of a conjecture (raises TypeError for anything but a bool or a verdict).

    >>> judge(True).outcome, judge(False).outcome
    ('holds', 'fails')
    """
    if isinstance(value, bool) or _is_numpy_bool(value):
        return Judgement(HOLDS if value else FAILS, {"value": bool(value)})
    status = getattr(value, "status", None)
    if status not in _STATUS or not hasattr(value, "to_dict"):
        raise TypeError(
            f"a conjecture must return a bool or a proofs_checks verdict, got {type(value).__name__}"
        )
    verdict = to_jsonable(value.to_dict())
    found = [getattr(value, "certificate", None), getattr(value, "details", {}).get("certificate")]
    certificates = [to_jsonable(c) for c in found if isinstance(c, dict) and "kind" in c]
    return Judgement(_STATUS[status], verdict, certificates)


def _is_numpy_bool(value: Any) -> bool:
    """numpy.bool_ (named ``bool`` in numpy 2), as returned by ``(array > 0).all()``."""
    import numpy as np

    return isinstance(value, np.bool_)


class FileConjecture:
    """A conjecture named ``FILE.py:FUNCTION``, loaded from the file's source.

    It pickles as its path, name and source text, so Dask workers on other machines
    run the same code without access to the file.
    """

    def __init__(self, path: str, name: str, source: str | None = None) -> None:
        self.path, self.name = path, name
        if source is None:
            try:
                with open(path, encoding="utf-8") as fh:
                    source = fh.read()
            except FileNotFoundError:
                raise ConjectureError(f"no conjecture file {path!r}") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise ConjectureError(f"cannot read the conjecture file {path!r}: {exc}") from None
        self.source = source
        self.func = self._load()

    def _load(self) -> Callable[..., Any]:
        # like `python FILE.py`: a module of its own in sys.modules (dataclasses, pickling by name
        # need it), with the file's folder on sys.path (for helper modules beside it, where they exist)
        name = (
            "exactrelu_conjecture_" + hashlib.sha256(f"{self.path}\0{self.source}".encode()).hexdigest()[:12]
        )
        module = types.ModuleType(name)
        module.__file__ = self.path
        sys.modules[name] = module
        folder = os.path.dirname(os.path.abspath(self.path))
        if os.path.isdir(folder) and folder not in sys.path:
            sys.path.append(folder)
        try:
            exec(compile(self.source, self.path, "exec"), module.__dict__)
        except (Exception, SystemExit) as exc:  # the user's module failed to import: say so, with its message
            del sys.modules[name]
            raise ConjectureError(
                f"cannot load {self.path!r}: {type(exc).__name__}: {exc}".rstrip(": ")
            ) from None
        func = getattr(module, self.name, None)
        if func is None:
            names = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_"))
            defined = ", ".join(names) or "nothing callable"
            raise ConjectureError(f"{self.path!r} has no function {self.name!r}; it defines: {defined}")
        if not callable(func):
            raise ConjectureError(f"{self.path}:{self.name} is not a function")
        return func  # type: ignore[no-any-return,unused-ignore]

    def __call__(self, **instance: Any) -> Any:
        return self.func(**instance)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FileConjecture, (self.path, self.name, self.source))

    def __repr__(self) -> str:
        return f"FileConjecture({self.path!r}, {self.name!r})"

    @property
    def __name__(self) -> str:  # so that results name the conjecture like a function
        return f"{os.path.basename(self.path)}:{self.name}"


def load_conjecture(spec: str) -> FileConjecture:
    """The conjecture ``FILE.py:FUNCTION`` (the form the ``hunt`` command takes).

    Raises :class:`~exactrelu.exact.errors.ConjectureError` for a malformed spec, a
    missing file or a missing function.
    """
    path, sep, name = str(spec).rpartition(":")
    if not sep or not path or not name.isidentifier():
        raise ConjectureError(f"a conjecture is given as FILE.py:FUNCTION, got {spec!r}")
    return FileConjecture(path, name)


def check_signature(conjecture: Callable[..., Any], fields: Sequence[str]) -> None:
    """Refuse a conjecture that cannot be called with the instance fields as keyword arguments."""
    func = getattr(conjecture, "func", conjecture)
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # builtins without a signature: let the call decide
        return
    try:
        sig.bind(**dict.fromkeys(fields))
    except TypeError as exc:
        name = getattr(conjecture, "__name__", repr(conjecture))
        raise ConjectureError(
            f"conjecture {name}{sig} cannot take the instance fields ({', '.join(fields)}) "
            f"as keyword arguments: {exc}"
        ) from None

"""The public API keeps its promises: typed (``py.typed`` tells the truth), documented, layered.

Every name in a module's ``__all__`` that is a function, and every public method of a public
class, has a docstring and annotations on all its parameters and its return value.
"""

import importlib
import inspect
import pkgutil

import pytest

import exactrelu

MODULES = sorted(m.name for m in pkgutil.walk_packages(exactrelu.__path__, "exactrelu."))


def _public_callables(module):
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # re-exported: checked where it is defined
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(value, (classmethod, staticmethod)):
                    value = value.__func__
                elif isinstance(value, property):
                    value = value.fget
                if inspect.isfunction(value):
                    yield f"{name}.{attr}", value


def _missing_annotations(func):
    sig = inspect.signature(func)
    missing = [
        p.name
        for p in sig.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if sig.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


@pytest.mark.parametrize("module_name", MODULES)
def test_public_functions_are_typed_and_documented(module_name):
    module = importlib.import_module(module_name)
    assert module.__doc__, f"{module_name} has no module docstring"
    problems = []
    for name, func in _public_callables(module):
        if func.__name__ == "__init__" or name.endswith(("to_dict", "__init__")):
            pass
        elif not func.__doc__:
            problems.append(f"{name}: no docstring")
        missing = _missing_annotations(func)
        if missing:
            problems.append(f"{name}: no annotation for {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_untyped_function():
    """Negative control: a function without annotations is reported."""

    def untyped(x, y=1):
        return x

    def typed(x: int, y: int = 1) -> int:
        return x

    assert _missing_annotations(untyped) == ["x", "y", "return"]
    assert _missing_annotations(typed) == []

"""Every statement check runs over a family; its negative side drops a hypothesis or is a mutation."""

import inspect
import pickle

import pytest

import proofs_checks
from proofs_checks import check_infos


@pytest.mark.parametrize("info", check_infos(), ids=lambda i: i.name)
def test_every_check_has_a_family_and_an_honest_negative_side(info):
    assert info.family is not None, f"{info.name}: no natural family"
    assert info.negative_family is not None or info.mutation is not None, f"{info.name}: no negative side"
    if info.negative_family is not None:
        assert info.dropped, f"{info.name}: the negative family must name the hypothesis it drops"
        assert info.negative is not None, f"{info.name}: a hand-picked negative control from the family"
    else:  # no hypothesis to drop: the docstring says so, and the mutation control is labelled
        doc = (inspect.getdoc(info.func) or "") + (inspect.getmodule(info.func).__doc__ or "")
        assert "mutation" in doc.lower(), f"{info.name}: say why only a mutation control exists"


@pytest.mark.parametrize("info", check_infos(), ids=lambda i: i.name)
def test_families_are_module_level_functions_that_pickle(info):
    """Dask ships the family to its workers by name."""
    for f in (info.family, info.negative_family):
        if f is not None:
            assert pickle.loads(pickle.dumps(f)) is f


def test_mutation_controls_fail_as_designed():
    for info in check_infos():
        if info.mutation is not None:
            r = proofs_checks.run_check(info.name, mutation=True)
            assert r.status == "counterexample", (info.name, r.summary)

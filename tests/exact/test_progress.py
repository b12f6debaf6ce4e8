"""The one progress helper: a no-op bar when disabled, a tqdm bar closed on exit otherwise."""

import pytest

from exactrelu.exact.progress import NullBar, progress_bar


def test_disabled_bar_does_nothing():
    with progress_bar(False, 3, "steps") as bar:
        assert isinstance(bar, NullBar)
        bar.update()
        bar.set_postfix(loss=1)
        bar.set_description("x")


def test_enabled_bar_is_tqdm_and_closed_even_on_error():
    tqdm = pytest.importorskip("tqdm").tqdm
    with pytest.raises(RuntimeError), progress_bar(True, 2, "steps") as bar:
        assert isinstance(bar, tqdm) and bar.total == 2
        raise RuntimeError("stop")
    assert bar not in tqdm._instances and bar.disable  # tqdm forgets and disables a closed bar

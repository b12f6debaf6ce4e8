"""to_networkx / to_frame / to_sage / short reprs, and the cdd cost guard (issue 17, item 3)."""

import json
import subprocess
from fractions import Fraction

import networkx as nx
import pytest

from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.geometry import interop, zonotope
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.interop import ArrangementInterop, MissingDependencyError
from exactrelu.geometry.zonotope import Zonotope
from exactrelu.network import ShallowReLU

X = [[0, 0], [1, 0], [0, 1], ["1/2", 3], [3, 5]]


def _writers(G, tmp_path):
    nx.write_graphml(G, tmp_path / "g.graphml")
    nx.write_gexf(G, tmp_path / "g.gexf")
    nx.write_gml(G, tmp_path / "g.gml")
    json.dumps(nx.node_link_data(G, edges="edges"))
    return nx.read_graphml(tmp_path / "g.graphml")


def test_zonotope_graph_goes_through_every_writer_with_exact_coordinates(tmp_path):
    Z = Zonotope.from_data(X)
    G = Z.to_networkx()
    back = _writers(G, tmp_path)
    verts = Z.vertices()
    assert back.number_of_nodes() == len(verts) and back.number_of_edges() == Z.n_edges()
    for a, v in verts.items():
        node = back.nodes[",".join(map(str, a))]
        assert node["pattern"] == "".join(map(str, a))
        assert tuple(Fraction(node[f"x{j}"]) for j in range(Z.dimension)) == tuple(map(Fraction, v))
        assert node["x0_float"] == pytest.approx(float(v[0]))
    some = next(iter(back.edges(data=True)))[2]
    assert isinstance(some["generators"], str)
    # graph() keeps tuple nodes (activation patterns); its attributes are writable too
    raw = Z.graph()
    assert all(isinstance(u, tuple) for u in raw.nodes)
    assert all(isinstance(d["generators"], str) for _, _, d in raw.edges(data=True))
    _writers(raw, tmp_path)


def test_zonotope_power_graph_is_writable(tmp_path):
    G = Zonotope.from_data([[0], [1]]).power(2).to_networkx()
    back = _writers(G, tmp_path)
    assert (
        back.number_of_nodes() == 16 and "0,0;1,1" in back and back.edges["0,0;0,0", "0,1;0,0"]["unit"] == 0
    )


def test_arrangement_interop(tmp_path):
    A = HyperplaneArrangement.from_data(X)
    G = ArrangementInterop.to_networkx(A)
    back = _writers(G, tmp_path)
    assert back.number_of_nodes() == A.n_regions()
    assert back.number_of_edges() == A.n_adjacent_pairs()
    c = A.chambers()[0]
    node = back.nodes[",".join("1" if s > 0 else "0" for s in c.signs)]
    assert tuple(int(node[f"x{j}"]) for j in range(A.dimension)) == tuple(c.witness)
    df = ArrangementInterop.to_frame(A)
    assert list(df.columns) == ["pattern", "signs", "witness"] and len(df) == A.n_regions()
    assert df.iloc[0]["witness"] == c.witness
    html = ArrangementInterop._repr_html_(A)
    assert "<table>" in html and "hyperplanes" in html
    assert len(ArrangementInterop._short_repr(A)) <= 120


@pytest.mark.skipif(
    not issubclass(HyperplaneArrangement, ArrangementInterop), reason="mixin not yet in arrangement.py"
)
def test_arrangement_has_the_mixin_methods():
    A = HyperplaneArrangement([[1, 0], [0, 1]])
    assert A.to_networkx().number_of_nodes() == 4 and len(A.to_frame()) == 4 and A._repr_html_()


def test_zonotope_to_frame_is_exact():
    Z = Zonotope.from_data([[0], ["1/2"]])
    df = Z.to_frame()
    assert list(df.columns) == ["pattern", "x0", "x1"]
    assert df.set_index("pattern").loc["01", "x0"] == Fraction(1, 2)
    assert df.set_index("pattern").loc["11", "x1"] == 2


def test_missing_pandas_names_the_extra(monkeypatch):
    real = interop.importlib.import_module

    def no_pandas(name, *a):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real(name, *a)

    monkeypatch.setattr(interop.importlib, "import_module", no_pandas)
    with pytest.raises(MissingDependencyError, match=r"exactrelu\[pandas\]") as info:
        Zonotope([[1]]).to_frame()
    assert isinstance(info.value, ImportError) and "\n" not in str(info.value)
    with pytest.raises(MissingDependencyError, match="pandas"):
        ShallowReLU([[1, 0]]).to_frame()


def test_missing_sage_is_one_line(monkeypatch):
    real = interop.importlib.import_module

    def no_sage(name, *a):
        if name.startswith("sage"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *a)

    monkeypatch.setattr(interop.importlib, "import_module", no_sage)
    for call in (
        lambda: Zonotope([[1]]).to_sage(),
        lambda: ArrangementInterop.to_sage(HyperplaneArrangement([[1]])),
    ):
        with pytest.raises(MissingDependencyError, match="needs SageMath") as info:
            call()
        assert "\n" not in str(info.value)


def test_reprs_stay_short_on_big_instances():
    gens = [[i, i * i % 17, 1] for i in range(1, 300)]
    Z = Zonotope(gens)
    assert len(repr(Z)) <= 120 and len(repr(Z.power(5))) <= 120
    assert len(Z._repr_html_()) < 2000 and len(Z.power(5)._repr_html_()) < 2000
    A = HyperplaneArrangement(gens)
    assert len(repr(A)) <= 120 and len(ArrangementInterop._repr_html_(A)) < 2000
    net = ShallowReLU([[Fraction(1, 3**40), 2, 3]] * 500, [Fraction(7, 3**50)] * 500)
    assert len(repr(net)) <= 120 and len(net._repr_html_()) < 2000
    assert net.to_frame().shape == (500, 4)


def test_cdd_guard_refuses_before_starting(monkeypatch):
    started = []
    monkeypatch.setattr(zonotope.subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.setattr(limits, "CDD_SECONDS_PER_UNIT", 1.0)
    Z = Zonotope.from_data(X)
    with pytest.raises(SizeLimitError, match=r"cdd cross-check.*--cdd-timeout .*EXACTRELU_CDD_TIMEOUT"):
        Z.double_description_check(timeout=30)
    assert not started
    assert Z.predicted_cdd_seconds() == limits.cdd_work(Z.n_vertices(), Z.predicted_facets(), 3)


def test_cdd_report_has_its_cost():
    rep = Zonotope.from_data(X).double_description_check()
    assert rep.ok and rep.seconds > 0 and 0 < rep.predicted_seconds < 5
    assert Zonotope.from_data(X).predicted_facets() >= rep.n_facets


def test_predicted_facets_is_exact_in_general_position():
    Z = Zonotope.from_data([[0, 0], [1, 0], [0, 1], [2, 5], [7, 3]])
    assert Z.predicted_facets() == Z.f_vector()[-2]
    assert Zonotope([[1, 2]]).predicted_facets() == 2


def test_subprocess_is_still_the_real_one():
    assert zonotope.subprocess is subprocess


def test_lattices_are_writable(tmp_path):
    Z = Zonotope([[1, 0], [0, 1], [1, 1]])
    back = _writers(Z.to_networkx(kind="face_lattice"), tmp_path)
    assert back.number_of_nodes() == sum(Z.f_vector()[1:]) and "-1,0,-1" in back
    A = HyperplaneArrangement([[1, 0], [0, 1], [1, 1]])
    P = ArrangementInterop.to_networkx(A, kind="intersection_poset")
    assert P.is_directed() and P.nodes["{}"]["rank"] == 0 and P.nodes["{0,1,2}"]["mobius"] == 2
    _writers(P, tmp_path)
    with pytest.raises(InvalidDataError, match="kind"):
        Z.to_networkx(kind="poset")
    with pytest.raises(InvalidDataError, match="kind"):
        ArrangementInterop.to_networkx(A, kind="skeleton")

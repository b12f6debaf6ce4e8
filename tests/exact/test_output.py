"""exactrelu.exact.output: short numbers for tables, exact files that load in json, csv, numpy, networkx."""

import csv
import json
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.output import OutputWriter, display_number, graph_for_export, write_output


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (-2, "-2"),
        (Fraction(1, 3), "1/3"),
        (Fraction(-1, 3), "-1/3"),
        (Fraction(1, 4), "0.25"),
        (Fraction(-3, 8), "-0.375"),
        (Fraction(7, 2), "3.5"),
        (np.int64(5), "5"),
        (0.25, "0.25"),
        (True, "True"),
        (None, ""),
        ("abc", "abc"),
        (float("nan"), "nan"),
        (10**14, "100000000000000"),
        (10**20, "≈1e+20"),
        (-(10**20) - 1, "≈-1e+20"),
        (Fraction(10**40, 3), "≈3.33333e+39"),
        (Fraction(1, 3 * 10**30), "≈3.33333e-31"),
        (Fraction(2 * 10**35 + 1, 3 * 10**35), "≈0.666667"),
        (Fraction(-(2 * 10**35 + 1), 3 * 10**35), "≈-0.666667"),
        (Fraction(123456789, 1000000007), "≈0.123457"),
        ((1, Fraction(1, 2)), "(1, 0.5)"),
    ],
)
def test_display_number(value, text):
    assert display_number(value) == text


def test_display_number_digits_and_rounding():
    # half to even on the exact value, never on a float
    assert display_number(Fraction(1234565, 10**12 * 10), digits=6) == "≈1.23456e-7"
    assert display_number(Fraction(10**50 + 1, 7), digits=3) == "≈1.43e+49"
    assert display_number(Fraction(2, 3) + Fraction(1, 10**40), digits=1) == "≈0.7"
    # a huge value whose float would overflow
    assert display_number(Fraction(10**400, 7)) == "≈1.42857e+399"
    # a 36-digit fraction as the issue reports: short
    assert len(display_number(Fraction(10**35 + 7, 3 * 10**35 + 1))) <= 12


def test_json_streams_exact_rows_and_graph(tmp_path):
    path = tmp_path / "out.json"
    G = nx.Graph()
    G.add_edge((0, 1), (1, 1), generators=(0,))
    with OutputWriter(path, kind="vertices", columns=["pattern", "vertex"], meta={"n": 2}) as out:
        out.write_row({"pattern": (0, 1), "vertex": (Fraction(1, 2), 10**30)})
        out.write_row([(1, 1), (Fraction(3, 2), 1)])
        out.write_graph(G)
        out.meta["extra"] = Fraction(1, 3)
    data = json.loads(path.read_text())
    assert data["kind"] == "vertices" and data["columns"] == ["pattern", "vertex"]
    assert data["rows"][0] == {"pattern": [0, 1], "vertex": ["1/2", 10**30]}
    assert data["n_rows"] == 2 and data["complete"] is True
    assert data["meta"] == {"n": 2, "extra": "1/3"}
    H = nx.node_link_graph(data["graph"], edges="edges")
    assert H.edges["0,1", "1,1"]["generators"] == "0"


def test_json_partial_after_error_is_valid(tmp_path):
    path = tmp_path / "partial.json"
    with pytest.raises(KeyboardInterrupt), OutputWriter(path, kind="chambers", columns=["i"]) as out:
        out.write_row({"i": 0})
        raise KeyboardInterrupt
    data = json.loads(path.read_text())
    assert data["rows"] == [{"i": 0}] and data["complete"] is False
    empty = tmp_path / "empty.json"
    write_output(empty, kind="chambers", columns=["i"], rows=[])
    assert json.loads(empty.read_text())["rows"] == []


def test_csv_header_and_exact_cells(tmp_path):
    path = tmp_path / "t.csv"
    rows = [{"pattern": (1, 0, 1), "x": Fraction(-1, 3), "ok": True}, {"pattern": (0, 0, 0), "x": 2}]
    write_output(path, kind="chambers", columns=["pattern", "x", "ok"], rows=rows)
    with open(path, newline="") as fh:
        table = list(csv.reader(fh))
    assert table == [["pattern", "x", "ok"], ["1,0,1", "-1/3", "true"], ["0,0,0", "2", ""]]


def test_npz_columns(tmp_path):
    path = tmp_path / "t.npz"
    rows = [
        {"i": 1, "big": 10**30, "x": Fraction(1, 2), "pattern": (0, 1), "w": (Fraction(1, 3), 1), "f": 0.5},
        {"i": 2, "big": 3, "x": 4, "pattern": (1, 1), "w": (2, 3), "f": 1},
    ]
    G = nx.path_graph(3)
    write_output(path, kind="v", columns=list(rows[0]), rows=rows, graph=G, meta={"m": 1})
    with np.load(path, allow_pickle=False) as z:
        assert z["i"].dtype == np.int64 and z["i"].tolist() == [1, 2]
        assert z["big"].tolist() == [str(10**30), "3"]
        assert z["x"].tolist() == ["1/2", "4"]
        assert z["pattern"].dtype == np.int64 and z["pattern"].tolist() == [[0, 1], [1, 1]]
        assert z["w"].tolist() == [["1/3", "1"], ["2", "3"]]
        assert z["f"].dtype == np.float64
        assert str(z["_kind"]) == "v" and z["_columns"].tolist() == list(rows[0])
        assert json.loads(str(z["_meta"])) == {"m": 1, "complete": True}
        assert z["_graph_edges"].tolist() == [[0, 1], [1, 2]]


def test_graphml_from_graph_and_from_rows(tmp_path):
    G = nx.Graph()
    G.add_node((0, 1), vertex=(Fraction(1, 2), 3))
    G.add_node((1, 1), vertex=(Fraction(3, 2), 3))
    G.add_edge((0, 1), (1, 1), generators=(0,))
    path = tmp_path / "g.graphml"
    write_output(path, kind="skeleton", columns=["pattern"], graph=G, meta={"source": "test"})
    H = nx.read_graphml(path)
    assert set(H.nodes) == {"0,1", "1,1"}
    assert H.nodes["0,1"]["x0"] == "1/2" and H.nodes["0,1"]["x0_float"] == 0.5
    assert H.graph["kind"] == "skeleton" and H.graph["source"] == "test"
    rows_only = tmp_path / "rows.graphml"
    write_output(rows_only, kind="points", columns=["x"], rows=[{"x": Fraction(1, 3)}, {"x": 1}])
    R = nx.read_graphml(rows_only)
    assert [R.nodes[n]["x"] for n in R] == ["1/3", "1"]


def test_graph_for_export_every_writer(tmp_path):
    G = nx.Graph(name=("a", 1))
    G.add_node((0, 1), vertex=(Fraction(1, 2), 10**30), count=3, tag=None, witness=(1, -1))
    G.add_node((1, 1), vertex=(1, 2), count=Fraction(1, 3))
    G.add_edge((0, 1), (1, 1), generators=(0, 2), weight=1.5, data={"a": 1})
    H = graph_for_export(G)
    nx.write_graphml(H, tmp_path / "g.graphml")
    nx.write_gexf(H, tmp_path / "g.gexf")
    nx.write_gml(H, tmp_path / "g.gml")
    json.dumps(nx.node_link_data(H, edges="edges"))
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["0,1"]["x1"] == str(10**30)
    assert back.nodes["0,1"]["count"] == "3" and back.nodes["1,1"]["count_float"] == pytest.approx(1 / 3)
    assert back.edges["0,1", "1,1"]["generators"] == "0,2"
    assert nx.read_gml(tmp_path / "g.gml").number_of_edges() == 1


def test_graph_for_export_colliding_ids_and_directed():
    G = nx.DiGraph()
    G.add_edge(1, "1")
    H = graph_for_export(G)
    assert H.is_directed() and sorted(H.nodes(data="label")) == [("0", "1"), ("1", "1")]


def test_errors(tmp_path):
    with pytest.raises(InvalidDataError, match=r"\.json.*\.csv.*\.npz.*\.graphml"):
        OutputWriter(tmp_path / "x.txt", kind="k", columns=["a"])
    with pytest.raises(InvalidDataError, match="cannot hold a graph"):
        write_output(tmp_path / "x.csv", kind="k", columns=["a"], graph=nx.Graph())
    assert not (tmp_path / "x.csv").exists()
    with OutputWriter(tmp_path / "y.json", kind="k", columns=["a"]) as out:
        with pytest.raises(InvalidDataError, match="not among"):
            out.write_row({"b": 1})
        with pytest.raises(InvalidDataError, match="1 columns"):
            out.write_row([1, 2])
    with pytest.raises(InvalidDataError, match="closed"):
        out.write_row({"a": 1})


def test_json_and_csv_stream_without_holding_rows(tmp_path):
    for suffix in (".json", ".csv"):
        path = tmp_path / f"many{suffix}"
        with OutputWriter(path, kind="chambers", columns=["i", "x"]) as out:
            for i in range(2000):
                out.write_row((i, Fraction(i, 7)))
            assert out._rows == [] and out.n_rows == 2000
    assert len(json.loads((tmp_path / "many.json").read_text())["rows"]) == 2000
    with open(tmp_path / "many.csv", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 2001


def test_display_number_of_other_number_types():
    import flint

    assert display_number(flint.fmpq(1, 3)) == "1/3" and display_number(flint.fmpz(10) ** 30) == "≈1e+30"
    assert display_number(np.float64(1 / 3)) == "≈0.333333" and display_number(float("inf")) == "inf"


def test_graphml_counts_the_nodes_of_a_graph_written_without_rows(tmp_path):
    """Review of issue 17: a graph written without rows said n_rows=0 (the NPZ of the same rows: 3)."""
    import networkx as nx

    from exactrelu.exact.output import write_output

    G = nx.path_graph(3)
    path = tmp_path / "g.graphml"
    write_output(path, kind="skeleton", columns=["pattern"], graph=G, meta={"n_rows": 0})
    H = nx.read_graphml(path)
    assert (H.graph["n_rows"], H.graph["n_nodes"], H.graph["n_edges"]) == (3, 3, 2)


def test_npz_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """An NPZ close cut in the middle leaves no truncated archive (written aside, then moved)."""
    import numpy as np

    from exactrelu.exact.output import OutputWriter

    path = tmp_path / "t.npz"
    path.write_bytes(b"old")

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez_compressed", boom)
    out = OutputWriter(path, kind="rows", columns=["i"])
    out.write_row({"i": 1})
    with pytest.raises(KeyboardInterrupt):
        out.close()
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["t.npz"]


def test_terminal_bar_shows_on_a_terminal_without_a_size():
    """Review of issue 17: on a pseudo-terminal of size 0x0 (under `script`) tqdm drew nothing."""
    import io

    from exactrelu.exact.progress import terminal_bar

    class Pty(io.StringIO):
        def isatty(self):
            return True

        def fileno(self):
            raise OSError("no size")

    stream = Pty()
    bar = terminal_bar(stream=stream, total=10, desc="rows", mininterval=0)
    bar.update(4)
    bar.refresh()
    assert "rows:  40%" in stream.getvalue()
    bar.close()

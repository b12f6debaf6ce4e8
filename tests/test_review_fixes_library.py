"""Review of the issue 17 library work: each test fails on the code as it first landed.

1. ``HyperplaneArrangement.to_frame()`` / ``to_networkx()`` gave every chamber the pattern '1111'.
2. ``nx.write_graphml(Zonotope.from_data(X).graph(), ...)`` raised (a tuple edge attribute);
   ``to_networkx()`` graphs had an empty ``G.graph``.
3. Quoted numeric CSV cells were read as a header; pandas' ``df.to_csv()`` index column was read
   as a coordinate.
4. ``ERMResult`` / ``SearchResult`` reprs ran to tens of kB; no ``_repr_html_``.
"""

import csv
import json
import random

import networkx as nx
import pytest

from exactrelu.cli import main
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_matrix, parse_data_text, read_data
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.zonotope import Zonotope, edge_generators
from exactrelu.training.erm import exact_erm
from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex

POINTS = [["1/3", "2/7"], ["-1/2", "5/3"], ["1/10", "-1/4"], ["7", "1/11"]]


# ----------------------------------------------------------------------------- 1. chamber patterns


def test_arrangement_frame_and_graph_patterns_are_the_chambers_patterns():
    pytest.importorskip("pandas")
    A = HyperplaneArrangement.from_data(POINTS)
    chambers = A.chambers()
    expected = ["".join(map(str, c.pattern)) for c in chambers]
    df = A.to_frame()
    assert len(df) == 14 and list(df["pattern"]) == expected
    assert len(set(df["pattern"])) == 14  # before the fix: '1111' on every row
    for row in df.itertuples():
        assert row.pattern == "".join("1" if s > 0 else "0" for s in row.signs)
    G = A.to_networkx()
    for c in chambers:
        node = G.nodes[",".join(map(str, c.pattern))]
        assert node["pattern"] == "".join(map(str, c.pattern))
        assert node["signs"] == "".join("+" if s > 0 else "-" for s in c.signs)
    assert G.graph == {"kind": "chambers", "n_hyperplanes": 4, "dimension": 3}


def test_arrangement_patterns_match_the_cli(tmp_path, capsys):
    data = tmp_path / "p.csv"
    data.write_text("\n".join(",".join(r) for r in POINTS) + "\n")
    assert main(["arrangement", str(data), "--json", "--no-progress"]) == 0
    text = capsys.readouterr().out
    cli_patterns = set(_bit_strings(json.loads(text), 4))
    assert cli_patterns == {
        "".join(map(str, c.pattern)) for c in HyperplaneArrangement.from_data(POINTS).chambers()
    }
    assert len(cli_patterns) == 14


def _bit_strings(obj, n):
    """Every string of n bits anywhere in a JSON value (the CLI's patterns)."""
    if isinstance(obj, str):
        return [obj] if len(obj) == n and set(obj) <= {"0", "1"} else []
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _bit_strings(v, n)]
    if isinstance(obj, list):
        if len(obj) == n and all(v in (0, 1) for v in obj):
            return ["".join(map(str, obj))]
        return [s for v in obj for s in _bit_strings(v, n)]
    return []


# ----------------------------------------------------------------------------- 2. graph() is writable


X = [[0, 0], [1, 0], [0, 1], ["1/2", 3], [3, 5], [3, 5]]  # a repeated point: an edge with two generators


def test_the_issue_repro_zonotope_graph_goes_to_graphml(tmp_path):
    Z = Zonotope.from_data(X)
    G = Z.graph()
    nx.write_graphml(G, tmp_path / "z.graphml")  # the repro of issue 17: raised NetworkXError
    nx.write_gexf(G, tmp_path / "z.gexf")
    nx.write_gml(G, tmp_path / "z.gml")
    json.dumps(nx.node_link_data(G, edges="edges"))
    back = nx.read_graphml(tmp_path / "z.graphml")
    assert back.number_of_nodes() == Z.n_vertices() and back.number_of_edges() == Z.n_edges()
    assert set(back.nodes) == {str(p) for p in G.nodes}  # tuple ids written as text, read back
    assert {d["generators"] for *_, d in back.edges(data=True)} == {
        d["generators"] for *_, d in G.edges(data=True)
    }
    assert "4,5" in {d["generators"] for *_, d in G.edges(data=True)}
    assert back.graph["kind"] == "skeleton" and back.graph["n_generators"] == 6 and back.graph["bias"] is True
    for u, v, d in G.edges(data=True):  # the helper reads the tuple back; it is the pattern difference
        assert edge_generators(d) == tuple(i for i, (a, b) in enumerate(zip(u, v)) if a != b)


def test_power_graph_and_to_networkx_carry_metadata(tmp_path):
    Z = Zonotope.from_data([[0], [1], [2]])
    P = Z.power(2).graph()
    nx.write_graphml(P, tmp_path / "p.graphml")
    assert nx.read_graphml(tmp_path / "p.graphml").number_of_edges() == P.number_of_edges()
    assert P.graph["units"] == 2
    for G in (Z.to_networkx(), Z.power(2).to_networkx(), Z.to_networkx(kind="face_lattice")):
        assert G.graph["kind"] and G.graph["n_generators"] == 3 and G.graph["dimension"] == 2
        assert G.graph["bias"] is True
    assert "bias" not in Zonotope([[1, 2], [3, 1]]).to_networkx().graph  # not known: left out
    A = HyperplaneArrangement([[1, 0], [0, 1]])
    assert A.to_networkx(kind="intersection_poset").graph["kind"] == "intersection_poset"


# ----------------------------------------------------------------------------- 3. CSV reading


def test_quoted_numbers_are_numbers(tmp_path):
    path = tmp_path / "q.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL).writerows([[1, 2], [3, "4/5"], [0, -1]])
    assert exact_matrix(read_data(str(path))) == exact_matrix([[1, 2], [3, "4/5"], [0, -1]])
    assert parse_data_text('"x","y"\n"1","2"\n', "csv") == [["1", "2"]]  # a quoted header is still one
    assert parse_data_text("'1' '2'\n", "csv") == [["1", "2"]]


def test_pandas_index_column_is_dropped(tmp_path):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"x": [1.5, 2, 3], "y": [0, 1, "2"]})
    expected = [["1.5", "0"], ["2.0", "1"], ["3.0", "2"]]
    path = tmp_path / "df.csv"
    df.to_csv(path)  # ",x,y" and an index column 0, 1, 2
    assert read_data(str(path)) == expected
    df.to_csv(path, quoting=csv.QUOTE_ALL)
    assert read_data(str(path)) == expected
    df.iloc[[2, 0]].to_csv(path)  # a filtered frame: the index 2, 0
    assert read_data(str(path)) == [expected[2], expected[0]]
    pd.DataFrame([[1, 2], [3, 4]]).to_csv(path)  # unnamed columns: the header ",0,1"
    assert read_data(str(path)) == [["1", "2"], ["3", "4"]]
    df.to_csv(path, index=False)
    assert read_data(str(path)) == expected
    with pytest.raises(InvalidDataError, match=r"line 2, column 1: .*index.*index=False"):
        parse_data_text(",x,y\na,1,2\n", "csv")
    # documented: a header of numbers cannot be told from data
    assert parse_data_text("0,1\n5,6\n", "csv") == [["0", "1"], ["5", "6"]]


def test_cli_reads_the_pandas_file_as_the_plain_one(tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    rows = [[0, 0], [1, 0], [0, 1]]
    pd.DataFrame(rows, columns=["x", "y"]).to_csv(tmp_path / "df.csv")
    (tmp_path / "plain.csv").write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n")
    assert main(["arrangement", str(tmp_path / "df.csv"), "--summary", "--json", "--no-progress"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["arrangement", str(tmp_path / "plain.csv"), "--summary", "--json", "--no-progress"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in first.items() if "file" not in k and "data" not in k} == {
        k: v for k, v in second.items() if "file" not in k and "data" not in k
    }


# ----------------------------------------------------------------------------- 4. short reprs


def _dataset(n, d, seed):
    rng = random.Random(seed)
    return [[rng.randint(-9, 9) for _ in range(d)] for _ in range(n)], [rng.randint(-5, 5) for _ in range(n)]


def test_erm_result_repr_is_one_short_line():
    Xs, ys = _dataset(7, 2, 1)  # 7 points: the old repr was tens of kB
    r = exact_erm(Xs, ys, units=1)
    text = repr(r)
    assert "\n" not in text and len(text) <= 120, text
    assert text.startswith("ERMResult(") and f"regions={r.n_regions}" in text and "N=7" in text
    html = r._repr_html_()
    assert html.startswith("<table>") and len(html) < 3000 and str(r.n_regions) in html


def test_search_and_gd_result_reprs_are_one_short_line():
    Xs, ys = _dataset(12, 2, 2)
    for res in (
        greedy_local_search(Xs, ys, units=3, seed=0),
        random_vertex(Xs, ys, units=3, samples=5, seed=0),
        gradient_descent(Xs, ys, units=3, seed=0, steps=200),
    ):
        text = repr(res)
        assert "\n" not in text and len(text) <= 120, text
        assert res._repr_html_().startswith("<table>")

"""Exports: GraphML, GEXF, Neo4j CSV, Cypher and Turtle, each read back and compared.

Most tests use a hand-made graph whose names and sentences hold what a hostile document
could: quotes, backslashes, line breaks, markup, spreadsheet formulas, control characters
and characters outside the BMP.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest

import kg
from kg import DocResult
from kg.errors import KgError
from kg.graph import exports
from kg.graph.graph import KnowledgeGraph
from kg.model import Entity, Evidence, Triple

ANNA = 'Anna "Nan" O\'Berg'
CMD = "=cmd|' /C calc'!A0"
PLUS = "+1 Agency"
MINUS = "-2 Group"
AT = "@SUM(1)"
SCRIPT = "<script>alert('x')</script>"
ZOE = "Zoë Ångström 😀"
SLASH = "Back\\slash & Co"
NAMES = {ANNA, CMD, PLUS, MINUS, AT, SCRIPT, ZOE, SLASH}

S1 = 'Anna "Nan" O\'Berg met =cmd|\' /C calc\'!A0 in a back\\room,\nthen left.'
S2 = 'She did not "meet" them again.'
S3 = "+1 Agency flew into Zoë Ångström 😀.\r\nIt was late\ton Friday."
S4 = "<script>alert('x')</script> criticised @SUM(1).\x01 Odd\x0bbytes."
S5 = "-2 Group second-guessed Back\\slash & Co."


def _triple(subj, rel, obj, sentence, doc="d1", st=None, ot=None, **kw):
    return Triple(subj, rel, obj, subj, rel, obj, st, ot, Evidence(doc, sentence, 0, len(sentence)), **kw)


def _hostile_graph() -> KnowledgeGraph:
    d1 = DocResult(
        "d1",
        (
            _triple(ANNA, "meet", CMD, S1, st="PERSON", ot="ORG", confidence=0.85, interaction="verbal cooperation", intensity=3.0),
            _triple(ANNA, "meet", CMD, S2, st="PERSON", ot="ORG", negated=True, confidence=0.6, interaction="neutral", intensity=0.0),
            _triple(PLUS, "fly into", ZOE, S3, st="ORG", ot="GPE", confidence=0.7, interaction="material conflict", intensity=-2.5),
            _triple(SCRIPT, "criticise", AT, S4, confidence=0.5),
            _triple(ANNA, "say", "that it rained", S1, object_is_clause=True),
        ),
        (
            Entity(ANNA, "PERSON", ((ANNA, 2), ("O'Berg", 1)), ("Minister of Things",), "Norway"),
            Entity(CMD, "ORG", ((CMD, 2),)),
            Entity(PLUS, "ORG", ((PLUS, 1),)),
            Entity(ZOE, "GPE", ((ZOE, 1),)),
        ),
        (),
        40,
    )
    d2 = DocResult(
        "d2",
        (
            _triple(ANNA, "meet", CMD, S1.replace("then", "and then"), doc="d2", st="PERSON", ot="ORG", confidence=0.9, interaction="verbal cooperation", intensity=3.0),
            _triple(MINUS, "2nd-guess", SLASH, S5, doc="d2", confidence=0.4),
        ),
        (Entity(ANNA, "PERSON", ((ANNA, 1),)),),
        (),
        20,
    )
    return KnowledgeGraph([d1, d2])


@pytest.fixture(scope="module")
def hostile() -> KnowledgeGraph:
    return _hostile_graph()


@pytest.fixture(scope="module")
def nxg(hostile) -> nx.MultiDiGraph:
    return hostile.to_networkx()


def test_hostile_graph_is_what_the_tests_assume(nxg):
    assert set(nxg.nodes) == NAMES
    assert set(nxg.edges(keys=True)) == {
        (ANNA, CMD, "meet"),
        (ANNA, CMD, "not meet"),
        (PLUS, ZOE, "fly into"),
        (SCRIPT, AT, "criticise"),
        (MINUS, SLASH, "2nd-guess"),
    }
    assert nxg.edges[ANNA, CMD, "meet"]["count"] == 2


# -- flat graph ----------------------------------------------------------------------------------


def test_flat_graph_has_only_plain_values(hostile, nxg):
    flat = exports.flat_graph(hostile)
    assert set(flat.nodes) == set(nxg.nodes)
    assert set(flat.edges(keys=True)) == set(nxg.edges(keys=True))
    for _, data in flat.nodes(data=True):
        assert all(type(v) in (str, int, float, bool) for v in data.values()), data
    for _, _, data in flat.edges(data=True):
        assert all(type(v) in (str, int, float, bool) for v in data.values()), data
    anna = flat.nodes[ANNA]
    assert anna["type"] == "PERSON" and anna["mentions"] == 4
    assert json.loads(anna["aliases_json"]) == {ANNA: 3, "O'Berg": 1}
    assert anna["aliases"] == f"{ANNA}; O'Berg"
    assert anna["docs"] == "d1; d2"
    assert flat.nodes[AT]["type"] == "" and flat.nodes[AT]["affiliation"] == ""
    meet = flat.edges[ANNA, CMD, "meet"]
    assert meet["count"] == 2 and meet["evidence_count"] == 2 and meet["weight"] == 2.0
    assert meet["sentence"] == S1 and meet["doc_ids"] == "d1; d2"
    assert json.loads(meet["evidence_json"]) == nxg.edges[ANNA, CMD, "meet"]["evidence"]
    # a number attribute holds numbers only: no intensity rather than ""
    assert "intensity" not in flat.edges[SCRIPT, AT, "criticise"]
    assert flat.edges[PLUS, ZOE, "fly into"]["intensity"] == -2.5


def test_flat_graph_does_not_touch_the_graph(hostile):
    flat = exports.flat_graph(hostile)
    flat.nodes[ANNA]["type"] = "changed"
    assert hostile.to_networkx().nodes[ANNA]["type"] == "PERSON"


# -- GraphML and GEXF --------------------------------------------------------------------------------


def _xml_expected(value):
    """What XML can hold of a value: control characters other than tab/CR/LF become U+FFFD."""
    if isinstance(value, str):
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)
    return value


def test_graphml_round_trip(hostile, tmp_path):
    flat = exports.flat_graph(hostile)
    path = exports.to_graphml(hostile, tmp_path / "g.graphml")
    assert path == tmp_path / "g.graphml"
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.nodes) == set(flat.nodes)
    for node, data in flat.nodes(data=True):
        assert back.nodes[node] == {k: _xml_expected(v) for k, v in data.items()}
    want = Counter((u, v, k) for u, v, k in flat.edges(keys=True))
    got = Counter((u, v, d["label"]) for u, v, d in back.edges(data=True))
    assert got == want
    # edge ids are unique in the file (Gephi drops edges with a repeated id)
    keys = [k for _, _, k in back.edges(keys=True)]
    assert len(set(keys)) == len(keys)
    for u, v, data in back.edges(data=True):
        assert data == {k: _xml_expected(x) for k, x in flat.edges[u, v, data["label"]].items()}
    # a carriage return survives; a control character becomes U+FFFD; JSON keeps it exactly
    assert back.edges[PLUS, ZOE, _key(back, PLUS, ZOE, "fly into")]["sentence"] == S3
    crit = back.edges[SCRIPT, AT, _key(back, SCRIPT, AT, "criticise")]
    assert crit["sentence"] == S4.replace("\x01", "\ufffd").replace("\x0b", "\ufffd")
    assert json.loads(crit["evidence_json"])[0]["sentence"] == S4


def _key(g, u, v, label):
    (key,) = [k for k, d in g[u][v].items() if d["label"] == label]
    return key


def test_gexf_round_trip(hostile, tmp_path):
    flat = exports.flat_graph(hostile)
    path = exports.to_gexf(hostile, tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.nodes) == set(flat.nodes)
    for node, data in flat.nodes(data=True):
        assert back.nodes[node] == {k: _xml_expected(v) for k, v in data.items()}
    # GEXF keeps kg's edge keys (networkx_key) and gives each edge its own numeric id
    assert Counter(list(back.edges(keys=True))) == Counter(list(flat.edges(keys=True)))
    ids = [d["id"] for _, _, d in back.edges(data=True)]
    assert len(set(ids)) == len(ids)
    for u, v, key, data in back.edges(keys=True, data=True):
        data = {k: x for k, x in data.items() if k != "id"}
        assert data == {k: _xml_expected(x) for k, x in flat.edges[u, v, key].items()}
    assert back.edges[ANNA, CMD, "meet"]["sentence"] == S1
    assert back.edges[PLUS, ZOE, "fly into"]["sentence"] == S3


# -- Neo4j CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or ()), list(reader)


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell[:2] in {"'=", "'+", "'-", "'@", "'\t", "'\r"} else cell


def test_csv_round_trip(hostile, nxg, tmp_path):
    out = tmp_path / "neo4j" / "import"
    paths = exports.to_csv(hostile, out)
    assert paths == [out / "nodes.csv", out / "edges.csv"]
    header, nodes = _read_csv(paths[0])
    assert header == list(exports.NODE_CSV_HEADER)
    assert header[0] == "id:ID" and header[-1] == ":LABEL"
    assert len(nodes) == nxg.number_of_nodes()
    ids = [r["id:ID"] for r in nodes]
    assert len(set(ids)) == len(ids)
    by_id = {r["id:ID"]: r for r in nodes}
    assert {_unneutralise(r["name"]) for r in nodes} == NAMES

    # hostile cells are neutralised; harmless ones are untouched
    names = {r["name"] for r in nodes}
    assert "'=cmd|' /C calc'!A0" in names
    assert {"'+1 Agency", "'-2 Group", "'@SUM(1)", SCRIPT, ANNA, ZOE, SLASH} <= names
    for r in nodes:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell

    anna = next(r for r in nodes if r["name"] == ANNA)
    assert anna[":LABEL"] == "Entity;PERSON"
    assert anna["mentions:int"] == "4"
    assert anna["aliases:string[]"].split(";") == [ANNA, "O'Berg"]
    assert anna["docs:string[]"] == "d1;d2"
    assert anna["affiliation"] == "Norway"
    at = next(r for r in nodes if r["name"] == "'@SUM(1)")
    assert at[":LABEL"] == "Entity" and at["type"] == "" and at["aliases:string[]"] == ""

    header, edges = _read_csv(paths[1])
    assert header == list(exports.EDGE_CSV_HEADER)
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(edges) == nxg.number_of_edges()
    got = Counter(
        (_unneutralise(by_id[r[":START_ID"]]["name"]), _unneutralise(by_id[r[":END_ID"]]["name"]), r["label"]) for r in edges
    )
    assert got == Counter(list(nxg.edges(keys=True)))
    by_label = {r["label"]: r for r in edges}
    assert {r[":TYPE"] for r in edges} == {"MEET", "NOT_MEET", "FLY_INTO", "CRITICISE", "R_2ND_GUESS"}
    meet, not_meet = by_label["meet"], by_label["not meet"]
    assert (meet["count:int"], meet["negated:boolean"], meet["doc_ids:string[]"]) == ("2", "false", "d1;d2")
    assert (not_meet["relation"], not_meet["negated:boolean"]) == ("meet", "true")
    assert meet["sentence"] == S1  # quotes, backslash and newline survive the csv quoting
    assert float(meet["confidence:float"]) == 0.9
    fly = by_label["fly into"]
    assert fly["intensity:float"] == "-2.5"  # a number column is never neutralised
    assert fly["sentence"] == "'" + S3
    crit = by_label["criticise"]
    assert crit["interaction"] == "" and crit["intensity:float"] == ""
    assert crit["sentence"] == S4
    assert by_label["2nd-guess"]["sentence"] == "'" + S5


def test_csv_into_a_file_fails_clearly(hostile, tmp_path):
    f = tmp_path / "graph.csv"
    f.write_text("keep", encoding="utf-8")
    with pytest.raises(KgError, match="directory"):
        exports.to_csv(hostile, f)
    assert f.read_text(encoding="utf-8") == "keep"


def test_neutralise_cell():
    for cell in ("=1+1", "+1", "-2", "@SUM(1)", "\tx", "\rx", CMD):
        assert exports.neutralise_cell(cell) == "'" + cell
    for cell in ("", "Oslo", "'quoted", " =spaced", "1-2"):
        assert exports.neutralise_cell(cell) == cell


def test_relationship_type():
    assert exports.relationship_type("meet") == "MEET"
    assert exports.relationship_type("fly into") == "FLY_INTO"
    assert exports.relationship_type("not meet") == "NOT_MEET"
    assert exports.relationship_type("2nd-guess") == "R_2ND_GUESS"
    assert exports.relationship_type("drop `x`]->(b) DETACH DELETE b //") == "DROP_X_B_DETACH_DELETE_B"
    assert exports.relationship_type("über") == "BER"
    assert exports.relationship_type("--") == "RELATED"


# -- Cypher -------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<str>'(?:[^'\\]|\\.)*')|(?P<tick>`[^`]*`)|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"""
    r"""|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<arrow>->)|(?P<p>[-(){}\[\]:,.=;])"""
)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _unescape(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
        elif body[i + 1] == "u":
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            out.append(_ESCAPES[body[i + 1]])
            i += 2
    return "".join(out)


def _tokens(line: str) -> list[tuple[str, object]]:
    """Cypher tokens of one statement; strings unescaped. Fails on anything unexpected."""
    tokens, pos = [], 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        assert m, f"cannot tokenise at {line[pos:pos + 30]!r}"
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind == "ws":
            continue
        if kind == "str":
            tokens.append(("str", _unescape(text[1:-1])))
        elif kind == "num":
            tokens.append(("num", float(text) if any(c in text for c in ".eE") else int(text)))
        elif kind == "tick":
            tokens.append(("name", text[1:-1]))
        elif kind == "word":
            tokens.append(("word", text))
        else:
            tokens.append(("p", text))
    return tokens


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def take(self, kind=None, value=None):
        tok = self.tokens[self.i]
        assert kind is None or tok[0] == kind, (tok, kind, value)
        assert value is None or tok[1] == value, (tok, kind, value)
        self.i += 1
        return tok[1]

    def expect(self, *seq):
        for item in seq:
            self.take(value=item)

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def value(self):
        kind, v = self.tokens[self.i]
        if kind in ("str", "num"):
            self.i += 1
            return v
        if (kind, v) == ("p", "["):
            self.i += 1
            items = []
            while self.peek() != ("p", "]"):
                items.append(self.value())
                if self.peek() == ("p", ","):
                    self.i += 1
            self.i += 1
            return items
        word = self.take("word")
        return {"true": True, "false": False, "null": None}[word]

    def node(self, var):
        self.expect("(", var, ":", "Entity", "{", "name", ":")
        name = self.take("str")
        self.expect("}", ")")
        return name

    def assignments(self, var):
        labels, props = [], {}
        while True:
            self.expect(var)
            if self.peek() == ("p", ":"):
                self.i += 1
                labels.append(self.take("name"))
            else:
                self.expect(".")
                key = self.take("word")
                self.expect("=")
                props[key] = self.value()
            if self.peek() != ("p", ","):
                break
            self.i += 1
        self.expect(";")
        assert self.peek() is None
        return labels, props


def _parse_cypher(text: str):
    nodes, edges = {}, {}
    for line in text.split("\n"):
        if not line or line.startswith("//") or line.startswith("CREATE CONSTRAINT"):
            continue
        p = _Parser(_tokens(line))
        first = p.take("word")
        if first == "MERGE":
            name = p.node("n")
            p.expect("SET")
            nodes[name] = p.assignments("n")
        else:
            assert first == "MATCH"
            a = p.node("a")
            p.expect(",")
            b = p.node("b")
            p.expect("MERGE", "(", "a", ")", "-", "[", "r", ":")
            rel_type = p.take("name")
            p.expect("{", "label", ":")
            label = p.take("str")
            p.expect("}", "]", "->", "(", "b", ")", "SET")
            edges[(a, b, label)] = (rel_type, p.assignments("r")[1])
    return nodes, edges


def test_cypher_round_trip(hostile, nxg, tmp_path):
    path = exports.to_cypher(hostile, tmp_path / "g.cypher")
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.split("\n") if ln]
    # one statement a line: no string literal spans lines, every statement ends the line
    assert all(ln.startswith("//") or ln.endswith(";") for ln in lines)
    assert "\r" not in text and "\x01" not in text and "\x0b" not in text
    assert len(lines) == 2 + nxg.number_of_nodes() + nxg.number_of_edges()
    nodes, edges = _parse_cypher(text)
    assert set(nodes) == NAMES
    labels, props = nodes[ANNA]
    assert labels == ["PERSON"]
    assert props == {
        "type": "PERSON",
        "mentions": 4,
        "aliases": [ANNA, "O'Berg"],
        "titles": ["Minister of Things"],
        "affiliation": "Norway",
        "docs": ["d1", "d2"],
    }
    assert nodes[AT] == ([], {"type": None, "mentions": 1, "aliases": None, "titles": None, "affiliation": None, "docs": ["d1"]})
    assert set(edges) == set(nxg.edges(keys=True))
    for (u, v, label), (rel_type, props) in edges.items():
        data = nxg.edges[u, v, label]
        assert rel_type == exports.relationship_type(label)
        assert props["relation"] == data["relation"]
        assert props["negated"] is data["negated"]
        assert props["count"] == data["count"]
        assert props["confidence"] == data["confidence"]
        assert props["interaction"] == data["interaction"]
        assert props["intensity"] == data["intensity"]
        assert props["sentence"] == data["evidence"][0]["sentence"]
    assert edges[(ANNA, CMD, "meet")][1]["doc_ids"] == ["d1", "d2"]
    assert edges[(PLUS, ZOE, "fly into")][1]["sentence"] == S3
    assert edges[(SCRIPT, AT, "criticise")][1]["sentence"] == S4
    assert edges[(MINUS, SLASH, "2nd-guess")][0] == "R_2ND_GUESS"


def test_cypher_string_escapes_everything():
    hostile = "a'b\"c\\d\ne\rf\tg\x00h\x1fi\x7fj\u2028k😀 '}) DETACH DELETE n //"
    lit = exports.cypher_string(hostile)
    assert lit.startswith("'") and lit.endswith("'")
    body = lit[1:-1]
    assert re.fullmatch(r"(?:[^'\\\x00-\x1f\x7f]|\\.)*", body)
    assert _unescape(body) == hostile
    assert "\\u0000" in body and "\\u001f" in body and "\\u2028" in body
    assert exports.cypher_string("\ud800") == "'\ufffd'"


# -- Turtle -------------------------------------------------------------------------------------------


def test_turtle_round_trip(hostile, nxg, tmp_path):
    rdflib = pytest.importorskip("rdflib")
    from rdflib import RDF, URIRef

    path = exports.to_turtle(hostile, tmp_path / "g.ttl")
    text = path.read_text(encoding="utf-8")
    # every string is escaped onto one line
    assert '"""' not in text and "\r" not in text and "\x01" not in text
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    kgv = rdflib.Namespace(exports.VOCAB_NS)
    entities = set(g.subjects(RDF.type, kgv["Entity"]))
    statements = set(g.subjects(RDF.type, kgv["Statement"]))
    assert len(entities) == nxg.number_of_nodes()
    assert len(statements) == nxg.number_of_edges()
    assert {str(g.value(e, kgv["name"])) for e in entities} == NAMES
    for e in entities:
        assert unquote(str(e)[len(exports.ENTITY_NS) :]) == str(g.value(e, kgv["name"]))
    anna = URIRef(exports.entity_iri(ANNA))
    assert {str(a) for a in g.objects(anna, kgv["alias"])} == {ANNA, "O'Berg"}
    assert g.value(anna, kgv["mentions"]).toPython() == 4
    assert str(g.value(anna, kgv["type"])) == "PERSON"

    def statement(u, v, label):
        (st,) = [
            s
            for s in statements
            if g.value(s, kgv["subject"]) == URIRef(exports.entity_iri(u))
            and g.value(s, kgv["object"]) == URIRef(exports.entity_iri(v))
            and str(g.value(s, kgv["label"])) == label
        ]
        return st

    for u, v, label, data in nxg.edges(keys=True, data=True):
        st = statement(u, v, label)
        assert str(g.value(st, kgv["relation"])) == data["relation"]
        assert g.value(st, kgv["negated"]).toPython() is data["negated"]
        assert g.value(st, kgv["count"]).toPython() == data["count"]
        evidence = list(g.objects(st, kgv["evidence"]))
        assert len(evidence) == len(data["evidence"])
        got = sorted((str(g.value(e, kgv["docId"])), str(g.value(e, kgv["sentence"])), g.value(e, kgv["start"]).toPython(), g.value(e, kgv["end"]).toPython()) for e in evidence)
        want = sorted((ev["doc_id"], ev["sentence"], ev["start"], ev["end"]) for ev in data["evidence"])
        assert got == want
        # the direct triple, for easy SPARQL
        predicate = URIRef(exports.RELATION_NS + exports.relation_slug(label))
        assert (URIRef(exports.entity_iri(u)), predicate, URIRef(exports.entity_iri(v))) in g
        assert g.value(st, kgv["predicate"]) == predicate

    sentences = {str(o) for o in g.objects(None, kgv["sentence"])}
    assert {S1, S2, S3, S4, S5} <= sentences  # quotes, backslashes, CR/LF, control characters exact
    not_meet = URIRef(exports.RELATION_NS + "not_meet")
    assert (anna, not_meet, URIRef(exports.entity_iri(CMD))) in g
    rows = list(g.query("SELECT ?o WHERE { ?s kgr:fly_into ?o }", initNs={"kgr": rdflib.Namespace(exports.RELATION_NS)}))
    assert [str(r[0]) for r in rows] == [exports.entity_iri(ZOE)]


def test_turtle_without_rdflib(hostile, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(KgError, match="pip install rdflib"):
        exports.to_turtle(hostile, tmp_path / "g.ttl")
    assert not (tmp_path / "g.ttl").exists()


def test_entity_iri_and_relation_slug():
    assert exports.entity_iri("Anna Berg") == exports.ENTITY_NS + "Anna%20Berg"
    assert exports.entity_iri("a/b#c?d") == exports.ENTITY_NS + "a%2Fb%23c%3Fd"
    assert unquote(exports.entity_iri(ZOE)[len(exports.ENTITY_NS) :]) == ZOE
    assert exports.relation_slug("not  meet") == "not_meet"
    assert exports.relation_slug("fly into") == "fly_into"
    assert exports.relation_slug("x>y") == "x%3Ey"


# -- dispatch and files ----------------------------------------------------------------------------


def test_export_dispatch(hostile, tmp_path):
    assert exports.FORMATS == ("graphml", "gexf", "csv", "cypher", "turtle")
    for fmt in exports.FORMATS:
        out = tmp_path / f"out-{fmt}"
        written = exports.export(hostile, fmt, out)
        assert written and all(p.is_file() for p in written)
        if fmt == "csv":
            assert written == [out / "nodes.csv", out / "edges.csv"]
        else:
            assert written == [out]
    assert exports.export(hostile, "GraphML", tmp_path / "x.graphml") == [tmp_path / "x.graphml"]
    # no temporary files left behind
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_export_unknown_format_lists_formats(hostile, tmp_path):
    with pytest.raises(KgError) as err:
        exports.export(hostile, "pdf", tmp_path / "x")
    for fmt in exports.FORMATS:
        assert fmt in str(err.value)


def test_export_creates_missing_directories_and_refuses_a_directory(hostile, tmp_path):
    out = tmp_path / "new" / "dir" / "g.graphml"
    assert exports.to_graphml(hostile, out) == out and out.is_file()
    with pytest.raises(KgError, match="is a directory"):
        exports.to_graphml(hostile, tmp_path / "new")


def test_failed_export_keeps_the_old_file(hostile, tmp_path, monkeypatch):
    path = tmp_path / "g.graphml"
    path.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("stopped")

    monkeypatch.setattr(nx, "write_graphml", boom)
    with pytest.raises(RuntimeError):
        exports.to_graphml(hostile, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]


def test_empty_graph_exports(tmp_path):
    empty = KnowledgeGraph()
    for fmt in exports.FORMATS:
        exports.export(empty, fmt, tmp_path / f"e-{fmt}")
    assert nx.read_graphml(tmp_path / "e-graphml").number_of_nodes() == 0
    _, rows = _read_csv(tmp_path / "e-csv" / "edges.csv")
    assert rows == []


def test_xml_exports_keep_names_distinct_when_control_characters_go(tmp_path):
    a, b = "Ann\x01Lee", "Ann\x02Lee"
    t = _triple(a, "meet", b, "Ann\x01Lee met Ann\x02Lee.")
    g = KnowledgeGraph([DocResult("d1", (t,), (), ())])
    back = nx.read_graphml(exports.to_graphml(g, tmp_path / "g.graphml"), force_multigraph=True)
    assert back.number_of_nodes() == 2
    assert back.number_of_edges() == 1
    assert all("\ufffd" in n for n in back.nodes)
    back = nx.read_gexf(exports.to_gexf(g, tmp_path / "g.gexf"))
    assert back.number_of_nodes() == 2 and back.number_of_edges() == 1


# -- a graph built by the pipeline -------------------------------------------------------------------


def test_pipeline_graph_round_trips(nlp, tmp_path):
    graph = kg.build([("d1", "Anna Berg met Tomas Lind in Oslo. Lind criticised Norway.")], nlp=nlp)
    g = graph.to_networkx()
    assert g.number_of_edges() >= 1
    back = nx.read_graphml(exports.to_graphml(graph, tmp_path / "g.graphml"), force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    assert Counter((u, v, d["label"]) for u, v, d in back.edges(data=True)) == Counter(list(g.edges(keys=True)))
    back = nx.read_gexf(exports.to_gexf(graph, tmp_path / "g.gexf"))
    # without parallel edges read_gexf gives a DiGraph; the label is kg's edge key either way
    assert Counter((u, v, d["label"]) for u, v, d in back.edges(data=True)) == Counter(list(g.edges(keys=True)))
    _, nodes = _read_csv(exports.to_csv(graph, tmp_path / "csv")[0])
    assert {r["name"] for r in nodes} == set(g.nodes)
    nodes_c, edges_c = _parse_cypher(exports.to_cypher(graph, tmp_path / "g.cypher").read_text(encoding="utf-8"))
    assert set(nodes_c) == set(g.nodes) and set(edges_c) == set(g.edges(keys=True))


# -- time ---------------------------------------------------------------------------------------------

TITLE = "Talks \"end\"\nin <b>Oslo</b> = win"


def _dated_graph() -> KnowledgeGraph:
    d1 = DocResult(
        "d1",
        (
            _triple("Norway", "meet", "Sweden", "Norway met Sweden on Friday.", st="GPE", ot="GPE", date="2009-02-27", date_source="text"),
            _triple("Norway", "meet", "Sweden", "Norway met Sweden again.", st="GPE", ot="GPE", date="2009-03-04", date_source="document"),
            _triple("Norway", "meet", "Sweden", "They met in May.", st="GPE", ot="GPE", date="2009-05", date_source="text"),
            _triple("Sweden", "praise", "Finland", "Sweden praised Finland last week.", st="GPE", ot="GPE", date="2009-W09", date_source="text"),
            _triple("Finland", "thank", "Norway", "Finland thanked Norway.", st="GPE", ot="GPE"),
        ),
        (),
        (),
        20,
        meta={"date": "2009-03-04", "title": TITLE, "url": "https://example.org/1", "source": "Fjord Times"},
    )
    d2 = DocResult("d2", (_triple("Sweden", "praise", "Finland", "Sweden praised Finland in 2008.", doc="d2", date="2008", date_source="text"),), (), (), 5)
    return KnowledgeGraph([d1, d2])


def test_flat_graph_and_graphml_carry_dates(tmp_path):
    flat = exports.flat_graph(_dated_graph())
    meet = flat.edges["Norway", "Sweden", "meet"]
    assert (meet["dates"], meet["first_date"], meet["last_date"]) == ("2009-02-27; 2009-03-04; 2009-05", "2009-02-27", "2009-05")
    praise = flat.edges["Sweden", "Finland", "praise"]
    assert (praise["dates"], praise["first_date"], praise["last_date"]) == ("2008; 2009-W09", "2008", "2009-W09")
    thank = flat.edges["Finland", "Norway", "thank"]
    assert (thank["dates"], thank["first_date"], thank["last_date"]) == ("", "", "")
    evidence = json.loads(meet["evidence_json"])
    assert [(e["date"], e["date_source"]) for e in evidence] == [("2009-02-27", "text"), ("2009-03-04", "document"), ("2009-05", "text")]
    back = nx.read_graphml(exports.to_graphml(_dated_graph(), tmp_path / "g.graphml"), force_multigraph=True)
    got = {d["label"]: (d["first_date"], d["last_date"]) for _, _, d in back.edges(data=True)}
    assert got == {"meet": ("2009-02-27", "2009-05"), "praise": ("2008", "2009-W09"), "thank": ("", "")}


def test_gexf_is_dynamic(tmp_path):
    path = exports.to_gexf(_dated_graph(), tmp_path / "g.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)

    def edge(g, u, v):  # networkx reads a DiGraph when no two edges join the same pair
        data = g.get_edge_data(u, v)
        return next(iter(data.values())) if g.is_multigraph() else data

    meet = edge(back, "Norway", "Sweden")
    # two stretches of days: 27 Feb to 4 Mar is not one (the days between are not dated)
    assert meet["spells"] == [("2009-02-27", "2009-02-27"), ("2009-03-04", "2009-03-04"), ("2009-05-01", "2009-05-31")]
    praise = edge(back, "Sweden", "Finland")
    assert praise["spells"] == [("2008-01-01", "2008-12-31"), ("2009-02-23", "2009-03-01")]
    thank = edge(back, "Finland", "Norway")
    assert "start" not in thank and "spells" not in thank  # undated: there all the time
    # a node lives when its edges do; one with an undated edge is always there
    assert back.nodes["Sweden"]["spells"][0] == ("2008-01-01", "2008-12-31")
    assert "spells" not in back.nodes["Norway"] and "start" not in back.nodes["Norway"]
    single = KnowledgeGraph([DocResult("x", (_triple("A", "meet", "B", "A met B.", doc="x", date="2009-02", date_source="text"),), (), (), 3)])
    one = edge(nx.read_gexf(exports.to_gexf(single, tmp_path / "one.gexf")), "A", "B")
    assert (one["start"], one["end"]) == ("2009-02-01", "2009-02-28")
    # an undated graph stays static
    assert 'mode="static"' in exports.to_gexf(_hostile_graph(), tmp_path / "static.gexf").read_text(encoding="utf-8")


def test_csv_and_cypher_carry_dates_and_documents(tmp_path):
    graph = _dated_graph()
    _, edges_csv = exports.to_csv(graph, tmp_path / "neo")
    header, rows = _read_csv(edges_csv)
    assert header[-3:] == ["dates:string[]", "first_date", "last_date"]
    meet = next(r for r in rows if r["label"] == "meet")
    assert (meet["dates:string[]"], meet["first_date"], meet["last_date"]) == ("2009-02-27;2009-03-04;2009-05", "2009-02-27", "2009-05")
    text = exports.to_cypher(graph, tmp_path / "g.cypher").read_text(encoding="utf-8")
    doc_lines = [ln for ln in text.split("\n") if ln.startswith("MERGE (d:Document")]
    assert doc_lines == [
        "MERGE (d:Document {id: 'd1'}) SET d.date = '2009-03-04', d.title = 'Talks \\\"end\\\"\\nin <b>Oslo</b> = win', "
        "d.url = 'https://example.org/1', d.source = 'Fjord Times';"
    ]
    _, edges = _parse_cypher("\n".join(ln for ln in text.split("\n") if not ln.startswith("MERGE (d:Document")))
    props = edges[("Norway", "Sweden", "meet")][1]
    assert (props["dates"], props["first_date"], props["last_date"]) == (["2009-02-27", "2009-03-04", "2009-05"], "2009-02-27", "2009-05")
    assert edges[("Finland", "Norway", "thank")][1]["dates"] is None


def test_turtle_carries_typed_dates_and_documents(tmp_path):
    rdflib = pytest.importorskip("rdflib")
    from rdflib import RDF, XSD, URIRef
    from rdflib.namespace import DCTERMS

    g = rdflib.Graph()
    g.parse(exports.to_turtle(_dated_graph(), tmp_path / "g.ttl"), format="turtle")
    kgv = rdflib.Namespace(exports.VOCAB_NS)
    dates = {(str(o), o.datatype) for o in g.objects(None, kgv["date"])}
    assert dates == {("2009-02-27", XSD.date), ("2009-03-04", XSD.date), ("2009-05", XSD.gYearMonth), ("2009-W09", None), ("2008", XSD.gYear)}
    assert {str(o) for o in g.objects(None, kgv["dateSource"])} == {"text", "document"}
    (doc,) = g.subjects(RDF.type, kgv["Document"])
    assert doc == URIRef(exports.DOCUMENT_NS + "d1")
    assert str(g.value(doc, DCTERMS.title)) == TITLE and g.value(doc, DCTERMS.date).toPython().isoformat() == "2009-03-04"
    assert str(g.value(doc, DCTERMS.publisher)) == "Fjord Times" and str(g.value(doc, kgv["url"])) == "https://example.org/1"
    cited = [e for e in g.subjects(kgv["document"], doc)]
    assert len(cited) == 5 and all(str(g.value(e, kgv["docId"])) == "d1" for e in cited)

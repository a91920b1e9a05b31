"""Tests of tropgeo.export: exact .ext / .ine / JSON round trips, cddlib cross-checks,
bad input and the no-overwrite rule."""

from __future__ import annotations

import json
import os
import pathlib
import stat
import subprocess
import sys
import textwrap
from fractions import Fraction

import cdd
import cdd.gmp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropgeo
from strategies import affine_point_sets, rational_generator_matrices, rational_points
from tropgeo import convex_hull, zonotope
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.export import (
    JSON_FORMAT,
    from_ext,
    from_ine,
    from_json,
    read_polytope,
    to_ext,
    to_ine,
    to_json,
    write_polytope,
)

SQUARE = ((0, 0), (0, 1), (1, 0), (1, 1))

SQUARE_EXT = """* the unit square, written by hand
V-representation
begin
 4 3 rational
 1 0 0
 1 1 0
 1 0 1
 1 1 1
end
"""

SQUARE_INE = """* 0 <= x1 <= 1, 0 <= x2 <= 1, written by hand
H-representation
begin
 4 3 integer
 0 1 0
 1 -1 0
 0 0 1
 1 0 -1
end
"""

# cddlib's examples/sampleh5.ine: x3 = 0 (row 3 is linearity), x >= 0, x1 + x2 + x3 <= 1 and
# four redundant rows; the triangle (0,0,0), (1,0,0), (0,1,0) by hand.
SAMPLEH5 = """* file name: sampleh5.ine
* test file for redundancy removal
H-representation
linearity 1 3
begin
    8   4   integer
 0  1  0  0
 0  0  1  0
 0  0  0  1
 1 -1 -1 -1
 1 -1 -1  0
 1  0 -1 -1
 1 -1  0 -1
 2 -1 -1 -1
end
"""


def plain_cdd_rows(text):
    """(rows, linearity) of cddlib text, read without tropgeo (the rows as Fractions)."""
    lines = [s.strip() for s in text.splitlines()]
    linearity = set()
    for s in lines:
        if s.startswith("linearity"):
            _, k, *idx = s.split()
            assert int(k) == len(idx)
            linearity |= {int(i) - 1 for i in idx}
    start = lines.index("begin")
    m, n, numtype = lines[start + 1].split()
    assert numtype == "rational"
    rows = [[Fraction(t) for t in s.split()] for s in lines[start + 2 : start + 2 + int(m)]]
    assert all(len(r) == int(n) for r in rows) and lines[start + 2 + int(m)] == "end"
    return rows, linearity


def cdd_vertices(ine_text):
    """Vertices and rays of an .ine text by cddlib (GMP) directly."""
    rows, linearity = plain_cdd_rows(ine_text)
    mat = cdd.gmp.matrix_from_array(rows, lin_set=linearity, rep_type=cdd.RepType.INEQUALITY)
    gen = cdd.gmp.copy_generators(cdd.gmp.polyhedron_from_matrix(mat))
    points = {tuple(Fraction(x) / Fraction(g[0]) for x in g[1:]) for g in gen.array if g[0] != 0}
    rays = [g for g in gen.array if g[0] == 0]
    return points, rays


# --- round trips ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_round_trips_every_format(data):
    dim = data.draw(st.integers(1, 4), label="dim")
    P = convex_hull(data.draw(affine_point_sets(dim=dim, exact_rationals=True), label="points"))
    for Q in (from_ext(to_ext(P)), from_ine(to_ine(P)), from_json(to_json(P))):
        assert Q == P and hash(Q) == hash(P)
        assert Q.equations == P.equations and Q.inequalities == P.inequalities


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_ine_read_back_by_cddlib_gives_the_vertices(data):
    # Independent of tropgeo's reader: the text is parsed here and given to cddlib directly.
    dim = data.draw(st.integers(1, 4), label="dim")
    P = convex_hull(data.draw(affine_point_sets(dim=dim, exact_rationals=True), label="points"))
    points, rays = cdd_vertices(to_ine(P))
    assert rays == []
    assert points == set(P.vertices)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_ext_rows_are_exactly_the_vertices(data):
    dim = data.draw(st.integers(1, 4), label="dim")
    P = convex_hull(data.draw(affine_point_sets(dim=dim, exact_rationals=True), label="points"))
    rows, linearity = plain_cdd_rows(to_ext(P))
    assert linearity == set() and all(r[0] == 1 for r in rows)
    assert [tuple(r[1:]) for r in rows] == [tuple(Fraction(x) for x in v) for v in P.vertices]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_zonotopes_are_written_through_their_vertices(data):
    n = data.draw(st.integers(1, 3), label="n")
    z = zonotope(
        data.draw(rational_generator_matrices(dim=n, max_generators=4), label="G"),
        shift=data.draw(rational_points(dim=n), label="shift"),
    )
    P = convex_hull(z.vertices)
    assert (to_ext(z), to_ine(z), to_json(z)) == (to_ext(P), to_ine(P), to_json(P))
    assert from_ext(to_ext(z)) == from_ine(to_ine(z)) == from_json(to_json(z)) == P


# --- known answers -------------------------------------------------------------------


def test_unit_square_by_hand():
    assert from_ext(SQUARE_EXT).vertices == SQUARE
    assert from_ine(SQUARE_INE).vertices == SQUARE
    P = convex_hull(SQUARE)
    assert to_ext(P) == (
        "* tropgeo-polytope/1\nV-representation\nbegin\n4 3 rational\n1 0 0\n1 0 1\n1 1 0\n1 1 1\nend\n"
    )
    assert to_ine(P) == (
        "* tropgeo-polytope/1\nH-representation\nbegin\n4 3 rational\n0 0 1\n0 1 0\n1 -1 0\n1 0 -1\nend\n"
    )
    assert json.loads(to_json(P)) == {
        "format": "tropgeo-polytope/1",
        "ambient_dim": 2,
        "dim": 2,
        "convention": "rows are [b, a_1, ..., a_d]: equations b + a.x = 0, inequalities b + a.x >= 0",
        "vertices": [["0", "0"], ["0", "1"], ["1", "0"], ["1", "1"]],
        "equations": [],
        "inequalities": [["0", "0", "1"], ["0", "1", "0"], ["1", "-1", "0"], ["1", "0", "-1"]],
    }


def test_cddlib_example_with_linearity_and_redundant_rows():
    assert from_ine(SAMPLEH5).vertices == ((0, 0, 0), (0, 1, 0), (1, 0, 0))


def test_redundant_points_in_ext_are_dropped_as_in_cddlib():
    text = SQUARE_EXT.replace(" 4 3", " 5 3").replace("end", " 1 1/2 1/3\nend")
    assert from_ext(text).vertices == SQUARE


def test_single_point_with_rational_coordinates():
    p = (Fraction(1, 2), -3, Fraction(7, 3))
    P = convex_hull([p])
    assert to_ext(P).splitlines()[3:] == ["1 4 rational", "1 1/2 -3 7/3", "end"]
    assert to_ine(P).splitlines()[2:] == [
        "linearity 3 1 2 3", "begin", "3 4 rational", "-7 0 0 3", "-1 2 0 0", "3 0 1 0", "end",
    ]
    assert from_ext(to_ext(P)).vertices == from_ine(to_ine(P)).vertices == from_json(to_json(P)).vertices == (p,)


def test_segment_in_r3():
    S = convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6)])
    assert to_ine(S).splitlines()[2] == "linearity 2 1 2"
    assert from_ine(to_ine(S)).vertices == ((0, 0, 0), (2, 4, 6))
    assert json.loads(to_json(S))["dim"] == 1
    assert from_ext(to_ext(S)) == from_json(to_json(S)) == S


def test_linearity_after_end_and_comments_and_blank_lines_are_read():
    text = "* x1 = 0 here\n\nH-representation\nbegin\n\n4 3 integer\n0 1 0\n0 0 1\n1 -1 0\n1 0 -1\n\nend\n\nlinearity 1 1\n* done\n"
    assert from_ine(text).vertices == ((0, 0), (0, 1))


def test_ine_without_representation_line_is_h_as_in_cddlib():
    assert from_ine(SQUARE_INE.replace("H-representation\n", "")).vertices == SQUARE


def test_json_accepts_integers_any_vertex_order_and_scaled_rows():
    text = json.dumps({
        "format": JSON_FORMAT, "ambient_dim": 2, "vertices": [[1, 1], ["0", "0"], ["1", "0"], ["0", "1"]],
        "inequalities": [["0", "0", "2"], ["0", "1", "0"], ["3", "-3", "0"], ["1", "0", "-1"]],
    })
    assert from_json(text).vertices == SQUARE


def test_top_level_names():
    for name in ("to_ext", "from_ext", "to_ine", "from_ine", "to_json", "from_json", "write_polytope", "read_polytope"):
        assert name in tropgeo.__all__
        assert getattr(tropgeo, name) is getattr(tropgeo.export, name)


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["0.5", "nan", "inf", "-inf", "1e3", "1/0", "3/-4", "0x1", "1//2", "", "\uff11", "1/2/3"])
def test_non_rational_tokens_are_refused(token):
    text = SQUARE_EXT.replace(" 1 1 1", f" 1 1 {token}")
    with pytest.raises(InvalidInputError, match="text line 8"):
        from_ext(text)


def test_zero_denominator_is_named():
    with pytest.raises(InvalidInputError, match=r"line 8, column 3: '1/0' has a zero denominator"):
        from_ext(SQUARE_EXT.replace(" 1 1 1", " 1 1 1/0"))


def test_fraction_in_an_integer_file_is_refused():
    with pytest.raises(InvalidInputError, match=r"line 5, column 1: '1/2' is not an integer"):
        from_ine(SQUARE_INE.replace(" 0 1 0", " 1/2 1 0"))


BAD_EXT = [
    (SQUARE_EXT.replace(" 1 1 1", " 1 1"), r"line 8: 2 numbers; expected n=3"),
    (SQUARE_EXT.replace(" 1 1 1", " 1 1 1 1"), r"line 8: 4 numbers; expected n=3"),
    (SQUARE_EXT.replace("begin\n", ""), r"line 3: unexpected ' 4 3 rational' before 'begin'|line 3: unexpected '4 3 rational' before 'begin'"),
    ("* nothing\nV-representation\n", r"no 'begin' line"),
    (SQUARE_EXT.replace("end\n", ""), r"no 'end' after the m=4 rows"),
    (SQUARE_EXT.replace(" 4 3", " 5 3"), r"line 9: 'end' after 4 rows; the size line says m=5"),
    (SQUARE_EXT.replace(" 4 3", " 3 3"), r"line 8: expected 'end' after the m=3 rows"),
    (SQUARE_EXT.replace(" 4 3 rational", " 4 3"), r"line 4: expected the size line 'm n rational'"),
    (SQUARE_EXT.replace(" 4 3 rational", " -4 3 rational"), r"line 4: expected the size line"),
    (SQUARE_EXT.replace("rational", "real"), r"line 4: number type 'real' is inexact"),
    (SQUARE_EXT.replace("rational", "float"), r"line 4: number type 'float' must be 'rational' or 'integer'"),
    ("V-representation\nbegin\n1 1 rational\n1\nend\n", r"line 3: n=1 columns; expected n >= 2"),
    (SQUARE_EXT.replace("V-representation\n", ""), r"no 'V-representation' line"),
    (SQUARE_EXT.replace("V-repr", "H-repr"), r"line 2: expected 'V-representation', found 'H-representation' \(read it with from_ine\)"),
    (SQUARE_EXT.replace("begin", "V-representation\nbegin"), r"line 3: a second representation line"),
    (SQUARE_EXT.replace("* the", "the"), r"line 1: unexpected 'the unit square, written by hand' before 'begin'"),
    (SQUARE_EXT + "project 3 1 2 3\n", r"line 10: 'project 3 1 2 3' after 'end'"),
    (SQUARE_EXT.replace(" 1 1 1", " 0 1 1"), r"line 8: a ray \(first column 0\)"),
    (SQUARE_EXT.replace(" 1 1 1", " 2 1 1"), r"line 8: first column 2; expected 1"),
    (SQUARE_EXT + "linearity 1 4\n", r"linearity rows \[4\] make lines"),
    ("V-representation\nbegin\n0 3 rational\nend\n", r"m=0 rows; the empty set is not a Polytope"),
]


@pytest.mark.parametrize("text, message", BAD_EXT)
def test_bad_ext_text(text, message):
    with pytest.raises(InvalidInputError, match=message):
        from_ext(text)


BAD_INE = [
    (SQUARE_INE.replace("H-repr", "V-repr"), r"found 'V-representation' \(read it with from_ext\)"),
    (SQUARE_INE.replace(" 1 0 -1\n", "").replace(" 4 3", " 3 3"), r"the polyhedron is unbounded \(1 rays, 0 lines, e.g. the direction \(0, 1\)\)"),
    ("H-representation\nbegin\n0 3 rational\nend\n", r"unbounded \(0 rays, 2 lines"),
    ("H-representation\nbegin\n2 3 rational\n0 1 0\n0 0 1\nend\n", r"unbounded \(2 rays, 0 lines"),  # a cone: no vertex reported
    (SQUARE_INE.replace(" 1 -1 0", " -2 -1 0"), r"the rows have no common solution; the empty set is not a Polytope"),
    (SQUARE_INE.replace("begin", "linearity 2 1\nbegin"), r"line 3: 'linearity 2' announces 2 row numbers, 1 follow"),
    (SQUARE_INE.replace("begin", "linearity 1 5\nbegin"), r"line 3: linearity row 5 is not between 1 and m=4"),
    (SQUARE_INE.replace("begin", "linearity 1 x\nbegin"), r"line 3: expected 'linearity k i_1 ... i_k'"),
    (SQUARE_INE + "maximize\n0 1 1\n", r"line 10: 'maximize' after 'end'"),
]


@pytest.mark.parametrize("text, message", BAD_INE)
def test_bad_ine_text(text, message):
    with pytest.raises(InvalidInputError, match=message):
        from_ine(text)


@pytest.mark.parametrize("reader", [from_ext, from_ine, from_json])
def test_text_must_be_str(reader):
    with pytest.raises(InvalidInputError, match="text must be a str, got bytes"):
        reader(b"V-representation")


@pytest.mark.parametrize("writer", [to_ext, to_ine, to_json])
def test_writers_take_polytopes_and_zonotopes_only(writer):
    with pytest.raises(InvalidInputError, match="P must be a Polytope or a Zonotope, got list"):
        writer([(0, 0), (1, 1)])


def square_json(**changes):
    obj = json.loads(to_json(convex_hull(SQUARE)))
    for key, value in changes.items():
        if value is None:
            del obj[key]
        else:
            obj[key] = value
    return json.dumps(obj)


BAD_JSON = [
    (square_json().replace('["0", "1"]', '["0", 1.0]', 1), r"vertices\[1\]\[1\]=1.0 is a JSON float"),
    (square_json().replace('["0", "1"]', '["0", NaN]', 1), r"vertices\[1\]\[1\]=NaN is a JSON float"),
    (square_json().replace('"ambient_dim": 2', '"ambient_dim": 2.0'), r"ambient_dim=2.0 is a JSON float"),
    (square_json(ambient_dim=True), r"ambient_dim=true must be an integer"),
    (square_json(ambient_dim=3), r"vertices\[0\] must be a list of 3 numbers"),
    (square_json(ambient_dim=0), r"ambient_dim=0 must be >= 1"),
    (square_json().replace('["0", "1"]', '["0", "0.5"]', 1), r"vertices\[1\]\[1\]: '0.5' is not an integer p or a fraction p/q"),
    (square_json().replace('["0", "1"]', '["0", "1/0"]', 1), r"vertices\[1\]\[1\]: '1/0' has a zero denominator"),
    (square_json().replace('["0", "1"]', '["0", null]', 1), r"vertices\[1\]\[1\]=None must be a string"),
    (square_json(format="tropgeo-polytope/2"), r"format=\"tropgeo-polytope/2\" is not supported"),
    (square_json(format=None), r"the key 'format' is missing"),
    (square_json(vertices=None), r"the key 'vertices' is missing"),
    (square_json(vertices=[]), r"vertices must be a nonempty list of rows"),
    (square_json(inequalitys=[]), r"unknown key 'inequalitys'"),
    (square_json(convention="anything"), r"convention must be"),
    (square_json(dim=1), r"dim=1 but the vertices span dimension 2"),
    (square_json(vertices=[["0", "0"], ["1", "1"], ["0", "0"]]), r"vertices lists \(0, 0\) twice"),
    (square_json(vertices=[["0", "0"], ["1", "1"], ["2", "2"]]), r"vertices\[1\]=\(1, 1\) is not a vertex"),
    (square_json(inequalities=[["0", "0", "1"], ["0", "1", "0"], ["1", "-1", "0"]]),
     r"inequalities do not match the vertices: the row \(1, 0, -1\) of their convex hull is missing"),
    (square_json(inequalities=[["0", "0", "1"], ["0", "1", "0"], ["1", "-1", "0"], ["2", "0", "-1"]]),
     r"inequalities do not match the vertices: the file's row \(2, 0, -1\)"),
    (square_json(equations=[["0", "1", "0"]]), r"equations do not match the vertices"),
    (square_json(equations=[["1", "0", "0"]]), r"linearly dependent or the rows are inconsistent"),
    (square_json().replace('"dim"', '"dim": 2, "dim"'), r"the key 'dim' twice"),
    ("[1, 2]", r"must hold a JSON object, got list"),
    ("{", r"is not valid JSON"),
]


@pytest.mark.parametrize("text, message", BAD_JSON)
def test_bad_json(text, message):
    with pytest.raises(InvalidInputError, match=message):
        from_json(text)


def test_json_minimal_object_is_enough():
    text = json.dumps({"format": JSON_FORMAT, "ambient_dim": 2, "vertices": [["1/2", "0"]]})
    assert from_json(text).vertices == ((Fraction(1, 2), 0),)


# --- files ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".ext", ".ine", ".json", ".EXT"])
def test_file_round_trip(tmp_path, suffix):
    P = convex_hull([(0, Fraction(1, 3), 0), (1, 1, 1), (2, 0, Fraction(-5, 2)), (1, 1, 0)])
    path = tmp_path / f"P{suffix}"
    assert write_polytope(P, path) == str(path)
    assert read_polytope(path) == P
    assert sorted(os.listdir(tmp_path)) == [path.name]  # no temporary file left behind
    z = zonotope([[1, 0, 0], [0, 1, 0], [1, 1, 1]])
    write_polytope(z, str(path))  # our own file: replaced without overwrite=True
    assert read_polytope(str(path)) == convex_hull(z.vertices)


def test_explicit_format_with_another_suffix(tmp_path):
    path = tmp_path / "P.txt"
    write_polytope(convex_hull(SQUARE), path, format="ine")
    assert path.read_text().startswith("* tropgeo-polytope/1\nH-representation\n")
    assert read_polytope(path, format="ine").vertices == SQUARE
    with pytest.raises(InvalidInputError, match=r"has suffix '.txt'; expected .ext, .ine or .json"):
        read_polytope(path)


@pytest.mark.parametrize(
    "name, fmt, message",
    [
        ("P.ext", "json", r"format='json' contradicts the suffix '.ext'"),
        ("P.txt", None, r"has suffix '.txt'"),
        ("P.json", "xml", r"format='xml' must be 'ext', 'ine', 'json' or None"),
    ],
)
def test_bad_formats(tmp_path, name, fmt, message):
    with pytest.raises(InvalidInputError, match=message):
        write_polytope(convex_hull(SQUARE), tmp_path / name, fmt)
    assert not (tmp_path / name).exists()


FOREIGN = [
    "precious user data\n",
    '{"format": "tropgeo-certificate/1", "pairs": []}\n',
    "* tropgeo-polytope/1 is not the whole line\n",
    # a first line (or first 64 bytes) like ours proves nothing: the whole file must parse
    '{"format": "tropgeo-polytope/1", "mine": "x"}\n',
    '{"format": "tropgeo-polytope/1", "ambient_dim": 2, "vertices": [["0", "0"]], "notes": "mine"}\n',
    "* tropgeo-polytope/1\nmy notes about polytopes, not a polytope\n",
    "* tropgeo-polytope/1\nV-representation\nbegin\n1 3 rational\n1 0 0\nend\nand more of my notes\n",
]


@pytest.mark.parametrize("name", ["data.ext", "data.ine", "data.json"])
@pytest.mark.parametrize("content", FOREIGN)
def test_never_overwrites_foreign_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InvalidInputError, match="exists and is not a polytope file written by tropgeo"):
        write_polytope(convex_hull(SQUARE), path)
    assert path.read_text() == content
    write_polytope(convex_hull(SQUARE), path, overwrite=True)
    assert read_polytope(path).vertices == SQUARE


def test_cddlib_file_not_written_by_tropgeo_is_not_overwritten(tmp_path):
    path = tmp_path / "square.ext"
    path.write_text(SQUARE_EXT)
    with pytest.raises(InvalidInputError, match="refusing to overwrite"):
        write_polytope(convex_hull([(0, 0)]), path)
    assert path.read_text() == SQUARE_EXT


def test_directories_links_and_missing_folders(tmp_path):
    P = convex_hull(SQUARE)
    (tmp_path / "d.ext").mkdir()
    with pytest.raises(InvalidInputError, match="is a directory"):
        write_polytope(P, tmp_path / "d.ext", overwrite=True)
    target = tmp_path / "target.ext"
    write_polytope(P, target)
    (tmp_path / "link.ext").symlink_to(target)
    with pytest.raises(InvalidInputError, match="exists and is not a regular file"):
        write_polytope(P, tmp_path / "link.ext", overwrite=True)
    with pytest.raises(InvalidInputError, match="cannot be written"):
        write_polytope(P, tmp_path / "no" / "such" / "P.ext")
    with pytest.raises(InvalidInputError, match="overwrite=1 must be True or False"):
        write_polytope(P, tmp_path / "P.ext", overwrite=1)
    with pytest.raises(InvalidInputError, match="must be a str or os.PathLike"):
        write_polytope(P, b"P.ext")


def test_written_file_has_normal_permissions(tmp_path):
    path = tmp_path / "P.json"
    write_polytope(convex_hull(SQUARE), path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask


def test_read_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.ext"
    bad.write_text(SQUARE_EXT.replace(" 1 1 1", " 1 1 0.5"))
    with pytest.raises(InvalidInputError, match=r"bad.ext' line 8, column 3: '0.5'"):
        read_polytope(bad)
    with pytest.raises(InvalidInputError, match=r"missing.json' cannot be read"):
        read_polytope(tmp_path / "missing.json")
    binary = tmp_path / "binary.ine"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InvalidInputError, match="is not UTF-8 text"):
        read_polytope(binary)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(square_json().replace('["0", "1"]', '["0", 1.5]', 1))
    with pytest.raises(InvalidInputError, match=r"bad.json': vertices\[1\]\[1\]=1.5 is a JSON float"):
        read_polytope(bad_json)


def test_crlf_and_byte_order_mark_are_read(tmp_path):
    assert from_ext(SQUARE_EXT.replace("\n", "\r\n")).vertices == SQUARE
    path = tmp_path / "square.ine"
    path.write_bytes(b"\xef\xbb\xbf" + SQUARE_INE.replace("\n", "\r\n").encode())
    assert read_polytope(path).vertices == SQUARE


def test_numbers_beyond_pythons_digit_limit_are_refused_clearly():
    huge = "7" * 5000
    with pytest.raises(SizeLimitError, match="more digits than Python reads"):
        from_ext(SQUARE_EXT.replace(" 1 1 1", f" 1 1 {huge}"))
    with pytest.raises(SizeLimitError, match="more decimal digits than Python converts to text"):
        to_ext(convex_hull([(10**5000 + 1,)]))


@pytest.mark.parametrize("suffix", [".ext", ".ine", ".json"])
def test_rewriting_our_file_keeps_its_permission_bits(tmp_path, suffix):
    path = tmp_path / f"P{suffix}"
    write_polytope(convex_hull(SQUARE), path)
    os.chmod(path, 0o600)
    write_polytope(convex_hull([(0, 0), (2, 0), (0, 2)]), path)  # ours: replaced, mode kept
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_polytope(path).vertices == ((0, 0), (0, 2), (2, 0))
    foreign = tmp_path / f"notes{suffix}"
    foreign.write_text("my notes\n")
    os.chmod(foreign, 0o640)
    write_polytope(convex_hull(SQUARE), foreign, overwrite=True)
    assert stat.S_IMODE(os.stat(foreign).st_mode) == 0o640


def test_hand_written_files_in_our_format_are_ours(tmp_path):
    # the test is "parses completely as a tropgeo polytope file", not "tropgeo wrote it"
    for name, text in (
        ("a.ext", "* tropgeo-polytope/1\nV-representation\nbegin\n2 2 rational\n1 0\n1 1/2\nend\n"),
        ("b.ine", "* tropgeo-polytope/1\nH-representation\nbegin\n2 2 integer\n0 1\n1 -1\nend\n"),
        ("c.json", '{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [["0"], [1]]}'),
    ):
        (tmp_path / name).write_text(text)
        write_polytope(convex_hull(SQUARE), tmp_path / name)
        assert read_polytope(tmp_path / name).vertices == SQUARE


def test_nul_byte_in_a_path_is_invalid_input(tmp_path):
    for call in (
        lambda: read_polytope(str(tmp_path / "a\x00b.ext")),
        lambda: write_polytope(convex_hull(SQUARE), str(tmp_path / "a\x00b.ext")),
    ):
        with pytest.raises(InvalidInputError, match="contains a NUL byte"):
            call()


def test_fifos_and_devices_are_refused_without_reading(tmp_path):
    # A FIFO blocked read_polytope forever, a link to /dev/zero read until MemoryError: run
    # in a fresh interpreter (with a memory cap) so that a regression fails, not hangs.
    os.mkfifo(tmp_path / "x.ext")
    (tmp_path / "zero.ext").symlink_to("/dev/zero")
    (tmp_path / "dir.json").mkdir()
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
        from tropgeo.errors import InvalidInputError
        from tropgeo.export import read_polytope, write_polytope
        from tropgeo import convex_hull
        folder = {str(tmp_path)!r}
        for name in ("x.ext", "zero.ext", "dir.json"):
            try:
                read_polytope(folder + "/" + name)
            except InvalidInputError as e:
                print(str(e).replace(folder, "<tmp>"))
        try:  # a FIFO is not replaced either, even with overwrite=True
            write_polytope(convex_hull([(0,)]), folder + "/x.ext", overwrite=True)
        except InvalidInputError as e:
            print(str(e).replace(folder, "<tmp>"))
        """
    )
    root = pathlib.Path(__file__).resolve().parents[1]
    try:
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(root), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO or /dev/zero did not return within 60 s")
    assert res.returncode == 0, res.stderr[-500:]
    assert res.stdout.splitlines() == [
        "path='<tmp>/x.ext' is a FIFO, not a regular file; refusing to read it",
        "path='<tmp>/zero.ext' is a character device, not a regular file; refusing to read it",
        "path='<tmp>/dir.json' is a directory, not a regular file; refusing to read it",
        "path='<tmp>/x.ext' exists and is not a regular file; refusing to write there",
    ]


def test_files_larger_than_max_bytes_are_refused_with_their_size(tmp_path):
    path = tmp_path / "P.ext"
    write_polytope(convex_hull(SQUARE), path)
    size = path.stat().st_size
    assert read_polytope(path, max_bytes=size).vertices == SQUARE
    with pytest.raises(SizeLimitError, match=f"holds {size} bytes, more than max_bytes={size - 1}"):
        read_polytope(path, max_bytes=size - 1)
    for bad in (0, True, 1.5):
        with pytest.raises(InvalidInputError, match="max_bytes"):
            read_polytope(path, max_bytes=bad)


def test_a_bare_json_integer_beyond_pythons_digit_limit_is_a_size_limit():
    huge = "7" * 5000
    for number in (huge, f'"{huge}"'):  # a JSON integer and the same number as a string
        text = '{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [[%s]]}' % number
        with pytest.raises(SizeLimitError, match="more digits than Python reads"):
            from_json(text)


def _cube_ine(d):
    rows = [[0] + [int(i == j) for j in range(d)] for i in range(d)]
    rows += [[1] + [-int(i == j) for j in range(d)] for i in range(d)]
    return "H-representation\nbegin\n%d %d rational\n" % (2 * d, d + 1) + "\n".join(
        " ".join(map(str, r)) for r in rows) + "\nend\n"


def test_ine_cubes_known_answers_and_the_vertex_guard(tmp_path):
    """A d-cube has 2^d vertices; its .ine file of 2d rows is read quickly up to d = 11 (a
    general hull re-check took 80 s there, per review) and refused at d = 20 by the upper
    bound theorem before cddlib runs, in the file reader too."""
    P = from_ine(_cube_ine(11))
    assert P.n_vertices == 2**11 and P.vertices[0] == (0,) * 11 and P.vertices[-1] == (1,) * 11
    with pytest.raises(SizeLimitError, match=r"40 inequalities in dimension 20 may have up to 40060020 vertices"):
        from_ine(_cube_ine(20))
    path = tmp_path / "cube20.ine"
    path.write_text(_cube_ine(20))
    with pytest.raises(SizeLimitError, match="max_vertices=1000"):
        read_polytope(path, max_vertices=1000)
    assert from_ine(_cube_ine(3), max_vertices=8).n_vertices == 8  # the bound for m=6, d=3 is 8


@pytest.mark.parametrize("bad", [(Fraction(1, 2), 0), (2, 0)])
def test_ine_vertices_from_cddlib_are_rechecked_exactly(bad, monkeypatch):
    """A point that is not a vertex (on an edge, or outside) among cddlib's output is caught."""
    from tropgeo import _cdd
    from tropgeo.errors import BackendError

    real = _cdd.v_representation

    def doctored(eqs, ineqs, dim, **kw):
        points, rays, lines = real(eqs, ineqs, dim, **kw)
        return tuple(sorted(points + (bad,))), rays, lines

    monkeypatch.setattr(_cdd, "v_representation", doctored)
    with pytest.raises(BackendError, match="not a vertex|violates"):
        from_ine(_cube_ine(2))


def test_zonotopes_are_written_from_their_own_facets(tmp_path):
    # 18 generic generators in R^4 (1632 facets): the general H-representation of the
    # vertices refused this (SizeLimitError, upper bound theorem) and took 6 s for 14; the
    # zonotope's own facets give the same rows at once
    import random
    import time

    rnd = random.Random(0)
    z = zonotope([[rnd.randint(-1000, 1000) for _ in range(4)] for _ in range(18)])
    start = time.perf_counter()
    ine, js = tropgeo.to_ine(z), tropgeo.to_json(z)
    write_polytope(z, tmp_path / "z.ine")
    write_polytope(z, tmp_path / "z.json")
    assert time.perf_counter() - start < 5
    assert z.n_facets == 1632 and ine.count("\n") > 1632
    obj = json.loads(js)
    assert len(obj["inequalities"]) == 1632 and obj["dim"] == 4 and len(obj["vertices"]) == z.n_vertices
    assert (tmp_path / "z.ine").read_text() == ine and (tmp_path / "z.json").read_text() == js + "\n"
    # same text as the Polytope of the vertices, on a smaller (also lower-dimensional) case
    small = zonotope([[1, 0, 0], [0, 1, 0], [1, 1, 0], [Fraction(1, 2), 2, 0]], shift=[0, 0, 3])
    P = convex_hull(small.vertices)
    assert tropgeo.to_ine(small) == tropgeo.to_ine(P) and tropgeo.to_json(small) == tropgeo.to_json(P)
    assert tropgeo.to_ext(small) == tropgeo.to_ext(P)

"""Export and re-check: exact polytopes as cddlib ``.ext`` / ``.ine`` text and as JSON.

Every number is written exactly, as an integer ``p`` or a fraction ``p/q``, so that
another exact tool (cddlib's ``scdd_gmp``, polymake, Sage, a hand check) can re-check a
result.  Reading validates: headers, column counts and every number token are checked
(decimals, exponents, ``nan`` and ``inf`` are refused, never rounded), an ``.ine`` is
turned into vertices by cddlib's exact (GMP) vertex enumeration, and unbounded or empty
input is refused with an :class:`~tropgeo.errors.InvalidInputError` that names the line.

Formats
-------
``.ext``
    cddlib's V-representation: rows ``1 v_1 ... v_d``, one per vertex.
``.ine``
    cddlib's H-representation: rows ``b -a_1 ... -a_d`` for ``b - a . x >= 0``, i.e. exactly
    the rows ``(b, a_1, ..., a_d)`` of :attr:`Polytope.inequalities
    <tropgeo.polytope.Polytope.inequalities>` (``b + a . x >= 0``); the equations of the
    affine hull come first and are named on a ``linearity k 1 ... k`` line before ``begin``.
``.json``
    An object with ``"format": "tropgeo-polytope/1"``, the ambient and affine dimension, the
    vertices and both parts of the H-representation, every number a string ``"p"`` or
    ``"p/q"``.

Files written by tropgeo start with ``* tropgeo-polytope/1`` (a cddlib comment) or
``{"format": "tropgeo-polytope/1"``; :func:`write_polytope` overwrites only such files
unless told ``overwrite=True``.

Examples
--------
>>> from tropgeo import convex_hull
>>> P = convex_hull([(0, 0), (2, 0), (0, 1)])
>>> print(to_ext(P), end="")
* tropgeo-polytope/1
V-representation
begin
3 3 rational
1 0 0
1 0 1
1 2 0
end
>>> print(to_ine(P), end="")
* tropgeo-polytope/1
H-representation
begin
3 3 rational
0 0 1
0 1 0
2 -1 -2
end
>>> from_ext(to_ext(P)) == from_ine(to_ine(P)) == from_json(to_json(P)) == P
True
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from fractions import Fraction
from typing import Any, Union

from tropgeo import _cdd
from tropgeo._hrep import canonical_rows
from tropgeo.errors import BackendError, InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope, _from_vertices, convex_hull
from tropgeo.zonotope import Zonotope

__all__ = [
    "JSON_FORMAT",
    "to_ext",
    "from_ext",
    "to_ine",
    "from_ine",
    "to_json",
    "from_json",
    "write_polytope",
    "read_polytope",
]

JSON_FORMAT = "tropgeo-polytope/1"
"""The ``"format"`` value of tropgeo's polytope JSON (and the marker comment of its cdd files)."""

_MARKER = f"* {JSON_FORMAT}"
_JSON_PREFIX = '{"format": "tropgeo-polytope/'
_CONVENTION = "rows are [b, a_1, ..., a_d]: equations b + a.x = 0, inequalities b + a.x >= 0"
_SUFFIXES = {".ext": "ext", ".ine": "ine", ".json": "json"}
_JSON_KEYS = ("format", "ambient_dim", "dim", "convention", "vertices", "equations", "inequalities")
_JSON_REQUIRED = ("format", "ambient_dim", "vertices")

# ASCII digits only: str.isdigit would let '²' or Arabic-Indic digits through.
_RATIONAL = re.compile(r"[+-]?[0-9]+(?:/[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_COUNT = re.compile(r"[0-9]{1,18}")

PolytopeLike = Union[Polytope, Zonotope]
PathLike = Union[str, os.PathLike[str]]


# --- numbers -------------------------------------------------------------------------


def _show(s: str, limit: int = 60) -> str:
    """``repr`` of a (possibly huge) token or line, shortened for messages."""
    return repr(s) if len(s) <= limit else repr(s[:limit]) + "..."


def _number_text(q: Exact) -> str:
    try:
        if isinstance(q, Fraction):
            return f"{q.numerator}/{q.denominator}"
        return str(q)
    except ValueError:
        # Python refuses int <-> str conversions beyond sys.get_int_max_str_digits() digits.
        raise SizeLimitError(
            "a number has more decimal digits than Python converts to text "
            "(sys.get_int_max_str_digits()); raise that limit to export it"
        ) from None


def _parse_number(token: str, *, where: str, integer_only: bool = False) -> Exact:
    """One exact number ``p`` or ``p/q`` (``p`` only when ``integer_only``)."""
    if not (_INTEGER if integer_only else _RATIONAL).fullmatch(token):
        expected = "an integer" if integer_only else "an integer p or a fraction p/q"
        raise InvalidInputError(
            f"{where}: {_show(token)} is not {expected}; exact files take no decimals, exponents, nan or inf"
        )
    num, _, den = token.partition("/")
    try:
        p, q = int(num), int(den or "1")
    except ValueError:
        raise SizeLimitError(
            f"{where}: {_show(token)} has more digits than Python reads (sys.get_int_max_str_digits())"
        ) from None
    if q == 0:
        raise InvalidInputError(f"{where}: {_show(token)} has a zero denominator")
    if q == 1:
        return p
    x = Fraction(p, q)
    return int(x.numerator) if x.denominator == 1 else x


# --- polytopes -----------------------------------------------------------------------


def _as_polytope(P: Any, name: str = "P") -> Polytope:
    if isinstance(P, Polytope):
        return P
    if isinstance(P, Zonotope):
        # Zonotope.vertices are exactly the vertices, sorted and canonical.
        return _from_vertices(P.vertices)
    raise InvalidInputError(f"{name} must be a Polytope or a Zonotope, got {type(P).__name__}")


def _row_text(row: tuple[Exact, ...]) -> str:
    return " ".join(_number_text(x) for x in row)


def _cdd_text(kind: str, rows: list[tuple[Exact, ...]], n_cols: int, n_linearity: int = 0) -> str:
    out = [_MARKER, f"{kind}-representation"]
    if n_linearity:
        out.append(f"linearity {n_linearity} " + " ".join(str(i) for i in range(1, n_linearity + 1)))
    out += ["begin", f"{len(rows)} {n_cols} rational"]
    out += [_row_text(r) for r in rows]
    out.append("end")
    return "\n".join(out) + "\n"


def to_ext(P: PolytopeLike) -> str:
    """cddlib V-representation (``.ext``) of a polytope, exact.

    Parameters
    ----------
    P : Polytope or Zonotope
        A zonotope is written through its vertices.

    Returns
    -------
    str
        ``V-representation``, ``begin``, ``m d+1 rational``, one row ``1 v_1 ... v_d`` per
        vertex (numbers as ``p`` or ``p/q``), ``end``; preceded by the comment line
        ``* tropgeo-polytope/1`` and ending with a newline.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo import convex_hull, zonotope
    >>> print(to_ext(convex_hull([(0, 0, 0), (Fraction(1, 2), 1, Fraction(-3, 2))])), end="")
    * tropgeo-polytope/1
    V-representation
    begin
    2 4 rational
    1 0 0 0
    1 1/2 1 -3/2
    end
    >>> print(to_ext(zonotope([[1, 1]])), end="")
    * tropgeo-polytope/1
    V-representation
    begin
    2 3 rational
    1 0 0
    1 1 1
    end
    """
    P = _as_polytope(P)
    return _cdd_text("V", [(1, *v) for v in P.vertices], P.ambient_dim + 1)


def to_ine(P: PolytopeLike) -> str:
    """cddlib H-representation (``.ine``) of a polytope, exact.

    The rows are the polytope's canonical rows ``(b, a_1, ..., a_d)`` for ``b + a . x``,
    which is cddlib's ``b -A`` convention for ``b - A x >= 0`` with ``A = -a``: first the
    :attr:`~tropgeo.polytope.Polytope.equations` (``= 0``), named on a ``linearity`` line,
    then the facet :attr:`~tropgeo.polytope.Polytope.inequalities` (``>= 0``).

    Parameters
    ----------
    P : Polytope or Zonotope

    Returns
    -------
    str

    Examples
    --------
    The segment from ``(0, 0, 0)`` to ``(1, 2, 3)``: two equations, two facets.

    >>> from tropgeo import convex_hull
    >>> print(to_ine(convex_hull([(0, 0, 0), (1, 2, 3)])), end="")
    * tropgeo-polytope/1
    H-representation
    linearity 2 1 2
    begin
    4 4 rational
    0 0 3 -2
    0 3 0 -1
    0 0 0 1
    3 0 0 -1
    end
    """
    P = _as_polytope(P)
    eqs, ineqs = P.equations, P.inequalities
    return _cdd_text("H", [*eqs, *ineqs], P.ambient_dim + 1, n_linearity=len(eqs))


# --- reading cddlib text -------------------------------------------------------------


def _content(lines: list[str], i: int) -> int:
    """Index of the first non-blank line at or after ``i`` (``len(lines)`` if none)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _parse_cdd(
    text: Any, *, kind: str, source: str
) -> tuple[list[tuple[int, tuple[Exact, ...]]], set[int], int]:
    """Parse cddlib text of representation ``kind`` (``"V"`` or ``"H"``).

    Returns ``(rows, linearity, n)``: the rows with their 0-based line numbers, the
    0-based indices of the linearity rows, and the number ``n`` of columns.
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"{source} must be a str, got {type(text).__name__}")
    lines = text.split("\n")

    def at(k: int) -> str:
        return f"{source} line {k + 1}"

    rep: str | None = None
    rep_line = -1
    lin_specs: list[tuple[int, list[str]]] = []
    i = 0
    while True:
        if i == len(lines):
            raise InvalidInputError(
                f"{source}: no 'begin' line; cddlib text reads '{kind}-representation', 'begin', "
                "'m n rational', m rows, 'end'"
            )
        s = lines[i].strip()
        i += 1
        if not s or s.startswith("*"):
            continue
        if s in ("H-representation", "V-representation"):
            if rep is not None:
                raise InvalidInputError(
                    f"{at(i - 1)}: a second representation line {s!r} (the first is on line {rep_line + 1})"
                )
            rep, rep_line = s[0], i - 1
        elif s.split()[0] == "linearity":
            lin_specs.append((i - 1, s.replace(",", " ").split()[1:]))
        elif s == "begin":
            break
        else:
            raise InvalidInputError(
                f"{at(i - 1)}: unexpected {_show(s)} before 'begin'; expected a comment starting with '*', "
                "'V-representation', 'H-representation' or 'linearity k i_1 ... i_k'"
            )
    other = "H" if kind == "V" else "V"
    if rep == other:
        reader = "from_ine" if other == "H" else "from_ext"
        raise InvalidInputError(
            f"{at(rep_line)}: expected '{kind}-representation', found '{other}-representation' (read it with {reader})"
        )
    if rep is None and kind == "V":
        raise InvalidInputError(
            f"{source}: no 'V-representation' line before 'begin' (without one cddlib reads an H-representation)"
        )

    i = _content(lines, i)
    if i == len(lines):
        raise InvalidInputError(f"{source}: nothing after 'begin'; expected the size line 'm n rational'")
    toks = lines[i].split()
    if len(toks) != 3 or not _COUNT.fullmatch(toks[0]) or not _COUNT.fullmatch(toks[1]):
        raise InvalidInputError(
            f"{at(i)}: expected the size line 'm n rational' (m rows, n columns, m, n >= 0 integers), "
            f"got {_show(lines[i].strip())}"
        )
    m, n, numtype = int(toks[0]), int(toks[1]), toks[2]
    if numtype == "real":
        raise InvalidInputError(
            f"{at(i)}: number type 'real' is inexact; tropgeo reads only 'rational' or 'integer' cddlib text"
        )
    if numtype not in ("rational", "integer"):
        raise InvalidInputError(f"{at(i)}: number type {_show(numtype)} must be 'rational' or 'integer'")
    if n < 2:
        raise InvalidInputError(
            f"{at(i)}: n={n} columns; expected n >= 2 (the leading column and at least one coordinate)"
        )
    i += 1

    rows: list[tuple[int, tuple[Exact, ...]]] = []
    while len(rows) < m:
        i = _content(lines, i)
        if i == len(lines):
            raise InvalidInputError(f"{source}: the text ends after {len(rows)} of the m={m} rows, without 'end'")
        s = lines[i].strip()
        if s == "end":
            raise InvalidInputError(f"{at(i)}: 'end' after {len(rows)} rows; the size line says m={m}")
        toks = s.split()
        if len(toks) != n:
            raise InvalidInputError(
                f"{at(i)}: {len(toks)} numbers; expected n={n} (the size line says {m} rows of {n} columns)"
            )
        row = tuple(
            _parse_number(t, where=f"{at(i)}, column {j + 1}", integer_only=numtype == "integer")
            for j, t in enumerate(toks)
        )
        rows.append((i, row))
        i += 1

    i = _content(lines, i)
    if i == len(lines):
        raise InvalidInputError(f"{source}: no 'end' after the m={m} rows")
    if lines[i].strip() != "end":
        raise InvalidInputError(
            f"{at(i)}: expected 'end' after the m={m} rows, got {_show(lines[i].strip())}"
        )
    for k in range(i + 1, len(lines)):
        s = lines[k].strip()
        if not s or s.startswith("*"):
            continue
        if s.split()[0] == "linearity":  # cddlib also takes it after 'end'
            lin_specs.append((k, s.replace(",", " ").split()[1:]))
            continue
        raise InvalidInputError(
            f"{at(k)}: {_show(s)} after 'end'; tropgeo reads no cddlib option there except 'linearity'"
        )

    linearity: set[int] = set()
    for k, spec in lin_specs:
        if not spec or not all(_COUNT.fullmatch(t) for t in spec):
            raise InvalidInputError(
                f"{at(k)}: expected 'linearity k i_1 ... i_k' with nonnegative integers, got {_show(lines[k].strip())}"
            )
        count, idx = int(spec[0]), [int(t) for t in spec[1:]]
        if count != len(idx):
            raise InvalidInputError(f"{at(k)}: 'linearity {count}' announces {count} row numbers, {len(idx)} follow")
        bad = [r for r in idx if not 1 <= r <= m]
        if bad:
            raise InvalidInputError(f"{at(k)}: linearity row {bad[0]} is not between 1 and m={m}")
        linearity.update(r - 1 for r in idx)
    return rows, linearity, n


def _from_ext(text: Any, *, source: str, max_work: int | None) -> Polytope:
    rows, linearity, _ = _parse_cdd(text, kind="V", source=source)
    if linearity:
        raise InvalidInputError(
            f"{source}: linearity rows {sorted(r + 1 for r in linearity)} make lines; a polytope is bounded"
        )
    if not rows:
        raise InvalidInputError(f"{source}: m=0 rows; the empty set is not a Polytope")
    points = []
    for k, row in rows:
        if row[0] == 0:
            raise InvalidInputError(
                f"{source} line {k + 1}: a ray (first column 0); a polytope is bounded, every row must be a point '1 v_1 ... v_d'"
            )
        if row[0] != 1:
            raise InvalidInputError(
                f"{source} line {k + 1}: first column {_number_text(row[0])}; expected 1 (a point) in an .ext of a polytope"
            )
        points.append(row[1:])
    return convex_hull(points, max_work=max_work)


def _from_ine(text: Any, *, source: str) -> Polytope:
    rows, linearity, n = _parse_cdd(text, kind="H", source=source)
    eqs = [r for k, (_, r) in enumerate(rows) if k in linearity]
    ineqs = [r for k, (_, r) in enumerate(rows) if k not in linearity]
    points, rays, lines = _cdd.v_representation(eqs, ineqs, n - 1)
    # Rays before emptiness: for rows with b = 0 (a cone) cddlib reports a pointed cone by
    # its rays alone, without the apex as a vertex.
    if rays or lines:
        direction = (lines or rays)[0]
        raise InvalidInputError(
            f"{source}: the polyhedron is unbounded ({len(rays)} rays, {len(lines)} lines, e.g. the direction "
            f"{direction!r}); a polytope is bounded"
        )
    if not points:
        raise InvalidInputError(f"{source}: the rows have no common solution; the empty set is not a Polytope")
    P = convex_hull(points, max_work=None)
    if P.vertices != points:
        raise BackendError("cddlib's vertex enumeration returned points that are not vertices")
    return P


def from_ext(text: str, *, max_work: int | None = DEFAULT_MAX_HULL_WORK) -> Polytope:
    """Read cddlib V-representation (``.ext``) text exactly: the convex hull of its points.

    Parameters
    ----------
    text : str
        ``V-representation`` (required), ``begin``, ``m n rational`` (or ``integer``), ``m``
        rows ``1 v_1 ... v_{n-1}`` of integers or fractions ``p/q``, ``end``.  Lines starting
        with ``*`` are comments.  Redundant (non-vertex) points are allowed, as in cddlib.
    max_work : int or None
        Passed to :func:`~tropgeo.polytope.convex_hull`.

    Returns
    -------
    Polytope

    Raises
    ------
    InvalidInputError
        Naming the line, for a malformed header, a wrong column count, a token that is not
        an exact number (``0.5``, ``1e3``, ``nan``), a zero denominator, a ``real`` number
        type, a ray (first column 0) or linearity (lines), and for ``m = 0``.

    Examples
    --------
    >>> square = '''V-representation
    ... begin
    ... 4 3 rational
    ... 1 0 0
    ... 1 1 0
    ... 1 0 1
    ... 1 1 1
    ... end'''
    >>> from_ext(square)
    Polytope(vertices=((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> from_ext(square.replace("1 1 1", "1 1 1/2")).vertices[-1]
    (1, Fraction(1, 2))
    >>> from_ext(square.replace("1 1 1", "1 1 0.5"))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: text line 7, column 3: '0.5' is not an integer p or a fraction p/q; exact files take no decimals, exponents, nan or inf
    >>> from_ext(square.replace("1 1 1", "0 1 1"))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: text line 7: a ray (first column 0); a polytope is bounded, every row must be a point '1 v_1 ... v_d'
    """
    return _from_ext(text, source="text", max_work=max_work)


def from_ine(text: str) -> Polytope:
    """Read cddlib H-representation (``.ine``) text exactly: its vertices by cddlib (GMP).

    Parameters
    ----------
    text : str
        ``H-representation`` (cddlib's default when absent), optionally
        ``linearity k i_1 ... i_k`` (rows that are equations; before ``begin`` or after
        ``end``), ``begin``, ``m n rational`` (or ``integer``), ``m`` rows ``b -a_1 ...
        -a_{n-1}`` meaning ``b - a . x >= 0``, ``end``.  Redundant rows are allowed.

    Returns
    -------
    Polytope

    Raises
    ------
    InvalidInputError
        For malformed text (naming the line, as :func:`from_ext`), for rows without a
        common solution (the empty set) and for an unbounded polyhedron.

    Examples
    --------
    The unit square ``0 <= x_1, x_2 <= 1``, and a wedge that is not bounded:

    >>> square = '''H-representation
    ... begin
    ... 4 3 rational
    ... 0 1 0
    ... 0 0 1
    ... 1 -1 0
    ... 1 0 -1
    ... end'''
    >>> from_ine(square)
    Polytope(vertices=((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> from_ine(square.replace("4 3", "2 3").replace("1 -1 0\\n1 0 -1\\n", ""))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: text: the polyhedron is unbounded (2 rays, 0 lines, e.g. the direction (0, 1)); a polytope is bounded
    >>> from_ine("linearity 1 1\\n" + square)    # row 1 becomes the equation x_1 = 0
    Polytope(vertices=((0, 0), (0, 1)))
    """
    return _from_ine(text, source="text")


# --- JSON ----------------------------------------------------------------------------


def to_json(P: PolytopeLike) -> str:
    """tropgeo's JSON for a polytope: vertices and H-representation as exact strings.

    Keys, in this order: ``"format"`` (``"tropgeo-polytope/1"``), ``"ambient_dim"``,
    ``"dim"``, ``"convention"`` (the row convention in words), ``"vertices"`` (sorted),
    ``"equations"`` and ``"inequalities"`` (canonical rows ``[b, a_1, ..., a_d]`` for
    ``b + a . x = 0`` and ``>= 0``).  Every number is a string ``"p"`` or ``"p/q"``.

    Parameters
    ----------
    P : Polytope or Zonotope

    Returns
    -------
    str
        One line of JSON (no trailing newline).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo import convex_hull
    >>> print(to_json(convex_hull([(0, 0), (Fraction(1, 2), 0)])))
    {"format": "tropgeo-polytope/1", "ambient_dim": 2, "dim": 1, "convention": "rows are [b, a_1, ..., a_d]: equations b + a.x = 0, inequalities b + a.x >= 0", "vertices": [["0", "0"], ["1/2", "0"]], "equations": [["0", "0", "1"]], "inequalities": [["0", "1", "0"], ["1", "-2", "0"]]}
    """
    P = _as_polytope(P)

    def matrix(rows: tuple[tuple[Exact, ...], ...]) -> list[list[str]]:
        return [[_number_text(x) for x in r] for r in rows]

    obj = {
        "format": JSON_FORMAT,
        "ambient_dim": P.ambient_dim,
        "dim": P.dim,
        "convention": _CONVENTION,
        "vertices": matrix(P.vertices),
        "equations": matrix(P.equations),
        "inequalities": matrix(P.inequalities),
    }
    return json.dumps(obj)


class _JsonFloat:
    """A JSON number with a fraction, exponent, or NaN/Infinity: kept as text, then refused."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidInputError(f"the JSON object has the key {_show(key)} twice")
        out[key] = value
    return out


def _json_number(x: Any, where: str) -> Exact:
    if isinstance(x, _JsonFloat):
        raise InvalidInputError(
            f"{where}={x.text} is a JSON float; exact numbers are written as strings 'p' or 'p/q'"
        )
    if isinstance(x, bool) or not isinstance(x, (str, int)):
        raise InvalidInputError(f"{where}={x!r} must be a string 'p' or 'p/q'")
    if isinstance(x, int):
        return x
    return _parse_number(x, where=where)


def _json_matrix(x: Any, where: str, n_cols: int, *, nonempty: bool) -> list[tuple[Exact, ...]]:
    if not isinstance(x, list) or (nonempty and not x):
        what = "a nonempty list" if nonempty else "a list"
        raise InvalidInputError(f"{where} must be {what} of rows, got {_show(json.dumps(x, default=str))}")
    out = []
    for i, row in enumerate(x):
        if not isinstance(row, list) or len(row) != n_cols:
            raise InvalidInputError(
                f"{where}[{i}] must be a list of {n_cols} numbers, got {_show(json.dumps(row, default=str))}"
            )
        out.append(tuple(_json_number(v, f"{where}[{i}][{j}]") for j, v in enumerate(row)))
    return out


def _from_json(text: Any, *, source: str, max_work: int | None) -> Polytope:
    if not isinstance(text, str):
        raise InvalidInputError(f"{source} must be a str, got {type(text).__name__}")
    try:
        obj = json.loads(
            text, object_pairs_hook=_json_object, parse_float=_JsonFloat, parse_constant=_JsonFloat
        )
    except InvalidInputError as exc:
        raise InvalidInputError(f"{source}: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InvalidInputError(f"{source} is not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InvalidInputError(f"{source} must hold a JSON object, got {type(obj).__name__}")
    unknown = [k for k in obj if k not in _JSON_KEYS]
    if unknown:
        raise InvalidInputError(f"{source}: unknown key {_show(unknown[0])}; the keys of {JSON_FORMAT} are {list(_JSON_KEYS)}")
    missing = [k for k in _JSON_REQUIRED if k not in obj]
    if missing:
        raise InvalidInputError(f"{source}: the key {missing[0]!r} is missing")
    if obj["format"] != JSON_FORMAT:
        fmt = obj["format"]
        shown = fmt.text if isinstance(fmt, _JsonFloat) else json.dumps(fmt)
        shown = shown if len(shown) <= 60 else shown[:60] + "..."
        raise InvalidInputError(f"{source}: format={shown} is not supported; expected {JSON_FORMAT!r}")
    if "convention" in obj and obj["convention"] != _CONVENTION:
        raise InvalidInputError(f"{source}: convention must be {_CONVENTION!r}")
    for key in ("ambient_dim", "dim"):
        val = obj.get(key, 1)
        if isinstance(val, _JsonFloat):
            raise InvalidInputError(f"{source}: {key}={val.text} is a JSON float; expected an integer")
        if isinstance(val, bool) or not isinstance(val, int) or val < 0:
            raise InvalidInputError(f"{source}: {key}={json.dumps(val, default=str)} must be an integer >= 0")
    d = obj["ambient_dim"]
    if d < 1:
        raise InvalidInputError(f"{source}: ambient_dim={d} must be >= 1")
    points = _json_matrix(obj["vertices"], f"{source}: vertices", d, nonempty=True)
    if len(set(points)) != len(points):
        dup = next(p for k, p in enumerate(points) if p in points[:k])
        raise InvalidInputError(f"{source}: vertices lists {dup!r} twice")
    P = convex_hull(points, max_work=max_work)
    if len(P.vertices) != len(points):
        k, bad = next((k, p) for k, p in enumerate(points) if p not in set(P.vertices))
        raise InvalidInputError(f"{source}: vertices[{k}]={bad!r} is not a vertex of the convex hull of the others")
    if "dim" in obj and obj["dim"] != P.dim:
        raise InvalidInputError(f"{source}: dim={obj['dim']} but the vertices span dimension {P.dim}")
    if "equations" in obj or "inequalities" in obj:
        eqs = _json_matrix(obj.get("equations", []), f"{source}: equations", d + 1, nonempty=False)
        ineqs = _json_matrix(obj.get("inequalities", []), f"{source}: inequalities", d + 1, nonempty=False)
        try:
            got = canonical_rows(eqs, ineqs)
        except BackendError:
            raise InvalidInputError(
                f"{source}: the equations are linearly dependent or the rows are inconsistent"
            ) from None
        for name, given, want in zip(("equations", "inequalities"), got, (P.equations, P.inequalities)):
            if given != want:
                extra = sorted(set(given) - set(want))
                lacking = sorted(set(want) - set(given))
                detail = (
                    f"the file's row {extra[0]!r} (in canonical form) is not one of those of their convex hull"
                    if extra
                    else f"the row {lacking[0]!r} of their convex hull is missing"
                )
                raise InvalidInputError(f"{source}: {name} do not match the vertices: {detail}")
    return P


def from_json(text: str, *, max_work: int | None = DEFAULT_MAX_HULL_WORK) -> Polytope:
    """Read and re-check tropgeo's polytope JSON (see :func:`to_json`).

    The ``"format"`` must be ``"tropgeo-polytope/1"``; ``"ambient_dim"`` and
    ``"vertices"`` are required, ``"dim"``, ``"convention"``, ``"equations"`` and
    ``"inequalities"`` are optional and checked when present; other keys are refused (a
    misspelt key would otherwise go unchecked).  Numbers are strings ``"p"`` or ``"p/q"``
    (JSON integers are accepted too; JSON floats, ``NaN`` and ``Infinity`` are refused).
    The vertices are re-hulled: every listed point must be a vertex, once.  The
    H-representation, when present, must describe the same polytope (compared in
    canonical form, so any positive scaling of a row is fine).

    Parameters
    ----------
    text : str
    max_work : int or None
        Passed to :func:`~tropgeo.polytope.convex_hull`.

    Returns
    -------
    Polytope

    Examples
    --------
    >>> from_json('{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [["-1/3"], ["2"]]}')
    Polytope(vertices=((Fraction(-1, 3),), (2,)))
    >>> from_json('{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [[0.5]]}')
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: text: vertices[0][0]=0.5 is a JSON float; exact numbers are written as strings 'p' or 'p/q'
    >>> from_json('{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [["0"], ["1"], ["2"]]}')
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: text: vertices[1]=(1,) is not a vertex of the convex hull of the others
    """
    return _from_json(text, source="text", max_work=max_work)


# --- files ---------------------------------------------------------------------------


def _path_and_format(path: Any, format: Any) -> tuple[str, str]:
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"path={path!r} must be a str or os.PathLike (of str)")
    p = os.fspath(path)
    if not isinstance(p, str) or not p:
        raise InvalidInputError(f"path={p!r} must be a nonempty str path")
    suffix = os.path.splitext(p)[1].lower()
    if format is None:
        if suffix not in _SUFFIXES:
            raise InvalidInputError(
                f"path={p!r} has suffix {suffix!r}; expected .ext, .ine or .json, or pass format='ext', 'ine' or 'json'"
            )
        return p, _SUFFIXES[suffix]
    if format not in ("ext", "ine", "json"):
        raise InvalidInputError(f"format={format!r} must be 'ext', 'ine', 'json' or None (from the suffix of path)")
    if suffix in _SUFFIXES and _SUFFIXES[suffix] != format:
        raise InvalidInputError(f"format={format!r} contradicts the suffix {suffix!r} of path={p!r}")
    return p, format


def _is_ours(path: str) -> bool:
    """Whether the regular file at ``path`` starts like a polytope file tropgeo writes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith((_MARKER.encode() + b"\n", _MARKER.encode() + b"\r\n", _JSON_PREFIX.encode()))


def write_polytope(P: PolytopeLike, path: PathLike, format: str | None = None, *, overwrite: bool = False) -> str:
    """Write a polytope to a file as ``.ext``, ``.ine`` or ``.json``; return the path.

    The file is written atomically (a temporary file renamed over ``path``) with the usual
    permissions (``0o666`` less the umask).  An existing file is replaced only when it is a
    polytope file written by tropgeo (it starts with ``* tropgeo-polytope/`` or
    ``{"format": "tropgeo-polytope/``) or when ``overwrite=True``; directories, links and
    other non-regular files are never replaced.

    Parameters
    ----------
    P : Polytope or Zonotope
    path : str or os.PathLike
        The directory must exist.
    format : {'ext', 'ine', 'json'} or None
        ``None`` takes it from the suffix of ``path`` (``.ext``, ``.ine``, ``.json``, any
        case); a format contradicting one of these suffixes is refused.
    overwrite : bool
        Replace an existing regular file that tropgeo did not write.

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        For a bad path or format, an existing file that is not ours (without
        ``overwrite=True``), or a file that cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> from tropgeo import convex_hull
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = tmp.name
    >>> path = write_polytope(convex_hull([(0, 0), (1, 1)]), os.path.join(folder, "segment.ine"))
    >>> read_polytope(path)
    Polytope(vertices=((0, 0), (1, 1)))
    >>> with open(os.path.join(folder, "notes.json"), "w") as fh:
    ...     _ = fh.write("{}")
    >>> write_polytope(convex_hull([(0, 0)]), os.path.join(folder, "notes.json"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../notes.json' exists and is not a polytope file written by tropgeo; refusing to overwrite it (pass overwrite=True, remove it, or choose another path)
    >>> tmp.cleanup()
    """
    P = _as_polytope(P)
    if not isinstance(overwrite, bool):
        raise InvalidInputError(f"overwrite={overwrite!r} must be True or False")
    p, fmt = _path_and_format(path, format)
    text = {"ext": to_ext, "ine": to_ine, "json": lambda Q: to_json(Q) + "\n"}[fmt](P)
    if os.path.isdir(p):
        raise InvalidInputError(f"path={p!r} is a directory; give a file path")
    if os.path.lexists(p):
        if os.path.islink(p) or not os.path.isfile(p):
            raise InvalidInputError(f"path={p!r} exists and is not a regular file; refusing to write there")
        if not overwrite and not _is_ours(p):
            raise InvalidInputError(
                f"path={p!r} exists and is not a polytope file written by tropgeo; refusing to overwrite it "
                "(pass overwrite=True, remove it, or choose another path)"
            )
    directory = os.path.dirname(os.path.abspath(p))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tropgeo-polytope-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InvalidInputError(f"path={p!r} cannot be written: {exc.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return p


def read_polytope(
    path: PathLike, format: str | None = None, *, max_work: int | None = DEFAULT_MAX_HULL_WORK
) -> Polytope:
    """Read a polytope from an ``.ext``, ``.ine`` or ``.json`` file (validated as in
    :func:`from_ext`, :func:`from_ine`, :func:`from_json`; messages name the file).

    Parameters
    ----------
    path : str or os.PathLike
    format : {'ext', 'ine', 'json'} or None
        ``None`` takes it from the suffix of ``path``.
    max_work : int or None
        Passed to :func:`~tropgeo.polytope.convex_hull` for ``.ext`` and ``.json`` (an
        ``.ine``'s vertices come from cddlib's vertex enumeration and are checked without
        a limit).

    Returns
    -------
    Polytope

    Examples
    --------
    >>> import os, tempfile
    >>> from tropgeo import zonotope
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = os.path.join(tmp.name, "square.json")
    >>> read_polytope(write_polytope(zonotope([[1, 0], [0, 1]]), path))
    Polytope(vertices=((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> read_polytope(path + ".missing", format="json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../square.json.missing' cannot be read: No such file or directory
    >>> tmp.cleanup()
    """
    p, fmt = _path_and_format(path, format)
    try:
        with open(p, encoding="utf-8-sig") as fh:  # a byte order mark is not content
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"path={p!r} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise InvalidInputError(f"path={p!r} cannot be read: {exc.strerror}") from None
    source = repr(p)
    if fmt == "ext":
        return _from_ext(text, source=source, max_work=max_work)
    if fmt == "ine":
        return _from_ine(text, source=source)
    return _from_json(text, source=source, max_work=max_work)

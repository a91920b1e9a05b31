"""cddlib text: ``.ext`` (V-representation) and ``.ine`` (H-representation), exact.

Writing takes a polytope's sorted vertices or canonical rows; reading validates the text
line by line (:func:`_parse_cdd`) and re-checks it: an ``.ext`` is re-hulled, an ``.ine``
is turned into vertices by cddlib's exact (GMP) vertex enumeration.
"""

from __future__ import annotations

from typing import Any

from tropgeo import _cdd
from tropgeo._hull_kernels import exact_rank, tight_ranks
from tropgeo.errors import BackendError, InvalidInputError, SizeLimitError
from tropgeo.export._numbers import (
    JSON_FORMAT,
    PolytopeLike,
    _COUNT,
    _as_polytope,
    _number_text,
    _parse_number,
    _show,
)
from tropgeo.numbers import Exact, as_int
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope, _from_vertices, convex_hull, max_facet_count
from tropgeo.zonotope import DEFAULT_MAX_VERTICES, Zonotope

__all__ = ["to_ext", "from_ext", "to_ine", "from_ine"]

_MARKER = f"* {JSON_FORMAT}"


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
    if isinstance(P, Zonotope):
        # its own facets, from the generators: no vertex enumeration and no general hull
        eqs, ineqs = P.equations, P.inequalities
        return _cdd_text("H", [*eqs, *ineqs], P.ambient_dim + 1, n_linearity=len(eqs))
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


def _is_cdd_polytope(text: str) -> bool:
    """Whether ``text`` parses completely as a cdd polytope file tropgeo writes: the marker
    comment first, then an ``.ext`` of points or an ``.ine`` (the geometry unchecked)."""
    if not text.startswith(_MARKER + "\n"):
        return False
    try:
        rows, linearity, _ = _parse_cdd(text, kind="V", source="text")
        return bool(rows) and not linearity and all(r[0] == 1 for _, r in rows)
    except (InvalidInputError, SizeLimitError):
        pass
    try:
        _parse_cdd(text, kind="H", source="text")
    except (InvalidInputError, SizeLimitError):
        return False
    return True


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


def _check_vertices(points: tuple[tuple[Exact, ...], ...], eqs: list, ineqs: list, dim: int) -> None:
    """Re-check cddlib's vertex enumeration exactly, without a hull: every point satisfies
    every row, and the rows tight at it have normals of full rank (so it is a vertex)."""
    for p, r in zip(points, tight_ranks(points, eqs, ineqs)):
        if r is None:
            raise BackendError(f"cddlib's vertex enumeration returned {p!r}, which violates a row")
        if r != dim:
            raise BackendError(f"cddlib's vertex enumeration returned {p!r}, which is not a vertex")


def _from_ine(text: Any, *, source: str, max_vertices: int = DEFAULT_MAX_VERTICES) -> Polytope:
    rows, linearity, n = _parse_cdd(text, kind="H", source=source)
    eqs = [r for k, (_, r) in enumerate(rows) if k in linearity]
    ineqs = [r for k, (_, r) in enumerate(rows) if k not in linearity]
    max_vertices = as_int(max_vertices, name="max_vertices", minimum=1)
    # McMullen's upper bound theorem, dually: a d-polytope with m facets has at most
    # max_facet_count(m, d) vertices (d the dimension left after the equations)
    d = n - 1 - exact_rank([r[1:] for r in eqs])
    bound = max_facet_count(len(ineqs), d) if d >= 1 else 1
    if bound > max_vertices:
        raise SizeLimitError(
            f"{source}: {len(ineqs)} inequalities in dimension {d} may have up to {bound} vertices "
            f"(upper bound theorem), more than max_vertices={max_vertices}; pass max_vertices=... to "
            "read it anyway"
        )
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
    if len(set(points)) != len(points) or list(points) != sorted(points):
        raise BackendError("cddlib's vertex enumeration returned repeated or unsorted points")
    _check_vertices(points, eqs, ineqs, n - 1)
    return _from_vertices(points)


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


def from_ine(text: str, *, max_vertices: int = DEFAULT_MAX_VERTICES) -> Polytope:
    """Read cddlib H-representation (``.ine``) text exactly: its vertices by cddlib (GMP).

    Parameters
    ----------
    text : str
        ``H-representation`` (cddlib's default when absent), optionally
        ``linearity k i_1 ... i_k`` (rows that are equations; before ``begin`` or after
        ``end``), ``begin``, ``m n rational`` (or ``integer``), ``m`` rows ``b -a_1 ...
        -a_{n-1}`` meaning ``b - a . x >= 0``, ``end``.  Redundant rows are allowed.
    max_vertices : int
        Refuse, before cddlib enumerates, rows that may have more vertices than this by the
        upper bound theorem (``m`` facets of a ``d``-polytope), with the bound in the message.

    Returns
    -------
    Polytope

    Raises
    ------
    InvalidInputError
        For malformed text (naming the line, as :func:`from_ext`), for rows without a
        common solution (the empty set) and for an unbounded polyhedron.
    SizeLimitError
        Past ``max_vertices``.

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
    return _from_ine(text, source="text", max_vertices=max_vertices)

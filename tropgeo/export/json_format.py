"""tropgeo's polytope JSON (``"format": "tropgeo-polytope/1"``), exact, written and re-checked."""

from __future__ import annotations

import json
from typing import Any

from tropgeo._hrep import canonical_rows
from tropgeo.errors import BackendError, InvalidInputError, SizeLimitError
from tropgeo.export._numbers import JSON_FORMAT, PolytopeLike, _as_polytope, _number_text, _parse_number, _show
from tropgeo.numbers import Exact
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope, convex_hull
from tropgeo.zonotope import Zonotope

__all__ = ["to_json", "from_json"]

_CONVENTION = "rows are [b, a_1, ..., a_d]: equations b + a.x = 0, inequalities b + a.x >= 0"
_JSON_KEYS = ("format", "ambient_dim", "dim", "convention", "vertices", "equations", "inequalities")
_JSON_REQUIRED = ("format", "ambient_dim", "vertices")


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
    # A Zonotope gives its own H-representation (from the generators, no general hull);
    # equal, row for row, to that of the Polytope of its vertices.
    Q: Polytope | Zonotope = P if isinstance(P, Zonotope) else _as_polytope(P)

    def matrix(rows: tuple[tuple[Exact, ...], ...]) -> list[list[str]]:
        return [[_number_text(x) for x in r] for r in rows]

    obj = {
        "format": JSON_FORMAT,
        "ambient_dim": Q.ambient_dim,
        "dim": Q.dim,
        "convention": _CONVENTION,
        "vertices": matrix(Q.vertices),
        "equations": matrix(Q.equations),
        "inequalities": matrix(Q.inequalities),
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


def _json_int(text: str) -> int:
    """A bare JSON integer; one too long for Python is a size limit, as in a string ``"p"``."""
    try:
        return int(text)
    except ValueError:
        raise SizeLimitError(
            f"the JSON integer {_show(text)} ({len(text)} characters) has more digits than Python reads "
            "(sys.get_int_max_str_digits())"
        ) from None


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


def _parse_json(text: Any, *, source: str) -> tuple[dict[str, Any], int, list[tuple[Exact, ...]]]:
    """Parse and check everything but the geometry and the H-rows: ``(object, d, vertices)``."""
    if not isinstance(text, str):
        raise InvalidInputError(f"{source} must be a str, got {type(text).__name__}")
    try:
        obj = json.loads(
            text,
            object_pairs_hook=_json_object,
            parse_float=_JsonFloat,
            parse_constant=_JsonFloat,
            parse_int=_json_int,
        )
    except InvalidInputError as exc:
        raise InvalidInputError(f"{source}: {exc}") from None
    except SizeLimitError as exc:
        raise SizeLimitError(f"{source}: {exc}") from None
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
    return obj, d, points


def _json_rows(obj: dict[str, Any], d: int, *, source: str) -> tuple[list[tuple[Exact, ...]], list[tuple[Exact, ...]]]:
    eqs = _json_matrix(obj.get("equations", []), f"{source}: equations", d + 1, nonempty=False)
    ineqs = _json_matrix(obj.get("inequalities", []), f"{source}: inequalities", d + 1, nonempty=False)
    return eqs, ineqs


def _is_json_polytope(text: str) -> bool:
    """Whether ``text`` parses completely as tropgeo's polytope JSON (the geometry unchecked)."""
    try:
        obj, d, _ = _parse_json(text, source="text")
        _json_rows(obj, d, source="text")
    except (InvalidInputError, SizeLimitError):
        return False
    return True


def _from_json(text: Any, *, source: str, max_work: int | None) -> Polytope:
    obj, d, points = _parse_json(text, source=source)
    P = convex_hull(points, max_work=max_work)
    if len(P.vertices) != len(points):
        k, bad = next((k, p) for k, p in enumerate(points) if p not in set(P.vertices))
        raise InvalidInputError(f"{source}: vertices[{k}]={bad!r} is not a vertex of the convex hull of the others")
    if "dim" in obj and obj["dim"] != P.dim:
        raise InvalidInputError(f"{source}: dim={obj['dim']} but the vertices span dimension {P.dim}")
    if "equations" in obj or "inequalities" in obj:
        eqs, ineqs = _json_rows(obj, d, source=source)
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

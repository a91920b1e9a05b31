"""Exact activation regions and decision boundary of a network on a 2-D slice of its inputs.

For a network with ``n`` inputs (an :class:`~tropgeo.mlp.MLP` or a
:class:`~tropgeo.network.ReLUNetwork`) and the affine slice
``x(s, t) = origin + s·d1 + t·d2``, :func:`input_slice` partitions a rational box
``[s0, s1] x [t0, t1]`` into *activation regions*: convex polygons with exact vertices
on which every hidden unit keeps one sign, so the logits are one exact affine map of
``(s, t)`` there.  The box is cut layer by layer, unit by unit, along the line where the
unit's preactivation (affine on each polygon, since the earlier layers' patterns are
fixed there) vanishes: exact rational polygon clipping, and a polygon is only cut where
the line has vertices strictly on both sides, so no piece of zero area ever appears.

Inside each region the argmax of the affine logits splits it further into class cells;
the exact decision boundary is the set of segments where cells of different predicted
classes meet, each labelled with its class pair.

Examples
--------
``f(x) = (relu(x1) + relu(x2), 1)`` on ``[-1, 2]^2``: four activation regions, and the
class changes on the line ``x1 + x2 = 1`` of the positive quadrant and on the parts of
``x1 = 1`` and ``x2 = 1`` where the other coordinate is negative.

>>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 1], [0, 0]], c2=[0, 1])
>>> S = input_slice(net, box=((-1, 2), (-1, 2)))
>>> S
InputSlice(n_inputs=2, box=((-1, 2), (-1, 2)), n_regions=4, n_linear_regions=4, n_boundary_segments=3)
>>> [(r.pattern, r.vertices) for r in S.regions][-1]
(((True, True),), ((0, 0), (2, 0), (2, 2), (0, 2)))
>>> [(b.classes, b.start, b.end) for b in S.boundary]
[((0, 1), (-1, 1), (0, 1)), ((0, 1), (0, 1), (1, 0)), ((0, 1), (1, 0), (1, -1))]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import comb, prod
from typing import Any, Sequence

from tropgeo._polygon import _canonical_vertices, _hpoint, _integral, _interfaces, _reduced, _split
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, as_exact, as_exact_vector, as_int, canonical as _canon

__all__ = ["ActivationRegion", "ClassCell", "BoundarySegment", "InputSlice", "input_slice", "slice_region_bound",
           "DEFAULT_MAX_REGIONS"]

DEFAULT_MAX_REGIONS = 10_000

Point2 = tuple[Exact, Exact]
Affine2 = tuple[Exact, Exact, Exact]
_Pt = tuple[Fraction, Fraction]
_Aff = tuple[Fraction, Fraction, Fraction]
# Internally all arithmetic is on ints: a point is (X, Y, W) meaning (X/W, Y/W) with W > 0
# and gcd 1; affine maps are integer rows (a, b, c) over one positive common denominator
# (a positive scale changes neither the sign of a map nor where it vanishes).
_HPt = tuple[int, int, int]
_Row = tuple[int, int, int]


class _Polygon:
    vertices: tuple[Point2, ...]

    @property
    def area(self) -> Exact:
        """Exact area of the polygon."""
        v, m = self.vertices, len(self.vertices)
        return _canon(sum((Fraction(v[k][0]) * v[k - 1][1] - Fraction(v[k - 1][0]) * v[k][1] for k in range(m)),
                          Fraction(0)) / -2)

    @property
    def interior_point(self) -> Point2:
        """The average of the vertices, a point strictly inside the (strictly convex) polygon."""
        v, m = self.vertices, len(self.vertices)
        return _canon(Fraction(sum(p[0] for p in v), m)), _canon(Fraction(sum(p[1] for p in v), m))


@dataclass(frozen=True)
class ActivationRegion(_Polygon):
    """One activation region of an :class:`InputSlice`.

    Attributes
    ----------
    vertices : tuple of (s, t)
        Exact vertices of the convex polygon, counter-clockwise from the
        lexicographically smallest; no three consecutive ones collinear.
    pattern : tuple of tuple of bool
        Per hidden layer, per unit: whether the unit's preactivation is ``> 0``
        inside the region (a unit whose preactivation vanishes on the whole region
        counts as inactive).  Distinct regions have distinct patterns.
    logit_map : tuple of (a, b, c)
        Per class ``k``: the logit is ``f_k(x(s, t)) = a·s + b·t + c`` on the region.

    Examples
    --------
    >>> r = ActivationRegion(((0, 0), (2, 0), (0, 1)), ((True,),), ((1, 0, 0), (0, 0, 1)))
    >>> r.area, r.interior_point, r.logits((1, 0))
    (1, (Fraction(2, 3), Fraction(1, 3)), (1, 1))
    """

    vertices: tuple[Point2, ...]
    pattern: tuple[tuple[bool, ...], ...]
    logit_map: tuple[Affine2, ...]

    def logits(self, point: Any) -> tuple[Exact, ...]:
        """The affine logit map at slice coordinates ``point = (s, t)`` (valid on the region)."""
        s, t = _slice_point(point)
        return tuple(_canon(Fraction(a) * s + Fraction(b) * t + c) for a, b, c in self.logit_map)


@dataclass(frozen=True)
class ClassCell(_Polygon):
    """Where one class is predicted inside one activation region: a convex polygon.

    Attributes
    ----------
    vertices : tuple of (s, t)
        As in :class:`ActivationRegion`.
    predicted : int
        The predicted class (the lowest index among classes whose logits agree on the
        whole cell, as :meth:`~tropgeo.mlp.MLP.predict` breaks ties).
    region : int
        Index of the activation region in :attr:`InputSlice.regions`.

    Examples
    --------
    >>> ClassCell(((0, 0), (1, 0), (0, 1)), 1, 0).area
    Fraction(1, 2)
    """

    vertices: tuple[Point2, ...]
    predicted: int
    region: int


@dataclass(frozen=True)
class BoundarySegment:
    """A maximal segment of the decision boundary between two classes.

    Attributes
    ----------
    start, end : (s, t)
        Exact end points.
    classes : (int, int)
        ``(a, b)`` with ``a < b``: class ``a`` is predicted just left of the direction
        ``start -> end``, class ``b`` just right of it.

    Examples
    --------
    >>> BoundarySegment((0, 0), (1, 2), (0, 1)).midpoint
    (Fraction(1, 2), 1)
    """

    start: Point2
    end: Point2
    classes: tuple[int, int]

    @property
    def midpoint(self) -> Point2:
        """The exact midpoint."""
        return (_canon((Fraction(self.start[0]) + self.end[0]) / 2),
                _canon((Fraction(self.start[1]) + self.end[1]) / 2))


@dataclass(frozen=True)
class InputSlice:
    """Exact activation regions, class cells and decision boundary of a network on a
    2-D slice (build with :func:`input_slice`).

    Attributes
    ----------
    network : MLP
        The network (a :class:`~tropgeo.network.ReLUNetwork` is converted).
    origin, d1, d2 : tuple of int/Fraction
        The slice ``x(s, t) = origin + s·d1 + t·d2`` of the input space.
    box : ((s0, s1), (t0, t1))
        The box of slice coordinates.
    regions : tuple of ActivationRegion
        The activation regions meeting the box in positive area, sorted by pattern.
        They tile the box.
    class_cells : tuple of ClassCell
        The regions cut by the argmax of their logits; sorted by region, then class.
    boundary : tuple of BoundarySegment
        The decision boundary in the box, as maximal segments with one class pair
        and one orientation each; sorted by classes, then end points.

    ``n_regions`` is the number of *activation regions* (activation patterns realised
    on an open part of the box); ``n_linear_regions`` the number of *linear regions*:
    classes of activation regions joined across shared edges when their affine logit
    maps agree.

    Examples
    --------
    A LeakyReLU with slope 1 is the identity: two activation regions, one linear region.

    >>> S = input_slice(MLP([[[1, 0]], [[1], [-1]]], negative_slopes=[1]), box=((-1, 1), (0, 1)))
    >>> S.n_regions, S.n_linear_regions, S.boundary
    (2, 1, (BoundarySegment(start=(0, 1), end=(0, 0), classes=(0, 1)),))
    """

    network: MLP
    origin: tuple[Exact, ...]
    d1: tuple[Exact, ...]
    d2: tuple[Exact, ...]
    box: tuple[tuple[Exact, Exact], tuple[Exact, Exact]]
    regions: tuple[ActivationRegion, ...]
    class_cells: tuple[ClassCell, ...]
    boundary: tuple[BoundarySegment, ...]

    def __repr__(self) -> str:
        try:
            return (
                f"InputSlice(n_inputs={self.network.n_inputs}, box={self.box}, n_regions={self.n_regions}, "
                f"n_linear_regions={self.n_linear_regions}, n_boundary_segments={len(self.boundary)})"
            )
        except Exception:  # repr never raises
            return "InputSlice(<unprintable>)"

    @property
    def n_regions(self) -> int:
        """Number of activation regions meeting the box in positive area."""
        return len(self.regions)

    @cached_property
    def n_linear_regions(self) -> int:
        """Number of linear regions in the box: activation regions joined across shared
        edges (of positive length) when their logit maps agree.

        Examples
        --------
        Unit 2 feeds no logit, so its line splits activation regions only:

        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 0]])
        >>> S = input_slice(net, box=((-1, 1), (-1, 1)))
        >>> S.n_regions, S.n_linear_regions
        (4, 2)
        """
        parent = list(range(len(self.regions)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j, _, _, _ in _interfaces([r.vertices for r in self.regions]):
            if self.regions[i].logit_map == self.regions[j].logit_map:
                parent[find(i)] = find(j)
        return len({find(i) for i in range(len(parent))})

    def point(self, st: Any) -> tuple[Exact, ...]:
        """The input ``x(s, t) = origin + s·d1 + t·d2`` for ``st = (s, t)``.

        Examples
        --------
        >>> S = input_slice(MLP([[[1, 0, 0]], [[1], [-1]]]), box=((0, 1), (0, 1)),
        ...                 origin=(0, 0, 5), d1=(1, 0, 0), d2=(0, 1, 1))
        >>> S.point((2, 3))
        (2, 3, 8)
        """
        s, t = _slice_point(st)
        return tuple(_canon(o + s * a + t * b) for o, a, b in zip(self.origin, self.d1, self.d2))


def _slice_point(point: Any) -> _Pt:
    v = as_exact_vector(point, name="point")
    if len(v) != 2:
        raise InvalidInputError(f"point={point!r} must be a pair (s, t), got {len(v)} coordinates")
    return Fraction(v[0]), Fraction(v[1])


# --- the slice --------------------------------------------------------------------------


def slice_region_bound(net: Any) -> int:
    """An upper bound on the number of activation regions of any 2-D slice of ``net``.

    Inside one region of the layers before it, a hidden layer of ``n_l`` units cuts a
    polygon by ``n_l`` lines into at most ``Σ_{i<=2} C(n_l, i)`` pieces (Zaslavsky's count
    for lines in general position); the bound is the product over hidden layers.

    Examples
    --------
    >>> slice_region_bound(MLP([[[1, 0]] * 3, [[1, 0, 0]] * 4, [[1, 0, 0, 0]] * 2]))
    77
    """
    return prod(sum(comb(width, i) for i in range(3)) for width in _as_mlp(net).widths[1:-1])


def _as_mlp(net: Any) -> MLP:
    if isinstance(net, (MLP, ReLUNetwork)):
        return net if isinstance(net, MLP) else MLP.from_relu_network(net)
    raise InvalidInputError(f"net must be an MLP or a ReLUNetwork, got {type(net).__name__}")


def _box(box: Any) -> tuple[tuple[Exact, Exact], tuple[Exact, Exact]]:
    try:
        (s0, s1), (t0, t1) = box
    except (TypeError, ValueError):
        raise InvalidInputError(f"box={box!r} must be ((s0, s1), (t0, t1))") from None
    s0, s1 = as_exact(s0, name="box[0][0]"), as_exact(s1, name="box[0][1]")
    t0, t1 = as_exact(t0, name="box[1][0]"), as_exact(t1, name="box[1][1]")
    if not (s0 < s1 and t0 < t1):
        raise InvalidInputError(f"box={box!r} is empty or flat: it needs s0 < s1 and t0 < t1")
    return (s0, s1), (t0, t1)


def _directions(mlp: MLP, origin: Any, d1: Any, d2: Any) -> tuple[tuple[Exact, ...], ...]:
    n = mlp.n_inputs
    if (d1 is None or d2 is None) and n != 2:
        raise InvalidInputError(f"d1 and d2 are required for a network with {n} inputs (only 2 inputs have a default)")
    vecs = []
    for name, v, default in (("origin", origin, (0,) * n), ("d1", d1, (1, 0)), ("d2", d2, (0, 1))):
        vec = default if v is None else as_exact_vector(v, name=name)
        if len(vec) != n:
            raise InvalidInputError(f"{name} must have length {n} (inputs of the network), got {len(vec)}")
        if name != "origin" and not any(vec):
            raise InvalidInputError(f"{name}={vec} is zero; a slice needs two linearly independent directions")
        vecs.append(vec)
    o, a, b = vecs
    if all(a[i] * b[j] == a[j] * b[i] for i in range(n) for j in range(i + 1, n)):
        raise InvalidInputError(f"d1={a} and d2={b} are parallel; a slice needs two linearly independent directions")
    return o, a, b


def _compose(W: list[list[int]], b: list[int], dW: int, H: list[_Row], dH: int) -> tuple[list[_Row], int]:
    """``(W/dW)(H/dH) + b/dW`` as integer rows over a denominator."""
    out = []
    for row, c in zip(W, b):
        a0, a1, a2 = 0, 0, c * dH
        for w, h in zip(row, H):
            if w:
                a0, a1, a2 = a0 + w * h[0], a1 + w * h[1], a2 + w * h[2]
        out.append((a0, a1, a2))
    return _reduced(out, dW * dH)


def input_slice(
    net: Any,
    *,
    box: Any,
    origin: Any = None,
    d1: Any = None,
    d2: Any = None,
    max_regions: int = DEFAULT_MAX_REGIONS,
) -> InputSlice:
    """Exact activation regions, class cells and decision boundary of ``net`` on a 2-D slice.

    Parameters
    ----------
    net : MLP or ReLUNetwork
        A network with ``n`` inputs.
    box : ((s0, s1), (t0, t1))
        Exact bounds, ``s0 < s1`` and ``t0 < t1``, of the slice coordinates.
    origin, d1, d2 : sequences of n int/Fraction, optional
        The slice ``x(s, t) = origin + s·d1 + t·d2``; ``d1``, ``d2`` linearly independent.
        ``origin`` defaults to 0; for ``n = 2``, ``d1`` and ``d2`` default to the unit
        vectors (the identity slice ``x = (s, t)``).
    max_regions : int
        Refuse with :class:`~tropgeo.errors.SizeLimitError` as soon as the running count of
        activation regions exceeds it (so exactly when the slice has more); the message
        also gives :func:`slice_region_bound`.

    Returns
    -------
    InputSlice

    Examples
    --------
    Three lines in general position, every crossing inside the box: ``1 + 3 + 3 = 7``
    activation regions.

    >>> net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, -1, 1], [0, 0, 0]], c1=[0, 0, -1])
    >>> S = input_slice(net, box=((-2, 2), (-2, 2)))
    >>> S.n_regions, sum(r.area for r in S.regions) == 4 * 4
    (7, True)
    >>> input_slice(net, box=((-2, 2), (-2, 2)), max_regions=5)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the slice has more than max_regions=5 activation regions (7 found by hidden layer 1, unit 3; at most 7 by the Zaslavsky bound, the product over hidden layers of Σ_{i<=2} C(n_l, i)); raise max_regions to go on
    >>> input_slice(net, box=((0, 1), (2, 2)))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: box=((0, 1), (2, 2)) is empty or flat: it needs s0 < s1 and t0 < t1
    """
    mlp = _as_mlp(net)
    box_ = _box(box)
    o, a, b = _directions(mlp, origin, d1, d2)
    max_regions = as_int(max_regions, name="max_regions", minimum=1)
    layers = []
    for W, bias in zip(mlp.weights, mlp.biases):
        rows, den = _integral([*W, bias])
        layers.append((rows[:-1], rows[-1], den))
    corners, D = _integral([(*box_[0], *box_[1])])
    s0, s1, t0, t1 = corners[0]
    square = [_hpoint(s, t, D) for s, t in ((s0, t0), (s1, t0), (s1, t1), (s0, t1))]
    H0, d0 = _integral([(a[i], b[i], o[i]) for i in range(mlp.n_inputs)])
    pieces: list[tuple[list[_HPt], tuple[tuple[bool, ...], ...], list[_Row], int]]
    pieces = [(square, (), *_reduced([(r[0], r[1], r[2]) for r in H0], d0))]
    count = 1
    for l in range(mlp.n_hidden_layers):
        alpha = Fraction(mlp.negative_slopes[l])
        done = []
        for poly, pattern, H, dH in pieces:
            Z, dZ = _compose(*layers[l], H, dH)
            sub: list[tuple[list[_HPt], tuple[bool, ...]]] = [(poly, ())]
            for j, g in enumerate(Z):
                nxt = []
                for q, bits in sub:
                    pos, neg = _split(q, g)
                    if pos is not None:
                        nxt.append((pos, bits + (True,)))
                    if neg is not None:
                        nxt.append((neg, bits + (False,)))
                count += len(nxt) - len(sub)
                if count > max_regions:
                    raise SizeLimitError(
                        f"the slice has more than max_regions={max_regions} activation regions ({count} found by "
                        f"hidden layer {l + 1}, unit {j + 1}; at most {slice_region_bound(mlp)} by the Zaslavsky "
                        "bound, the product over hidden layers of Σ_{i<=2} C(n_l, i)); raise max_regions to go on"
                    )
                sub = nxt
            for q, bits in sub:
                # σ(z) = z or α z: scale active rows by α's denominator, inactive ones by its numerator
                f = {True: alpha.denominator, False: alpha.numerator}
                Hn = [(z[0] * f[on], z[1] * f[on], z[2] * f[on]) for z, on in zip(Z, bits)]
                done.append((q, pattern + (bits,), *_reduced(Hn, dZ * alpha.denominator)))
        pieces = done
    found = []
    for poly, pattern, H, dH in pieces:
        L, dL = _compose(*layers[-1], H, dH)
        logit_map = tuple((_canon(Fraction(z[0], dL)), _canon(Fraction(z[1], dL)), _canon(Fraction(z[2], dL))) for z in L)
        found.append((ActivationRegion(_canonical_vertices(poly), pattern, logit_map), poly, L))
    found.sort(key=lambda f: f[0].pattern)
    cells = [cell for idx, (_, poly, L) in enumerate(found) for cell in _class_cells(poly, L, idx)]
    return InputSlice(
        network=mlp, origin=o, d1=a, d2=b, box=box_, regions=tuple(f[0] for f in found), class_cells=tuple(cells),
        boundary=_boundary(cells),
    )


def _class_cells(region: list[_HPt], logits: list[_Row], idx: int) -> list[ClassCell]:
    out = []
    for k, fk in enumerate(logits):
        poly: list[_HPt] | None = region
        for j, fj in enumerate(logits):
            if j == k or poly is None:
                continue
            g = (fk[0] - fj[0], fk[1] - fj[1], fk[2] - fj[2])
            if g == (0, 0, 0):
                # equal logits on the whole region: the lower index is predicted (as MLP.predict)
                poly = None if j < k else poly
                continue
            poly = _split(poly, g)[0]
        if poly is not None:
            out.append(ClassCell(_canonical_vertices(poly), k, idx))
    return out


def _boundary(cells: Sequence[ClassCell]) -> tuple[BoundarySegment, ...]:
    pieces: list[tuple[Point2, Point2, int, int, int]] = []
    for i, j, p, q, line in _interfaces([c.vertices for c in cells]):
        a, b = cells[i].predicted, cells[j].predicted
        if a == b:
            continue
        last = pieces[-1] if pieces else None
        # orient so that the lower class lies left of start -> end; join consecutive
        # pieces of one line with the same classes on the same sides
        if a < b:
            if last is not None and last[2:] == (a, b, line) and last[1] == p:
                pieces[-1] = (last[0], q, a, b, line)
            else:
                pieces.append((p, q, a, b, line))
        elif last is not None and last[2:] == (a, b, line) and last[0] == p:
            pieces[-1] = (q, last[1], a, b, line)
        else:
            pieces.append((q, p, a, b, line))
    segs = [BoundarySegment(s, e, (min(a, b), max(a, b))) for s, e, a, b, _ in pieces]
    return tuple(sorted(segs, key=lambda g: (g.classes, g.start, g.end)))

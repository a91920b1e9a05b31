"""Zonotopes with exact vertex enumeration.

A zonotope is a Minkowski sum of segments,
``Z = shift + sum_i [0, g_i] = {shift + sum_i x_i g_i : 0 <= x_i <= 1}``,
with the generators ``g_i`` as the rows of a generator matrix (Definition 6 of the
reference paper).  Segments with arbitrary end points are handled by
:meth:`Zonotope.from_segments` (Proposition 1).

Vertices are enumerated by an output-sensitive exact algorithm, never by the convex hull
of the ``2^L`` subset sums: every vertex is ``shift + sum_{g_i . c > 0} g_i`` for a region
``c`` of the central hyperplane arrangement ``{c : g_i . c = 0}``, found by a top-vertex
sweep that streams them (:mod:`tropgeo._sweep`, :mod:`tropgeo._zonotope_sweep`; ranks 2 to
5, general position or not) or by the region method of :mod:`tropgeo._arrangement`.  The
arguments are validated and the canonical form computed in
:mod:`tropgeo._zonotope_construction` (in ints only when every entry is an int), the
vertices and the size guard in :mod:`tropgeo._zonotope_vertices`.

Examples
--------
>>> z = zonotope([[1, 0], [0, 1]])
>>> z.vertices
((0, 0), (0, 1), (1, 0), (1, 1))
>>> z.support([1, 1])
2
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Iterator

from tropgeo._arrangement import rank_and_pivots
from tropgeo._sweep import MAX_RANK as SWEEP_MAX_RANK
from tropgeo._zonotope_construction import canonical_form, factory_data, segment_generators, validated_data
from tropgeo._zonotope_vertices import (
    DEFAULT_MAX_MEMORY,
    check_memory_limit,
    check_vertex_limit,
    exact_rows,
    integer_data,
    iter_vertex_numerators,
    positive_int,
    rechunk,
    sorted_vertices,
    vertex_count_bound,
    vertex_numerators,
)
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact_vector, canonical as _canon

__all__ = ["Zonotope", "zonotope", "vertex_count_bound", "DEFAULT_MAX_VERTICES", "DEFAULT_MAX_MEMORY"]

DEFAULT_MAX_VERTICES = 10**6

Vector = tuple[Exact, ...]


@dataclass(frozen=True)
class Zonotope:
    """The zonotope ``shift + sum_i [0, g_i]`` in exact canonical form.

    Build it with :func:`zonotope` or :meth:`Zonotope.from_segments`; calling the class
    directly with ``generators`` and ``shift`` validates and canonicalises the same way.

    Canonical form: zero generators are dropped; a generator whose first nonzero coordinate
    is negative is replaced by its negative and added to the shift (``[0, g] = g + [0, -g]``);
    generators with the same direction are merged by summing them (``[0, a] + [0, b] =
    [0, a + b]`` for ``a``, ``b`` positive multiples of each other); the result is sorted.
    Two zonotopes are equal as sets if and only if their canonical generators and shifts are
    equal.  (The support function ``h(c) = shift . c + sum_i max(0, g_i . c)`` of the set is
    piecewise linear; it is non-differentiable exactly on the hyperplanes ``g_i . c = 0``,
    which are distinct for non-parallel generators, and its gradient jumps by ``g_i`` across
    the ``i``-th one.  So the set determines each canonical ``g_i``, and then the shift.)
    Hence ``==`` and ``hash`` are set equality.

    Attributes
    ----------
    generators : tuple of tuple of int or Fraction
        Canonical generators, pairwise non-parallel, each with positive first nonzero
        coordinate, sorted.
    shift : tuple of int or Fraction
        Canonical shift; it is the vertex minimising every linear function that is positive
        on all generators.

    Examples
    --------
    >>> Zonotope(generators=[[0, -2], [1, 0], [0, 0], [0, 1]], shift=[0, 0])
    Zonotope(generators=((0, 3), (1, 0)), shift=(0, -2))
    """

    generators: tuple[Vector, ...]
    shift: Vector

    def __post_init__(self) -> None:
        g, s, dirs = canonical_form(*validated_data(self.generators, self.shift))
        object.__setattr__(self, "generators", g)
        object.__setattr__(self, "shift", s)
        self.__dict__["_directions"] = dirs

    # -- construction ------------------------------------------------------------------

    @classmethod
    def from_segments(cls, segments: Any, *, ambient_dim: int | None = None) -> Zonotope:
        """The Minkowski sum of segments ``[u1, u2]`` with arbitrary end points.

        By Proposition 1 of the reference paper this is the zonotope with generators
        ``u1 - u2`` and shift ``sum u2``.

        Parameters
        ----------
        segments : sequence of pairs (u1, u2)
            End points, each a sequence of ``n`` exact numbers.
        ambient_dim : int, optional
            Needed only when ``segments`` is empty (the result is then the origin).

        Returns
        -------
        Zonotope

        Examples
        --------
        >>> z = Zonotope.from_segments([([2, 0], [0, 1]), ([1, 1], [1, 2])])
        >>> z
        Zonotope(generators=((0, 1), (2, -1)), shift=(1, 2))
        >>> z.vertices
        ((1, 2), (1, 3), (3, 1), (3, 2))
        """
        gens, shift = segment_generators(segments)
        if shift is None:
            if ambient_dim is None:
                raise InvalidInputError(
                    "segments is empty; pass ambient_dim= so the ambient dimension is known"
                )
            return zonotope([], ambient_dim=ambient_dim)
        if ambient_dim is not None and ambient_dim != len(shift):
            raise InvalidInputError(f"ambient_dim={ambient_dim!r} but the segments live in dimension {len(shift)}")
        return cls(generators=gens, shift=shift)

    # -- basic properties --------------------------------------------------------------

    @property
    def ambient_dim(self) -> int:
        """Dimension ``n`` of the space the zonotope lives in.

        Examples
        --------
        >>> zonotope([[1, 0, 0], [0, 1, 0]]).ambient_dim                      # a square in R^3
        3
        """
        return len(self.shift)

    @property
    def n_generators(self) -> int:
        """Number of canonical (nonzero, pairwise non-parallel) generators.

        Examples
        --------
        >>> zonotope([[1, 0], [0, 1], [2, 0], [0, 0]]).n_generators            # (1, 0), (2, 0) merge
        2
        """
        return len(self.generators)

    @cached_property
    def _rank_pivots(self) -> tuple[int, tuple[int, ...]]:
        return rank_and_pivots(self.__dict__["_directions"], self.ambient_dim)

    @property
    def dim(self) -> int:
        """Dimension of the zonotope: the rank of its generator matrix.

        Examples
        --------
        >>> zonotope([[1, 1, 0], [2, 2, 0], [0, 0, 1]]).dim
        2
        """
        return self._rank_pivots[0]

    # -- vertices ---------------------------------------------------------------------

    def vertex_count_estimate(self) -> int:
        """The Gritzmann-Sturmfels bound for this zonotope (exact for generic generators).

        Examples
        --------
        >>> zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]).vertex_count_estimate()
        14
        """
        return vertex_count_bound(self.n_generators, self.dim)

    @cached_property
    def vertices(self) -> tuple[Vector, ...]:
        """Vertices, exact and sorted lexicographically (cached).

        Uses the default size limits :data:`DEFAULT_MAX_VERTICES` and
        :data:`DEFAULT_MAX_MEMORY`; call :meth:`vertices_with_limit` for others.

        Examples
        --------
        A segment, and generators in a plane of ``R^3`` (a hexagon):

        >>> zonotope([[2, 0], [-1, 0]], shift=[0, 5]).vertices
        ((-1, 5), (2, 5))
        >>> from fractions import Fraction
        >>> zonotope([[1, 0, 0], [0, 1, 0], [1, 1, 0]], shift=[0, 0, Fraction(1, 2)]).vertices
        ((0, 0, Fraction(1, 2)), (0, 1, Fraction(1, 2)), (1, 0, Fraction(1, 2)), (1, 2, Fraction(1, 2)), (2, 1, Fraction(1, 2)), (2, 2, Fraction(1, 2)))
        """
        return self._enumerate(DEFAULT_MAX_VERTICES, DEFAULT_MAX_MEMORY)

    def vertices_with_limit(
        self, *, max_vertices: int = DEFAULT_MAX_VERTICES, max_memory: int = DEFAULT_MAX_MEMORY
    ) -> tuple[Vector, ...]:
        """Vertices, as :attr:`vertices`, with explicit size limits.

        The limits are checked on every call, also when the vertices are already cached.

        Parameters
        ----------
        max_vertices : int
            Refuse (before enumerating) when the Gritzmann-Sturmfels bound on the number of
            vertices exceeds this.
        max_memory : int
            Bytes.  Above rank 5 (with more generators than the rank) the vertices come from
            the region method, which keeps about ``C(L, r-1) 2^(r-1)`` bit masks at once;
            refuse when its estimated memory (about 100 bytes a mask, docs/zonotopes.md)
            exceeds this.  Ignored by the other methods, whose working set is bounded.

        Raises
        ------
        InvalidInputError
            When ``max_vertices`` or ``max_memory`` is not an int >= 1.
        SizeLimitError
            When the bound exceeds ``max_vertices`` or the memory estimate ``max_memory``.

        Examples
        --------
        >>> cube = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        >>> cube.vertices_with_limit(max_vertices=4)
        Traceback (most recent call last):
        ...
        tropgeo.errors.SizeLimitError: this zonotope (3 generators of rank 3 in R^3) may have up to 8 vertices (Gritzmann-Sturmfels bound), more than max_vertices=4; call vertices_with_limit(max_vertices=...) with a larger limit
        >>> len(cube.vertices_with_limit(max_vertices=8))
        8
        """
        if "vertices" in self.__dict__:
            # Same answer as without the cache: the vertex limit still applies; the memory
            # limit is validated (nothing is enumerated now).
            self._check_size(max_vertices, max_memory, cached=True)
            return self.__dict__["vertices"]  # type: ignore[no-any-return]
        return self._enumerate(max_vertices, max_memory)

    def iter_vertices(
        self,
        *,
        chunk_size: int = 100_000,
        max_vertices: int = DEFAULT_MAX_VERTICES,
        max_memory: int = DEFAULT_MAX_MEMORY,
    ) -> Iterator[tuple[Vector, ...]]:
        """Vertices in chunks of exactly ``chunk_size`` (the last one may be smaller), in
        bounded memory.

        Each chunk is a tuple of exact vertices; chunks are not sorted and nothing is
        cached.  For rank 2 to 5 (and for independent generators) the vertices are
        produced a block at a time, in general position or not, so about a million of them
        stream in a working set of tens of MiB besides the chunk (docs/zonotopes.md).
        Above rank 5 memory is *not* bounded by the chunk: the region method finds all
        regions first, memoising about ``C(L, r-1) 2^(r-1)`` bit masks (about 100 bytes
        each; 20 generic generators of rank 10: about 8 GiB), and only then turns them into
        vertices a block at a time; ``max_memory`` refuses such cases before any work.

        Parameters
        ----------
        chunk_size : int
            Number of vertices per chunk (>= 1, any size): every chunk but the last has
            exactly this many; a value above the number of vertices gives one chunk.
        max_vertices, max_memory : int
            Size guards, as in :meth:`vertices_with_limit`.

        Raises
        ------
        InvalidInputError
            At the call (not at the first ``next``) when ``chunk_size``, ``max_vertices``
            or ``max_memory`` is not an int >= 1.
        SizeLimitError
            At the call, when the vertex bound exceeds ``max_vertices`` or the region
            method's memory estimate exceeds ``max_memory``.

        Examples
        --------
        >>> z = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
        >>> chunks = list(z.iter_vertices(chunk_size=4))
        >>> [len(c) for c in chunks], sorted(v for c in chunks for v in c) == list(z.vertices)
        ([4, 4, 4, 2], True)
        >>> [len(c) for c in z.iter_vertices(chunk_size=2**64)]
        [14]
        """
        chunk_size = positive_int(chunk_size, "chunk_size")
        self._check_size(max_vertices, max_memory)  # all checked now, not at the first next()
        den, G, s = self._integer_data()
        stream = iter_vertex_numerators(self.__dict__["_directions"], G, s, self._rank_pivots[1], sweep=self._sweeps())
        return (exact_rows(V.tolist(), den) for V in rechunk(stream, chunk_size))

    @property
    def n_vertices(self) -> int:
        """Number of vertices (closed form when the dimension is at most 2 or the generators
        are independent; otherwise counted by enumeration).

        Examples
        --------
        >>> zonotope([[1, 0], [0, 1], [1, 1]]).n_vertices                     # a hexagon
        6
        >>> zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]).n_vertices  # rhombic dodecahedron
        14
        """
        m, r = self.n_generators, self.dim
        if r == m or r <= 2:
            return vertex_count_bound(m, r)
        return len(self.vertices)

    def _check_size(self, max_vertices: int, max_memory: int, *, cached: bool = False) -> None:
        m, r = self.n_generators, self.dim
        check_vertex_limit(m, r, self.ambient_dim, max_vertices)
        uses_regions = not cached and m > r and not self._sweeps()
        check_memory_limit(m, r, self.ambient_dim, max_memory, uses_regions=uses_regions)

    def _enumerate(self, max_vertices: int, max_memory: int) -> tuple[Vector, ...]:
        self._check_size(max_vertices, max_memory)
        if self.n_generators == 0:
            result: tuple[Vector, ...] = (self.shift,)
        else:
            den, G, s = self._integer_data()
            V = vertex_numerators(self.__dict__["_directions"], G, s, self._rank_pivots[1], sweep=self._sweeps())
            result = sorted_vertices(V, den)
        self.__dict__["vertices"] = result
        return result

    def _sweeps(self) -> bool:
        """Whether the top-vertex sweep applies (more generators than the rank, 2 <= rank <= 5)."""
        m, r = self.n_generators, self.dim
        return m > r >= 2 and r <= SWEEP_MAX_RANK

    def _integer_data(self) -> tuple[int, list[list[int]], list[int]]:
        """Common denominator, generators and shift as integer numerators over it."""
        return integer_data(self.generators, self.shift)

    # -- linear functionals -------------------------------------------------------------

    def _direction(self, direction: Any) -> Vector:
        c = as_exact_vector(direction, name="direction")
        if len(c) != self.ambient_dim:
            raise InvalidInputError(
                f"direction has length {len(c)}; this zonotope lives in R^{self.ambient_dim}"
            )
        return c

    def support(self, direction: Any) -> Exact:
        """Support function ``max_{x in Z} c . x = shift . c + sum_i max(0, g_i . c)``, exact.

        Closed form: no enumeration, so it scales to any number of generators.

        Examples
        --------
        >>> from fractions import Fraction
        >>> z = zonotope([[1, 0], [0, 1], [1, -1]], shift=[Fraction(1, 2), 0])
        >>> z.support([1, 0]), z.support([-1, 2])
        (Fraction(5, 2), Fraction(3, 2))
        """
        c = self._direction(direction)
        h = Fraction(sum(a * b for a, b in zip(self.shift, c)))
        for g in self.generators:
            v = sum(a * b for a, b in zip(g, c))
            if v > 0:
                h += v
        return _canon(h)

    def face(self, direction: Any) -> Zonotope:
        """The face of ``Z`` on which ``c . x`` is maximal: again a zonotope,
        ``shift + sum_{g . c > 0} g + sum_{g . c = 0} [0, g]``.

        Examples
        --------
        >>> square = zonotope([[1, 0], [0, 1]])
        >>> square.face([1, 0])
        Zonotope(generators=((0, 1),), shift=(1, 0))
        >>> square.face([1, 1]).vertices
        ((1, 1),)
        """
        c = self._direction(direction)
        s = [Fraction(x) for x in self.shift]
        gens = []
        for g in self.generators:
            v = sum(a * b for a, b in zip(g, c))
            if v > 0:
                s = [a + b for a, b in zip(s, g)]
            elif v == 0:
                gens.append(g)
        return Zonotope(generators=tuple(gens), shift=tuple(_canon(x) for x in s))


    # -- facets -----------------------------------------------------------------------

    @cached_property
    def _h_rep(self) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
        from tropgeo.zonotope_facets import zonotope_h_representation

        return zonotope_h_representation(self)

    @property
    def equations(self) -> tuple[tuple[int, ...], ...]:
        """Canonical equations of the affine hull (empty when full-dimensional), computed
        from the generators; rows as in :attr:`tropgeo.Polytope.equations`.

        Examples
        --------
        >>> zonotope([[1, 1]]).equations            # x1 - x2 = 0
        ((0, 1, -1),)
        """
        return self._h_rep[0]

    @property
    def inequalities(self) -> tuple[tuple[int, ...], ...]:
        """Canonical facet inequalities, one per facet, from the ``r - 1``-subsets of the
        generators (no vertex enumeration, no general hull); rows as in
        :attr:`tropgeo.Polytope.inequalities`.  Refused (``SizeLimitError``, with the
        estimate) past the default ``max_facets`` or ``max_work`` (about 10 s); for a very
        large zonotope call :func:`tropgeo.zonotope_facets.zonotope_h_representation` with
        larger ones.

        Examples
        --------
        >>> zonotope([[1, 0], [0, 1]], shift=[1, 0]).inequalities
        ((-1, 1, 0), (0, 0, 1), (1, 0, -1), (2, -1, 0))
        """
        return self._h_rep[1]

    @property
    def n_facets(self) -> int:
        """Number of facets (``2 C(L, r - 1)`` for ``L`` generic generators of rank ``r``).

        Examples
        --------
        >>> zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]).n_facets
        12
        """
        return len(self.inequalities)


def zonotope(generators: Any, shift: Any = None, *, ambient_dim: int | None = None) -> Zonotope:
    """The zonotope ``shift + sum_i [0, g_i]`` (Definition 6 of the reference paper).

    Parameters
    ----------
    generators : sequence of sequences of int or Fraction, or a 2-D integer array
        The rows ``g_i`` (``L x n``).  ``L`` may be 0; then the ambient dimension comes from
        ``shift``, ``ambient_dim``, or the number of columns of a 2-D numpy array.
        Zero, parallel and antiparallel rows are allowed.  Floats are refused.
    shift : sequence of int or Fraction, optional
        Translation vector; the origin by default.
    ambient_dim : int, optional
        The dimension ``n``; only needed when it cannot be read off the other arguments
        (it is checked against them otherwise).  (``.dim`` of the result is the dimension of
        the zonotope itself, the rank of the generators.)

    Returns
    -------
    Zonotope
        In canonical form (see :class:`Zonotope`).

    Raises
    ------
    InexactInputError
        When an entry is a float; the message names the argument and the entry.
    InvalidInputError
        For ragged rows, mismatched lengths, or an unknown ambient dimension.

    Examples
    --------
    >>> zonotope([[1, 0], [0, 1]]).vertices
    ((0, 0), (0, 1), (1, 0), (1, 1))
    >>> z = zonotope([[1, 1], [-2, -2], [0, 0]], shift=[1, 0])  # a degenerate one: a segment
    >>> z
    Zonotope(generators=((3, 3),), shift=(-1, -2))
    >>> z.dim, z.vertices
    (1, ((-1, -2), (2, 1)))
    >>> zonotope([], ambient_dim=2).vertices
    ((0, 0),)
    >>> zonotope([[0.5, 1]])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: generators[0][0]=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    """
    gens, sh = factory_data(generators, shift, ambient_dim)
    return Zonotope(generators=gens, shift=sh)

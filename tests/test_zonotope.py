"""Tests of tropgeo.zonotope.

The independent route for vertices is the exact convex hull (pycddlib's ``cdd.gmp``,
called directly here so that this file does not depend on the arrangement code it checks)
of all 2^L subset sums.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import cdd
import cdd.gmp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import (
    generator_matrices,
    integer_points,
    rational_generator_matrices,
    rational_points,
    segment_lists,
)
from tropgeo._zonotope_construction import canonical_form, canonical_form_fractions
from tropgeo.errors import InexactInputError, InvalidInputError, SizeLimitError
from tropgeo.zonotope import Zonotope, vertex_count_bound, zonotope


def _canon(q):
    q = Fraction(q)
    return int(q) if q.denominator == 1 else q


def hull_vertices(points):
    """Vertices of conv(points) by cdd's exact redundancy removal, sorted canonical tuples."""
    pts = sorted({tuple(_canon(x) for x in p) for p in points})
    if len(pts) == 1:
        return tuple(pts)
    mat = cdd.gmp.matrix_from_array([[1, *p] for p in pts], rep_type=cdd.RepType.GENERATOR)
    redundant = cdd.gmp.redundant_rows(mat)
    return tuple(p for k, p in enumerate(pts) if k not in redundant)


def subset_sums(gens, shift):
    out = []
    for pick in itertools.product((0, 1), repeat=len(gens)):
        v = [Fraction(x) for x in shift]
        for take, g in zip(pick, gens):
            if take:
                v = [a + b for a, b in zip(v, g)]
        out.append(v)
    return out


def endpoint_sums(segments, dim):
    out = []
    for pick in itertools.product((0, 1), repeat=len(segments)):
        v = [Fraction(0)] * dim
        for k, seg in zip(pick, segments):
            v = [a + b for a, b in zip(v, seg[k])]
        out.append(v)
    return out


def moment_curve(dim, ts):
    return [[t**k for k in range(dim)] for t in ts]


dims = st.integers(1, 4)


# --- vertices against the hull of all subset sums -----------------------------------


@given(st.data())
def test_vertices_equal_hull_of_subset_sums_integer(data):
    n = data.draw(dims)
    gens = data.draw(generator_matrices(dim=n, max_generators=6))
    shift = data.draw(integer_points(dim=n))
    z = zonotope(gens, shift=shift, ambient_dim=n)
    assert z.vertices == hull_vertices(subset_sums(gens, shift))
    assert z.n_vertices == len(z.vertices) <= vertex_count_bound(z.n_generators, z.dim)


@given(st.data())
def test_vertices_equal_hull_of_subset_sums_rational(data):
    n = data.draw(dims)
    gens = data.draw(rational_generator_matrices(dim=n, max_generators=6))
    shift = data.draw(rational_points(dim=n))
    z = zonotope(gens, shift=shift, ambient_dim=n)
    assert z.vertices == hull_vertices(subset_sums(gens, shift))
    assert all(isinstance(x, int) or (isinstance(x, Fraction) and x.denominator > 1) for v in z.vertices for x in v)


@given(st.data())
def test_proposition_1_segments_with_arbitrary_end_points(data):
    n = data.draw(dims)
    segs = data.draw(segment_lists(dim=n, min_segments=1, max_segments=6, exact_rationals=data.draw(st.booleans())))
    z = Zonotope.from_segments(segs)
    assert z.vertices == hull_vertices(endpoint_sums(segs, n))
    # Proposition 1 literally: generators u1 - u2, shift sum u2.
    gens = [[Fraction(a) - b for a, b in zip(u1, u2)] for u1, u2 in segs]
    shift = [sum(Fraction(u2[j]) for _, u2 in segs) for j in range(n)]
    assert z == zonotope(gens, shift=shift)


# --- canonical form: == and hash are set equality ------------------------------------


@given(st.data())
def test_canonical_form_invariances(data):
    n = data.draw(dims)
    gens = [list(g) for g in data.draw(rational_generator_matrices(dim=n, min_generators=1, max_generators=5))]
    shift = list(data.draw(rational_points(dim=n)))
    z = zonotope(gens, shift=shift)
    variants = []
    # permuting the generators
    variants.append(zonotope(data.draw(st.permutations(gens)), shift=shift))
    # negating generator k and moving it into the shift: [0, g] = g + [0, -g]
    k = data.draw(st.integers(0, len(gens) - 1))
    neg = [list(g) for g in gens]
    neg[k] = [-x for x in gens[k]]
    variants.append(zonotope(neg, shift=[a + b for a, b in zip(shift, gens[k])]))
    # splitting generator k into two parallel pieces q*g and (1-q)*g, 0 < q < 1
    q = data.draw(st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(3, 4)]))
    split = [list(g) for g in gens] + [[q * x for x in gens[k]]]
    split[k] = [(1 - q) * x for x in gens[k]]
    variants.append(zonotope(split, shift=shift))
    # adding zero generators
    variants.append(zonotope(gens + [[0] * n, [0] * n], shift=shift))
    for w in variants:
        assert w == z
        assert hash(w) == hash(z)
        assert w.vertices == z.vertices
        assert w.generators == z.generators and w.shift == z.shift


@given(st.data())
def test_the_integer_route_gives_the_fraction_routes_canonical_form(data):
    # all-int input takes canonical_form's int-only route; the Fraction route is the reference
    n = data.draw(dims)
    scale = data.draw(st.sampled_from([1, -1, 6, 2**40, -(2**70)]))
    gens = tuple(tuple(scale * x for x in g) for g in data.draw(generator_matrices(dim=n, max_generators=8)))
    shift = tuple(scale * x for x in data.draw(integer_points(dim=n)))
    fast = canonical_form(gens, shift)
    slow = canonical_form_fractions(gens, shift)
    assert fast == slow and repr(fast) == repr(slow)          # repr: ints stay ints, no Fraction(k, 1)
    assert all(type(x) is int for g in fast[0] for x in g) and all(type(x) is int for x in fast[1])
    # the same generators given as ints and as Fractions with denominator 1
    z = zonotope(gens, shift=shift)
    zf = zonotope([[Fraction(x) for x in g] for g in gens], shift=[Fraction(x) for x in shift])
    assert z == zf and hash(z) == hash(zf) and repr(z) == repr(zf)
    assert (z.generators, z.shift, z.__dict__["_directions"]) == fast


@given(st.data())
def test_the_integer_route_on_cleared_denominators_scales_the_fraction_route(data):
    # D Z has the canonical form D (canonical form of Z): the int route on D G, D s against
    # the Fraction route on G, s
    n = data.draw(dims)
    gens = [list(g) for g in data.draw(rational_generator_matrices(dim=n, max_generators=6))]
    shift = list(data.draw(rational_points(dim=n)))
    D = math.lcm(*(Fraction(x).denominator for x in shift + [x for g in gens for x in g]))
    z = zonotope(gens, shift=shift)
    zD = zonotope([[int(D * x) for x in g] for g in gens], shift=[int(D * x) for x in shift])
    assert zD.generators == tuple(tuple(_canon(D * x) for x in g) for g in z.generators)
    assert zD.shift == tuple(_canon(D * x) for x in z.shift)
    assert zD.__dict__["_directions"] == z.__dict__["_directions"]


@given(st.data())
def test_equality_is_set_equality(data):
    # In dimensions 1 and 2 with tiny entries, distinct inputs often give the same set.
    n = data.draw(st.integers(1, 2))
    g1 = data.draw(generator_matrices(dim=n, max_generators=3, min_value=-2, max_value=2))
    g2 = data.draw(generator_matrices(dim=n, max_generators=3, min_value=-2, max_value=2))
    s1 = data.draw(integer_points(dim=n, min_value=-2, max_value=2))
    s2 = data.draw(integer_points(dim=n, min_value=-2, max_value=2))
    z1, z2 = zonotope(g1, shift=s1), zonotope(g2, shift=s2)
    assert (z1 == z2) == (z1.vertices == z2.vertices)
    assert (z1 == z2) == (hull_vertices(subset_sums(g1, s1)) == hull_vertices(subset_sums(g2, s2)))


def test_equality_of_differently_written_equal_sets():
    a = zonotope([[1, 0], [0, 1], [1, 0]])
    b = zonotope([[-2, 0], [0, 1]], shift=[2, 0])
    c = Zonotope.from_segments([([0, 0], [2, 0]), ([0, 1], [0, 0])])
    assert a == b == c and len({a, b, c}) == 1
    assert zonotope([[1, 0]]) != zonotope([[1, 0]], shift=[0, 1])


def test_frozen_and_repr():
    z = zonotope([[Fraction(1, 2), 0]], shift=[0, Fraction(-1, 3)])
    with pytest.raises(AttributeError):
        z.shift = (0, 0)  # type: ignore[misc]
    assert repr(z) == "Zonotope(generators=((Fraction(1, 2), 0),), shift=(0, Fraction(-1, 3)))"
    assert eval(repr(z), {"Zonotope": Zonotope, "Fraction": Fraction}) == z


# --- support function and faces --------------------------------------------------------


@given(st.data())
def test_support_equals_max_over_vertices(data):
    n = data.draw(dims)
    gens = data.draw(rational_generator_matrices(dim=n, max_generators=6))
    shift = data.draw(rational_points(dim=n))
    c = data.draw(rational_points(dim=n))
    z = zonotope(gens, shift=shift, ambient_dim=n)
    best = max(sum(Fraction(a) * b for a, b in zip(v, c)) for v in z.vertices)
    assert z.support(c) == best
    # the face in direction c consists of exactly the maximising vertices
    face = z.face(c)
    assert face.vertices == tuple(v for v in z.vertices if sum(Fraction(a) * b for a, b in zip(v, c)) == best)


# --- known answers (theorems) --------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_cube(n):
    z = zonotope(np.eye(n, dtype=np.int64))
    assert z.n_vertices == 2**n
    assert z.vertices == tuple(itertools.product((0, 1), repeat=n))


@pytest.mark.parametrize("L", [2, 3, 5, 8, 13])
def test_generic_plane_gives_2L_vertices(L):
    gens = [[1, t] for t in range(L)]  # pairwise independent
    z = zonotope(gens)
    assert len(z.vertices) == 2 * L == z.n_vertices == vertex_count_bound(L, 2)


@pytest.mark.parametrize("L", [3, 4, 6, 9, 12])
def test_generic_space_gives_L_L_minus_1_plus_2_vertices(L):
    z = zonotope(moment_curve(3, range(-(L // 2), L - L // 2)))
    assert len(z.vertices) == L * (L - 1) + 2 == vertex_count_bound(L, 3)


@pytest.mark.parametrize("dim, L", [(4, 5), (4, 9), (5, 8), (6, 8)])
def test_generic_count_equals_gritzmann_sturmfels(dim, L):
    ts = [Fraction(k, 2) for k in range(-L, L, 2)]  # distinct rationals
    z = zonotope(moment_curve(dim, ts))
    assert len(z.vertices) == vertex_count_bound(L, dim)
    assert z.vertex_count_estimate() == len(z.vertices)


@pytest.mark.parametrize("n, count", [(3, 6), (4, 24)])
def test_permutohedron(n, count):
    # Segments [e_i, e_j], i < j (Proposition 1): generators e_i - e_j, shift (0, 1, ..., n-1);
    # the vertices are the permutations of (0, 1, ..., n-1).
    e = np.eye(n, dtype=np.int64)
    gens = [e[i] - e[j] for i, j in itertools.combinations(range(n), 2)]
    z = zonotope(gens, shift=list(range(n)))
    assert z.dim == n - 1
    assert len(z.vertices) == math.factorial(n) == count
    assert z.vertices == tuple(sorted(itertools.permutations(range(n))))
    seg = Zonotope.from_segments([(e[i], e[j]) for i, j in itertools.combinations(range(n), 2)])
    assert seg == z


def test_rank_deficient_polygon_in_R3():
    # Generators (a, b, a + b) in a plane of R^3 give the image of the planar zonotope of (a, b).
    ab = [(1, 0), (0, 1), (1, 1), (2, -1)]
    z3 = zonotope([(a, b, a + b) for a, b in ab], shift=[0, 0, Fraction(1, 2)])
    z2 = zonotope(ab)
    assert z3.dim == 2 and z3.ambient_dim == 3
    assert len(z3.vertices) == 8
    assert z3.vertices == tuple(sorted((a, b, _canon(a + b + Fraction(1, 2))) for a, b in z2.vertices))


def test_degenerate_inputs():
    assert zonotope([], ambient_dim=3).vertices == ((0, 0, 0),)
    assert zonotope(np.zeros((0, 2), dtype=np.int64)).vertices == ((0, 0),)
    z = zonotope([[0, 0], [0, 0]], shift=[1, 2])
    assert z.n_generators == 0 and z.dim == 0 and z.vertices == ((1, 2),)
    z = zonotope([[1, -1], [-2, 2], [3, -3]])  # antiparallel and parallel: a segment
    assert z.generators == ((6, -6),) and z.shift == (-2, 2)
    assert z.vertices == ((-2, 2), (4, -4))
    assert Zonotope.from_segments([], ambient_dim=2).vertices == ((0, 0),)


def test_large_entries_use_exact_python_integers():
    # 10^15 * G forces the object-array path (|entries|^rank > 2^62); scaling commutes.
    rnd = random.Random(7)
    gens = [[rnd.randint(-9, 9) for _ in range(4)] for _ in range(7)]
    big = 10**15 + 3
    z, zb = zonotope(gens), zonotope([[big * x for x in g] for g in gens])
    assert zb.vertices == tuple(tuple(big * x for x in v) for v in z.vertices)
    zq = zonotope([[Fraction(x, big) for x in g] for g in gens])
    assert zq.vertices == tuple(tuple(_canon(Fraction(x, big)) for x in v) for v in z.vertices)


def test_high_rank_uses_integer_null_space_route():
    # rank 11 > the numpy cofactor route's limit; 12 generic generators on the moment curve.
    z = zonotope(moment_curve(11, range(-6, 6)))
    assert len(z.vertices) == vertex_count_bound(12, 11) == 2 * (2**11 - 1)
    # every vertex is a 0/1 combination: check a few against the support function
    for c in ([1] * 11, [(-1) ** k for k in range(11)]):
        assert z.support(c) == max(sum(a * b for a, b in zip(v, c)) for v in z.vertices)


# --- bad input ---------------------------------------------------------------------------


def test_float_generators_refused_with_argument_named():
    with pytest.raises(InexactInputError, match=r"generators\[1\]\[0\]=0\.5"):
        zonotope([[1, 0], [0.5, 1]])
    with pytest.raises(InexactInputError, match="generators has float dtype"):
        zonotope(np.array([[1.0, 0.0]]))
    with pytest.raises(InexactInputError, match=r"shift\[1\]=2\.0"):
        zonotope([[1, 0]], shift=[0, 2.0])
    with pytest.raises(InexactInputError, match=r"segments\[0\]\[1\]\[0\]=1\.5"):
        Zonotope.from_segments([([0, 0], [1.5, 0])])
    with pytest.raises(InexactInputError, match="direction"):
        zonotope([[1, 0]]).support([0.5, 1])


def test_shape_errors():
    with pytest.raises(InvalidInputError, match="rectangular"):
        zonotope([[1, 0], [1]])
    with pytest.raises(InvalidInputError, match="shift has length 3"):
        zonotope([[1, 0]], shift=[0, 0, 0])
    with pytest.raises(InvalidInputError, match="ambient_dim"):
        zonotope([])
    with pytest.raises(InvalidInputError, match="ambient_dim=3"):
        zonotope([[1, 0]], ambient_dim=3)
    with pytest.raises(InvalidInputError, match="pair"):
        Zonotope.from_segments([([0, 0], [1, 0], [2, 0])])
    with pytest.raises(InvalidInputError, match="length"):
        Zonotope.from_segments([([0, 0], [1, 0]), ([0, 0, 0], [1, 0, 0])])
    with pytest.raises(InvalidInputError, match="direction has length 1"):
        zonotope([[1, 0]]).support([1])
    with pytest.raises(InvalidInputError, match="rank=3"):
        vertex_count_bound(2, 3)


def test_size_guard_reports_estimate_and_how_to_raise_it():
    z = zonotope(moment_curve(5, range(40)))
    estimate = vertex_count_bound(40, 5)
    assert estimate == 2 * sum(math.comb(39, i) for i in range(5))
    with pytest.raises(SizeLimitError, match=f"up to {estimate} vertices.*max_vertices=1000.*vertices_with_limit"):
        z.vertices_with_limit(max_vertices=1000)
    assert "vertices" not in z.__dict__  # nothing partial was cached
    with pytest.raises(InvalidInputError, match="max_vertices=0"):
        z.vertices_with_limit(max_vertices=0)
    small = zonotope(moment_curve(3, range(5)))
    assert len(small.vertices_with_limit(max_vertices=vertex_count_bound(5, 3))) == 22
    # the guard is what SizeLimitError is for: it is also a ValueError
    assert issubclass(SizeLimitError, ValueError)


def test_vertex_count_bound_closed_forms_agree_with_the_sum():
    for L in range(0, 16):
        for r in range(0, L + 1):
            naive = 1 if r == 0 else 2 * sum(math.comb(L - 1, i) for i in range(r))
            assert vertex_count_bound(L, r) == naive, (L, r)


# --- streaming, chunks and memory ----------------------------------------------------------


def _random_zonotope(n, L, R, seed):
    rnd = random.Random(seed)
    return zonotope([[rnd.randint(-R, R) for _ in range(n)] for _ in range(L)], shift=[rnd.randint(-9, 9) for _ in range(n)])


@pytest.mark.parametrize(
    "z",
    [
        _random_zonotope(3, 200, 50, 1),  # degenerate (dependent triples abound)
        _random_zonotope(3, 60, 2**19, 2),  # generic: the sweep's deep levels came in one block of 118
        _random_zonotope(4, 12, 1, 3),  # rank 4, very degenerate, parallel classes merged
        zonotope(moment_curve(6, range(9))),  # rank 6: the region method
        zonotope([[int(i == j) for j in range(9)] for i in range(9)]),  # a parallelepiped
        zonotope([[1, 1]], shift=[2, 0]),  # rank 1
        zonotope([], ambient_dim=3),  # a point
    ],
)
def test_iter_vertices_chunks_have_exactly_chunk_size(z):
    n_vertices = len(z.vertices)
    for size in (1, 7, 100, n_vertices, n_vertices + 1):
        chunks = list(z.iter_vertices(chunk_size=size))
        assert all(len(c) == size for c in chunks[:-1]) and 1 <= len(chunks[-1]) <= size
        flat = [v for c in chunks for v in c]
        assert len(flat) == n_vertices and sorted(flat) == list(z.vertices)


@pytest.mark.parametrize("R", [5, 2**19])  # degenerate, generic (chunk_size=2**64 overflowed numpy)
def test_iter_vertices_takes_any_size_and_names_bad_arguments_at_once(R):
    z = _random_zonotope(3, 30, R, 4)
    everything = list(z.vertices)
    for size in (2**64, 10**100, np.uint64(2**64 - 1), np.int64(2**62)):
        chunks = list(z.iter_vertices(chunk_size=size))
        assert len(chunks) == 1 and sorted(chunks[0]) == everything
    for limit in (2**64, 10**100, np.uint64(2**63)):
        assert sorted(v for c in z.iter_vertices(max_vertices=limit) for v in c) == everything
        assert zonotope(z.generators, shift=z.shift).vertices_with_limit(max_vertices=limit) == z.vertices
    for bad in (0, -3, 2.5, True, "10", None):
        with pytest.raises(InvalidInputError, match=f"chunk_size={bad!r} must be an int >= 1"):
            z.iter_vertices(chunk_size=bad)  # refused at the call, before any next()
        with pytest.raises(InvalidInputError, match="max_vertices="):
            z.iter_vertices(max_vertices=bad)
    with pytest.raises(SizeLimitError, match="max_vertices=10"):
        z.iter_vertices(max_vertices=10)


def test_masks_become_vertices_a_block_at_a_time(monkeypatch):
    # the region method's bit matrix is built a block of masks at a time; with tiny blocks
    # the vertices are the same (rank 6: cdd's hull of the subset sums as the reference)
    from tropgeo import _zonotope_vertices

    gens = moment_curve(6, range(-3, 5))
    expected = hull_vertices([tuple(sum(g[j] for g, b in zip(gens, bits) if b) for j in range(6))
                              for bits in itertools.product((0, 1), repeat=len(gens))])
    monkeypatch.setattr(_zonotope_vertices, "_BLOCK_BYTES", 8 * 8 * 5)  # 5 masks per block
    z = zonotope(gens)
    assert z.vertices == expected
    assert max(len(c) for c in z.iter_vertices(chunk_size=3)) == 3


_BOUNDED_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space
import random
from tropgeo import zonotope
rnd = random.Random(0)
z = zonotope([[rnd.randint(-50, 50) for _ in range(3)] for _ in range(600)])
count = sum(len(c) for c in z.iter_vertices(chunk_size=50_000))
print(z.n_generators, count, len(z.vertices))
"""


def test_degenerate_many_generators_in_bounded_memory():
    # 600 generators in [-50, 50]^3 (dependent triples abound): about 356 000 vertices.  The
    # region method made a vertices x generators int64 matrix (1.7 GB here, 7 GiB at
    # L = 1000) and hit MemoryError under this 1 GiB limit; the sweep streams them.
    import os
    import subprocess
    import sys

    from test_zonotope_sweep import zaslavsky_rank3

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", _BOUNDED_CHILD], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    m, streamed, listed = map(int, out.stdout.split())
    rnd = random.Random(0)
    z = zonotope([[rnd.randint(-50, 50) for _ in range(3)] for _ in range(600)])
    expected = zaslavsky_rank3(z.generators)
    assert m == z.n_generators and streamed == listed == expected
    assert expected < vertex_count_bound(m, 3)  # the input is degenerate


# --- memory guard of the region method (rank > 5) and limits on cached vertices ------------

_HIGH_RANK_CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space
import random
import tropgeo
rng = random.Random(0)
z = tropgeo.zonotope([[rng.randint(-1000, 1000) for _ in range(10)] for _ in range(20)])
assert z.vertex_count_estimate() == 524288   # under the default max_vertices
for call in (lambda: z.iter_vertices(), lambda: z.vertices, lambda: z.vertices_with_limit()):
    try:
        call()
    except tropgeo.SizeLimitError as e:
        print(e)
    except MemoryError:
        print("MemoryError")
"""


def test_high_rank_region_method_refuses_by_memory_estimate():
    # rank 10, 20 generators: the region method memoises C(20, 9) 2^9 masks (about 8 GiB;
    # it died with a raw MemoryError after 78 s at 6 GB); now refused at once with the estimate
    import os
    import subprocess
    import sys

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", _HIGH_RANK_CHILD], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert "estimated 8651980800 bytes" in line and "max_memory=2147483648" in line, line


def test_max_memory_is_validated_and_can_be_raised():
    from tropgeo._zonotope_vertices import region_memory_estimate

    z = zonotope(moment_curve(6, range(-3, 5)))            # 8 generators of rank 6
    est = region_memory_estimate(8, 6)
    assert est == (math.comb(8, 5) * 2**5 + vertex_count_bound(8, 6)) * 100
    with pytest.raises(SizeLimitError, match=f"estimated {est} bytes.*max_memory={est - 1};"):
        z.vertices_with_limit(max_memory=est - 1)
    with pytest.raises(SizeLimitError, match=f"estimated {est} bytes"):
        z.iter_vertices(max_memory=est - 1)
    assert len(z.vertices_with_limit(max_memory=est)) == vertex_count_bound(8, 6)
    for bad in (0, -1, None, 2.5, True):
        with pytest.raises(InvalidInputError, match=f"max_memory={bad!r} must be an int >= 1"):
            z.iter_vertices(max_memory=bad)
        with pytest.raises(InvalidInputError, match=f"max_memory={bad!r} must be an int >= 1"):
            z.vertices_with_limit(max_memory=bad)
    # the sweep (rank <= 5) and parallelepipeds keep a bounded working set: no memory guard
    assert len(zonotope(moment_curve(5, range(-3, 5))).vertices_with_limit(max_memory=1)) == vertex_count_bound(8, 5)
    assert len(zonotope(moment_curve(7, range(-3, 4))).vertices_with_limit(max_memory=1)) == 2**7


def test_cached_vertices_still_validate_and_honour_max_vertices():
    z = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
    assert len(z.vertices) == 14                               # now cached
    for bad in (0, -5, None, 2.5):
        with pytest.raises(InvalidInputError, match=f"max_vertices={bad!r} must be an int >= 1"):
            z.vertices_with_limit(max_vertices=bad)
        with pytest.raises(InvalidInputError, match=f"max_memory={bad!r}"):
            z.vertices_with_limit(max_memory=bad)
    with pytest.raises(SizeLimitError, match="up to 14 vertices.*max_vertices=1;"):
        z.vertices_with_limit(max_vertices=1)
    with pytest.raises(SizeLimitError, match="max_vertices=13;"):
        z.vertices_with_limit(max_vertices=13)
    assert z.vertices_with_limit(max_vertices=14) is z.vertices

"""All hypothesis strategies of the test suite, in one module (STYLE.md).

Strategies are plural nouns with keyword-only options.  Each section is owned
by one part of the package; add new strategies at the end of the right section.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st


# --- numbers -----------------------------------------------------------------


def rationals(*, min_value: int = -6, max_value: int = 6, max_denominator: int = 4) -> st.SearchStrategy:
    """Small exact rationals (int or Fraction), canonical (ints when integral)."""
    if max_denominator < 1:
        raise ValueError(f"max_denominator={max_denominator} must be >= 1")

    def canon(q: Fraction):
        return int(q) if q.denominator == 1 else q

    return st.builds(
        lambda n, d: canon(Fraction(n, d)),
        st.integers(min_value * max_denominator, max_value * max_denominator),
        st.integers(1, max_denominator),
    ).filter(lambda q: min_value <= q <= max_value)


def integer_points(*, dim: int, min_value: int = -4, max_value: int = 4) -> st.SearchStrategy:
    """Integer points of R^dim as tuples."""
    return st.tuples(*[st.integers(min_value, max_value) for _ in range(dim)])


def rational_points(*, dim: int, **kwargs) -> st.SearchStrategy:
    """Rational points of R^dim as tuples."""
    return st.tuples(*[rationals(**kwargs) for _ in range(dim)])


def point_sets(*, dim: int, min_size: int = 1, max_size: int = 12, exact_rationals: bool = False) -> st.SearchStrategy:
    """Lists of points (possibly repeated, possibly lower-dimensional)."""
    pts = rational_points(dim=dim) if exact_rationals else integer_points(dim=dim)
    return st.lists(pts, min_size=min_size, max_size=max_size)


def lifted_point_sets(
    *, dim: int, min_size: int = 1, max_size: int = 10, max_coordinate: int = 3, max_height: int = 4,
    exact_rationals: bool = False,
) -> st.SearchStrategy:
    """Pairs (points, heights) for regular subdivisions: small integer points
    (repeats and lower-dimensional sets occur) with integer or rational heights."""
    if max_size < min_size:
        raise ValueError(f"max_size={max_size} must be >= min_size={min_size}")
    hts = (rationals(min_value=-max_height, max_value=max_height) if exact_rationals
           else st.integers(-max_height, max_height))
    pair = st.tuples(integer_points(dim=dim, min_value=0, max_value=max_coordinate), hts)
    return st.lists(pair, min_size=min_size, max_size=max_size).map(
        lambda ps: ([p for p, _ in ps], [h for _, h in ps])
    )


def affine_point_sets(
    *, dim: int, max_affine_dim: int | None = None, min_size: int = 1, max_size: int = 8,
    exact_rationals: bool = False,
) -> st.SearchStrategy:
    """Lists of points of R^dim in a random affine subspace of dimension at most
    ``max_affine_dim`` (default ``dim``): ``base + sum_k t_k u_k`` with small integer
    directions ``u_k`` and small integer (or rational) ``t_k`` and ``base``.  Single points,
    segments in R^3 and polygons in R^4 occur often; repeats and dependent directions too."""
    if dim < 1:
        raise ValueError(f"dim={dim} must be >= 1")
    top = dim if max_affine_dim is None else max_affine_dim
    if not 0 <= top <= dim:
        raise ValueError(f"max_affine_dim={max_affine_dim} must satisfy 0 <= max_affine_dim <= dim={dim}")
    if not 1 <= min_size <= max_size:
        raise ValueError(f"min_size={min_size} and max_size={max_size} must satisfy 1 <= min_size <= max_size")
    coeffs = rationals(min_value=-2, max_value=2, max_denominator=3) if exact_rationals else st.integers(-2, 2)
    bases = rational_points(dim=dim, min_value=-3, max_value=3) if exact_rationals else integer_points(dim=dim)

    @st.composite
    def build(draw):
        k = draw(st.integers(0, top))
        base = draw(bases)
        dirs = [draw(integer_points(dim=dim, min_value=-2, max_value=2)) for _ in range(k)]
        pts = []
        for _ in range(draw(st.integers(min_size, max_size))):
            ts = [draw(coeffs) for _ in range(k)]
            pts.append(tuple(
                _canon_rational(Fraction(b) + sum((t * u[j] for t, u in zip(ts, dirs)), Fraction(0)))
                for j, b in enumerate(base)
            ))
        return pts

    return build()


# --- zonotopes ---------------------------------------------------------------


def generator_matrices(
    *, dim: int, min_generators: int = 0, max_generators: int = 6, min_value: int = -3, max_value: int = 3
) -> st.SearchStrategy:
    """Integer generator matrices (rows are generators); zero, parallel and
    antiparallel rows occur often because the entries are small."""
    return st.lists(
        integer_points(dim=dim, min_value=min_value, max_value=max_value),
        min_size=min_generators,
        max_size=max_generators,
    )


def rational_generator_matrices(
    *, dim: int, min_generators: int = 0, max_generators: int = 6, max_denominator: int = 3
) -> st.SearchStrategy:
    """Generator matrices with small rational entries (ints when integral); rows are
    often zero, parallel or antiparallel, also across different denominators, because
    each row is a small integer row times a small positive or negative rational."""
    if max_denominator < 1:
        raise ValueError(f"max_denominator={max_denominator} must be >= 1")
    scalars = rationals(min_value=-2, max_value=2, max_denominator=max_denominator)
    row = st.builds(
        lambda v, q: tuple(_canon_rational(Fraction(x) * q) for x in v),
        integer_points(dim=dim, min_value=-2, max_value=2),
        scalars,
    )
    return st.lists(row, min_size=min_generators, max_size=max_generators)


def segment_lists(
    *, dim: int, min_segments: int = 0, max_segments: int = 6, exact_rationals: bool = False
) -> st.SearchStrategy:
    """Lists of segments (u1, u2) with arbitrary end points, as in Proposition 1;
    degenerate segments (u1 == u2) and parallel segments occur."""
    pts = rational_points(dim=dim, min_value=-3, max_value=3) if exact_rationals else integer_points(dim=dim, min_value=-3, max_value=3)
    return st.lists(st.tuples(pts, pts), min_size=min_segments, max_size=max_segments)


def _canon_rational(q: Fraction):
    return int(q) if q.denominator == 1 else q


# --- tropical polynomials ------------------------------------------------------


def tropical_polynomials(
    *, n_vars: int, min_terms: int = 1, max_terms: int = 6, max_degree: int = 3, coefficients=None
) -> st.SearchStrategy:
    """Dicts {exponent tuple: exact coefficient} for TropicalPolynomial(...)."""
    coeffs = coefficients if coefficients is not None else rationals()
    exps = st.tuples(*[st.integers(0, max_degree) for _ in range(n_vars)])
    return st.dictionaries(exps, coeffs, min_size=min_terms, max_size=max_terms)


# --- networks --------------------------------------------------------------------


def relu_networks(
    *,
    n_inputs: int = 2,
    min_hidden: int = 1,
    max_hidden: int = 4,
    n_classes: int = 2,
    biases: bool = False,
    max_weight: int = 3,
) -> st.SearchStrategy:
    """Tuples (A, B, c1, c2) of small integer weights (rational biases when
    ``biases``; ``c1``, ``c2`` are None otherwise)."""

    @st.composite
    def build(draw):
        p = draw(st.integers(min_hidden, max_hidden))
        w = st.integers(-max_weight, max_weight)
        A = [[draw(w) for _ in range(n_inputs)] for _ in range(p)]
        B = [[draw(w) for _ in range(p)] for _ in range(n_classes)]
        if biases:
            c1 = [draw(rationals(min_value=-3, max_value=3, max_denominator=2)) for _ in range(p)]
            c2 = [draw(rationals(min_value=-3, max_value=3, max_denominator=2)) for _ in range(n_classes)]
        else:
            c1 = c2 = None
        return A, B, c1, c2

    return build()


def direction_lists(
    *, dim: int, min_size: int = 1, max_size: int = 8, max_value: int = 6, max_denominator: int = 4
) -> st.SearchStrategy:
    """Lists of exact points of R^dim for support-function certificates: small rationals
    (ints when integral) and, mixed in, integer points up to 100 times larger, so that
    denominators and magnitudes both vary; repeated points occur."""
    if not 1 <= min_size <= max_size:
        raise ValueError(f"min_size={min_size} and max_size={max_size} must satisfy 1 <= min_size <= max_size")
    small = rational_points(dim=dim, min_value=-max_value, max_value=max_value, max_denominator=max_denominator)
    large = integer_points(dim=dim, min_value=-100 * max_value, max_value=100 * max_value)
    return st.lists(st.one_of(small, large), min_size=min_size, max_size=max_size)


def mlps(
    *,
    max_layers: int = 3,
    max_width: int = 3,
    max_classes: int = 3,
    slopes: tuple = (0, Fraction(1, 10), Fraction(1, 2), 2, -1),
    max_weight: int = 4,
    max_denominator: int = 6,
    n_inputs: int | None = None,
) -> st.SearchStrategy:
    """Exact ``tropgeo.MLP``\\ s: 1 to ``max_layers`` layers of small rational weights and
    biases, a negative slope per hidden layer drawn from ``slopes``."""
    from tropgeo import MLP

    small = st.fractions(min_value=-max_weight, max_value=max_weight, max_denominator=max_denominator)

    @st.composite
    def build(draw):
        n_layers = draw(st.integers(1, max_layers))
        first = n_inputs if n_inputs is not None else draw(st.integers(1, max_width))
        widths = [first] + [draw(st.integers(1, max_width)) for _ in range(n_layers - 1)] + [draw(st.integers(2, max_classes))]
        Ws = [[[draw(small) for _ in range(widths[l])] for _ in range(widths[l + 1])] for l in range(n_layers)]
        bs = [[draw(small) for _ in range(widths[l + 1])] for l in range(n_layers)]
        alphas = [draw(st.sampled_from(list(slopes))) for _ in range(n_layers - 1)]
        return MLP(Ws, biases=bs, negative_slopes=alphas)

    return build()


# --- input slices ------------------------------------------------------------------


def slice_boxes(*, max_value: int = 4, max_denominator: int = 3) -> st.SearchStrategy:
    """Boxes ``((s0, s1), (t0, t1))`` of small rationals with ``s0 < s1`` and ``t0 < t1``."""
    if max_value < 1:
        raise ValueError(f"max_value={max_value} must be >= 1")
    q = rationals(min_value=-max_value, max_value=max_value, max_denominator=max_denominator)
    ranges = st.tuples(q, q).filter(lambda r: r[0] != r[1]).map(lambda r: (min(r), max(r)))
    return st.tuples(ranges, ranges)


def slice_planes(*, n_inputs: int, max_value: int = 2) -> st.SearchStrategy:
    """Triples ``(origin, d1, d2)`` of small rational vectors of length ``n_inputs`` with
    ``d1``, ``d2`` linearly independent (the affine 2-D slices of ``input_slice``)."""
    if n_inputs < 2:
        raise ValueError(f"n_inputs={n_inputs} must be >= 2 (a slice is 2-D)")
    vec = rational_points(dim=n_inputs, min_value=-max_value, max_value=max_value, max_denominator=2)

    def independent(t) -> bool:
        _, a, b = t
        return any(a[i] * b[j] != a[j] * b[i] for i in range(n_inputs) for j in range(i + 1, n_inputs))

    return st.tuples(vec, vec, vec).filter(independent)


# --- integerization ------------------------------------------------------------------


def positive_rationals(*, max_value: int = 4, max_denominator: int = 4) -> st.SearchStrategy:
    """Positive exact rationals ``n / d`` with ``1 <= n <= max_value * d``, ``d <= max_denominator``
    (ints when integral): the scales of an integerization."""
    if max_value < 1:
        raise ValueError(f"max_value={max_value} must be >= 1")
    if max_denominator < 1:
        raise ValueError(f"max_denominator={max_denominator} must be >= 1")
    return st.builds(
        lambda n, d: _canon_rational(Fraction(n, d)),
        st.integers(1, max_value * max_denominator),
        st.integers(1, max_denominator),
    ).filter(lambda q: q <= max_value)


def rational_relu_networks(
    *, n_inputs: int = 2, min_hidden: int = 1, max_hidden: int = 4, n_classes: int = 2, max_denominator: int = 4
) -> st.SearchStrategy:
    """Tuples ``(A, B, c1, c2)`` of small rational weights and biases (ints when integral);
    zero rows and columns occur."""
    if max_denominator < 1:
        raise ValueError(f"max_denominator={max_denominator} must be >= 1")
    q = rationals(min_value=-3, max_value=3, max_denominator=max_denominator)

    @st.composite
    def build(draw):
        p = draw(st.integers(min_hidden, max_hidden))
        A = [[draw(q) for _ in range(n_inputs)] for _ in range(p)]
        B = [[draw(q) for _ in range(p)] for _ in range(n_classes)]
        c1 = [draw(q) for _ in range(p)]
        c2 = [draw(q) for _ in range(n_classes)]
        return A, B, c1, c2

    return build()


def float32_relu_weights(
    *, n_inputs: int = 2, min_hidden: int = 1, max_hidden: int = 4, n_classes: int = 2, max_abs: float = 4.0
) -> st.SearchStrategy:
    """Tuples ``(W1, b1, W2, b2)`` of nested lists of Python floats that are float32 values in
    ``[-max_abs, max_abs]`` (the parameters of ``Linear(n, p) -> ReLU -> Linear(p, k)``)."""
    if not max_abs > 0:
        raise ValueError(f"max_abs={max_abs} must be > 0")
    f = st.floats(min_value=-max_abs, max_value=max_abs, width=32, allow_subnormal=False)

    @st.composite
    def build(draw):
        p = draw(st.integers(min_hidden, max_hidden))
        W1 = [[draw(f) for _ in range(n_inputs)] for _ in range(p)]
        b1 = [draw(f) for _ in range(p)]
        W2 = [[draw(f) for _ in range(p)] for _ in range(n_classes)]
        b2 = [draw(f) for _ in range(n_classes)]
        return W1, b1, W2, b2

    return build()


# --- batched evaluation ----------------------------------------------------------------


def float_arrays(
    *, n_columns: int, dtypes: tuple = ("float16", "float32", "float64"), min_rows: int = 0, max_rows: int = 5
) -> st.SearchStrategy:
    """2-D numpy arrays of finite floats of one of ``dtypes``, ``n_columns`` columns: zeros,
    subnormals, ordinary and extreme magnitudes mixed (so exact values need anything from
    denominator 1 to ``2^1074`` and numerators beyond ``2^62``)."""
    import numpy as np

    if n_columns < 1:
        raise ValueError(f"n_columns={n_columns} must be >= 1")
    if not 0 <= min_rows <= max_rows:
        raise ValueError(f"min_rows={min_rows} and max_rows={max_rows} must satisfy 0 <= min_rows <= max_rows")
    widths = {"float16": 16, "float32": 32, "float64": 64}

    @st.composite
    def build(draw):
        dtype = draw(st.sampled_from(list(dtypes)))
        w = widths[dtype]
        value = st.one_of(
            st.just(0.0),
            st.floats(-4, 4, width=w),
            st.floats(allow_nan=False, allow_infinity=False, width=w),
        )
        m = draw(st.integers(min_rows, max_rows))
        return np.array([[draw(value) for _ in range(n_columns)] for _ in range(m)], dtype=dtype).reshape(m, n_columns)

    return build()


def exact_rows(*, n_columns: int, min_rows: int = 0, max_rows: int = 5, max_bits: int = 100) -> st.SearchStrategy:
    """Pairs ``(numerators, denominators)`` of Python ints: ``m x n_columns`` numerators and
    ``m`` positive denominators, small ones mixed with ones of up to ``max_bits`` bits."""
    if n_columns < 1:
        raise ValueError(f"n_columns={n_columns} must be >= 1")
    if max_bits < 1:
        raise ValueError(f"max_bits={max_bits} must be >= 1")
    num = st.one_of(st.integers(-5, 5), st.integers(-(2**max_bits), 2**max_bits))
    den = st.one_of(st.integers(1, 6), st.integers(1, 2**max_bits))

    @st.composite
    def build(draw):
        m = draw(st.integers(min_rows, max_rows))
        return [[draw(num) for _ in range(n_columns)] for _ in range(m)], [draw(den) for _ in range(m)]

    return build()


def large_mlps(*, min_bits: int = 64, n_inputs: int | None = None, **kwargs) -> st.SearchStrategy:
    """``mlps(**kwargs)`` with each layer's weights and biases multiplied by its own integer
    of at least ``min_bits`` bits: exact products then exceed int64."""
    from tropgeo import MLP

    if min_bits < 1:
        raise ValueError(f"min_bits={min_bits} must be >= 1")

    @st.composite
    def build(draw):
        net = draw(mlps(n_inputs=n_inputs, **kwargs))
        factors = [draw(st.integers(2**min_bits, 2 ** (min_bits + 16))) for _ in net.weights]
        return MLP(
            [[[v * c for v in row] for row in W] for W, c in zip(net.weights, factors)],
            biases=[[v * c for v in b] for b, c in zip(net.biases, factors)],
            negative_slopes=net.negative_slopes,
        )

    return build()

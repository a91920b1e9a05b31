"""tropgeo.adapters.plotting: drawn coordinates equal the exact inputs; PNGs are written."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from tropgeo.adapters.plotting import (
    PolygonDrawing,
    RegionsDrawing,
    SliceDrawing,
    plot_decision_regions,
    plot_input_slice,
    plot_polygon,
)
from tropgeo.errors import InexactInputError, InvalidInputError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import rationalize
from tropgeo.slices import input_slice

# f = (max(x1, 0) - max(x2, 0), ...): the boundary pieces below are exact
NET = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]], c1=[F(1, 3), F(-1, 4)])
SEGMENTS = [((F(-1, 3), F(1, 4)), (F(-1, 3), -2)), ((F(-1, 3), F(1, 4)), (F(7, 4), F(7, 3)))]
RAYS = [((F(7, 4), F(7, 3)), (1, 1))]


def exact_predict(P):
    return np.array([NET.predict(tuple(rationalize(v) for v in p)) for p in P])


def test_segments_points_and_regions_are_drawn_as_given(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(30, 2)).astype(np.float32)
    y = exact_predict(X)
    path = tmp_path / "regions.png"
    d = plot_decision_regions(exact_predict, SEGMENTS, rays=RAYS, xlim=(-2, 2), ylim=(-2, F(5, 2)), X=X, y=y,
                              path=path, resolution=40, title="T(R)", segment_label="T(R)")
    assert isinstance(d, RegionsDrawing) and d.path == path
    expected = np.array([[[float(a), float(b)] for a, b in seg] for seg in SEGMENTS])
    assert np.array_equal(d.drawn_segments(), expected)
    assert np.array_equal(d.drawn_points(), X.astype(float))
    ray = np.asarray(d.rays.get_segments()[0])
    assert np.array_equal(ray[0], [1.75, 7 / 3])
    direction = ray[1] - ray[0]
    assert direction[0] > 0 and np.isclose(direction[0], direction[1])
    assert ray[1][0] > 2 and ray[1][1] > 2.5  # leaves the view box
    # the image is the caller's classification of the grid centres, unchanged
    image = np.asarray(d.regions.get_array())
    xs = -2 + (np.arange(40) + 0.5) * 4 / 40
    ys = -2 + (np.arange(40) + 0.5) * 4.5 / 40
    gx, gy = np.meshgrid(xs, ys)
    assert np.array_equal(image, exact_predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(40, 40))
    assert d.regions.get_extent() == [-2.0, 2.0, -2.0, 2.5]
    assert d.axes.get_xlim() == (-2.0, 2.0)
    assert path.is_file() and path.stat().st_size > 5_000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_regions_without_data_or_segments():
    d = plot_decision_regions(lambda P: np.zeros(len(P), dtype=int), [], xlim=(0, 1), ylim=(0, 1), resolution=4)
    assert d.drawn_segments().shape == (0, 2, 2)
    assert d.drawn_points().shape == (0, 2)
    assert d.path is None


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"segments": [((0.5, 0), (1, 1))]}, InexactInputError, r"segments\[0\]\[0\]\[0\]=0.5 is a float"),
        ({"segments": [((0, 0), (1, 1, 1))]}, InvalidInputError, "must be a 2-D point"),
        ({"rays": [((0, 0), (0, 0))]}, InvalidInputError, r"rays\[0\] has direction \(0, 0\)"),
        ({"xlim": (1, 0)}, InvalidInputError, "xlim=.* low < high"),
        ({"predict_grid": lambda P: np.zeros((len(P), 2))}, InvalidInputError, "predict_grid returned shape"),
        ({"predict_grid": lambda P: P[:, 0]}, InvalidInputError, "class indices"),
        ({"X": np.zeros((3, 3))}, InvalidInputError, r"X must have shape \(n, 2\)"),
        ({"y": [0, 1]}, InvalidInputError, "y was given without X"),
        ({"resolution": 1}, InvalidInputError, "resolution=1 must be an int >= 2"),
    ],
)
def test_regions_bad_inputs(kwargs, error, match):
    args = {"predict_grid": exact_predict, "segments": SEGMENTS, "xlim": (-1, 1), "ylim": (-1, 1), "resolution": 4}
    args.update(kwargs)
    predict = args.pop("predict_grid")
    segments = args.pop("segments")
    with pytest.raises(error, match=match):
        plot_decision_regions(predict, segments, **args)


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(InvalidInputError, match="does not exist"):
        plot_polygon([(0, 0), (1, 0), (0, 1)], path=tmp_path / "no" / "such" / "p.png")


# --- polygons -------------------------------------------------------------------------


def _signed_area(xy):
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_polygon_vertices_in_any_order_are_drawn_counter_clockwise(tmp_path):
    hexagon = [(0, -1), (2, F(-1, 2)), (F(5, 2), F(3, 2)), (1, F(5, 2)), (-1, 2), (F(-3, 2), F(1, 3)), (0, -1)]
    shuffled = [hexagon[i] for i in (3, 0, 5, 1, 4, 2, 6)]
    inner = [((0, -1), (1, F(5, 2))), ((1, F(5, 2)), (F(-3, 2), F(1, 3)))]
    path = tmp_path / "poly.png"
    d = plot_polygon(shuffled, edges=inner, path=path, title="delta(R)", label_vertices=True,
                     xlabel="exponent of x1", ylabel="exponent of x2")
    assert isinstance(d, PolygonDrawing)
    assert (d.axes.get_xlabel(), d.axes.get_ylabel()) == ("exponent of x1", "exponent of x2")
    drawn = d.drawn_boundary()
    expected = {(float(x), float(y)) for x, y in hexagon}
    assert len(drawn) == 6 and {tuple(p) for p in drawn.tolist()} == expected
    assert _signed_area(drawn) > 0
    # counter-clockwise: every turn is a left turn
    for i in range(6):
        a, b, c = drawn[i], drawn[(i + 1) % 6], drawn[(i + 2) % 6]
        assert (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) > 0
    assert np.array_equal(d.drawn_vertices(), drawn)
    assert np.array_equal(d.drawn_edges(), np.array([[[0, -1], [1, 2.5]], [[1, 2.5], [-1.5, 1 / 3]]]))
    labels = sorted(t.get_text() for t in d.axes.texts)
    assert len(labels) == 6 and "(-3/2, 1/3)" in labels and "(5/2, 3/2)" in labels
    assert path.is_file() and path.stat().st_size > 5_000


def test_same_drawing_for_both_input_orders():
    square = [(0, 0), (1, 0), (1, 1), (0, 1)]
    a = plot_polygon(square).drawn_boundary()
    b = plot_polygon(square[::-1]).drawn_boundary()
    assert np.array_equal(a, b)


def test_degenerate_polygons_are_drawn():
    segment = plot_polygon([(0, 0), (2, 2), (1, 1)])
    assert {tuple(p) for p in segment.drawn_vertices().tolist()} == {(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)}
    point = plot_polygon([(F(1, 3), 1)])
    assert point.drawn_vertices().tolist() == [[1 / 3, 1.0]]


def test_polygon_bad_inputs():
    with pytest.raises(InvalidInputError, match="vertices is empty"):
        plot_polygon([])
    with pytest.raises(InexactInputError, match=r"vertices\[1\]\[1\]=0.25 is a float"):
        plot_polygon([(0, 0), (1, 0.25)])
    with pytest.raises(InvalidInputError, match=r"edges\[0\]\[0\]=0 must be a 2-D point"):
        plot_polygon([(0, 0), (1, 0), (0, 1)], edges=[(0, 0)])


def test_a_users_file_is_never_overwritten_but_our_figure_is(tmp_path):
    square = [(0, 0), (1, 0), (1, 1), (0, 1)]
    user = tmp_path / "mine.png"
    user.write_bytes(b"precious")
    with pytest.raises(InvalidInputError, match="not a figure written by tropgeo"):
        plot_polygon(square, path=user)
    assert user.read_bytes() == b"precious"
    link = tmp_path / "link.png"
    link.symlink_to(user)
    with pytest.raises(InvalidInputError, match="not a regular file"):
        plot_polygon(square, path=link)
    assert user.read_bytes() == b"precious"
    ours = tmp_path / "ours.png"
    plot_polygon(square, path=ours)
    first = ours.read_bytes()
    assert first.startswith(b"\x89PNG") and b"tropgeo" in first
    plot_polygon(square, path=ours, title="again")      # our own figure is replaced
    assert ours.read_bytes() != first


# --- exact input slices -------------------------------------------------------------------

DEEP = MLP([[[1, -1], [2, 1], [0, 1]], [[1, -2, 1], [-1, 1, 1]], [[2, -1], [1, 1], [-1, F(1, 2)]]],
           biases=[[0, -1, F(1, 2)], [1, 0], [0, F(-1, 3), 1]], negative_slopes=[0, F(1, 10)])


def _floats(vertices):
    return np.array([[float(s), float(t)] for s, t in vertices])


def test_slice_drawing_draws_the_exact_cells_edges_and_boundary(tmp_path):
    S = input_slice(DEEP, box=((-3, 3), (-2, F(5, 2))))
    assert S.boundary and len(S.class_cells) > S.n_regions > 4
    path = tmp_path / "slice.png"
    d = plot_input_slice(S, path=path, title="slice", class_names=["a", "b", "c"])
    assert isinstance(d, SliceDrawing) and d.path == path
    fills = d.drawn_fills()
    assert len(fills) == len(S.class_cells)
    for drawn, cell in zip(fills, S.class_cells):
        assert np.array_equal(drawn, _floats(cell.vertices))
    # each cell is filled with the light colour of its class, and the classes differ
    colors = d.fills.get_facecolors()[:, :3]
    expected_colors = {c.predicted: None for c in S.class_cells}
    for rgb, cell in zip(colors, S.class_cells):
        if expected_colors[cell.predicted] is None:
            expected_colors[cell.predicted] = tuple(rgb)
        assert tuple(rgb) == expected_colors[cell.predicted]
    assert len(set(expected_colors.values())) == len(expected_colors)
    edges = d.drawn_edges()
    assert len(edges) == S.n_regions
    for drawn, region in zip(edges, S.regions):
        assert np.array_equal(drawn, _floats(region.vertices))
    expected = np.array([[[float(v) for v in b.start], [float(v) for v in b.end]] for b in S.boundary])
    assert np.array_equal(d.drawn_boundary(), expected)
    assert d.axes.get_xlim() == (-3.0, 3.0) and d.axes.get_ylim() == (-2.0, 2.5)
    assert (d.axes.get_xlabel(), d.axes.get_ylabel()) == ("$x_1$", "$x_2$")
    labels = [t.get_text() for t in d.axes.get_legend().get_texts()]
    assert labels[-2] == "decision boundary" and f"activation regions ({S.n_regions};" in labels[-1]
    assert set(labels[:-2]) <= {"a", "b", "c"} and len(labels) == len(expected_colors) + 2
    head = path.read_bytes()
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and b"tropgeo" in head and path.stat().st_size > 5_000
    plot_input_slice(S, path=path, color_by="region")  # our own figure is replaced


def test_slice_drawing_by_region_with_data_and_a_general_slice():
    net = MLP([[[1, 0, -1], [0, 1, 1]], [[1, -1], [-1, 1]]])
    S = input_slice(net, box=((-1, 1), (0, 2)), origin=(0, 0, 1), d1=(1, 0, 0), d2=(0, 1, 1))
    X = np.array([[0.5, 0.5], [-0.5, 1.5]])
    d = plot_input_slice(S, color_by="region", X=X, y=[0, 1])
    assert [p.tolist() for p in d.drawn_fills()] == [_floats(r.vertices).tolist() for r in S.regions]
    assert np.array_equal(d.drawn_points(), X)
    assert d.axes.get_xlabel().startswith("$s$") and d.path is None
    assert len(d.fills.get_facecolors()) == S.n_regions


def test_slice_drawing_never_overwrites_a_users_file(tmp_path):
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    user = tmp_path / "mine.png"
    user.write_bytes(b"precious")
    with pytest.raises(InvalidInputError, match="not a figure written by tropgeo"):
        plot_input_slice(S, path=user)
    assert user.read_bytes() == b"precious"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"color_by": "unit"}, "color_by='unit' must be 'class' or 'region'"),
        ({"X": np.zeros((2, 3))}, r"X must have shape \(n, 2\)"),
        ({"y": [0]}, "y was given without X"),
        ({"X": np.zeros((2, 2)), "y": [0, -1]}, "y must hold 2 class indices"),
    ],
)
def test_slice_drawing_bad_inputs(kwargs, match):
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    with pytest.raises(InvalidInputError, match=match):
        plot_input_slice(S, **kwargs)
    with pytest.raises(InvalidInputError, match="input_slice must be an InputSlice"):
        plot_input_slice(S.regions)


# --- the real output path, checked before drawing --------------------------------------------

SQUARE = [(0, 0), (1, 0), (1, 1), (0, 1)]


def test_a_path_without_suffix_is_checked_as_the_png_it_becomes(tmp_path):
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    user = tmp_path / "out.png"
    user.write_bytes(b"precious")
    for draw in (lambda p: plot_input_slice(S, path=p), lambda p: plot_polygon(SQUARE, path=p),
                 lambda p: plot_decision_regions(exact_predict, [], xlim=(-1, 1), ylim=(-1, 1), resolution=4,
                                                 path=p)):
        with pytest.raises(InvalidInputError, match="out.png' exists and is not a figure written by tropgeo"):
            draw(tmp_path / "out")
        assert user.read_bytes() == b"precious"
    d = plot_polygon(SQUARE, path=str(tmp_path / "fresh"))
    assert d.path == tmp_path / "fresh.png" and d.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "fresh").exists()
    plot_polygon(SQUARE, path=tmp_path / "fresh")       # our own figure is replaced
    d = plot_polygon(SQUARE, path=tmp_path / "UPPER.PNG")
    assert d.path == tmp_path / "UPPER.PNG" and d.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", ["x.txt", "x.pdf", "x.svg", "x.png.bak"])
def test_a_suffix_other_than_png_is_refused_before_drawing(tmp_path, name):
    calls = []

    def predict(P):
        calls.append(len(P))
        return np.zeros(len(P), dtype=int)

    with pytest.raises(InvalidInputError, match=r"path=.*must end in \.png"):
        plot_decision_regions(predict, [], xlim=(-1, 1), ylim=(-1, 1), resolution=4, path=tmp_path / name)
    assert calls == [] and list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidInputError, match=r"path=.*must end in \.png"):
        plot_input_slice(input_slice(NET, box=((-1, 1), (-1, 1))), path=tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_a_path_that_is_not_a_path_is_refused(tmp_path):
    with pytest.raises(InvalidInputError, match="path=3 must be a str or os.PathLike"):
        plot_polygon(SQUARE, path=3)
    (tmp_path / "figs").mkdir()
    with pytest.raises(InvalidInputError, match="must name a .png file, not a folder"):
        plot_polygon(SQUARE, path=tmp_path / "figs")
    assert list(tmp_path.iterdir()) == [tmp_path / "figs"]


@pytest.mark.parametrize(
    "X, match",
    [
        ([["a", "b"]], "X must hold real numbers"),
        ([[0.0, 1.0], [0.0]], "X must be an array of shape"),
        ([[float("nan"), 0.0]], r"X\[0\]=\[nan, 0.0\] is not finite"),
        ([[0.0, 0.0], [float("inf"), 1.0]], r"X\[1\]=\[inf, 1.0\] is not finite"),
        ([[1 + 2j, 0]], "X must hold real numbers"),
    ],
)
def test_slice_drawing_refuses_data_that_are_not_finite_reals(X, match):
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    with pytest.raises(InvalidInputError, match=match):
        plot_input_slice(S, X=X)
    with pytest.raises(InvalidInputError, match=match):
        plot_decision_regions(exact_predict, [], xlim=(-1, 1), ylim=(-1, 1), resolution=4, X=X)


def test_slice_drawing_accepts_exact_data_points():
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    d = plot_input_slice(S, X=[[F(1, 2), 0], [-1, F(1, 4)]], y=[0, 1])
    assert d.drawn_points().tolist() == [[0.5, 0.0], [-1.0, 0.25]]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"class_names": ["a"]}, r"class_names=\['a'\] names 1 classes, but the drawing has 2"),
        ({"class_names": ["a", "b"], "X": [[0, 0]], "y": [2]}, "names 2 classes, but the drawing has 3"),
        ({"class_names": "ab"}, "class_names='ab' must be a sequence of str"),
        ({"class_names": ["a", 1]}, r"class_names\[1\]=1 must be a str"),
    ],
)
def test_slice_drawing_class_names_must_name_every_class(kwargs, match):
    S = input_slice(NET, box=((-1, 1), (-1, 1)))
    with pytest.raises(InvalidInputError, match=match):
        plot_input_slice(S, **kwargs)
    d = plot_input_slice(S, class_names=("left", "right"))
    assert {t.get_text() for t in d.axes.get_legend().get_texts()} >= {"left", "right"}


@pytest.mark.parametrize(
    "box, match",
    [
        (((-10**400, 10**400), (-1, 1)), "beyond the float range"),
        (((0, F(1, 10**400)), (0, 1)), "flat or overflows"),
        (((0, 1), (0, F(1, 10**400))), "flat or overflows"),
        (((10**20, 10**20 + 1), (0, 1)), "flat or overflows"),
        (((-10**308, 10**308), (0, 1)), "flat or overflows"),
        (((0, F(1, 10**300)), (0, F(1, 10**300))), "too narrow"),
    ],
)
def test_a_box_floats_cannot_draw_is_refused(box, match):
    S = input_slice(NET, box=box)
    with pytest.raises(InvalidInputError, match=r"box=\(\(.*cannot be drawn in floats: .*" + match):
        plot_input_slice(S)


def test_a_huge_but_float_sized_box_is_drawn_as_given():
    S = input_slice(NET, box=((-10**300, 10**300), (F(-1, 10**200), F(1, 10**200))))
    d = plot_input_slice(S)
    assert d.axes.get_xlim() == (-1e300, 1e300) and d.axes.get_ylim() == (-1e-200, 1e-200)

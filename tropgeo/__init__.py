"""tropgeo: exact tropical geometry of ReLU networks.

The exact core: rational numbers (never floats), polytopes over Q,
zonotopes, tropical polynomials and their dual subdivisions, exact
``Affine-ReLU-Affine`` networks and the certified check of Theorem 2 and
Proposition 1 of "On the Decision Boundaries of Neural Networks: A Tropical
Geometry Perspective".  ``tropgeo`` never imports torch, cvxpy or
matplotlib; those live in :mod:`tropgeo.adapters` and
:mod:`tropgeo.validation`.

Examples
--------
>>> from tropgeo import ReLUNetwork, verify_theorem2
>>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1])
>>> verify_theorem2(net).holds
True
"""

from tropgeo.boundary import boundary_point_on_segment, boundary_points
from tropgeo.decomposition import TropicalDecomposition, boundary_polynomial, tropical_decomposition
from tropgeo.duality import dual_subdivision, lifted_polytope, newton_polytope
from tropgeo.errors import (
    BackendError,
    CheckFailedError,
    InexactInputError,
    InvalidInputError,
    SizeLimitError,
    TropgeoError,
)
from tropgeo.hypersurface import TropicalCurve, tropical_curve
from tropgeo.network import Integerization, ReLUNetwork
from tropgeo.numbers import as_exact, rationalize
from tropgeo.polynomial import TropicalPolynomial, tropical_product
from tropgeo.polytope import Polytope, convex_hull, minkowski_sum
from tropgeo.rational import TropicalRational
from tropgeo.subdivision import Subdivision, regular_subdivision, upper_hull_vertices
from tropgeo.theorem2 import (
    corollary1_zonotopes,
    decision_boundary_polytope,
    decision_boundary_subdivision,
    lifted_zonotopes,
    pair_weights,
    theorem2_segments,
)
from tropgeo.verify import PairReport, Theorem2Report, verify_theorem2
from tropgeo.zonotope import Zonotope, vertex_count_bound, zonotope

__version__ = "0.1.0"

__all__ = [
    "BackendError",
    "CheckFailedError",
    "InexactInputError",
    "Integerization",
    "InvalidInputError",
    "PairReport",
    "Polytope",
    "ReLUNetwork",
    "SizeLimitError",
    "Subdivision",
    "Theorem2Report",
    "TropgeoError",
    "TropicalCurve",
    "TropicalDecomposition",
    "TropicalPolynomial",
    "TropicalRational",
    "Zonotope",
    "as_exact",
    "boundary_point_on_segment",
    "boundary_points",
    "boundary_polynomial",
    "convex_hull",
    "corollary1_zonotopes",
    "decision_boundary_polytope",
    "decision_boundary_subdivision",
    "dual_subdivision",
    "lifted_polytope",
    "lifted_zonotopes",
    "minkowski_sum",
    "newton_polytope",
    "pair_weights",
    "rationalize",
    "regular_subdivision",
    "theorem2_segments",
    "tropical_curve",
    "tropical_decomposition",
    "tropical_product",
    "upper_hull_vertices",
    "verify_theorem2",
    "vertex_count_bound",
    "zonotope",
]

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
from tropgeo.decomposition import TropicalDecomposition, boundary_polynomial, term_bound, tropical_decomposition
from tropgeo.deep_decomposition import MLPDecomposition, mlp_decomposition
from tropgeo.duality import dual_subdivision, lifted_polytope, newton_polytope
from tropgeo.errors import (
    BackendError,
    CheckFailedError,
    InexactInputError,
    InvalidInputError,
    SizeLimitError,
    TropgeoError,
)
from tropgeo.evaluation import batch_logits, batch_predictions, exact_float_rows
from tropgeo.export import from_ext, from_ine, from_json, read_polytope, to_ext, to_ine, to_json, write_polytope
from tropgeo.hypersurface import TropicalCurve, tropical_curve
from tropgeo.hypersurface_complex import TropicalHypersurface, tropical_hypersurface
from tropgeo.mlp import MLP, MLPIntegerization
from tropgeo.network import Integerization, ReLUNetwork
from tropgeo.numbers import as_exact, rationalize
from tropgeo.polynomial import TropicalPolynomial, tropical_product
from tropgeo.polytope import Polytope, convex_hull, minkowski_sum
from tropgeo.rational import TropicalRational
from tropgeo.slices import ActivationRegion, BoundarySegment, ClassCell, InputSlice, input_slice, slice_region_bound
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
from tropgeo.zonotope_hull import convex_hull_of_zonotopes

__version__ = "0.1.0"

# The torch adapters are reachable from the top level too (``from tropgeo import
# from_torch``), but imported only on first use, so that ``import tropgeo`` never imports
# torch (DESIGN.md: the exact core runs where torch is absent).
_ADAPTER_NAMES = {
    "from_torch": "tropgeo.adapters.torch_io",
    "to_torch": "tropgeo.adapters.torch_io",
    "load_state_dict": "tropgeo.adapters.torch_io",
    "prediction_agreement": "tropgeo.adapters.torch_agreement",
    "train_relu_classifier": "tropgeo.adapters.training",
    "load_dataset": "tropgeo.adapters.datasets",
    "mlp_from_torch": "tropgeo.adapters.torch_io",
    "integerize_to_agreement": "tropgeo.adapters.integerize",
    "plot_input_slice": "tropgeo.adapters.plotting",
}


def __getattr__(name: str) -> object:
    module = _ADAPTER_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'tropgeo' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

__all__ = [
    "MLPDecomposition",
    "mlp_decomposition",
    "ActivationRegion",
    "BoundarySegment",
    "ClassCell",
    "InputSlice",
    "input_slice",
    "slice_region_bound",
    "MLP",
    "MLPIntegerization",
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
    "TropicalHypersurface",
    "TropicalPolynomial",
    "TropicalRational",
    "Zonotope",
    "as_exact",
    "batch_logits",
    "batch_predictions",
    "boundary_point_on_segment",
    "boundary_points",
    "boundary_polynomial",
    "convex_hull",
    "convex_hull_of_zonotopes",
    "corollary1_zonotopes",
    "decision_boundary_polytope",
    "decision_boundary_subdivision",
    "dual_subdivision",
    "exact_float_rows",
    "from_ext",
    "from_ine",
    "from_json",
    "lifted_polytope",
    "lifted_zonotopes",
    "minkowski_sum",
    "newton_polytope",
    "pair_weights",
    "rationalize",
    "read_polytope",
    "regular_subdivision",
    "theorem2_segments",
    "term_bound",
    "to_ext",
    "to_ine",
    "to_json",
    "tropical_curve",
    "tropical_decomposition",
    "tropical_hypersurface",
    "tropical_product",
    "upper_hull_vertices",
    "verify_theorem2",
    "vertex_count_bound",
    "write_polytope",
    "zonotope",
]

"""The records of :func:`~tropgeo.adapters.integerize.integerize_to_agreement`.

:class:`DenominatorTrial` is one denominator bound tried, :class:`IntegerizationReport` the
outcome of the search (the boundary shift it measures is
:class:`~tropgeo.adapters._integerize_shift.BoundaryShift`).  Both are re-exported by
:mod:`tropgeo.adapters.integerize`, which computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tropgeo.adapters._integerize_shift import BoundaryShift
from tropgeo.adapters.torch_io import TorchConversion
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact

__all__ = ["DenominatorTrial", "IntegerizationReport"]


@dataclass(frozen=True)
class DenominatorTrial:
    """One denominator bound tried by :func:`~tropgeo.adapters.integerize.integerize_to_agreement`.

    Attributes
    ----------
    max_denominator : int or None
        The bound passed to ``from_torch``; ``None``: exact binary values.
    n_points, n_agree : int
        Rows of the data, and rows where the exact integerized network predicts
        the float module's class.
    max_logit_error : float
        ``max |integer logits / scale - float logits|`` over rows and classes
        (exact, then rounded to a float).
    max_weight_error : Fraction
        ``max |w - q|`` over the parameters' exact values ``w`` and their rounded ``q``.
    scale : int or Fraction
        The integerization scale: the integer network computes ``scale`` times
        the rationalized one.
    max_integer_bits : int
        Bit length of the largest entry of the integer ``A`` and ``B``: what the
        exact polytope computations pay for (a coarse bound keeps it small; with
        ``"best"`` rounding the row-wise least common multiples of the
        denominators can make it large).
    rounding : {"best", "dyadic"}
        How the bound was applied (``from_torch``'s ``rounding``).

    Examples
    --------
    Usually read from :attr:`IntegerizationReport.trials`; the record itself:

    >>> trial = DenominatorTrial(max_denominator=16, n_points=4, n_agree=3, max_logit_error=0.07,
    ...                          max_weight_error=Fraction(1, 80), scale=256, max_integer_bits=6)
    >>> trial.agreement_rate, trial.rounding
    (0.75, 'best')
    """

    max_denominator: int | None
    n_points: int
    n_agree: int
    max_logit_error: float
    max_weight_error: Fraction
    scale: Exact
    max_integer_bits: int
    rounding: str = "best"

    @property
    def agreement_rate(self) -> float:
        """``n_agree / n_points``."""
        return self.n_agree / self.n_points


@dataclass(frozen=True)
class IntegerizationReport:
    """The outcome of :func:`~tropgeo.adapters.integerize.integerize_to_agreement`.

    Attributes
    ----------
    conversion : TorchConversion
        ``from_torch``'s result for the chosen bound: the rational ``network``,
        the ``integer_network``, its ``scale``, ``max_weight_error``, ``source``,
        and the ``max_denominator`` and ``rounding`` that made the weights exact.
    target : Fraction
        The agreement rate asked for.
    met_target : bool
        Whether the chosen bound reaches it.  When no bound does, the chosen one
        is the bound with the most agreeing rows (the finer one on ties).
    n_points, n_agree : int
    changed_indices : tuple of int
        Rows whose exact prediction differs from the float module's.
    float_predictions, exact_predictions : tuple of int
        Argmax of the torch logits and of the exact logits (lowest index on ties).
    max_logit_error : float
        ``max |integer logits / scale - float logits|`` (exact, rounded to a float).
    boundary_shift : BoundaryShift or None
        ``None`` when ``boundary_segments=0``.
    trials : tuple of DenominatorTrial
        Every bound tried, in order (the search stops at the first that meets the target).
    input_conversion : str
        How the data became exact.

    Examples
    --------
    :func:`~tropgeo.adapters.integerize.integerize_to_agreement` shows a search; here one
    bound, 4, on a net whose class changes at ``x = 1/3`` (read as ``1/4``, so ``0.3`` changes class):

    >>> from fractions import Fraction as F
    >>> from tropgeo import ReLUNetwork
    >>> from tropgeo.adapters.integerize import integerize_to_agreement
    >>> from tropgeo.adapters.torch_io import to_torch
    >>> module = to_torch(ReLUNetwork([[1]], [[1], [0]], c2=[0, F(1, 3)]))
    >>> report = integerize_to_agreement(module, [[0], [0.3], [1], [2]], denominators=(4,), boundary_segments=0)
    >>> report.met_target, report.max_denominator, report.rounding, report.scale
    (False, 4, 'dyadic', 1)
    >>> report.agreement_rate, report.changed_indices, report.float_predictions, report.exact_predictions
    (0.75, (1,), (1, 1, 0, 0), (1, 0, 0, 0))
    >>> report.integer_network.c2, report.boundary_shift is None
    ((0, Fraction(1, 4)), True)
    """

    conversion: TorchConversion
    target: Fraction
    met_target: bool
    n_points: int
    n_agree: int
    changed_indices: tuple[int, ...]
    float_predictions: tuple[int, ...]
    exact_predictions: tuple[int, ...]
    max_logit_error: float
    boundary_shift: BoundaryShift | None
    trials: tuple[DenominatorTrial, ...]
    input_conversion: str

    @property
    def max_denominator(self) -> int | None:
        """The chosen bound (``None``: exact binary values)."""
        return self.conversion.max_denominator

    @property
    def rounding(self) -> str:
        """How the bound was applied: ``"dyadic"`` or ``"best"`` (``conversion.rounding``)."""
        return self.conversion.rounding

    @property
    def integer_network(self) -> ReLUNetwork:
        """The chosen integer-weight network (computes ``scale`` times the rationalized one)."""
        return self.conversion.integer_network

    @property
    def scale(self) -> Exact:
        """The integerization scale of the chosen network."""
        return self.conversion.scale

    @property
    def agreement_rate(self) -> float:
        """``n_agree / n_points``."""
        return self.n_agree / self.n_points

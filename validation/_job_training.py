"""The size check of training in the main job: refuse, before it starts, training that would not finish."""

from __future__ import annotations

from tropgeo.errors import SizeLimitError

__all__ = ["MAX_TRAINING_WORK", "training_work"]


# Training here is refused when its work (training_work) is past this: full-batch Adam on
# one CPU thread does about 1e10 of these units a second (measured: MNIST's default, hidden
# 32, is 3.1e10 and trains in 3 s; iris with hidden 20000 is 2.6e11 and takes 27 s), so the
# limit is about two minutes; the estimate is printed with the refusal.
MAX_TRAINING_WORK = 10**12
# each hidden unit's elementwise passes (ReLU, its gradient, the loss) cost about as much per
# point as this many parameters' multiply-adds (measured on iris, where they dominate)
_ACTIVATION_COST = 64


def training_work(n_features: int, hidden: int, n_classes: int, n_points: int, n_restarts: int) -> int:
    """The work of training an ``Affine(n_features->hidden)-ReLU-Affine(hidden->n_classes)`` net
    with :func:`~tropgeo.adapters.training.train_relu_classifier` (its default ``epochs``).

    ``(parameters + 64 hidden) x points x epochs x restarts``: the multiply-adds of the
    two layers, and the hidden activations' elementwise passes (measured to cost about 64
    parameters each).  About ``1e10`` a second on one CPU thread.

    Examples
    --------
    >>> training_work(4, 8, 3, 150, 4)      # iris, the default: (67 + 512) x 150 x 300 x 4
    104220000
    """
    epochs = training_default("epochs")
    params = n_features * hidden + hidden + hidden * n_classes + n_classes
    return (params + _ACTIVATION_COST * hidden) * n_points * epochs * n_restarts


def training_default(parameter: str) -> int:
    """A default of ``train_relu_classifier`` (read from it, so the estimate follows it)."""
    import inspect

    from tropgeo.adapters.training import train_relu_classifier

    return int(inspect.signature(train_relu_classifier).parameters[parameter].default)


def check_training_work(n_features: int, hidden: int, n_classes: int, n_points: int, n_restarts: int) -> None:
    work = training_work(n_features, hidden, n_classes, n_points, n_restarts)
    if work > MAX_TRAINING_WORK:
        per_unit = training_work(n_features, 1, n_classes, n_points, n_restarts) - training_work(
            n_features, 0, n_classes, n_points, n_restarts
        )
        fixed = training_work(n_features, 0, n_classes, n_points, n_restarts)
        raise SizeLimitError(
            f"--hidden {hidden}: training here would take about {work:.3g} units of work "
            f"({n_features * hidden + hidden + hidden * n_classes + n_classes} parameters, {n_points} points, "
            f"{training_default('epochs')} epochs, {n_restarts} start(s); training_work), more than the limit "
            f"{MAX_TRAINING_WORK:.3g} (about two minutes of training); "
            f"lower --hidden to at most {max((MAX_TRAINING_WORK - fixed) // per_unit, 1)}, or train the "
            "network yourself and pass it with --model"
        )

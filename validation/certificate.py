"""Machine-readable certificates of :func:`tropgeo.verify_theorem2` runs.

Exact numbers are written as strings ``"p/q"`` (``"p"`` when integral) so
that any exact tool can re-check them; nothing in a certificate is a float
except fields whose names end in ``_float`` or ``_seconds``.

Examples
--------
>>> from tropgeo import ReLUNetwork, verify_theorem2
>>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
>>> cert = certificate(verify_theorem2(net))
>>> cert["holds"], cert["pairs"][0]["part2"]["decision_boundary_polytope"]["vertices"]
(True, [['0', '0'], ['0', '2'], ['2', '0']])
"""

from __future__ import annotations

import json
import os
import platform
from typing import Any

import tropgeo
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.export.files import atomic_write_text, check_replaceable, file_path, read_regular_file
from tropgeo.numbers import to_fraction_string
from tropgeo.support import SupportPairReport, SupportReport
from tropgeo.theorem2 import decision_boundary_polytope
from tropgeo.verify import PairReport, Theorem2Report

__all__ = ["certificate", "write_certificate", "check_certificate_path", "CERTIFICATE_FORMAT"]

CERTIFICATE_FORMAT = "tropgeo-theorem2-certificate/1"
_MAX_OLD_CERTIFICATE = 256 * 2**20  # an existing file larger than this is not read (nor replaced)
# Every certificate has these keys (the envelope written by certificate()).
_ENVELOPE = ("format", "tropgeo_version", "python", "mode", "holds", "network", "pairs")


def _q(v: Any) -> str:
    return to_fraction_string(v)


def _vec(v: Any) -> list[str]:
    return [_q(x) for x in v]


def _mat(m: Any) -> list[list[str]]:
    return [_vec(r) for r in m]


def _pair(report: Theorem2Report, p: PairReport) -> dict[str, Any]:
    poly = decision_boundary_polytope(report.network, p.i, p.j)
    return {
        "i": p.i,
        "j": p.j,
        "holds": p.holds,
        "part1": {
            "holds": p.part1_holds,
            "statement": "every exact point checked lies on the boundary of {f_i > f_j}, "
            "satisfies f_i = f_j and H_i - Q_i = f_i, and R_ij attains its maximum at >= 2 terms",
            "exercised": p.part1_exercised,
            "n_points": len(p.boundary_points),
            "points": [_vec(x) for x in p.boundary_points],
            "failures": [_vec(x) for x in p.part1_failures],
            "decomposition_failures": [_vec(x) for x in p.decomposition_failures],
        },
        "part2": {
            "holds": p.part2_holds,
            "upper_vertices_equal": p.upper_vertices_equal,
            "cells_equal": p.cells_equal,
            "newton_polytopes_equal": p.newton_polytopes_equal,
            "lifted_polytopes_equal": p.lifted_polytopes_equal,
            "witness": None if p.part2_witness is None else _vec(p.part2_witness),
            "n_terms_R": p.n_terms_R,
            "n_vertices": p.n_vertices,
            "n_cells": p.n_cells,
            "decision_boundary_polytope": {
                "lifted": report.network.has_biases,
                "vertices": [_vec(v) for v in poly.vertices],
            },
        },
        "proposition1": {
            "holds": p.proposition1_holds,
            "segments_equal_generator_form": p.proposition1_generators,
            "equal_to_cdd_minkowski_sum": p.proposition1_minkowski,
            "cdd_cross_check_ran": p.proposition1_cross_checked,
        },
        "pair_seconds": p.seconds,
    }


def _support_pair(p: SupportPairReport) -> dict[str, Any]:
    return {
        "i": p.i,
        "j": p.j,
        "holds": p.holds,
        "support_functions": {
            "statement": "h of the lifted Newton polytope of R_ij (from the network) equals h of "
            "ConvHull(lifted Z_G1, lifted Z_G2) (from the zonotopes) at each lifted direction (x, 1), (x, 0)",
            "n_directions": p.n_directions,
            "n_agree": p.n_agree,
            "n_halves_agree": p.n_halves_agree,
            "n_decomposition_agree": p.n_decomposition_agree,
            "witness": None if p.witness is None else _vec(p.witness),
            "witness_check": p.witness_check,
            "witness_values": None if p.witness_values is None else _vec(p.witness_values),
        },
        "part1": {
            "statement": "every exact boundary point checked satisfies f_i = f_j, f_c = H_c - Q_c, "
            "and R_ij attains its maximum at >= 2 terms",
            "exercised": p.part1_exercised,
            "n_points": len(p.boundary_points),
            "points": [_vec(x) for x in p.boundary_points],
            "failures": [_vec(x) for x in p.boundary_failures],
        },
    }


def certificate(report: Theorem2Report | SupportReport, *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON-ready dict describing the network, what was checked and the outcome.

    Both modes write the same envelope (format, versions, ``mode``, ``holds``, the exact
    network); an exhaustive report lists each pair's polytopes, a support-function report
    each pair's agreement counts, witness and boundary points, and says in ``"proves"``
    what it proves.

    Examples
    --------
    >>> from tropgeo import ReLUNetwork, verify_theorem2
    >>> from tropgeo.support import support_certificate
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> cert = certificate(verify_theorem2(net), extra={"seed": 0})
    >>> cert["format"], cert["mode"], cert["holds"], cert["network"]["A"], cert["seed"]
    ('tropgeo-theorem2-certificate/1', 'exhaustive', True, [['1', '0'], ['0', '1']], 0)
    >>> sorted(cert["pairs"][0])
    ['holds', 'i', 'j', 'pair_seconds', 'part1', 'part2', 'proposition1']
    >>> cert = certificate(support_certificate(net, [[1, 2], [-3, 1]]))
    >>> cert["mode"], cert["n_points"], cert["pairs"][0]["support_functions"]["n_agree"]
    ('support-function', 2, 4)
    """
    net = report.network
    out: dict[str, Any] = {
        "format": CERTIFICATE_FORMAT,
        "tropgeo_version": tropgeo.__version__,
        "python": platform.python_version(),
        "mode": report.mode,
        "holds": report.holds,
        "network": {
            "form": "f(x) = B max(A x + c1, 0) + c2",
            "n_inputs": net.n_inputs,
            "n_hidden": net.n_hidden,
            "n_classes": net.n_classes,
            "A": _mat(net.A),
            "B": _mat(net.B),
            "c1": _vec(net.c1),
            "c2": _vec(net.c2),
        },
    }
    if isinstance(report, SupportReport):
        out["proves"] = report.proves
        out["n_points"] = report.n_points
        out["pairs"] = [_support_pair(p) for p in report.pairs]
        out["notes"] = []
    else:
        out["pairs"] = [_pair(report, p) for p in report.pairs]
        out["notes"] = list(report.notes)
    if extra:
        out.update(extra)
    return out


def _is_certificate(path: str) -> bool:
    """Whether the file at ``path`` is a whole tropgeo certificate: JSON (of at most 256 MiB)
    with this format and the envelope of :func:`certificate`.  A matching ``"format"`` alone
    proves nothing (a polytope file, or someone's notes, can say ``"tropgeo-..."``)."""
    try:
        old = json.loads(read_regular_file(path, name="certificate", max_bytes=_MAX_OLD_CERTIFICATE).decode("utf-8"))
    except (InvalidInputError, SizeLimitError, ValueError, RecursionError):
        return False
    return (
        isinstance(old, dict)
        and old.get("format") == CERTIFICATE_FORMAT
        and all(k in old for k in _ENVELOPE)
        and isinstance(old["network"], dict)
        and isinstance(old["pairs"], list)
    )


def _checked(path: str | os.PathLike[str]) -> tuple[str, int | None]:
    """The path, and the permission bits of the old certificate there (None when none)."""
    if isinstance(path, (str, os.PathLike)) and not os.fspath(path):
        raise InvalidInputError("certificate='' is empty; give a file path")
    p = file_path(path, name="certificate")
    mode = check_replaceable(
        p,
        name="certificate",
        is_ours=_is_certificate,
        overwrite=False,
        refusal="is not a tropgeo certificate; refusing to overwrite it (remove it or choose another path)",
    )
    parent = os.path.dirname(os.path.abspath(p))
    probe = parent
    while not os.path.exists(probe):
        probe = os.path.dirname(probe)
    if not os.path.isdir(probe) or not os.access(probe, os.W_OK | os.X_OK):
        raise InvalidInputError(f"certificate={p!r}: cannot create files under {probe!r}")
    return p, mode


def check_certificate_path(path: str | os.PathLike[str]) -> str:
    """Refuse a certificate path that cannot be written or would destroy other data.

    The path must not be a directory, and an existing file there must be a whole tropgeo
    certificate (JSON with this ``"format"`` and the keys every certificate has), so that
    ``--certificate model.pt`` never overwrites a model, nor ``notes.json`` someone's notes
    that merely mention the format.  Returns
    the path; raises :class:`~tropgeo.errors.InvalidInputError` naming what is wrong.

    Examples
    --------
    >>> check_certificate_path("/")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: certificate='/' is a directory; give a file path
    """
    return _checked(path)[0]


def write_certificate(cert: dict[str, Any], path: str | os.PathLike[str]) -> str:
    """Write ``cert`` as JSON atomically (a temporary file renamed over ``path``); return the path.

    The file gets the usual permissions (``0o666`` less the umask), not the private mode of
    a temporary file; an old certificate it replaces keeps its permission bits.

    Examples
    --------
    >>> import json, os, shutil, tempfile
    >>> from tropgeo import ReLUNetwork, verify_theorem2
    >>> folder = tempfile.mkdtemp()
    >>> cert = certificate(verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])))
    >>> path = write_certificate(cert, os.path.join(folder, "cert.json"))
    >>> with open(path) as fh:
    ...     json.load(fh)["holds"]
    True
    >>> write_certificate(cert, path) == path            # an old certificate is replaced
    True
    >>> with open(os.path.join(folder, "model.pt"), "w") as fh:
    ...     _ = fh.write("not a certificate")
    >>> write_certificate(cert, os.path.join(folder, "model.pt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: certificate='.../model.pt' exists and is not a tropgeo certificate; refusing to overwrite it (remove it or choose another path)
    >>> shutil.rmtree(folder)
    """
    p, mode = _checked(path)
    text = json.dumps(cert, indent=1) + "\n"
    atomic_write_text(p, text, name="certificate", prefix=".tropgeo-cert-", mode=mode, make_dirs=True)
    return p

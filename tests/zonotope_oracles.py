"""Independent answers for zonotope tests (shared by tests/test_sweep.py and
tests/test_zonotope_sweep.py)."""

from __future__ import annotations

from tropgeo._arrangement import region_masks


def region_vertices(D, G, s):
    """The vertex of ``s + sum [0, g_i]`` of every region of the central arrangement of the
    directions ``D`` (by the general region method), sorted, repetitions kept."""
    out = []
    for mask in region_masks(D):
        v = list(s)
        for i, g in enumerate(G):
            if mask >> i & 1:
                v = [a + b for a, b in zip(v, g)]
        out.append(tuple(v))
    return sorted(out)

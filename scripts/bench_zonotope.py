"""Zonotope benchmarks: tropgeo's exact enumeration against pycddlib and Qhull, in one run.

Usage: ``python3 scripts/bench_zonotope.py [--quick] [--budget SECONDS] [--seed S]``

Prints, for each case, seconds per method and the ratios ``peer / tropgeo`` measured on the
same generators in this run (figures for docs/zonotopes.md):

* **vertices**: ``zonotope(G).vertices`` (exact, sorted) against
  (a) pycddlib's exact hull, ``cdd.gmp``: the incremental Minkowski sum
  ``P <- vert(P ∪ (P + g))`` with ``redundant_rows`` after every generator, and
  (b) scipy's Qhull in floats, the same incremental sum with ``ConvexHull`` (its vertex
  count is printed next to the exact one: floats can miss or add vertices).
* **hull of two zonotopes** (Theorem 2's ``ConvHull(Z_G1, Z_G2)``):
  ``convex_hull_of_zonotopes(z1, z2)`` from the zonotopes, against Qhull's float hull of the
  two vertex sets (given to it precomputed and not timed; best of five runs for both) and
  cdd's exact redundancy removal
  on them.
* **memory**: streaming ``Zonotope.iter_vertices`` for n=3, L=1000 (about a million vertices)
  in a child process, with its peak resident memory: once with entries up to 2^19 (general
  position) and once with entries in [-50, 50] (degenerate: thousands of dependent triples).

The cdd route runs on the small cases only (it takes minutes beyond them); Qhull runs in a
child process stopped after ``--budget`` seconds, and is then reported as ``>budget`` with
the ratio as a lower bound.  Generators are random integers in [-1000, 1000] from
``random.Random(seed)``, which are in general position with probability 1.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time

import cdd
import cdd.gmp
import numpy as np
from scipy.spatial import ConvexHull

from tropgeo import zonotope
from tropgeo.zonotope_hull import convex_hull_of_zonotopes


def _generators(n: int, L: int, rnd: random.Random) -> list[list[int]]:
    return [[rnd.randint(-1000, 1000) for _ in range(n)] for _ in range(L)]


def _timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def cdd_incremental(G: list[list[int]]) -> int:
    """Vertex count of the zonotope by pycddlib's exact hull, one generator at a time."""
    n = len(G[0])
    P = [tuple([0] * n)]
    for g in G:
        Q = sorted(set(P) | {tuple(a + b for a, b in zip(p, g)) for p in P})
        mat = cdd.gmp.matrix_from_array([[1, *q] for q in Q], rep_type=cdd.RepType.GENERATOR)
        red = cdd.gmp.redundant_rows(mat)
        P = [q for k, q in enumerate(Q) if k not in red]
    return len(P)


def qhull_incremental(G: list[list[int]]) -> int:
    """Vertex count by Qhull in floats, one generator at a time (the first n at once, so
    that every hull is full-dimensional)."""
    n = len(G[0])
    Gf = np.array(G, dtype=float)
    first = Gf[:n]
    P = np.array([[float(b) for b in bits] for bits in np.ndindex(*(2,) * n)]) @ first
    for g in Gf[n:]:
        Q = np.vstack([P, P + g])
        P = Q[ConvexHull(Q).vertices]
    return len(P)


def _qhull_child(G: list[list[int]], queue) -> None:  # type: ignore[no-untyped-def]
    queue.put(_timed(lambda: qhull_incremental(G)))


def qhull_within(G: list[list[int]], budget: float) -> tuple[int, float] | None:
    """``(vertex count, seconds)`` of :func:`qhull_incremental`, run in a child process;
    ``None`` if it did not finish within ``budget`` seconds (then the ratio is a lower bound)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_qhull_child, args=(G, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get()


def bench_vertices(cases: list[tuple[int, int, bool]], budget: float, seed: int) -> None:
    print("== vertices: zonotope(G).vertices (exact) vs cdd.gmp incremental hull and Qhull (float)")
    print(f"{'n':>2} {'L':>5} {'vertices':>9} {'tropgeo s':>10} {'cdd s':>9} {'cdd/tg':>9} {'qhull s':>9} {'qhull/tg':>9} {'qhull count':>11}")
    for n, L, with_cdd in cases:
        rnd = random.Random(seed + 1000 * n + L)
        G = _generators(n, L, rnd)
        verts, t_tg = _timed(lambda: zonotope(G).vertices_with_limit(max_vertices=10**7))
        if with_cdd:
            k_cdd, t_cdd = _timed(lambda: cdd_incremental(G))
            assert k_cdd == len(verts), (k_cdd, len(verts))
            cdd_s, cdd_r = f"{t_cdd:9.3f}", f"{t_cdd / t_tg:9.0f}"
        else:
            cdd_s, cdd_r = f"{'skipped':>9}", f"{'-':>9}"
        done = qhull_within(G, budget)
        if done is not None:
            k_q, t_q = done
            q_s, q_r, q_k = f"{t_q:9.3f}", f"{t_q / t_tg:9.1f}", f"{k_q:11d}"
        else:  # stopped at the budget: the ratio is at least budget / tropgeo's time
            q_s, q_r, q_k = f"{'>' + format(budget, '.0f'):>9}", f"{'>' + format(budget / t_tg, '.0f'):>9}", f"{'-':>11}"
        rate = len(verts) / t_tg
        print(f"{n:>2} {L:>5} {len(verts):>9} {t_tg:10.3f} {cdd_s} {cdd_r} {q_s} {q_r} {q_k}   ({rate:,.0f} vertices/s)", flush=True)


def bench_union(cases: list[tuple[int, int]], seed: int) -> None:
    print("== hull of two zonotopes (Theorem 2 shape: rows of A scaled by w1, w2 >= 0, common shift)")
    print(f"{'n':>2} {'p':>4} {'|V1|+|V2|':>10} {'hull':>6} {'tropgeo s':>10} {'qhull s':>9} {'qhull/tg':>9} {'cdd s':>9} {'cdd/tg':>9}")
    for n, p in cases:
        rnd = random.Random(seed + 7 * n + p)
        A = _generators(n, p, rnd)
        w1 = [rnd.randint(0, 5) for _ in range(p)]
        w2 = [rnd.randint(0, 5) for _ in range(p)]
        shift = [rnd.randint(-100, 100) for _ in range(n)]
        z1 = zonotope([[w * x for x in a] for w, a in zip(w1, A)], shift=shift)
        z2 = zonotope([[w * x for x in a] for w, a in zip(w2, A)], shift=shift)
        pts = list(dict.fromkeys(z1.vertices + z2.vertices))  # precomputed, not timed
        # Best of 5 for both: single runs of a few milliseconds are mostly noise.
        hull, t_tg = min((_timed(lambda: convex_hull_of_zonotopes(z1, z2)) for _ in range(5)), key=lambda r: r[1])
        X = np.array(pts, dtype=float)
        qh, t_q = min((_timed(lambda: ConvexHull(X)) for _ in range(5)), key=lambda r: r[1])
        assert len(qh.vertices) == hull.n_vertices, (len(qh.vertices), hull.n_vertices)
        if len(pts) <= 6000:
            mat = cdd.gmp.matrix_from_array([[1, *q] for q in pts], rep_type=cdd.RepType.GENERATOR)
            red, t_c = _timed(lambda: cdd.gmp.redundant_rows(mat))
            assert len(pts) - len(red) == hull.n_vertices
            c_s, c_r = f"{t_c:9.3f}", f"{t_c / t_tg:9.1f}"
        else:
            c_s, c_r = f"{'skipped':>9}", f"{'-':>9}"
        print(f"{n:>2} {p:>4} {len(pts):>10} {hull.n_vertices:>6} {t_tg:10.3f} {t_q:9.3f} {t_q / t_tg:9.1f} {c_s} {c_r}", flush=True)


_STREAM_CHILD = """
import random, resource, sys, time
from tropgeo import zonotope
n, L, R, seed = map(int, sys.argv[1:5])
rnd = random.Random(seed)
G = [[rnd.randint(-R, R) for _ in range(n)] for _ in range(L)]
t0 = time.perf_counter()
z = zonotope(G)
count = 0
for chunk in z.iter_vertices(chunk_size=100_000, max_vertices=10**7):
    count += len(chunk)
t = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(count, z.n_generators, f"{t:.1f}", f"{rss:.0f}")
"""


def bench_stream(n: int, L: int, R: int, seed: int) -> None:
    """Stream the vertices in a child process and report its peak resident memory.  With
    ``R = 2**19`` the generators are in general position; with ``R = 50`` a thousand of them
    have thousands of dependent triples (lines where three or more hyperplanes meet)."""
    print(f"== memory: streaming iter_vertices, n={n}, L={L}, entries in [-{R}, {R}]")
    out = subprocess.run([sys.executable, "-c", _STREAM_CHILD, str(n), str(L), str(R), str(seed)],
                         capture_output=True, text=True, check=True).stdout.split()
    count, m, secs, rss = int(out[0]), int(out[1]), float(out[2]), float(out[3])
    bound = 2 * sum(__import__("math").comb(m - 1, i) for i in range(n))
    print(f"vertices {count} (bound {bound} for {m} distinct directions), {secs:.1f} s, peak RSS {rss:.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small cases only (a smoke run)")
    parser.add_argument("--budget", type=float, default=120.0, help="stop Qhull after this many seconds per case (ratio then a lower bound)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.quick:
        bench_vertices([(3, 10, True), (3, 20, True)], args.budget, args.seed)
        bench_union([(3, 10)], args.seed)
        return
    bench_vertices(
        [(3, 20, True), (3, 50, False), (3, 100, False), (4, 12, True), (4, 30, False), (4, 100, False), (5, 30, False)],
        args.budget, args.seed,
    )
    bench_union([(3, 30), (3, 80), (4, 20), (4, 40)], args.seed)
    bench_stream(3, 1000, 2**19, args.seed)
    bench_stream(3, 1000, 50, args.seed)


if __name__ == "__main__":
    main()

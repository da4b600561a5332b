#!/usr/bin/env python3
"""Issue #5's reference on this machine, now: scikit-image's marching cubes on a ready dense
512³ float32 grid of a torus's signed distance (the grid is filled before timing starts).

    pip install scikit-image   # benchmark-time only; sdfkit does not use it
    Benchmarks/skimage-reference.py [runs]

Prints one line per run: contouring seconds (grid ready), triangles.
"""
import sys
import time

import numpy as np
from skimage import measure

n = 512
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
axis = np.linspace(-1.5, 1.5, n, dtype=np.float32)
x, y, z = np.meshgrid(axis, axis, axis, indexing="ij")
grid = (np.hypot(np.hypot(x, y) - 1.0, z) - 0.35).astype(np.float32)
del x, y, z
for _ in range(runs):
    start = time.perf_counter()
    vertices, faces, _, _ = measure.marching_cubes(grid, level=0.0)
    print(f"scikit-image marching_cubes 512^3: {time.perf_counter() - start:.3f} s, {len(faces)} triangles",
          flush=True)

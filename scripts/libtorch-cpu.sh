#!/usr/bin/env bash
# Sets up libtorch 2.4 (CPU only) for the optional `rust-bert` backend, from PyPI, in .venv/.
# Prints the environment to build with. Usage: eval "$(scripts/libtorch-cpu.sh)"
# GPU variant: `pip install torch==2.4.0` (with its CUDA dependencies) and skip the deletions.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ ! -f "$site/torch/lib/libtorch_cpu.so" ]; then
  "$venv/bin/pip" install --quiet --no-deps torch==2.4.0 \
    nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105 >&2
fi
# Without these, tch links the CUDA libraries and then needs cuBLAS/cuDNN at run time.
rm -f "$site"/torch/lib/libtorch_cuda*.so "$site"/torch/lib/libc10_cuda.so \
  "$site"/torch/lib/libcaffe2_nvrtc.so "$site"/torch/lib/libcusparseLt*
# The PyPI 2.4.0 wheels use the old C++ ABI.
echo "export LIBTORCH=$site/torch LIBTORCH_CXX11_ABI=0 LIBTORCH_BYPASS_VERSION_CHECK=1"

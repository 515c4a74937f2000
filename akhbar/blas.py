"""Which of OpenBLAS's kernels numpy uses in akhbar's processes (the tagger's matrix products).

numpy's OpenBLAS is built for many CPUs at once and picks its kernels by the CPU's model when it
loads. A model newer than the library falls back to an older family's kernels: with OpenBLAS
0.3.31 (numpy's wheel), AMD's Zen 5 (family 1Ah) gets the Haswell kernels (AVX2), although it
runs the AVX-512 ones. For the tagger's shapes those are 1.8-1.9x faster (docs/PERFORMANCE.md),
so on an AMD CPU that reports the AVX-512 instructions the SkylakeX kernels use, they are named
(``OPENBLAS_CORETYPE``). Intel's AVX-512 CPUs are left to OpenBLAS, which knows them and may pick
a newer core type than SkylakeX (Cooperlake, Sapphire Rapids); naming one there was not measured.
A user's own ``OPENBLAS_CORETYPE`` always wins.

Only the variable is decided here; it must be in the environment before numpy is imported
(the command line sets it first, and transform workers start with it: akhbar.tasks.transform).
"""

from __future__ import annotations

CORETYPE_VAR = "OPENBLAS_CORETYPE"
# OpenBLAS's SkylakeX kernels use these instruction sets (its own check for that core type).
AVX512_FLAGS = frozenset({"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"})
# The vendor whose newest AVX-512 CPUs OpenBLAS 0.3.31 mistakes for older ones (see above).
AMD_VENDOR = "AuthenticAMD"
AVX512_CORE = "SkylakeX"
CPUINFO = "/proc/cpuinfo"


def core_for(cpuinfo: str) -> str | None:
    """The OpenBLAS core type to name for a CPU described by ``/proc/cpuinfo``'s text, or None
    to leave OpenBLAS's own choice (not AMD, no AVX-512, or not an x86 CPU's description).
    The first processor's lines decide: every processor of a machine reports the same."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        name, _, value = line.partition(":")
        fields.setdefault(name.strip(), value.strip())
    if fields.get("vendor_id") != AMD_VENDOR:
        return None
    return AVX512_CORE if AVX512_FLAGS <= set(fields.get("flags", "").split()) else None


def blas_environment(cpuinfo_path: str = CPUINFO) -> dict[str, str]:
    """``{"OPENBLAS_CORETYPE": ...}`` for this machine, or ``{}`` (see the module docstring)."""
    try:
        with open(cpuinfo_path, encoding="utf-8", errors="replace") as f:
            core = core_for(f.read())
    except OSError:
        return {}
    return {CORETYPE_VAR: core} if core else {}

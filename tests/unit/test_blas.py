"""akhbar.blas: OpenBLAS's AVX-512 kernels are named only where the CPU reports AVX-512."""

from __future__ import annotations

from akhbar.blas import AVX512_CORE, CORETYPE_VAR, blas_environment, core_for

# Lines of /proc/cpuinfo as machines print them (flags shortened to what matters and some around).
ZEN5 = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 26
flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi
"""
HASWELL = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 60
flags\t\t: fpu sse sse2 avx fma avx2 bmi1 bmi2
"""
# AVX-512 foundation without the byte/word or vector-length extensions (made up for the rule): not enough.
KNIGHTS_LANDING = "flags\t\t: avx2 avx512f avx512cd avx512er avx512pf\n"
AMD_WITHOUT_BW = "vendor_id\t: AuthenticAMD\nflags\t\t: avx2 avx512f avx512cd avx512dq\n"
# An Intel CPU with every AVX-512 set: OpenBLAS knows it and keeps its own choice.
SAPPHIRE_RAPIDS = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 143
flags\t\t: fpu avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 amx_tile
"""
ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\nCPU implementer\t: 0x41\n"


def test_an_amd_cpu_with_avx512_gets_the_skylakex_kernels():
    assert core_for(ZEN5) == AVX512_CORE == "SkylakeX"


def test_a_cpu_without_them_keeps_openblas_own_choice():
    assert core_for(HASWELL) is None
    assert core_for(KNIGHTS_LANDING) is None
    assert core_for(AMD_WITHOUT_BW) is None
    assert core_for(SAPPHIRE_RAPIDS) is None
    assert core_for(ARM) is None
    assert core_for("") is None


def test_the_environment_read_from_a_cpuinfo_file(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(ZEN5 + "\n" + ZEN5.replace("processor\t: 0", "processor\t: 1"), encoding="utf-8")
    assert blas_environment(str(info)) == {CORETYPE_VAR: "SkylakeX"}
    info.write_text(HASWELL, encoding="utf-8")
    assert blas_environment(str(info)) == {}
    assert blas_environment(str(tmp_path / "missing")) == {}

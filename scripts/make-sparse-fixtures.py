"""Sparse reference fixtures: reservoir-style matrices as Matrix Market and scipy .npz files,
with their reference numbers from scipy (ARPACK eigs, dense numpy where n is small).

    python3 scripts/make-sparse-fixtures.py [OUT_DIR]          (default test/fixtures/sparse)
    python3 scripts/make-sparse-fixtures.py --big OUT_DIR N DENSITY [RHO]   (one bench-size reservoir)
    python3 scripts/make-sparse-fixtures.py --rim [OUT_DIR]    (default test/fixtures/sparse/rim)

The --rim set: random reservoirs whose outer eigenvalues crowd a circle, with the radius from
numpy's dense eigvals (the truth) and what ARPACK's eigs(k=6) returned from five start vectors
(it sometimes settles on a group of the outer eigenvalues that misses the largest).

Needs numpy and scipy (the pyenv python3 here: numpy 2.4, scipy 1.17). Deterministic: fixed seeds.
"""
import json
import os
import sys

import numpy as np
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as sla

T = 60


def reservoir(n, density, seed, rho=None, dist="uniform"):
    """A random sparse reservoir; with rho, scaled so that its spectral radius is rho (as ESNs do)."""
    rng = np.random.default_rng(seed)
    if dist == "uniform":
        rvs = lambda k: rng.uniform(-1.0, 1.0, k)
    else:
        rvs = lambda k: rng.standard_normal(k)
    w = sp.random(n, n, density=density, format="csr", random_state=rng, data_rvs=rvs)
    if rho is not None:
        w = w * (rho / radius(w))
    return w.tocsr()


def radius(w):
    vals = sla.eigs(w, k=6, which="LM", return_eigenvectors=False, tol=0)
    return float(np.max(np.abs(vals)))


def reference(w, powers):
    """ARPACK eigs(k=6) radius and eigenvalues; sigma_max; Frobenius; exact log10 ||W^k|| when asked."""
    w = w.tocsr()
    n = w.shape[0]
    vals = sla.eigs(w, k=6, which="LM", return_eigenvectors=False, tol=0)
    order = sorted(range(len(vals)), key=lambda i: (-abs(vals[i]), -vals[i].real, -vals[i].imag))
    out = {
        "shape": [n, n],
        "nnz": int(w.nnz),
        "density": w.nnz / float(n * n),
        "spectralRadius": float(np.max(np.abs(vals))),
        "eigenvalues": [[float(vals[i].real), float(vals[i].imag)] for i in order],
        "spectralNorm": float(sla.svds(w, k=1, return_singular_vectors=False, tol=0)[0]),
        "frobeniusNorm": float(sp.linalg.norm(w)),
        "source": "scipy %s: sparse.linalg.eigs(k=6, which='LM', tol=0), svds(k=1, tol=0)" % scipy.__version__,
    }
    if powers:
        d = w.toarray()
        p = np.eye(n)
        norms = []
        for k in range(T + 1):
            s = np.linalg.norm(p, 2)
            norms.append(None if s == 0 else float(np.log10(s)))
            p = p @ d
        out["log10PowerNorms"] = norms
        out["powerNormSource"] = "numpy %s: linalg.norm(W^k, 2) of dense products" % np.__version__
    return out


def write_npz(path, w, fmt, compressed):
    sp.save_npz(path, {"csr": w.tocsr, "csc": w.tocsc, "coo": w.tocoo}[fmt](), compressed=compressed)


def main(out):
    os.makedirs(out, exist_ok=True)
    expected = {}

    def add(name, w, note, powers=True, files=("mtx",)):
        ref = reference(w, powers)
        ref["note"] = note
        expected[name] = ref
        for f in files:
            if f == "mtx":
                scipy.io.mmwrite(os.path.join(out, name + ".mtx"), w, comment=note, precision=17)

    # Echo-state style: normalised to spectral radius 0.95 exactly, Gaussian entries.
    w = reservoir(1000, 0.01, 1, rho=0.95, dist="normal")
    add("esn_1000_rho0.95", w, "n = 1000, density 1e-2, Gaussian entries, scaled to rho = 0.95")
    for fmt, comp in (("csr", True), ("csc", False), ("coo", True)):
        name = "esn_1000_rho0.95_%s%s.npz" % (fmt, "" if comp else "_stored")
        write_npz(os.path.join(out, name), w, fmt, comp)
        expected[name[:-4]] = dict(expected["esn_1000_rho0.95"], note="the same matrix, scipy.sparse.save_npz %s, %s" % (fmt, "compressed" if comp else "not compressed"))
    # Unnormalised, uniform entries: eigenvalues crowd the circle of radius ~ sqrt(n d / 3).
    add("res_1500_uniform", reservoir(1500, 0.004, 2), "n = 1500, density 4e-3, uniform(-1, 1) entries, not scaled", powers=False)
    # Symmetric storage (lower triangle in the file), skew-symmetric, pattern and integer fields.
    s = reservoir(300, 0.02, 3, dist="normal")
    sym = (s + s.T).tocsr()
    scipy.io.mmwrite(os.path.join(out, "sym_300.mtx"), sym, comment="symmetric", symmetry="symmetric", precision=17)
    expected["sym_300"] = dict(reference(sym, True), note="n = 300 symmetric, stored as the lower triangle")
    skew = (s - s.T).tocsr()
    scipy.io.mmwrite(os.path.join(out, "skew_300.mtx"), skew, comment="skew-symmetric", symmetry="skew-symmetric", precision=17)
    expected["skew_300"] = dict(reference(skew, True), note="n = 300 skew-symmetric, stored as the strict lower triangle")
    pat = reservoir(400, 0.01, 4)
    pat.data[:] = 1.0
    scipy.io.mmwrite(os.path.join(out, "pattern_400.mtx"), pat, comment="pattern", field="pattern")
    expected["pattern_400"] = dict(reference(pat, True), note="n = 400 pattern (every stored entry is 1)")
    ints = reservoir(200, 0.03, 5)
    ints.data[:] = np.round(ints.data * 5)
    ints.eliminate_zeros()
    scipy.io.mmwrite(os.path.join(out, "integer_200.mtx"), ints, comment="integer", field="integer")
    expected["integer_200"] = dict(reference(ints, True), note="n = 200 integer field")
    dense = reservoir(24, 0.5, 6, dist="normal").toarray()
    scipy.io.mmwrite(os.path.join(out, "array_24.mtx"), dense, comment="array format (dense, column major)", precision=17)
    expected["array_24"] = dict(reference(sp.csr_matrix(dense), True), note="n = 24 array format: read as a dense matrix")
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def big(out, n, density, rho):
    w = reservoir(n, density, 100 + n, rho=rho, dist="normal")
    name = "reservoir_%d" % n
    sp.save_npz(os.path.join(out, name + ".npz"), w, compressed=False)
    scipy.io.mmwrite(os.path.join(out, name + ".mtx"), w, precision=17)
    print(name)


def rim(out):
    os.makedirs(out, exist_ok=True)
    expected = {}
    cases = [(1000, 3, "uniform", 2), (1000, 10, "uniform", 0), (1000, 10, "normal", 0), (1000, 3, "normal", 1),
             (2000, 10, "normal", 0), (2000, 3, "uniform", 0)]
    for n, per, dist, seed in cases:
        rng = np.random.default_rng(1000 * n + 100 * per + 10 * (dist == "normal") + seed)
        rvs = (lambda k: rng.standard_normal(k)) if dist == "normal" else (lambda k: rng.uniform(-1.0, 1.0, k))
        w = sp.random(n, n, density=per / n, format="csr", random_state=rng, data_rvs=rvs)
        mods = np.sort(np.abs(np.linalg.eigvals(w.toarray())))[::-1]
        starts = np.random.default_rng(7)
        arpack = []
        for _ in range(5):
            v0 = starts.standard_normal(n)
            arpack.append(float(np.max(np.abs(sla.eigs(w, k=6, which="LM", v0=v0, return_eigenvectors=False)))))
        name = "rim_%d_%d_%s_%d" % (n, per, dist, seed)
        sp.save_npz(os.path.join(out, name + ".npz"), w, compressed=True)
        expected[name] = {
            "n": n,
            "nnz": int(w.nnz),
            "spectralRadius": float(mods[0]),
            "nextModuli": [float(x) for x in mods[1:12]],
            "arpackEigs6": arpack,
            "note": "n = %d, %d entries per row, %s entries, not scaled; radius from numpy %s eigvals of the dense "
                    "matrix; arpackEigs6: scipy %s eigs(k=6) from 5 Gaussian start vectors" % (n, per, dist, np.__version__, scipy.__version__),
        }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--rim":
        rim(sys.argv[2] if len(sys.argv) > 2 else "test/fixtures/sparse/rim")
    elif len(sys.argv) > 1 and sys.argv[1] == "--big":
        big(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]) if len(sys.argv) > 5 else None)
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/sparse")

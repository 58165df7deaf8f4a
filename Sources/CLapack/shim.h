// LAPACKE and CBLAS over OpenBLAS (Debian: liblapacke-dev libopenblas-dev).
// lapack_int and the CBLAS enums are wrapped so Swift sees plain ints.
#include <lapacke.h>
#include <cblas.h>

/// Solves A x = b for symmetric positive definite A (n×n, row-major, upper
/// triangle used); b (n×nrhs) is overwritten by x. Returns LAPACK's info.
static inline int tandem_dposv(int n, int nrhs, double *a, double *b) {
    return (int)LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', n, nrhs, a, n, b, nrhs);
}

/// out (p×p, upper triangle) = Xᵀ X for row-major X (n×p).
static inline void tandem_gram(int n, int p, const double *x, double *out) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, p, n, 1.0, x, p, 0.0, out, p);
}

/// out (p) = Xᵀ v for row-major X (n×p).
static inline void tandem_xtv(int n, int p, const double *x, const double *v, double *out) {
    cblas_dgemv(CblasRowMajor, CblasTrans, n, p, 1.0, x, p, v, 1, 0.0, out, 1);
}

/// out (n) = X w for row-major X (n×p).
static inline void tandem_xw(int n, int p, const double *x, const double *w, double *out) {
    cblas_dgemv(CblasRowMajor, CblasNoTrans, n, p, 1.0, x, p, w, 1, 0.0, out, 1);
}

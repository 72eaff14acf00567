# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""kznames's compiled core: the hot loops of the pure-Python engine in C, same results.

Built by the package's own build (``setup.py``, Cython); when it is missing, or with
``KZNAMES_PURE=1``, kznames runs the Python code each function here mirrors
(:func:`kznames.engine` says which). ``tests/test_core.py`` holds the two equal.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.math cimport fabs


cdef class CostTable:
    """The weighted edit distance's costs (``keydata/costs.tsv``) as arrays: each letter the table
    names gets a small number, ``sub`` is the square matrix of substitution costs between them
    (1.0 where the table is silent) and ``indel`` their insertion/deletion costs."""

    cdef dict numbers
    cdef int size
    cdef double *sub
    cdef double *indel
    cdef readonly double transpose

    def __cinit__(self, dict substitution, dict indel, double transpose):
        cdef int n, i
        letters = set()
        for pair in substitution:
            if len(pair[0]) == 1 and len(pair[1]) == 1:
                letters.add(pair[0])
                letters.add(pair[1])
        for letter in indel:
            if len(letter) == 1:
                letters.add(letter)
        self.numbers = {letter: i for i, letter in enumerate(sorted(letters))}
        n = self.size = len(self.numbers)
        self.transpose = transpose
        self.sub = <double *> PyMem_Malloc(max(n * n, 1) * sizeof(double))
        self.indel = <double *> PyMem_Malloc(max(n, 1) * sizeof(double))
        if self.sub == NULL or self.indel == NULL:
            raise MemoryError()
        for i in range(n * n):
            self.sub[i] = 1.0
        for i in range(n):
            self.indel[i] = 1.0
        for (a, b), value in substitution.items():
            if len(a) == 1 and len(b) == 1:
                self.sub[self.numbers[a] * n + self.numbers[b]] = value
        for a, value in indel.items():
            if len(a) == 1:
                self.indel[self.numbers[a]] = value

    def __dealloc__(self):
        PyMem_Free(self.sub)
        PyMem_Free(self.indel)

    cdef inline double substitution(self, int x, int y) noexcept:
        if x < 0 or y < 0:
            return 1.0
        return self.sub[x * self.size + y]

    cdef inline double indel_of(self, int x) noexcept:
        return 1.0 if x < 0 else self.indel[x]


cdef int *_numbered(CostTable table, str text, Py_UCS4 *letters) except NULL:
    """The table's number of each letter of ``text`` (-1: not in the table), and its letters."""
    cdef Py_ssize_t n = len(text), k
    cdef int *numbers = <int *> PyMem_Malloc(max(n, 1) * sizeof(int))
    if numbers == NULL:
        raise MemoryError()
    get = table.numbers.get
    for k in range(n):
        letters[k] = text[k]
        numbers[k] = get(text[k], -1)
    return numbers


def distance(str a, str b, CostTable table):
    """Weighted edit distance between two keys, and the edits it made (``a>e``, ``+i``, ``-k``):
    :func:`kznames.score._python_distance` in C, the same sums in the same order, so the same
    floats and edits."""
    cdef Py_ssize_t la = len(a), lb = len(b)
    cdef Py_ssize_t rows = la + 1, cols = lb + 1, i, j
    cdef double *cost
    cdef double *drop
    cdef double *add
    cdef double *row
    cdef double *above
    cdef double best, other, left, up, diagonal, drop_x, sub
    cdef double transpose = table.transpose
    cdef Py_UCS4 *ca
    cdef Py_UCS4 *cb
    cdef int *na = NULL
    cdef int *nb = NULL
    cdef Py_UCS4 x, y, before
    cdef bint has_before
    cdef list edits = []
    cost = <double *> PyMem_Malloc(rows * cols * sizeof(double))
    drop = <double *> PyMem_Malloc(rows * sizeof(double))
    add = <double *> PyMem_Malloc(cols * sizeof(double))
    ca = <Py_UCS4 *> PyMem_Malloc(rows * sizeof(Py_UCS4))
    cb = <Py_UCS4 *> PyMem_Malloc(cols * sizeof(Py_UCS4))
    try:
        if cost == NULL or drop == NULL or add == NULL or ca == NULL or cb == NULL:
            raise MemoryError()
        na = _numbered(table, a, ca)
        nb = _numbered(table, b, cb)
        for i in range(la):
            drop[i] = table.indel_of(na[i])
        for j in range(lb):
            add[j] = table.indel_of(nb[j])
        cost[0] = 0.0
        for j in range(1, cols):
            cost[j] = cost[j - 1] + add[j - 1]
        for i in range(1, rows):
            x = ca[i - 1]
            drop_x = drop[i - 1]
            above = cost + (i - 1) * cols
            row = cost + i * cols
            left = row[0] = above[0] + drop_x
            has_before = i > 1 and ca[i - 2] != x
            before = ca[i - 2] if has_before else 0
            diagonal = above[0]
            for j in range(1, cols):
                y = cb[j - 1]
                up = above[j]
                best = up + drop_x
                other = left + add[j - 1]
                if other < best:
                    best = other
                if x == y:
                    other = diagonal + 0.0
                else:
                    other = diagonal + table.substitution(na[i - 1], nb[j - 1])
                if other < best:
                    best = other
                if has_before and y == before and j > 1 and cb[j - 2] == x:
                    other = cost[(i - 2) * cols + j - 2] + transpose
                    if other < best:
                        best = other
                row[j] = left = best
                diagonal = up
        # Walk back for the edits, to explain what remains.
        i, j = la, lb
        while i or j:
            if (
                i > 1
                and j > 1
                and ca[i - 1] != cb[j - 1]
                and ca[i - 1] == cb[j - 2]
                and ca[i - 2] == cb[j - 1]
                and fabs(cost[i * cols + j] - (cost[(i - 2) * cols + j - 2] + transpose)) < 1e-9
            ):
                edits.append(a[i - 2 : i] + ">" + b[j - 2 : j])
                i -= 2
                j -= 2
                continue
            if i and j:
                x = ca[i - 1]
                y = cb[j - 1]
                sub = 0.0 if x == y else table.substitution(na[i - 1], nb[j - 1])
                if fabs(cost[i * cols + j] - (cost[(i - 1) * cols + j - 1] + sub)) < 1e-9:
                    if x != y:
                        edits.append(a[i - 1] + ">" + b[j - 1])
                    i -= 1
                    j -= 1
                    continue
            if i and fabs(cost[i * cols + j] - (cost[(i - 1) * cols + j] + drop[i - 1])) < 1e-9:
                edits.append("-" + a[i - 1])
                i -= 1
            else:
                edits.append("+" + b[j - 1])
                j -= 1
        edits.reverse()
        return cost[rows * cols - 1], tuple(edits)
    finally:
        PyMem_Free(cost)
        PyMem_Free(drop)
        PyMem_Free(add)
        PyMem_Free(ca)
        PyMem_Free(cb)
        PyMem_Free(na)
        PyMem_Free(nb)

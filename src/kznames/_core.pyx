# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""kznames's compiled core: the hot loops of the pure-Python engine in C, same results.

Built by the package's own build (``setup.py``, Cython); when it is missing, or with
``KZNAMES_PURE=1``, kznames runs the Python code each function here mirrors
(:func:`kznames.engine` says which). ``tests/test_core.py`` holds the two equal.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.math cimport fabs, pow
from libc.string cimport memset


# The SHA-256 of this file as the build read it (setup.py defines the macro; a build that does
# not records ""). kznames._engine runs the Python engine when the file beside the module has
# changed since: a stale core's classes may not take what the Python code now passes them.
cdef extern from *:
    """
    #ifndef KZNAMES_CORE_SOURCE_HASH
    #define KZNAMES_CORE_SOURCE_HASH ""
    #endif
    """
    const char *KZNAMES_CORE_SOURCE_HASH

SOURCE_HASH = KZNAMES_CORE_SOURCE_HASH.decode("ascii")


cdef extern from "Python.h":
    int PyUnicode_4BYTE_KIND
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch)


# Letters being rewritten: ``size`` of ``capacity`` used (PyMem_Malloc'd, freed by the function
# that made it).
cdef struct Buf:
    Py_UCS4 *data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _buf_init(Buf *buf, Py_ssize_t capacity) except -1:
    buf.capacity = max(capacity, 16)
    buf.size = 0
    buf.data = <Py_UCS4 *> PyMem_Malloc(buf.capacity * sizeof(Py_UCS4))
    if buf.data == NULL:
        raise MemoryError()
    return 0


cdef int _reserve(Buf *buf, Py_ssize_t more) except -1:
    """Room for ``more`` letters after the ``size`` used."""
    cdef Py_ssize_t capacity
    cdef Py_UCS4 *grown
    if buf.size + more <= buf.capacity:
        return 0
    capacity = 2 * buf.capacity + more
    grown = <Py_UCS4 *> PyMem_Realloc(buf.data, capacity * sizeof(Py_UCS4))
    if grown == NULL:
        raise MemoryError()
    buf.data = grown
    buf.capacity = capacity
    return 0


cdef int _append(Buf *buf, str text) except -1:
    cdef Py_UCS4 c
    _reserve(buf, len(text))
    for c in text:
        buf.data[buf.size] = c
        buf.size += 1
    return 0


cdef inline str _text(const Buf *buf):
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf.data, buf.size)


cdef inline Py_ssize_t _find(Py_UCS4 *letters, Py_ssize_t n, Py_UCS4 letter) noexcept:
    """The place of ``letter`` in the sorted ``letters``, or -1."""
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if letters[mid] < letter:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < n and letters[lo] == letter else -1


# A sorted letter table read by its letters' code points: ``dense[c - low]`` is the place of
# ``c`` in the table or -1, over the span of the table when it is at most DENSE_SPAN code points
# (one script's letters: nearly every table), else NULL and the table is searched by halves.
cdef enum:
    DENSE_SPAN = 4096


cdef struct Piece:
    Py_ssize_t start  # in the array of letters it is a piece of
    Py_ssize_t length


cdef struct Index:
    Py_UCS4 *letters
    Py_ssize_t n
    Py_UCS4 low
    Py_ssize_t span
    int *dense


cdef int _index_init(Index *index, Py_UCS4 *letters, Py_ssize_t n) except -1:
    """``index`` over the sorted ``letters`` (owned by the caller; ``_index_free`` frees only
    the dense table)."""
    cdef Py_ssize_t k
    index.letters = letters
    index.n = n
    index.dense = NULL
    index.low = letters[0] if n else 0
    index.span = <Py_ssize_t> letters[n - 1] - <Py_ssize_t> letters[0] + 1 if n else 0
    if n == 0 or index.span > DENSE_SPAN:
        return 0
    index.dense = <int *> PyMem_Malloc(index.span * sizeof(int))
    if index.dense == NULL:
        raise MemoryError()
    for k in range(index.span):
        index.dense[k] = -1
    for k in range(n):
        index.dense[<Py_ssize_t> letters[k] - <Py_ssize_t> index.low] = <int> k
    return 0


cdef inline void _index_free(Index *index) noexcept:
    PyMem_Free(index.dense)
    index.dense = NULL


cdef inline Py_ssize_t _lookup(const Index *index, Py_UCS4 letter) noexcept:
    """``_find`` of ``letter`` in the index's letters."""
    cdef Py_ssize_t offset
    if index.dense != NULL:
        offset = <Py_ssize_t> letter - <Py_ssize_t> index.low
        if offset < 0 or offset >= index.span:
            return -1
        return index.dense[offset]
    return _find(index.letters, index.n, letter)


# Texts written by rules: each a piece of one array of letters, read without a Python object.
cdef struct Texts:
    Py_UCS4 *text
    Piece *pieces


cdef int _texts_init(Texts *texts, list items) except -1:
    cdef Py_ssize_t k, at = 0, total = 0
    cdef Py_UCS4 c
    for item in items:
        total += len(<str> item)
    texts.text = <Py_UCS4 *> PyMem_Malloc(max(total, 1) * sizeof(Py_UCS4))
    texts.pieces = <Piece *> PyMem_Malloc(max(len(items), 1) * sizeof(Piece))
    if texts.text == NULL or texts.pieces == NULL:
        raise MemoryError()
    for k in range(len(items)):
        texts.pieces[k].start = at
        texts.pieces[k].length = len(<str> items[k])
        for c in <str> items[k]:
            texts.text[at] = c
            at += 1
    return 0


cdef inline void _texts_free(Texts *texts) noexcept:
    PyMem_Free(texts.text)
    PyMem_Free(texts.pieces)
    texts.text = NULL
    texts.pieces = NULL


cdef inline int _append_text(Buf *buf, const Texts *texts, Py_ssize_t number) except -1:
    """Append text ``number`` of ``texts`` to ``buf``."""
    cdef Piece piece = texts.pieces[number]
    cdef Py_ssize_t k
    if buf.size + piece.length > buf.capacity:
        _reserve(buf, piece.length)
    for k in range(piece.length):
        buf.data[buf.size + k] = texts.text[piece.start + k]
    buf.size += piece.length
    return 0


cdef Py_UCS4 *_sorted_letters(object letters, Py_ssize_t *n) except NULL:
    """The one-character strings of ``letters`` as a sorted C array."""
    cdef list ordered = sorted(letters)
    cdef Py_ssize_t k
    cdef Py_UCS4 *out = <Py_UCS4 *> PyMem_Malloc(max(len(ordered), 1) * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    for k in range(len(ordered)):
        out[k] = ord(ordered[k])
    n[0] = len(ordered)
    return out


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


# Condition kinds of the rule matcher (schemes/fileformat.py).
cdef enum:
    INITIAL = 0
    FINAL = 1
    AFTER = 2
    BEFORE = 3
    INWORD = 4

_KINDS = {"initial": INITIAL, "final": FINAL, "after": AFTER, "before": BEFORE, "inword": INWORD}
_PROPERTY = "raw"  # a property class (\p{Han}): the regex engine's, not run here


cdef struct Cond:
    int kind
    bint negated
    Py_ssize_t first  # members: Rules.members[first:last]
    Py_ssize_t last


cdef inline bint _at(const Py_UCS4 *word, Py_ssize_t length, Py_ssize_t pos,
                     const Py_UCS4 *piece, Py_ssize_t n) noexcept:
    """True when ``piece`` (``n`` letters) occurs in ``word`` at ``pos``."""
    cdef Py_ssize_t k
    if pos < 0 or pos + n > length:
        return False
    for k in range(n):
        if word[pos + k] != piece[k]:
            return False
    return True


cdef inline bint _occurs(const Py_UCS4 *word, Py_ssize_t start, Py_ssize_t stop,
                         const Py_UCS4 *piece, Py_ssize_t n) noexcept:
    """True when ``piece`` lies wholly inside ``word[start:stop]``."""
    cdef Py_ssize_t pos
    for pos in range(start, stop - n + 1):
        if _at(word, stop, pos, piece, n):
            return True
    return False


cdef Py_UCS4 *_letters_of(str word, Py_ssize_t *length) except NULL:
    """The letters of ``word`` as a C array (to free with PyMem_Free)."""
    cdef Py_ssize_t n = len(word), k
    cdef Py_UCS4 *out = <Py_UCS4 *> PyMem_Malloc(max(n, 1) * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    for k in range(n):
        out[k] = word[k]
    length[0] = n
    return out


cdef class Rules:
    """A direction's rules (in priority order) run as the engine's plain definition of a match:
    at each position of a word the rules whose source begins with the letter there are tried in
    order (the letters are a sorted table searched by halves), the first whose source is there
    and whose conditions hold wins, and the scan resumes after it. Conditions are read off the
    word directly: ``initial``, ``final``, ``after``/``before`` a member, a member ``inword``.
    Sources, conditions and members are C arrays, and a word is read as one.

    ``rules`` are ``(source, target, conditions)`` with each condition ``(kind, negated,
    members)``; a rule list this cannot run (an empty source, a property class, a condition
    without members) raises ``ValueError`` and keeps the Python matcher.
    """

    cdef Py_UCS4 *firsts
    cdef Index first_index  # over firsts
    cdef Py_ssize_t *group_start
    cdef Py_ssize_t nfirst
    cdef Py_ssize_t *order  # rule numbers (0-based), grouped by first letter, in priority order
    cdef Py_UCS4 *text  # every source and member, one after another
    cdef Piece *sources  # per rule
    cdef Py_ssize_t *cond_first  # per rule and one more: its conditions are conds[i:i+1]
    cdef Cond *conds
    cdef Piece *members
    cdef list targets
    cdef Texts target_texts  # the targets as letters
    cdef list spec  # the rules as given, to pickle

    def __cinit__(self, rules):
        self.firsts = NULL
        self.first_index.dense = NULL
        self.target_texts.text = NULL
        self.target_texts.pieces = NULL
        self.group_start = NULL
        self.order = NULL
        self.text = NULL
        self.sources = NULL
        self.cond_first = NULL
        self.conds = NULL
        self.members = NULL

    def __init__(self, rules):
        cdef Py_ssize_t i, g, k, nrules, nconds = 0, nmembers = 0, nletters = 0, at = 0
        cdef Py_ssize_t c = 0, m = 0
        self.targets = []
        checked = []
        groups = {}
        for number, (source, target, conditions) in enumerate(rules):
            if not isinstance(source, str) or not source or not isinstance(target, str):
                raise ValueError(f"rule {number + 1}: a source and a target are text")
            compiled = []
            for kind, negated, members in conditions:
                if kind == _PROPERTY:
                    raise ValueError(f"rule {number + 1}: a property class is not run here")
                if kind not in _KINDS:
                    raise ValueError(f"rule {number + 1}: unknown condition {kind!r}")
                code = _KINDS[kind]
                members = tuple(members)
                if code in (AFTER, BEFORE, INWORD) and (
                    not members or not all(isinstance(mb, str) and mb for mb in members)
                ):
                    raise ValueError(f"rule {number + 1}: {kind} needs letters")
                if code in (INITIAL, FINAL):
                    members = ()
                compiled.append((code, bool(negated), members))
                nmembers += len(members)
                nletters += sum(len(mb) for mb in members)
            nconds += len(compiled)
            nletters += len(source)
            self.targets.append(target)
            checked.append((source, tuple(compiled)))
            groups.setdefault(source[0], []).append(number)
        nrules = len(checked)
        self.text = <Py_UCS4 *> PyMem_Malloc(max(nletters, 1) * sizeof(Py_UCS4))
        self.sources = <Piece *> PyMem_Malloc(max(nrules, 1) * sizeof(Piece))
        self.cond_first = <Py_ssize_t *> PyMem_Malloc((nrules + 1) * sizeof(Py_ssize_t))
        self.conds = <Cond *> PyMem_Malloc(max(nconds, 1) * sizeof(Cond))
        self.members = <Piece *> PyMem_Malloc(max(nmembers, 1) * sizeof(Piece))
        self.order = <Py_ssize_t *> PyMem_Malloc(max(nrules, 1) * sizeof(Py_ssize_t))
        if (self.text == NULL or self.sources == NULL or self.cond_first == NULL
                or self.conds == NULL or self.members == NULL or self.order == NULL):
            raise MemoryError()
        for i in range(nrules):
            source, compiled = checked[i]
            self.sources[i].start = at
            self.sources[i].length = len(source)
            for letter in source:
                self.text[at] = ord(letter)
                at += 1
            self.cond_first[i] = c
            for code, negated, members in compiled:
                self.conds[c].kind = code
                self.conds[c].negated = negated
                self.conds[c].first = m
                for member in members:
                    self.members[m].start = at
                    self.members[m].length = len(member)
                    for letter in member:
                        self.text[at] = ord(letter)
                        at += 1
                    m += 1
                self.conds[c].last = m
                c += 1
        self.cond_first[nrules] = c
        letters = sorted(groups)  # the order of self.firsts
        self.firsts = _sorted_letters(groups, &self.nfirst)
        _index_init(&self.first_index, self.firsts, self.nfirst)
        _texts_init(&self.target_texts, self.targets)
        self.group_start = <Py_ssize_t *> PyMem_Malloc((self.nfirst + 1) * sizeof(Py_ssize_t))
        if self.group_start == NULL:
            raise MemoryError()
        k = 0
        for g in range(self.nfirst):
            self.group_start[g] = k
            for number in groups[letters[g]]:
                self.order[k] = number
                k += 1
        self.group_start[self.nfirst] = k
        self.spec = list(rules)

    def __reduce__(self):
        return (Rules, (self.spec,))

    def __dealloc__(self):
        _index_free(&self.first_index)
        _texts_free(&self.target_texts)
        PyMem_Free(self.firsts)
        PyMem_Free(self.group_start)
        PyMem_Free(self.order)
        PyMem_Free(self.text)
        PyMem_Free(self.sources)
        PyMem_Free(self.cond_first)
        PyMem_Free(self.conds)
        PyMem_Free(self.members)

    cdef Py_ssize_t _group(self, Py_UCS4 letter) noexcept:
        """The group of rules whose source begins with ``letter``, or -1."""
        return _lookup(&self.first_index, letter)

    cdef bint _holds(self, Py_ssize_t number, const Py_UCS4 *word, Py_ssize_t length,
                     Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t c, m
        cdef Cond *cond
        cdef Piece member
        cdef bint found
        for c in range(self.cond_first[number], self.cond_first[number + 1]):
            cond = &self.conds[c]
            if cond.kind == INITIAL:
                found = start == 0
            elif cond.kind == FINAL:
                found = end == length
            else:
                found = False
                for m in range(cond.first, cond.last):
                    member = self.members[m]
                    if cond.kind == AFTER:
                        found = _at(word, length, start - member.length,
                                    self.text + member.start, member.length)
                    elif cond.kind == BEFORE:
                        found = _at(word, length, end, self.text + member.start, member.length)
                    else:
                        found = _occurs(word, 0, start, self.text + member.start,
                                        member.length) or _occurs(
                            word, start, length, self.text + member.start, member.length
                        )
                    if found:
                        break
            if found == cond.negated:
                return False
        return True

    cdef Py_ssize_t _match(self, const Py_UCS4 *word, Py_ssize_t length, Py_ssize_t pos,
                           Py_ssize_t *end) noexcept:
        """The number of the rule matching at ``pos`` (its end in ``end``), or -1."""
        cdef Py_ssize_t g = self._group(word[pos]), k, number
        cdef Piece source
        if g < 0:
            return -1
        for k in range(self.group_start[g], self.group_start[g + 1]):
            number = self.order[k]
            source = self.sources[number]
            if _at(word, length, pos, self.text + source.start, source.length) and self._holds(
                number, word, length, pos, pos + source.length
            ):
                end[0] = pos + source.length
                return number
        return -1

    def finditer(self, str word):
        """``[(start, end, rule number)]`` of the matches, left to right, numbers 1-based."""
        cdef Py_ssize_t length, pos = 0, end = 0, number
        cdef list out = []
        cdef Py_UCS4 *letters = _letters_of(word, &length)
        try:
            while pos < length:
                number = self._match(letters, length, pos, &end)
                if number < 0:
                    pos += 1
                else:
                    out.append((pos, end, number + 1))
                    pos = end
            return out
        finally:
            PyMem_Free(letters)

    def sub(self, str word):
        """``word`` with every match replaced by its rule's target."""
        cdef Py_ssize_t length, pos = 0, done = 0, end = 0, number
        cdef list pieces = []
        cdef Py_UCS4 *letters = _letters_of(word, &length)
        try:
            while pos < length:
                number = self._match(letters, length, pos, &end)
                if number < 0:
                    pos += 1
                    continue
                if pos > done:
                    pieces.append(word[done:pos])
                pieces.append(self.targets[number])
                pos = done = end
        finally:
            PyMem_Free(letters)
        if done == 0 and not pieces:
            return word
        if done < length:
            pieces.append(word[done:])
        return "".join(pieces)


    cdef Py_ssize_t _sub_into(self, const Py_UCS4 *word, Py_ssize_t length,
                              Buf *out) except -1:
        """:meth:`sub` of a word's letters, written to ``out``; the number of matches."""
        cdef Py_ssize_t pos = 0, end = 0, number, found = 0
        out.size = 0
        while pos < length:
            number = self._match(word, length, pos, &end)
            if number < 0:
                _reserve(out, 1)
                out.data[out.size] = word[pos]
                out.size += 1
                pos += 1
                continue
            _append_text(out, &self.target_texts, number)
            found += 1
            pos = end
        return found


# Case conventions of a scheme's alphabet (schemes/engine.py lower and upper, in C), from the
# one module that defines their tables.
from kznames._casing import DEFAULT_LOWER, TURKIC_LOWER, TURKIC_UPPER


cdef str _lower(str text, bint turkic):
    """``kznames.schemes.engine.lower``: lower case without changing the length."""
    cdef str lowered
    if turkic and ("I" in text or "İ" in text):
        text = text.translate(TURKIC_LOWER)
    lowered = text.lower()
    if len(lowered) != len(text):
        text = text.translate(DEFAULT_LOWER)
        lowered = "".join([c if len(c.lower()) != 1 else c.lower() for c in text])
    return lowered


cdef str _upper(str text, bint turkic):
    """``kznames.schemes.engine.upper``."""
    if turkic:
        text = text.translate(TURKIC_UPPER)
    return text.upper()


cdef class Letters:
    """The letters of one word through a scheme direction (``Rewriter._rewrite_letters`` for
    a word in lower case, in capitals or with a capital first letter): case, the letters outside
    the scheme, the contextual rules (a :class:`Rules`) and ``str.translate`` for the simple
    letters. ``rewrite`` returns None for the words the Python code writes piece by piece
    (mixed case, a capital word with letters outside the scheme)."""

    cdef frozenset alphabet
    cdef dict drop
    cdef frozenset title_safe
    cdef object rules  # Rules or None
    cdef bint source_turkic, target_turkic
    cdef tuple args
    cdef Py_UCS4 *letters  # the alphabet, sorted
    cdef Py_ssize_t nletters
    cdef Index letter_index
    cdef Py_UCS4 *simple_keys  # the simple letters, sorted, and their targets
    cdef Py_ssize_t nsimple
    cdef Index simple_index
    cdef list simple_targets
    cdef Texts simple_texts

    def __cinit__(self, *args):
        self.letters = NULL
        self.simple_keys = NULL
        self.letter_index.dense = NULL
        self.simple_index.dense = NULL
        self.simple_texts.text = NULL
        self.simple_texts.pieces = NULL

    def __init__(self, frozenset alphabet, dict drop, frozenset title_safe, dict simple,
                 Rules rules, str source_casing, str target_casing):
        self.alphabet = alphabet
        self.drop = drop
        self.title_safe = title_safe
        self.rules = rules
        self.source_turkic = source_casing == "turkic"
        self.target_turkic = target_casing == "turkic"
        self.args = (alphabet, drop, title_safe, simple, rules, source_casing, target_casing)
        if not all(isinstance(c, str) and len(c) == 1 for c in alphabet):
            raise ValueError("the alphabet is single letters")
        self.letters = _sorted_letters(alphabet, &self.nletters)
        # str.maketrans's table: code point -> text (or None: the letter is dropped).
        keys = sorted(simple)
        self.simple_keys = _sorted_letters([chr(k) for k in keys], &self.nsimple)
        self.simple_targets = [simple[k] or "" for k in keys]
        if not all(isinstance(t, str) for t in self.simple_targets):
            raise ValueError("a simple letter's target is text")
        _index_init(&self.letter_index, self.letters, self.nletters)
        _index_init(&self.simple_index, self.simple_keys, self.nsimple)
        _texts_init(&self.simple_texts, self.simple_targets)

    def __dealloc__(self):
        _index_free(&self.letter_index)
        _index_free(&self.simple_index)
        _texts_free(&self.simple_texts)
        PyMem_Free(self.letters)
        PyMem_Free(self.simple_keys)

    def __reduce__(self):
        return (Letters, self.args)

    cdef int _run(self, const Py_UCS4 *letters, Py_ssize_t length, Buf *out) except -1:
        """The contextual rules, then the simple letters, on a word in lower case: ``Rules.sub``
        and ``str.translate`` in one pass, written to ``out``. The same text: no rule's target
        holds a simple letter (the engine keeps no simple letters otherwise), so the
        translation only ever meets letters no rule took."""
        cdef Py_ssize_t pos = 0, end = 0, number, k
        cdef Py_UCS4 c
        cdef Rules rules = self.rules
        out.size = 0
        while pos < length:
            number = -1
            if rules is not None:
                number = rules._match(letters, length, pos, &end)
            if number >= 0:
                _append_text(out, &rules.target_texts, number)
                pos = end
                continue
            c = letters[pos]
            k = _lookup(&self.simple_index, c)
            pos += 1
            if k < 0:
                _reserve(out, 1)
                out.data[out.size] = c
                out.size += 1
            else:
                _append_text(out, &self.simple_texts, k)
        return 0

    cdef bint _is_lowered(self, const Py_UCS4 *letters, Py_ssize_t length) noexcept:
        """True when ``lower(word) == word`` for the word of these letters (the case the rules
        are written in): no letter changes in lower case (İ, whose lower case is two letters,
        changes too), nor I under Turkic casing."""
        cdef Py_ssize_t k
        cdef Py_UCS4 c
        for k in range(length):
            c = letters[k]
            if Py_UNICODE_TOLOWER(c) != c or (self.source_turkic and c == 0x49):
                return False
        return True

    cdef str _rewrite_lowered(self, str lowered):
        cdef Py_ssize_t length
        cdef Buf out
        cdef Py_UCS4 *letters = _letters_of(lowered, &length)
        out.data = NULL
        try:
            _buf_init(&out, 2 * length + 16)
            self._run(letters, length, &out)
            return _text(&out)
        finally:
            PyMem_Free(out.data)
            PyMem_Free(letters)

    def rewrite(self, str word):
        """``(text, untouched)`` as ``Rewriter._rewrite_letters`` gives, or None."""
        return self._rewrite(word)

    cdef object _rewrite(self, str word):
        cdef str lowered = _lower(word, self.source_turkic)
        cdef str out
        cdef bint untouched, upper = False, title = False
        cdef Py_ssize_t capitals = 0
        cdef Py_UCS4 c
        # A letter outside the alphabet leaves the word untouched (Python: the residue of
        # ``lowered.translate(drop)`` has a letter), read without building the residue.
        untouched = False
        for c in lowered:
            if _lookup(&self.letter_index, c) < 0 and c.isalpha():
                untouched = True
                break
        if lowered == word:
            pass
        elif word.isupper():
            for c in word:
                if c.isupper():
                    capitals += 1
            if capitals <= 1:
                title = word[1:] == lowered[1:] and lowered[0] in self.title_safe
                if not title:
                    return None
            elif untouched:
                return None
            else:
                upper = True
        elif word[1:] == lowered[1:] and lowered[0] in self.title_safe:
            title = True
        else:
            return None
        out = self._rewrite_lowered(lowered)
        if upper:
            out = _upper(out, self.target_turkic)
        elif title:
            out = _upper(out[:1], self.target_turkic) + out[1:]
        return out, untouched


cdef inline bint _key_letters_only(const Buf *buf) noexcept:
    """True when every letter is one of a key's (ASCII a-z, 0-9)."""
    cdef Py_ssize_t k
    cdef Py_UCS4 c
    for k in range(buf.size):
        c = buf.data[k]
        if not ((c >= 0x61 and c <= 0x7A) or (c >= 0x30 and c <= 0x39)):
            return False
    return True


# The Cyrillic letters whose tokens take TokenPath.token's way: U+0400 to U+052F.
cdef enum:
    CYRILLIC_FIRST = 0x400
    CYRILLIC_END = 0x530
    ARABIC_FIRST = 0x600  # the Arabic block, whose letters TokenPath.token reads as Uyghur
    ARABIC_END = 0x700


cdef int _mark_letters(unsigned char *table, Py_ssize_t first, Py_ssize_t end,
                       str letters) except -1:
    """``table[c - first]`` 1 for each of ``letters`` (all in ``first`` to ``end``), else 0."""
    cdef Py_ssize_t k, code
    for k in range(end - first):
        table[k] = 0
    for letter in letters:
        code = ord(letter)
        if code < first or code >= end:
            raise ValueError(f"{letter!r} is not between U+{first:04X} and U+{end:04X}")
        table[code - first] = 1
    return 0


cdef class TokenPath:
    """A token's way to its keys (``kznames.phonetic``'s key path) in one call: the fold passes
    (``token_folds``: the first pass, its letter classes, the rest of the fine key's passes, the
    fine key; ``key_of_fine``: the coarse passes and ``refold``) run letter array to letter
    array, and, for a token of Cyrillic letters, its pivot (the 2021 Kazakh alphabet) before.

    ``passes`` are ``(letters, once)``: each pass's :class:`Letters` (the direction's
    ``_plain_letters``) and its ``rewrite_word_once``, which runs a word the letters do not take
    as they are (one not in lower case). The first ``fine_passes`` make the fine key, the others
    the match key. ``known``: every letter a pass reads (a plain text with another letter goes
    the Python way, which reads that letter through unidecode first); ``refold``: the boundary
    rules, longest first (a :class:`Rules` without conditions); ``letters_of_folded`` /
    ``fine_of_folded``: the Python functions for a folded text with a letter outside a key's.
    ``pivot`` (the Cyrillic direction's letters or None), ``pivot_once`` (its
    ``rewrite_once``) and ``cyrillic`` (the letters that are Cyrillic in every reading of
    ``detect_script`` and need no normalisation) make the Cyrillic pivot. The ``counted``
    passes after the first each run until they change nothing (the doubled letters: a run of
    any length is one letter), and the letter classes are read after them. ``arabic`` (or None):
    the ULY direction's ``pre`` letters and ``rewrite_once``, its rules' letters and
    ``rewrite_word_once``, ``scripts.arabic_language`` and the Arabic-block letters a token may
    hold to be read as Uyghur here.
    """

    cdef list letters  # per pass
    cdef list once
    cdef Py_ssize_t npasses, fine_passes, counted
    cdef Py_UCS4 *known
    cdef Py_ssize_t nknown
    cdef Rules refold
    cdef object letters_of_folded, fine_of_folded
    cdef Letters pivot
    cdef object pivot_once
    cdef unsigned char cyrillic[CYRILLIC_END - CYRILLIC_FIRST]
    cdef Letters arabic_pre, arabic_pivot
    cdef object arabic_pre_once, arabic_once, arabic_language
    cdef unsigned char arabic[ARABIC_END - ARABIC_FIRST]
    cdef tuple args

    def __cinit__(self, *args):
        self.known = NULL

    def __init__(self, list passes, Py_ssize_t fine_passes, frozenset known, Rules refold,
                 letters_of_folded, fine_of_folded, Letters pivot, pivot_once, str cyrillic,
                 Py_ssize_t counted=0, tuple arabic=None):
        cdef Py_ssize_t k, code
        self.args = (passes, fine_passes, known, refold, letters_of_folded, fine_of_folded,
                     pivot, pivot_once, cyrillic, counted, arabic)
        self.letters = [letters for letters, _ in passes]
        self.once = [once for _, once in passes]
        self.npasses = len(passes)
        if not 1 <= fine_passes <= self.npasses:
            raise ValueError("the fine key's passes are some of the passes, the first among them")
        if not 0 <= counted < fine_passes:
            raise ValueError("the counted passes follow the first among the fine key's passes")
        self.counted = counted
        for letters in self.letters:
            if not isinstance(letters, Letters):
                raise ValueError("each pass is run by its Letters")
        self.fine_passes = fine_passes
        self.known = _sorted_letters(known, &self.nknown)
        self.refold = refold
        self.letters_of_folded = letters_of_folded
        self.fine_of_folded = fine_of_folded
        self.pivot = pivot
        self.pivot_once = pivot_once
        _mark_letters(self.cyrillic, CYRILLIC_FIRST, CYRILLIC_END, cyrillic)
        letters = ""
        if arabic is not None:
            (self.arabic_pre, self.arabic_pre_once, self.arabic_pivot, self.arabic_once,
             self.arabic_language, letters) = arabic
        _mark_letters(self.arabic, ARABIC_FIRST, ARABIC_END, letters)

    def __dealloc__(self):
        PyMem_Free(self.known)

    def __reduce__(self):
        return (TokenPath, self.args)

    cdef int _pass(self, Py_ssize_t number, Buf *source, Buf *out) except -1:
        """Pass ``number`` from ``source`` to ``out`` (``rewrite_word_once``)."""
        cdef Letters letters = <Letters> self.letters[number]
        cdef str done
        if letters._is_lowered(source.data, source.size):
            return letters._run(source.data, source.size, out)
        done = self.once[number](_text(source))
        out.size = 0
        return _append(out, done)

    cdef str _key_text(self, Buf *buf, fallback, bint keep):
        """The letters as key text: as they are when they are key letters only (nearly every
        token), else through ``fallback`` (and, with ``keep``, ``buf`` then holds what it
        returned)."""
        cdef str text = _text(buf)
        if _key_letters_only(buf):
            return text
        text = fallback(text)
        if keep:
            buf.size = 0
            _append(buf, text)
        return text

    cdef str _key(self, Buf *a, Buf *b):
        """The match key of the fine key in ``a`` (``b``: room to work); ``a`` is used up."""
        cdef Py_ssize_t number
        cdef Buf *swap
        for number in range(self.fine_passes, self.npasses):
            self._pass(number, a, b)
            swap = a
            a = b
            b = swap
        _refold(self.refold, &a, &b)
        return _text(a)

    cdef object _folds(self, str pivot, bint with_key):
        """``(letters, fine, key)`` of a pivot (``key`` None unless ``with_key``), or None when
        the pivot has a letter no pass reads."""
        cdef Buf a, b
        cdef Buf *source
        cdef Buf *out
        cdef Buf *swap
        cdef Py_UCS4 c
        cdef Py_ssize_t number
        cdef str letters, fine
        cdef object key = None
        a.data = NULL
        b.data = NULL
        try:
            _buf_init(&a, 2 * len(pivot) + 16)
            _buf_init(&b, 2 * len(pivot) + 16)
            for c in pivot:
                if c == 0x2D:  # "-": the folds read a compound as one word
                    continue
                if c >= 0x80 and _find(self.known, self.nknown, c) < 0:
                    return None
                _reserve(&a, 1)
                a.data[a.size] = c
                a.size += 1
            self._pass(0, &a, &b)
            # Each pass's output is the next one's input: ``source`` holds the letters so far.
            source = &b
            out = &a
            for number in range(1, 1 + self.counted):
                while True:  # until the pass changes nothing
                    self._pass(number, source, out)
                    if _same_letters(source, out):
                        break
                    swap = source
                    source = out
                    out = swap
            letters = self._key_text(source, self.letters_of_folded, False)
            for number in range(1 + self.counted, self.fine_passes):
                self._pass(number, source, out)
                swap = source
                source = out
                out = swap
            fine = self._key_text(source, self.fine_of_folded, True)
            if with_key:
                key = self._key(source, out)
            return letters, fine, key
        finally:
            PyMem_Free(a.data)
            PyMem_Free(b.data)

    def folds(self, str pivot, bint with_key=True):
        """``(letters, fine, key)``: ``phonetic.token_folds(pivot)`` and, ``with_key``,
        ``phonetic.key_of_fine`` of its fine key (else None); None when the pivot has a letter
        no pass reads (the Python code reads it through unidecode)."""
        return self._folds(pivot, with_key)

    def key(self, str fine):
        """``phonetic.key_of_fine(fine)``."""
        cdef Buf a, b
        a.data = NULL
        b.data = NULL
        try:
            _buf_init(&a, 2 * len(fine) + 16)
            _buf_init(&b, 2 * len(fine) + 16)
            _append(&a, fine)
            return self._key(&a, &b)
        finally:
            PyMem_Free(a.data)
            PyMem_Free(b.data)

    cdef object _arabic_latin(self, str text):
        """``phonetic._to_latin`` of a word of the Arabic letters given (script Arabic, nothing
        to normalise) when its language is Uyghur: the ULY direction (its ``pre`` step, then its
        rules) without apostrophes; None for any other word."""
        cdef object done
        cdef str read
        cdef Py_UCS4 c
        for c in text:
            if <Py_ssize_t> c < ARABIC_FIRST or <Py_ssize_t> c >= ARABIC_END:
                return None
            if not self.arabic[<Py_ssize_t> c - ARABIC_FIRST]:
                return None
        if self.arabic_language(text, "ug") != "ug":
            return None
        done = self.arabic_pre._rewrite(text)
        read = self.arabic_pre_once(text) if done is None else (<tuple> done)[0]
        if not read.isalpha():
            return None  # a chunk the rules read word by word (the Python way)
        done = self.arabic_pivot._rewrite(read)
        read = self.arabic_once(read) if done is None else (<tuple> done)[0]
        return read.replace("'", "")

    def token(self, str text):
        """``(pivot, letters, fine, key)`` of a token of Cyrillic letters, or of Arabic-script
        letters read as Uyghur (``phonetic.pivot_of``, then as :meth:`folds`), or None for any
        other token."""
        cdef Py_UCS4 c
        cdef object done
        cdef str latin, pivot
        cdef bint cyrillic = self.pivot is not None
        if not text:
            return None
        cdef Py_ssize_t code
        for c in text:
            code = <Py_ssize_t> c
            if code < CYRILLIC_FIRST or code >= CYRILLIC_END:
                cyrillic = False
                break
            if not self.cyrillic[code - CYRILLIC_FIRST]:
                cyrillic = False
                break
        if cyrillic:
            done = self.pivot._rewrite(text)
            latin = self.pivot_once(text) if done is None else (<tuple> done)[0]
        elif self.arabic_pivot is not None:
            done = self._arabic_latin(text)
            if done is None:
                return None
            latin = <str> done
        else:
            return None
        pivot = latin.replace("İ", "i").replace("I", "ı" if latin != text else "i").lower()
        done = self._folds(pivot, True)
        if done is None:
            return None
        return (pivot, *done)


cdef bint _same_letters(Buf *a, Buf *b):
    """True when the two buffers hold the same letters."""
    cdef Py_ssize_t i
    if a.size != b.size:
        return False
    for i in range(a.size):
        if a.data[i] != b.data[i]:
            return False
    return True


cdef int _refold(Rules refold, Buf **a, Buf **b) except -1:
    """``phonetic.refold`` of the letters in ``a[0]``: the boundary rules until nothing changes
    (each rewrites a match shorter, so until nothing matches); ``a[0]`` then holds the result,
    ``b[0]`` was room to work."""
    cdef Buf *swap
    while refold._sub_into(a[0].data, a[0].size, b[0]):
        swap = a[0]
        a[0] = b[0]
        b[0] = swap
    return 0


cdef class NameKey:
    """A name's key from its identifying tokens' keys (``names.key`` after ``_core_keys``):
    sorted and joined, refolded, and, when the joined key is long enough or has enough
    consonants, through the name pass and refolded again. ``refold``: the boundary rules (a
    :class:`Rules`, as :class:`TokenPath` has them); ``name_pass``: the name pass's
    :class:`Letters` and ``name_once`` its ``rewrite_word_once`` (for a key not in lower case);
    the pass runs when the key has ``from_letters`` letters or ``from_consonants`` letters that
    are not ``vowels``."""

    cdef Rules refold
    cdef Letters name_pass
    cdef object name_once
    cdef Py_ssize_t from_letters, from_consonants
    cdef Py_UCS4 *vowels
    cdef Py_ssize_t nvowels
    cdef tuple args

    def __cinit__(self, *args):
        self.vowels = NULL

    def __init__(self, Rules refold, Letters name_pass, name_once, Py_ssize_t from_letters,
                 Py_ssize_t from_consonants, frozenset vowels):
        self.args = (refold, name_pass, name_once, from_letters, from_consonants, vowels)
        self.refold = refold
        self.name_pass = name_pass
        self.name_once = name_once
        self.from_letters = from_letters
        self.from_consonants = from_consonants
        self.vowels = _sorted_letters(vowels, &self.nvowels)

    def __dealloc__(self):
        PyMem_Free(self.vowels)

    def __reduce__(self):
        return (NameKey, self.args)

    def __call__(self, list keys):
        """The name key of these token keys."""
        cdef Buf one, two
        cdef Buf *a = &one
        cdef Buf *b = &two
        cdef Py_ssize_t k, consonants = 0, total = 0
        cdef str done
        for part in keys:
            total += len(<str> part)
        one.data = NULL
        two.data = NULL
        try:
            _buf_init(a, 2 * total + 16)
            _buf_init(b, 2 * total + 16)
            for part in sorted(keys):
                _append(a, part)
            _refold(self.refold, &a, &b)
            for k in range(a.size):
                if _find(self.vowels, self.nvowels, a.data[k]) < 0:
                    consonants += 1
            if a.size < self.from_letters and consonants < self.from_consonants:
                return _text(a)
            if self.name_pass._is_lowered(a.data, a.size):
                self.name_pass._run(a.data, a.size, b)
            else:
                done = self.name_once(_text(a))
                b.size = 0
                _append(b, done)
            _refold(self.refold, &b, &a)
            return _text(b)
        finally:
            PyMem_Free(one.data)
            PyMem_Free(two.data)


cdef class NamePath:
    """``names.key`` of a name not seen before, from its text (``key_of_keys(_core_keys(name))``):
    a name written plainly (ASCII letters and digits, or the Cyrillic letters
    :class:`TokenPath` takes, between spaces, commas and full stops; not Latin and Cyrillic
    letters both) is cut into tokens here, as ``phonetic.tokens`` cuts it (nothing in it is
    cleaned, joined or read as Wade-Giles), each token read from the token memo or made by
    ``new_token`` and kept there, as ``names.parse`` does, then ``without_designator``, the
    identifying tokens and ``key_of_keys`` (a :class:`NameKey`). Any other name goes through
    ``core_keys``. ``memo_get`` / ``memo_put``: the token memo's; ``missing``: the value
    ``memo_get`` gives for a token not in it; ``surname_key``: a patronymic's key as a
    surname's; ``longest``: the letters of a token kept (``MAX_TOKEN_LETTERS``)."""

    cdef NameKey key_of_keys
    cdef object memo_get, memo_put, missing, new_token, without_designator, surname_key
    cdef object core_keys
    cdef Py_ssize_t longest
    cdef unsigned char cyrillic[CYRILLIC_END - CYRILLIC_FIRST]
    cdef tuple args

    def __init__(self, NameKey key_of_keys, memo_get, memo_put, missing, new_token,
                 without_designator, surname_key, core_keys, str cyrillic, Py_ssize_t longest):
        cdef Py_ssize_t k, code
        self.args = (key_of_keys, memo_get, memo_put, missing, new_token, without_designator,
                     surname_key, core_keys, cyrillic, longest)
        self.key_of_keys = key_of_keys
        self.memo_get = memo_get
        self.memo_put = memo_put
        self.missing = missing
        self.new_token = new_token
        self.without_designator = without_designator
        self.surname_key = surname_key
        self.core_keys = core_keys
        self.longest = longest
        _mark_letters(self.cyrillic, CYRILLIC_FIRST, CYRILLIC_END, cyrillic)

    def __reduce__(self):
        return (NamePath, self.args)

    cdef object _tokens(self, str name):
        """The tokens of a plainly written name, or None for any other name."""
        cdef Py_ssize_t n = len(name), k, start = -1, code
        cdef bint latin = False, cyrillic = False, cut = n > self.longest
        cdef Py_UCS4 c
        cdef list out = []
        for k in range(n + 1):
            if k < n:
                c = name[k]
                code = <Py_ssize_t> c
                if (code >= 0x61 and code <= 0x7A) or (code >= 0x41 and code <= 0x5A):
                    latin = True
                elif code >= 0x30 and code <= 0x39:
                    pass
                elif code == 0x20 or code == 0x2C or code == 0x2E:  # space , .
                    code = -1
                elif code < CYRILLIC_FIRST or code >= CYRILLIC_END:
                    return None
                elif self.cyrillic[code - CYRILLIC_FIRST]:
                    cyrillic = True
                else:
                    return None
            else:
                code = -1
            if code >= 0:
                if start < 0:
                    start = k
            elif start >= 0:
                if cut and k - start > self.longest:
                    out.append(name[start : start + self.longest])
                else:
                    out.append(name[start:k])
                start = -1
        if latin and cyrillic:
            return None  # clean() may repair a look-alike letter
        return out

    def tokens(self, str name):
        """The tokens of ``name`` when it is written plainly (``phonetic.tokens``), else None."""
        return self._tokens(name)

    def __call__(self, str name):
        """The key of ``name`` (not memoised here)."""
        cdef object tokens = self._tokens(name)
        cdef list parsed, keys
        if tokens is None:
            return self.key_of_keys(self.core_keys(name))
        parsed = []
        for text in <list> tokens:
            token = self.memo_get(text, self.missing)
            if token is self.missing:
                token = self.memo_put(text, self.new_token(text))
            if token is not None:
                parsed.append(token)
        parsed = self.without_designator(parsed)
        keys = [token.key for token in parsed if token.kind == "name"]
        if len(keys) < 2:
            keys = [
                self.surname_key(token) if token.kind == "patronymic" else token.key
                for token in parsed
            ]
        return self.key_of_keys(keys)


cdef class PlainRoute:
    """``transliterate`` by a named source whose route is one forward step run by plain letters
    (``_transliterate_from`` with its memos): a text of printable ASCII and the Cyrillic letters
    :class:`TokenPath` takes (nothing to normalise) split at spaces into chunks, each read from
    the direction's chunk memo or made and kept there as ``Rewriter._memo_chunk`` keeps it: a
    word of letters from the word memo or the :class:`Letters`, a chunk with other signs
    (``Нур-Султан``, ``Білаш,``) word by word as ``Rewriter._rewrite_chunk`` cuts it (a word is
    a run of the characters ``word`` matches, the direction's word pattern), and a chunk with a
    word the letters do not take through ``memo_chunk``. Then the target alphabet's test
    (``holds``, a test that holds of a text when it holds of each of its characters, asked once
    per character and remembered); when the whole text breaks it, word by word as
    ``_write_word`` writes a word of letters (one that breaks it is kept as it was).
    ``__call__`` returns ``(text, untouched words)``, :meth:`transliteration` the
    ``Transliteration`` ``result(text, source, target, untouched, labels)``; both None for any
    other text (the Python code then runs it)."""

    cdef Letters letters
    cdef object chunk_get, chunk_put, word_get, memo_chunk, holds
    cdef unsigned char cyrillic[CYRILLIC_END - CYRILLIC_FIRST]
    cdef unsigned char word_ascii[0x80]  # 1: a word character of the direction
    cdef unsigned char *verdicts  # per BMP code point: 0 not asked yet, 1 holds, 2 does not
    cdef object result
    cdef str source, target
    cdef tuple labels
    cdef tuple args

    def __cinit__(self, *args, **kwargs):
        self.verdicts = NULL

    def __init__(self, Letters letters, chunk_get, chunk_put, word_get, memo_chunk, holds,
                 str cyrillic, word, type result, str source, str target, tuple labels):
        cdef Py_ssize_t k
        self.args = (letters, chunk_get, chunk_put, word_get, memo_chunk, holds, cyrillic,
                     word, result, source, target, labels)
        self.letters = letters
        self.chunk_get = chunk_get
        self.chunk_put = chunk_put
        self.word_get = word_get
        self.memo_chunk = memo_chunk
        self.holds = holds
        self.result = result
        self.source = source
        self.target = target
        self.labels = labels
        if not issubclass(result, tuple):
            raise ValueError("the result is a named tuple")
        _mark_letters(self.cyrillic, CYRILLIC_FIRST, CYRILLIC_END, cyrillic)
        # The word pattern read once per character a text here may hold (every Cyrillic letter
        # taken must be a word character: the chunk's cut relies on it).
        for k in range(0x80):
            self.word_ascii[k] = word.fullmatch(chr(k)) is not None
        for letter in cyrillic:
            if word.fullmatch(letter) is None:
                raise ValueError(f"{letter!r} is not a word character of the direction")
        self.verdicts = <unsigned char *> PyMem_Malloc(0x10000)
        if self.verdicts == NULL:
            raise MemoryError()
        for k in range(0x10000):
            self.verdicts[k] = 0

    def __dealloc__(self):
        PyMem_Free(self.verdicts)

    def __reduce__(self):
        return (PlainRoute, self.args)

    cdef object _words(self, str chunk):
        """``Rewriter._rewrite_chunk`` of a chunk with signs besides letters, or None when a
        word of it is not one the letters take."""
        cdef Py_ssize_t n = len(chunk), k, start = 0
        cdef Py_UCS4 c
        cdef list pieces = [], missed = []
        cdef object done
        cdef str piece
        while start < n:
            k = start
            while k < n:  # a word
                c = chunk[k]
                if <Py_ssize_t> c < 0x80 and not self.word_ascii[<Py_ssize_t> c]:
                    break
                k += 1
            if k > start:
                piece = chunk[start:k]
                done = self.word_get(piece)
                if done is None:
                    done = self.letters._rewrite(piece)
                    if done is None:
                        return None
                pieces.append((<tuple> done)[0])
                if (<tuple> done)[1]:
                    missed.append(piece)
            start = k
            while k < n:  # what separates words
                c = chunk[k]
                if <Py_ssize_t> c >= 0x80 or self.word_ascii[<Py_ssize_t> c]:
                    break
                k += 1
            if k > start:
                pieces.append(chunk[start:k])
            start = k
        return "".join(pieces), tuple(missed)

    cdef object _chunk(self, str chunk, bint letters_only):
        """The chunk memo's entry for ``chunk``, made and kept when it has none."""
        cdef object hit = self.chunk_get(chunk)
        cdef object done
        if hit is not None:
            return hit
        if not letters_only:
            done = self._words(chunk)
            if done is None:
                return self.memo_chunk(chunk)
            return self.chunk_put(chunk, done)
        done = self.word_get(chunk)
        if done is None:
            done = self.letters._rewrite(chunk)
            if done is None:  # a word the Python code writes piece by piece
                return self.memo_chunk(chunk)
        return self.chunk_put(chunk, ((<tuple> done)[0], (chunk,) if (<tuple> done)[1] else ()))

    cdef bint _holds(self, str text) except -1:
        """The target alphabet's ``holds``, character by character."""
        cdef Py_UCS4 c
        cdef Py_ssize_t code
        cdef unsigned char verdict
        for c in text:
            code = <Py_ssize_t> c
            if code >= 0x10000:
                if not self.holds(chr(code)):
                    return False
                continue
            verdict = self.verdicts[code]
            if verdict == 0:
                verdict = 1 if self.holds(chr(code)) else 2
                self.verdicts[code] = verdict
            if verdict == 2:
                return False
        return True

    def __call__(self, str text):
        return self._run(text)

    def transliteration(self, str text):
        """The ``Transliteration`` of ``text``, or None (as ``__call__``)."""
        cdef object done = self._run(text)
        if done is None:
            return None
        return tuple.__new__(
            self.result,
            (( <tuple> done)[0], self.source, self.target, tuple((<tuple> done)[1]), self.labels),
        )

    cdef object _run(self, str text):
        cdef Py_ssize_t n = len(text), k, start = 0, code
        cdef bint letters_only = True, words_only = True
        cdef Py_UCS4 c
        cdef list outs = [], missed = [], chunks = [], hits = []
        cdef object hit
        cdef str out, chunk, written
        for k in range(n):
            code = <Py_ssize_t> text[k]
            if code >= 0x20 and code <= 0x7E:
                continue
            if code < CYRILLIC_FIRST or code >= CYRILLIC_END:
                return None
            if not self.cyrillic[code - CYRILLIC_FIRST]:
                return None
        if n and text.find(" ") < 0:  # one chunk: a token
            letters_only = True
            for k in range(n):
                code = <Py_ssize_t> text[k]
                if code < 0x80 and not (
                    (code >= 0x61 and code <= 0x7A) or (code >= 0x41 and code <= 0x5A)
                ):
                    letters_only = False
                    break
            hit = self._chunk(text, letters_only)
            out = (<tuple> hit)[0]
            if self._holds(out):
                return out, list((<tuple> hit)[1])
            if not letters_only:
                return None
            chunks.append(text)
            hits.append(hit)
            outs.append(out)
        else:
            for k in range(n + 1):
                if k < n:
                    c = text[k]
                    if c != 0x20:
                        code = <Py_ssize_t> c
                        if code < 0x80 and not (
                            (code >= 0x61 and code <= 0x7A) or (code >= 0x41 and code <= 0x5A)
                        ):
                            letters_only = False
                        continue
                chunk = text[start:k]
                hit = self._chunk(chunk, letters_only and k > start)
                words_only = words_only and letters_only
                chunks.append(chunk)
                hits.append(hit)
                outs.append((<tuple> hit)[0])
                if (<tuple> hit)[1]:
                    missed.extend((<tuple> hit)[1])
                start = k + 1
                letters_only = True
            out = " ".join(outs)
            if self._holds(out):
                return out, missed
            if not words_only:
                return None
        # Word by word (``_write_word``): a word whose letters keep to the alphabet is written,
        # any other is kept as it was and listed.
        missed = []
        for k in range(len(chunks)):
            chunk = chunks[k]
            if not chunk:
                continue  # two spaces side by side: the join writes them
            written = (<tuple> hits[k])[0]
            if written.islower() and not chunk.islower() and chunk[0].isupper():
                return None  # a case to give back (a route through a script without case)
            if self._holds(written):
                missed.extend((<tuple> hits[k])[1])
            else:
                outs[k] = chunk
                missed.append(chunk)
        return " ".join(outs), missed


cdef Py_ssize_t _key_characters(object key) except -1:
    """``kznames._memo._characters``: a str key's length, or the lengths of the str parts of a
    tuple key (and of the tuples in it)."""
    cdef Py_ssize_t total = 0
    if isinstance(key, str):
        return len(<str> key)
    if isinstance(key, tuple):
        for part in <tuple> key:
            if isinstance(part, str):
                total += len(<str> part)
            elif isinstance(part, tuple):
                total += _key_characters(part)
    return total


cdef class MemoPut:
    """``kznames._memo.Memo._put`` of one memo in C (what its ``put`` is with the compiled core):
    keep ``value`` for ``key`` unless the key has more than the memo's ``longest`` characters or
    its cost (``entry`` bytes and ``per_character`` a character) passes its ``limit``; a new key
    that would take the memo past its limit empties it first, and one that would take all memos
    past ``budget.limit`` first calls ``make_room(cost)`` (which empties the largest). Returns
    ``value``. The memo's ``limit``, ``longest`` and ``_size`` and the budget's ``limit`` and
    ``used`` are read and written on those objects (``set_memo_budget`` changes them)."""

    cdef object memo, budget, make_room
    cdef dict data
    cdef Py_ssize_t entry, per_character

    def __init__(self, memo, Py_ssize_t entry, Py_ssize_t per_character, budget, make_room):
        self.memo = memo
        self.data = memo._data
        self.entry = entry
        self.per_character = per_character
        self.budget = budget
        self.make_room = make_room

    def __call__(self, key, value, characters=None):
        cdef Py_ssize_t n = (
            _key_characters(key) if characters is None else <Py_ssize_t> characters
        )
        cdef Py_ssize_t cost = self.entry + self.per_character * n
        cdef object memo = self.memo
        cdef object budget = self.budget
        cdef Py_ssize_t limit = memo.limit
        if n > <Py_ssize_t> memo.longest or cost > limit:
            return value
        if key not in self.data:
            if <Py_ssize_t> memo._size + cost > limit:
                memo.clear()
            if <Py_ssize_t> budget.used + cost > <Py_ssize_t> budget.limit:
                self.make_room(cost)
            memo._size = memo._size + cost
            budget.used = budget.used + cost
        self.data[key] = value
        return value


cdef extern from "Python.h":
    int PyObject_GenericSetAttr(object o, object name, object value) except -1


cdef class TokenMaker:
    """``names._new_token`` of a token :meth:`TokenPath.token` takes (Cyrillic letters, or
    Arabic-script letters read as Uyghur), in one call: its parts from ``path``, its kind as
    ``names._kind`` says it (``initial``: one letter; ``particle``: letter classes among
    ``particles`` or lower case among ``titles``; ``patronymic``: a match key of 3 letters or
    more and letter classes ending in one of ``endings``; else ``name``), no pinyin reading (the
    token is not ASCII), and the token record: an instance of ``token_class`` whose ``fields``
    are set as its own ``__init__`` sets a frozen dataclass's (``object.__setattr__``; the
    caller checks that the class has no ``__post_init__``). Any other token goes to
    ``fallback`` (``_new_token``). ``longest``: the letters of a token kept."""

    cdef TokenPath path
    cdef frozenset particles, titles
    cdef tuple endings, fields
    cdef type token_class
    cdef object fallback
    cdef Py_ssize_t longest
    cdef tuple args

    def __init__(self, TokenPath path, frozenset particles, frozenset titles, tuple endings,
                 type token_class, tuple fields, fallback, Py_ssize_t longest):
        self.args = (path, particles, titles, endings, token_class, fields, fallback, longest)
        if len(fields) != 6:
            raise ValueError("a token record has six fields: text, pivot, fine, key, kind, reading")
        self.path = path
        self.particles = particles
        self.titles = titles
        self.endings = endings
        self.token_class = token_class
        self.fields = fields
        self.fallback = fallback
        self.longest = longest

    def __reduce__(self):
        return (TokenMaker, self.args)

    cdef str _kind(self, str text, str key, str letters):
        cdef Py_ssize_t alpha = 0
        cdef Py_UCS4 c
        if not (len(text) > 1 and text.isalpha()):
            for c in text:
                if c.isalpha():
                    alpha += 1
            if alpha == 1:
                return "initial"
        if letters in self.particles or text.lower() in self.titles:
            return "particle"
        if len(key) > 2 and letters.endswith(self.endings):
            return "patronymic"
        return "name"

    def __call__(self, str text):
        cdef object done, token
        cdef tuple parts
        cdef str fine, key
        text = text[:self.longest]
        done = self.path.token(text)
        if done is None or text.isascii():
            return self.fallback(text)
        parts = <tuple> done
        fine = <str> parts[2]
        if not fine:
            return None
        key = <str> parts[3]
        token = self.token_class.__new__(self.token_class)
        values = (text, parts[0], fine, key, self._kind(text, key, <str> parts[1]), "")
        for k in range(6):
            PyObject_GenericSetAttr(token, self.fields[k], values[k])
        return token


cdef class Transliterate:
    """``translit.transliterate``'s look-up and plain route in one call: for ``text``,
    ``target`` and ``source`` of class ``str``, the memo's entry for the call's key
    (``(text, target, source, kind, bool(known_spellings))``), else, for a named source whose
    route is a :class:`PlainRoute` (``plain_route(target, source)``, else None) that takes the
    text, its ``Transliteration``, kept in the memo (``memo_put`` counts the key's characters as
    the Python code does). None for any other call: the Python code then runs it whole."""

    cdef object memo_get, memo_put, plain_route
    cdef tuple args

    def __init__(self, memo_get, memo_put, plain_route):
        self.args = (memo_get, memo_put, plain_route)
        self.memo_get = memo_get
        self.memo_put = memo_put
        self.plain_route = plain_route

    def __reduce__(self):
        return (Transliterate, self.args)

    def __call__(self, text, target, source, kind, known_spellings):
        cdef object hit, plain
        if type(text) is not str or type(target) is not str or type(source) is not str:
            return None
        key = (text, target, source, kind, bool(known_spellings))
        hit = self.memo_get(key)
        if hit is not None:
            return hit
        if source == "auto":
            return None
        plain = self.plain_route(target, source)
        if plain is None:
            return None
        hit = (<PlainRoute> plain).transliteration(text)
        if hit is None:
            return None
        return self.memo_put(key, hit)


# --- scripts.detect_script (scripts._python_detect_script) ---------------------------------------

# A character's classes, as the bits of one byte: bit k (k < 4) the character is of the k-th
# script of ``ScriptOf``'s order (``\p{Script=...}``), bit 4 it is a mark or one of ' ’ -,
# bit 5 it is a letter (``\p{L}``), bit 7 the byte is filled (0: not looked up yet).
cdef enum:
    _EXTRA = 16
    _LETTER = 32
    _KNOWN = 128


cdef class ScriptOf:
    """``scripts._python_detect_script(text)`` with each character's classes read from a
    table: an ASCII text is Latin when it has a letter; a text whose every character is of one
    script, a mark or one of ' ’ - (one of the script at least) is that script, as the
    ``_WHOLE`` patterns match it (tried in their order); any other is the script of most
    letters of ``normalize(text)`` (ties: the first in ``order``, the ``_SCRIPT_PATTERNS``
    order), ``Zyyy`` when none is of a known script. A value that is no ``str`` goes to
    ``fallback`` (the Python function, which raises). ``scripts`` is the ``_WHOLE`` order of
    script codes, ``letters`` a pattern matching one character of each
    (``\p{Script=...}``), ``extra`` one matching a mark or ' ’ -, ``letter`` one matching a
    letter: each character of the Basic Multilingual Plane is asked of them once, its classes
    kept in a table of 65,536 bytes (a character beyond it is asked each time)."""

    cdef object fallback, normalize, extra, letter
    cdef tuple scripts, letters, order
    cdef int ranks[4]
    cdef unsigned char table[65536]
    cdef int count
    cdef tuple args

    def __init__(self, fallback, normalize, tuple scripts, tuple letters, extra, letter,
                 tuple order):
        cdef int k
        if len(scripts) != len(letters) or len(scripts) > 4 or sorted(order) != sorted(scripts):
            raise ValueError("one letter pattern for each of at most four scripts, in an order")
        self.args = (fallback, normalize, scripts, letters, extra, letter, order)
        self.fallback = fallback
        self.normalize = normalize
        self.scripts = scripts
        self.letters = letters
        self.extra = extra
        self.letter = letter
        self.order = order
        self.count = len(scripts)
        for k in range(self.count):
            self.ranks[k] = scripts.index(order[k])  # the k-th of the order, as a bit
        memset(self.table, 0, sizeof(self.table))

    def __reduce__(self):
        return (ScriptOf, self.args)

    cdef unsigned char _classes(self, Py_UCS4 c) except 0:
        cdef unsigned char bits
        cdef int k
        cdef str char
        if c < 65536 and self.table[c]:
            return self.table[c]
        char = chr(c)
        bits = _KNOWN
        for k in range(self.count):
            if self.letters[k].match(char) is not None:
                bits |= 1 << k
        if self.extra.match(char) is not None:
            bits |= _EXTRA
        if self.letter.match(char) is not None:
            bits |= _LETTER
        if c < 65536:
            self.table[c] = bits
        return bits

    def __call__(self, text):
        cdef Py_UCS4 c
        cdef unsigned char all_bits = 0xFF, any_bits = 0, bits
        cdef int k, bit
        cdef Py_ssize_t counts[4]
        cdef Py_ssize_t best_count = 0
        cdef object best = "Zyyy"
        cdef bint letter = False
        if type(text) is not str:
            return self.fallback(text)
        if (<str> text).isascii():
            for c in <str> text:
                if (c >= u'a' and c <= u'z') or (c >= u'A' and c <= u'Z'):
                    letter = True
                    break
            return "Latn" if letter else "Zyyy"
        for c in <str> text:
            bits = self._classes(c)
            any_bits |= bits
            # the scripts whose run the character may be part of: its own, or any if extra
            all_bits &= 0x0F if bits & _EXTRA else bits
        for k in range(self.count):
            if all_bits & (1 << k) and any_bits & (1 << k):
                return self.scripts[k]
        for k in range(4):
            counts[k] = 0
        for c in <str> self.normalize(text):
            bits = self._classes(c)
            if bits & _LETTER:
                for k in range(self.count):
                    if bits & (1 << k):
                        counts[k] += 1
        for k in range(self.count):  # the most letters; a tie goes to the first in the order
            bit = self.ranks[k]
            if counts[bit] > best_count:
                best_count = counts[bit]
                best = self.scripts[bit]
        return best


# --- similarity: the token alignment (score._python_score_pieces) --------------------------------

import builtins

# Python's own sum of floats (3.12 sums floats with compensation; Cython's inlined ``sum`` would
# not): the total weight is the Python reference's to the bit on every version.
cdef object _py_sum = builtins.sum


cdef struct _Candidate:
    double similarity
    Py_ssize_t i
    Py_ssize_t j
    double weight


cdef inline bint _before(_Candidate *x, _Candidate *y) noexcept:
    """The Python reference's order: similarity high to low, then ``i``, then ``j`` low to high."""
    if x.similarity != y.similarity:
        return x.similarity > y.similarity
    if x.i != y.i:
        return x.i < y.i
    return x.j < y.j


cdef class Aligner:
    """``score._python_score_pieces`` (with ``score._python_align``) in one call: the greedy
    best-first alignment of two lists of pieces and its hand-set score and explanation.
    ``pair(a, b)`` is ``score._pair`` (a token match with ``similarity``, ``note``, ``a``,
    ``b``), ``explanation`` the ``Explanation`` class; the constants are score's
    ``_CONFLICT``, ``_CONFLICT_CAP`` and ``_WEAKEST``."""

    cdef object pair, explanation
    cdef double conflict, conflict_cap, weakest
    cdef tuple args

    def __init__(self, pair, explanation, double conflict, double conflict_cap, double weakest):
        self.args = (pair, explanation, conflict, conflict_cap, weakest)
        self.pair = pair
        self.explanation = explanation
        self.conflict = conflict
        self.conflict_cap = conflict_cap
        self.weakest = weakest

    def __reduce__(self):
        return (Aligner, self.args)

    def align(self, list a, list b):
        """``score._python_align(a, b)``: matches, used indices of ``a`` and ``b``, gained
        weight."""
        cdef list matches = []
        cdef set used_a = set(), used_b = set()
        cdef double gained = self._align(a, b, matches, used_a, used_b)
        return matches, used_a, used_b, gained

    cdef double _align(self, list a, list b, list matches, set used_a, set used_b) except? -1.0:
        cdef Py_ssize_t n = len(a), m = len(b), i, j, k, count = 0, at
        cdef _Candidate *cands
        cdef _Candidate c
        cdef list found = [None] * (n * m)
        cdef double gained = 0.0, weight_a
        cdef char *taken_a
        cdef char *taken_b
        cdef object match, pa
        if n == 0 or m == 0:
            return 0.0
        cands = <_Candidate *> PyMem_Malloc(n * m * sizeof(_Candidate) + n + m)
        if cands == NULL:
            raise MemoryError()
        try:
            taken_a = <char *> (cands + n * m)
            taken_b = taken_a + n
            for i in range(n):
                taken_a[i] = 0
                pa = a[i]
                weight_a = pa.weight
                for j in range(m):
                    pb = b[j]
                    match = self.pair(pa, pb)
                    similarity = <double> match.similarity
                    if similarity > 0:
                        found[i * m + j] = match
                        c.similarity = similarity
                        c.i = i
                        c.j = j
                        c.weight = weight_a + <double> pb.weight
                        # insertion in order (a name has a handful of tokens)
                        at = count
                        while at > 0 and _before(&c, &cands[at - 1]):
                            cands[at] = cands[at - 1]
                            at -= 1
                        cands[at] = c
                        count += 1
            for j in range(m):
                taken_b[j] = 0
            for k in range(count):
                c = cands[k]
                if taken_a[c.i] or taken_b[c.j]:
                    continue
                taken_a[c.i] = 1
                taken_b[c.j] = 1
                used_a.add(c.i)
                used_b.add(c.j)
                matches.append(found[c.i * m + c.j])
                gained += c.similarity * c.weight
        finally:
            PyMem_Free(cands)
        return gained

    def score_pieces(self, list a, list b):
        """``score._python_score_pieces(a, b)``: the alignment's value and explanation."""
        cdef double total, value, weakest
        cdef list matches = [], named, conflicts, left, right
        cdef set used_a = set(), used_b = set()
        cdef tuple notes = ()
        cdef Py_ssize_t i
        total = _py_sum([p.weight for p in a]) + _py_sum([p.weight for p in b])
        if total == 0:
            return 0.0, self.explanation(notes=("no letters to compare",))
        value = self._align(a, b, matches, used_a, used_b) / total
        named = [m for m in matches if m.note != "initial"]
        if len(named) >= 2:
            weakest = min([m.similarity for m in named])
            # C's pow, as Python's float ** calls it (Cython's ** of doubles goes complex)
            value *= pow(weakest, self.weakest)
        conflicts = [m for m in matches if m.similarity < self.conflict and m.note != "initial"]
        left = [p for i, p in enumerate(a) if i not in used_a and p.kind == "name"]
        right = [p for i, p in enumerate(b) if i not in used_b and p.kind == "name"]
        if conflicts and len(matches) > 1:
            value = min(value, self.conflict_cap)
            notes = (f"conflict: {conflicts[0].a} is not {conflicts[0].b}",)
        elif left and right and matches:
            value = min(value, self.conflict_cap)
            notes = (f"conflict: {left[0].text} is not {right[0].text}",)
        explanation = self.explanation(
            tuple(matches),
            tuple([p.text for i, p in enumerate(a) if i not in used_a]),
            tuple([p.text for i, p in enumerate(b) if i not in used_b]),
            notes,
        )
        return value, explanation


# --- similarity: the compound search of score._python_best, and score._may_reach ---------------

# Keys longer than this together are counted the Python way (a dict), not by the quadratic
# scan below (keys are a handful of letters; a compound of two is still short).
cdef Py_ssize_t _SCAN_LETTERS = 256


cdef Py_ssize_t _unshared(str a, str b) except -1:
    """``score._unshared(a, b)``: how many letters of the two keys the other lacks, counted
    with multiplicity (each distinct letter's count in ``a`` less its count in ``b``, summed
    as absolute values)."""
    cdef Py_ssize_t la = len(a), lb = len(b), n = la + lb, k, q, total = 0, in_a, in_b
    cdef Py_UCS4 c
    cdef Py_UCS4 *letters
    cdef dict counts
    if n > _SCAN_LETTERS:
        counts = {}
        for c in a:
            counts[c] = counts.get(c, 0) + 1
        for c in b:
            counts[c] = counts.get(c, 0) - 1
        for value in counts.values():
            total += abs(<Py_ssize_t> value)
        return total
    letters = <Py_UCS4 *> PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    if letters == NULL:
        raise MemoryError()
    try:
        k = 0
        for c in a:
            letters[k] = c
            k += 1
        for c in b:
            letters[k] = c
            k += 1
        for k in range(n):
            c = letters[k]
            q = 0
            while q < k and letters[q] != c:
                q += 1
            if q < k:
                continue  # counted at its first place
            in_a = in_b = 0
            for q in range(la):
                if letters[q] == c:
                    in_a += 1
            for q in range(la, n):
                if letters[q] == c:
                    in_b += 1
            total += in_a - in_b if in_a >= in_b else in_b - in_a
    finally:
        PyMem_Free(letters)
    return total


cdef bint _may_reach(str a, str b, double value, double indel, double per_count) except -1:
    """``score._may_reach(a, b, value)`` with ``score._cheapest_edits()`` passed in:
    the same comparisons of the same doubles (an int times a float is the int as a double
    times it, as Python computes it)."""
    cdef Py_ssize_t la, lb, longest, unshared
    if a == b:
        return True
    la = len(a)
    lb = len(b)
    longest = la if la > lb else lb
    if 1.0 - <double> (la - lb if la >= lb else lb - la) * indel / <double> longest < value:
        return False
    unshared = _unshared(a, b)
    return 1.0 - <double> unshared * per_count / <double> longest >= value


def may_reach(str a, str b, double value, double indel, double per_count):
    """``score._may_reach(a, b, value)``, where ``(indel, per_count)`` is
    ``score._cheapest_edits()``."""
    return _may_reach(a, b, value, indel, per_count)


def unshared(str a, str b):
    """``score._unshared(a, b)``."""
    return _unshared(a, b)


cdef class Best:
    """``score._python_best(a, b)`` in one call: the alignment of two lists of pieces
    (``aligner.score_pieces``), then each spaced compound of one side (two neighbouring pieces
    joined, as ``score._joined`` joins them) that matches some piece of the other side well —
    ``compound_match`` or more, and better than either of its two pieces alone — aligned in
    their place; the best value wins, its explanation noting the compound. ``pair`` is
    ``score._pair``, ``piece`` the ``_Piece`` class, ``explanation`` the ``Explanation``
    class, ``cheapest_edits`` ``score._cheapest_edits`` (read at each call, as the Python
    code reads it) and ``note`` the explanation's note."""

    cdef Aligner aligner
    cdef object pair, piece, explanation, cheapest_edits
    cdef double compound_match
    cdef str note
    cdef tuple args

    def __init__(self, Aligner aligner, pair, piece, explanation, cheapest_edits,
                 double compound_match, str note):
        self.args = (aligner, pair, piece, explanation, cheapest_edits, compound_match, note)
        self.aligner = aligner
        self.pair = pair
        self.piece = piece
        self.explanation = explanation
        self.cheapest_edits = cheapest_edits
        self.compound_match = compound_match
        self.note = note

    def __reduce__(self):
        return (Best, self.args)

    def __call__(self, list a, list b):
        cdef tuple best = self.aligner.score_pieces(a, b)
        cdef double best_value = best[0], indel, per_count, joined_value, value
        cdef list side_a, side_b, merged
        cdef set partners
        cdef Py_ssize_t i, n
        cdef bint flip, fits
        cdef str key, joined
        cdef object first, second, compound, explanation
        indel, per_count = self.cheapest_edits()
        for flip in (False, True):
            side_a, side_b = (b, a) if flip else (a, b)
            n = len(side_a)
            for i in range(n - 1):
                first = side_a[i]
                second = side_a[i + 1]
                key = first.key + second.key
                compound = None
                partners = set()
                for other in side_b:
                    # The Python code builds the compound first; it has no effect but its
                    # memo entries, so it is built here at its first use.
                    if other.kind != "initial" and not _may_reach(
                        key, other.key, self.compound_match, indel, per_count
                    ):
                        continue
                    if compound is None:
                        compound = self.piece(
                            f"{first.text} {second.text}",
                            first.pivot + second.pivot,
                            key,
                            "name",
                            first.weight + second.weight,
                        )
                    joined_value = self.pair(compound, other).similarity
                    if (
                        joined_value >= self.compound_match
                        and joined_value > <double> self.pair(first, other).similarity
                        and joined_value > <double> self.pair(second, other).similarity
                    ):
                        partners.add(other.text)
                if not partners:
                    continue
                merged = side_a[:i] + [compound] + side_a[i + 2:]
                if flip:
                    value, explanation = self.aligner.score_pieces(side_b, merged)
                else:
                    value, explanation = self.aligner.score_pieces(merged, side_b)
                joined = first.text + " " + second.text
                fits = False
                for m in explanation.matches:
                    if m.a == joined or m.b == joined:
                        if (m.b if m.a == joined else m.a) in partners:
                            fits = True
                            break
                if fits and value > best_value + 1e-12:
                    best_value = value
                    best = (value, self.explanation(
                        explanation.matches,
                        explanation.unmatched_a,
                        explanation.unmatched_b,
                        notes=(self.note, *explanation.notes),
                    ))
        return best


# --- similarity: the match model's features (score._python_features) ----------------------------

cdef class Features:
    """``score._python_features`` in one compiled call: the same steps on the same Python
    objects (the float arithmetic stays Python's: no sum or power is re-associated). The
    helpers are score's: ``designators`` (kznames.names.designators), ``frequencies``
    (default_name_frequencies), ``script_of``, ``genders_differ``, ``order_changed``,
    ``gaps``, ``readings_differ``, ``readings_agree``; ``names`` is the model's FEATURES and
    ``forms_note`` score's ``_FORMS_NOTE``."""

    cdef object designators, frequencies, script_of, genders_differ, order_changed, gaps
    cdef object readings_differ, readings_agree
    cdef tuple names
    cdef str forms_note
    cdef tuple args

    def __init__(self, designators, frequencies, script_of, genders_differ, order_changed, gaps,
                 readings_differ, readings_agree, tuple names, str forms_note):
        self.args = (designators, frequencies, script_of, genders_differ, order_changed, gaps,
                     readings_differ, readings_agree, names, forms_note)
        self.designators = designators
        self.frequencies = frequencies
        self.script_of = script_of
        self.genders_differ = genders_differ
        self.order_changed = order_changed
        self.gaps = gaps
        self.readings_differ = readings_differ
        self.readings_agree = readings_agree
        self.names = names
        self.forms_note = forms_note

    def __reduce__(self):
        return (Features, self.args)

    def __call__(self, list a, list b, value, explanation, str text_a, str text_b):
        cdef tuple matches = explanation.matches
        cdef list named = [m for m in matches if m.note != "initial"]
        cdef list sims = [m.similarity for m in named]
        cdef dict kinds = {}
        cdef set places = set()
        cdef object designator_words = self.designators()[0]
        cdef tuple unmatched = explanation.unmatched_a + explanation.unmatched_b
        cdef Py_ssize_t unmatched_names = 0, initials = 0, classes = 0
        cdef dict values
        cdef str forms_note = self.forms_note
        for p in a:
            kinds[p.text] = p.kind
            if p.key in designator_words:
                places.add(p.text)
        for p in b:
            kinds[p.text] = p.kind
            if p.key in designator_words:
                places.add(p.text)
        for t in unmatched:
            if kinds.get(t, "name") == "name" and t not in places:
                unmatched_names += 1
        table = self.frequencies()
        rare_equal = attested = common = given = 0.0
        for m in named:
            if (<str> m.note).startswith(forms_note):
                continue
            if m.key_a == m.key_b:
                rare_equal += table.rarity(m.key_a)
            elif table.attested(m.key_a) and table.attested(m.key_b):
                if len(named) >= 2 and "given" in table.kinds(m.key_a) & table.kinds(m.key_b):
                    given += 1
                    continue
                attested += 1
                common += 1.0 - max(table.rarity(m.key_a), table.rarity(m.key_b))
        script_a, script_b = self.script_of(text_a), self.script_of(text_b)
        gender = False
        for m in matches:
            classes += len(m.rules)
            if m.note == "initial" and m.similarity > 0:
                initials += 1
            if not gender and (<str> m.note).startswith("related:"):
                gender = True
        genders_differ = False
        for m in named:
            if self.genders_differ(m):
                genders_differ = True
                break
        conflict = False
        for n in explanation.notes:
            if (<str> n).startswith("conflict"):
                conflict = True
                break
        weakest_value = min(sims) if sims else 0.0
        mean = _py_sum(sims) / len(sims) if sims else 0.0
        single = float(len(a) == 1 and len(b) == 1)
        cross_script = float(script_a != script_b)
        order = float(self.order_changed(a, b, matches))
        weakest_multi = weakest_value if len(sims) >= 2 else 1.0
        values = {
            "base": value,
            "weakest": weakest_value,
            "mean": mean,
            "classes": min(4, classes),
            "initials": min(3, initials),
            "unmatched_other": min(3, len(unmatched) - unmatched_names),
            "gender": float(gender),
            "genders_differ": float(genders_differ),
            "conflict": float(conflict),
            "order": order,
            "rare_equal": rare_equal,
            "attested_differ": min(3.0, attested),
            "common_differ": common,
            "given_differ": min(3.0, given),
            "cross_script": cross_script,
            "han": float("Hani" in (script_a, script_b)),
            "single": single,
            "base4": value ** 4,
            "mean4": mean ** 4,
            "weakest4": weakest_value ** 4,
            "exact": float(value >= 0.999),
            "single_base": single * value,
            "weakest_rare": weakest_value * rare_equal,
            "cross_script_base": cross_script * value,
            "order_base": order * value,
            "unmatched_fuzzy": (1.0 - weakest_value) * min(3, unmatched_names),
            "weakest_multi": weakest_multi,
            "weakest_multi4": weakest_multi ** 4,
            "gap_multi": 0.0,
            "inner_gap_multi": 0.0,
            "first_differ": 0.0,
            "short_single": 0.0,
        }
        weakest = None
        for m in named:  # the first of the least similarity, as min(key=) picks
            if weakest is None or m.similarity < weakest.similarity:
                weakest = m
        if len(sims) >= 2:
            if (<str> weakest.note).startswith(forms_note):
                gap, inner = 0, 0
            else:
                gap, inner = self.gaps(weakest.key_a, weakest.key_b)
            values["gap_multi"], values["inner_gap_multi"] = min(4, gap), min(4, inner)
        values["readings_differ"] = float(self.readings_differ(text_a, text_b, script_a, script_b))
        values["readings_agree"] = float(self.readings_agree(text_a, text_b, script_a, script_b))
        if named:
            values["first_differ"] = float(weakest.key_a[:1] != weakest.key_b[:1])
            if single and not unmatched:
                shortest = min(len(weakest.key_a), len(weakest.key_b))
                values["short_single"] = max(0, 7 - shortest) * (1.0 - weakest.similarity)
        return tuple([float(values[name]) for name in self.names])


# --- similarity: the match model's probability (model._python_contributions) -------------------

from libc.math cimport exp


cdef class Contributions:
    """``model._python_contributions(values)`` in one call: each feature's contribution in
    log-odds (``weight * value``, the intercept first) as ``(name, part)`` pairs, their sum by
    Python's own ``sum`` (so the same float on every Python version) and the probability, the
    logit clamped to ±40 as ``max(-40.0, min(40.0, logit))`` clamps it and passed to the C
    library's ``exp`` as ``math.exp`` does. ``read_model`` is ``model.read_model`` (asked at
    every call, as the Python code asks it), ``names`` the model's ``FEATURES``; values of
    another length go to ``fallback`` (the Python function, which raises)."""

    cdef object read_model, fallback
    cdef tuple names
    cdef tuple args

    def __init__(self, read_model, tuple names, fallback):
        self.args = (read_model, names, fallback)
        self.read_model = read_model
        self.names = names
        self.fallback = fallback

    def __reduce__(self):
        return (Contributions, self.args)

    def __call__(self, tuple values):
        cdef Py_ssize_t n = len(self.names), k
        cdef tuple weights
        cdef list sums, parts
        cdef double logit
        intercept, weights = self.read_model()
        if len(values) != n or len(weights) != n:
            return self.fallback(values)
        parts = [("intercept", intercept)]
        sums = [intercept]
        for k in range(n):
            part = <double> weights[k] * <double> values[k]
            sums.append(part)
            parts.append((self.names[k], part))
        logit = _py_sum(sums)
        # min(40.0, logit), then max(-40.0, that): the later argument wins only when it is
        # strictly smaller (larger), as Python's min and max decide
        if not logit < 40.0:
            logit = 40.0
        if not logit > -40.0:
            logit = -40.0
        return 1.0 / (1.0 + exp(-logit)), tuple(parts)

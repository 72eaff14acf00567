# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""kznames's compiled core: the hot loops of the pure-Python engine in C, same results.

Built by the package's own build (``setup.py``, Cython); when it is missing, or with
``KZNAMES_PURE=1``, kznames runs the Python code each function here mirrors
(:func:`kznames.engine` says which). ``tests/test_core.py`` holds the two equal.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.math cimport fabs


cdef extern from "Python.h":
    int PyUnicode_4BYTE_KIND
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


cdef Py_ssize_t _find(Py_UCS4 *letters, Py_ssize_t n, Py_UCS4 letter) noexcept:
    """The place of ``letter`` in the sorted ``letters``, or -1."""
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if letters[mid] < letter:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < n and letters[lo] == letter else -1


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


cdef inline bint _at(str word, Py_ssize_t length, Py_ssize_t pos, str piece):
    """True when ``piece`` occurs in ``word`` at ``pos`` (``word.startswith(piece, pos)``)."""
    cdef Py_ssize_t n = len(piece), k
    if pos < 0 or pos + n > length:
        return False
    for k in range(n):
        if <Py_UCS4> word[pos + k] != <Py_UCS4> piece[k]:
            return False
    return True


cdef bint _occurs(str word, Py_ssize_t start, Py_ssize_t stop, str piece):
    """True when ``piece`` lies wholly inside ``word[start:stop]``."""
    cdef Py_ssize_t pos
    for pos in range(start, stop - len(piece) + 1):
        if _at(word, stop, pos, piece):
            return True
    return False


cdef class Rules:
    """A direction's rules (in priority order) run as the engine's plain definition of a match:
    at each position of a word the rules whose source begins with the letter there are tried in
    order (the letters are a sorted table searched by halves), the first whose source is there
    and whose conditions hold wins, and the scan resumes after it. Conditions are read off the
    word directly: ``initial``, ``final``, ``after``/``before`` a member, a member ``inword``.

    ``rules`` are ``(source, target, conditions)`` with each condition ``(kind, negated,
    members)``; a rule list this cannot run (an empty source, a property class, a condition
    without members) raises ``ValueError`` and keeps the Python matcher.
    """

    cdef Py_UCS4 *firsts
    cdef Py_ssize_t *group_start
    cdef Py_ssize_t nfirst
    cdef list order  # rule numbers (0-based), grouped by first letter, in priority order
    cdef list sources
    cdef list targets
    cdef list conditions  # per rule: tuple of (kind, negated, members)
    cdef list spec  # the rules as given, to pickle

    def __cinit__(self, rules):
        self.firsts = NULL
        self.group_start = NULL

    def __init__(self, rules):
        cdef Py_ssize_t i, g
        self.sources = []
        self.targets = []
        self.conditions = []
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
                    not members or not all(isinstance(m, str) and m for m in members)
                ):
                    raise ValueError(f"rule {number + 1}: {kind} needs letters")
                compiled.append((code, bool(negated), members))
            self.sources.append(source)
            self.targets.append(target)
            self.conditions.append(tuple(compiled))
            groups.setdefault(source[0], []).append(number)
        letters = sorted(groups)
        self.nfirst = len(letters)
        self.firsts = <Py_UCS4 *> PyMem_Malloc(max(self.nfirst, 1) * sizeof(Py_UCS4))
        self.group_start = <Py_ssize_t *> PyMem_Malloc((self.nfirst + 1) * sizeof(Py_ssize_t))
        if self.firsts == NULL or self.group_start == NULL:
            raise MemoryError()
        self.order = []
        for g in range(self.nfirst):
            self.firsts[g] = <Py_UCS4> ord(letters[g])
            self.group_start[g] = len(self.order)
            self.order.extend(groups[letters[g]])
        self.group_start[self.nfirst] = len(self.order)
        self.spec = list(rules)

    def __reduce__(self):
        return (Rules, (self.spec,))

    def __dealloc__(self):
        PyMem_Free(self.firsts)
        PyMem_Free(self.group_start)

    cdef Py_ssize_t _group(self, Py_UCS4 letter) noexcept:
        """The group of rules whose source begins with ``letter``, or -1."""
        cdef Py_ssize_t lo = 0, hi = self.nfirst, mid
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.firsts[mid] < letter:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.nfirst and self.firsts[lo] == letter:
            return lo
        return -1

    cdef bint _holds(self, tuple conditions, str word, Py_ssize_t length,
                     Py_ssize_t start, Py_ssize_t end):
        cdef tuple condition
        cdef int kind
        cdef bint found
        cdef str member
        for condition in conditions:
            kind = condition[0]
            if kind == INITIAL:
                found = start == 0
            elif kind == FINAL:
                found = end == length
            else:
                found = False
                for member in condition[2]:
                    if kind == AFTER:
                        found = _at(word, length, start - len(member), member)
                    elif kind == BEFORE:
                        found = _at(word, length, end, member)
                    else:
                        found = _occurs(word, 0, start, member) or _occurs(
                            word, start, length, member
                        )
                    if found:
                        break
            if found == <bint> condition[1]:
                return False
        return True

    cdef Py_ssize_t _match(self, str word, Py_ssize_t length, Py_ssize_t pos,
                           Py_ssize_t *end) except -2:
        """The number of the rule matching at ``pos`` (its end in ``end``), or -1."""
        cdef Py_ssize_t g = self._group(word[pos]), k, number
        cdef str source
        if g < 0:
            return -1
        for k in range(self.group_start[g], self.group_start[g + 1]):
            number = self.order[k]
            source = self.sources[number]
            if _at(word, length, pos, source) and self._holds(
                self.conditions[number], word, length, pos, pos + len(source)
            ):
                end[0] = pos + len(source)
                return number
        return -1

    def finditer(self, str word):
        """``[(start, end, rule number)]`` of the matches, left to right, numbers 1-based."""
        cdef Py_ssize_t length = len(word), pos = 0, end = 0, number
        cdef list out = []
        while pos < length:
            number = self._match(word, length, pos, &end)
            if number < 0:
                pos += 1
            else:
                out.append((pos, end, number + 1))
                pos = end
        return out

    def sub(self, str word):
        """``word`` with every match replaced by its rule's target."""
        cdef Py_ssize_t length = len(word), pos = 0, done = 0, end = 0, number
        cdef list pieces = []
        while pos < length:
            number = self._match(word, length, pos, &end)
            if number < 0:
                pos += 1
                continue
            if pos > done:
                pieces.append(word[done:pos])
            pieces.append(self.targets[number])
            pos = done = end
        if done == 0 and not pieces:
            return word
        if done < length:
            pieces.append(word[done:])
        return "".join(pieces)


# Case conventions of a scheme's alphabet (schemes/engine.py lower and upper, in C).
_TURKIC_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_DEFAULT_LOWER = str.maketrans({"İ": "i"})
_TURKIC_UPPER = str.maketrans({"i": "İ", "ı": "I"})


cdef str _lower(str text, bint turkic):
    """``kznames.schemes.engine.lower``: lower case without changing the length."""
    cdef str lowered
    if turkic and ("I" in text or "İ" in text):
        text = text.translate(_TURKIC_LOWER)
    lowered = text.lower()
    if len(lowered) != len(text):
        text = text.translate(_DEFAULT_LOWER)
        lowered = "".join([c if len(c.lower()) != 1 else c.lower() for c in text])
    return lowered


cdef str _upper(str text, bint turkic):
    """``kznames.schemes.engine.upper``."""
    if turkic:
        text = text.translate(_TURKIC_UPPER)
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
    cdef Py_UCS4 *simple_keys  # the simple letters, sorted, and their targets
    cdef Py_ssize_t nsimple
    cdef list simple_targets

    def __cinit__(self, *args):
        self.letters = NULL
        self.simple_keys = NULL

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

    def __dealloc__(self):
        PyMem_Free(self.letters)
        PyMem_Free(self.simple_keys)

    def __reduce__(self):
        return (Letters, self.args)

    cdef bint _covers(self, str lowered):
        """``alphabet.issuperset(lowered)`` without a string a letter."""
        cdef Py_UCS4 c
        for c in lowered:
            if _find(self.letters, self.nletters, c) < 0:
                return False
        return True

    cdef str _rewrite_lowered(self, str lowered):
        """The contextual rules, then the simple letters: ``Rules.sub`` and ``str.translate``
        in one pass. The same text: no rule's target holds a simple letter (the engine keeps
        no simple letters otherwise), so the translation only ever meets letters no rule
        took."""
        cdef Py_ssize_t length = len(lowered), pos = 0, end = 0, number, size = 0, k
        cdef Py_ssize_t capacity = 2 * length + 16
        cdef Py_UCS4 *out
        cdef Py_UCS4 *grown
        cdef Py_UCS4 c
        cdef str piece
        cdef Rules rules = self.rules
        out = <Py_UCS4 *> PyMem_Malloc(capacity * sizeof(Py_UCS4))
        if out == NULL:
            raise MemoryError()
        try:
            while pos < length:
                number = -1
                if rules is not None:
                    number = rules._match(lowered, length, pos, &end)
                if number >= 0:
                    piece = rules.targets[number]
                    pos = end
                else:
                    c = lowered[pos]
                    k = _find(self.simple_keys, self.nsimple, c)
                    pos += 1
                    if k < 0:
                        if size + 1 > capacity:
                            capacity = 2 * capacity
                            grown = <Py_UCS4 *> PyMem_Realloc(out, capacity * sizeof(Py_UCS4))
                            if grown == NULL:
                                raise MemoryError()
                            out = grown
                        out[size] = c
                        size += 1
                        continue
                    piece = self.simple_targets[k]
                if size + len(piece) > capacity:
                    capacity = 2 * capacity + len(piece)
                    grown = <Py_UCS4 *> PyMem_Realloc(out, capacity * sizeof(Py_UCS4))
                    if grown == NULL:
                        raise MemoryError()
                    out = grown
                for c in piece:
                    out[size] = c
                    size += 1
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size)
        finally:
            PyMem_Free(out)

    def rewrite(self, str word):
        """``(text, untouched)`` as ``Rewriter._rewrite_letters`` gives, or None."""
        cdef str lowered = _lower(word, self.source_turkic)
        cdef str residue, out
        cdef bint untouched, upper = False, title = False
        cdef Py_ssize_t capitals = 0
        cdef Py_UCS4 c
        if self._covers(lowered):
            untouched = False
        else:
            residue = lowered.translate(self.drop)
            untouched = False
            for c in residue:
                if c.isalpha():
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

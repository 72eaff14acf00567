"""``transliterate(text, target, source)``: route text through the scheme tables.

Concepts owned here:

* **tag graph** — every scheme is an edge from its ``source`` tag to its own tag, and, when it can
  be read back, the reverse edge. ``transliterate`` follows the shortest path, so
  ``kk-Latn-2018 -> kk-Latn-bgn`` goes through ``kk-Cyrl`` without a table of its own.
* **auto source** — with ``source="auto"`` each word is classified by :mod:`kznames.scripts`.
  A word already in the target's script passes through (say ``source=`` to convert between
  Latin schemes).
  A Cyrillic word is read as the target's language when that language's alphabet covers its
  letters (a Russian-spelled name in a Kazakh scheme is still Kazakh text), otherwise as its own
  language (a Kazakh word asked for in ``ru-Latn-bgn`` goes to ``kk-Latn-bgn``, the scheme of the
  same family, when there is one, else to its language's default scheme in the target's script
  (``kk-Latn``, ``ug-Latn``). A Cyrillic or Arabic word whose letters fit Kazakh and Uyghur
  alike is read in the language the text's telling words agree on (ئىلھام, Шинҗаң: Uyghur), so a
  Uyghur text under a Kazakh target comes out in one scheme. A Latin word is read with a scheme
  of the target's language that can read all its characters: the one its *cues* point to
  (``zh``/``kh`` press or BGN, ``ş ğ ñ ı`` the 2021 alphabet, acute accents 2018, apostrophes
  2017, carons ISO 9: ``schemes/data/latin-cues.tsv``), then the one the whole text's cues
  point to, then the first in the schemes' ``auto_read`` order (docs/detection.md). ``routes``
  names the scheme used.
* **untouched** — words that the route could not convert, wholly or in part (another script,
  letters outside the scheme); they pass through unchanged and are listed in the result.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from ._args import require_str
from ._memo import Memo
from .clean import normalize
from .errors import UnknownSchemeError
from .schemes import Scheme, get_normalizer, get_scheme, scheme_tags
from .schemes.cues import cue_scores
from .schemes.engine import Rewriter, upper
from .scripts import definite_language, detect_language, detect_script

__all__ = ["Transliteration", "known_tags", "transliterate"]

_WORD = regex.compile(r"[\p{L}\p{M}'`ʹʺ·]+")
_HAN = regex.compile(r"\p{Script=Han}")


class Transliteration(NamedTuple):
    """The result of :func:`transliterate`. ``str(result)`` is the converted text.

    ``untouched`` lists the words left as they were, wholly or in part; ``routes`` the scheme
    steps used, as ``source>target`` strings, in the order first used. Results are immutable
    (a named tuple): they are memoised and shared between calls.
    """

    text: str
    source: str
    target: str
    untouched: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "source": self.source,
            "target": self.target,
            "untouched": list(self.untouched),
            "routes": list(self.routes),
        }


@dataclass(frozen=True, slots=True)
class _Step:
    scheme: Scheme
    forward: bool

    @property
    def rewriter(self) -> Rewriter:
        if self.forward:
            return self.scheme.forward
        reverse = self.scheme.reverse
        assert reverse is not None  # only schemes that read back get reverse edges
        return reverse

    def __str__(self) -> str:
        s = self.scheme
        return f"{s.source}>{s.tag}" if self.forward else f"{s.tag}>{s.source}"


@lru_cache(maxsize=1)
def _graph() -> dict[str, list[tuple[str, _Step]]]:
    edges: dict[str, list[tuple[str, _Step]]] = {}
    for scheme_id in scheme_tags():
        scheme = get_scheme(scheme_id)
        edges.setdefault(scheme.source, []).append((scheme.tag, _Step(scheme, True)))
        if scheme.reads_back:
            edges.setdefault(scheme.tag, []).append((scheme.source, _Step(scheme, False)))
    return edges


@lru_cache(maxsize=1)
def _written_tags() -> frozenset[str]:
    """Every tag some scheme writes."""
    return frozenset(get_scheme(scheme_id).tag for scheme_id in scheme_tags())


@lru_cache(maxsize=1)
def _auto_readers() -> tuple[str, ...]:
    """Schemes that read Latin back under source="auto", in their auto_read order."""
    specs = [get_scheme(tag).spec for tag in scheme_tags()]
    ranked = sorted((s.auto_read, s.tag) for s in specs if s.auto_read is not None)
    return tuple(tag for _, tag in ranked)


@lru_cache(maxsize=1)
def _known_tag_set() -> frozenset[str]:
    graph = _graph()
    return frozenset(graph) | {t for edges in graph.values() for t, _ in edges}


def known_tags() -> list[str]:
    """Every tag that can be a source or a target: scheme tags and the scripts they read."""
    return sorted(_known_tag_set())


def _check_tag(tag: str) -> None:
    if tag not in _known_tag_set():
        import difflib

        close = difflib.get_close_matches(tag, known_tags(), n=3, cutoff=0.5)
        raise UnknownSchemeError(tag, close)


@lru_cache(maxsize=1024)
def _route(source: str, target: str) -> tuple[_Step, ...] | None:
    """Shortest chain of scheme steps from ``source`` to ``target`` (``()`` when equal)."""
    if source == target:
        return ()
    graph = _graph()
    previous: dict[str, tuple[str, _Step]] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        node = queue.popleft()
        for nxt, step in graph.get(node, ()):
            if nxt in seen:
                continue
            seen.add(nxt)
            previous[nxt] = (node, step)
            if nxt == target:
                path: list[_Step] = []
                cur = target
                while cur != source:
                    cur, st = previous[cur]
                    path.append(st)
                return tuple(reversed(path))
            queue.append(nxt)
    return None


def _language(tag: str) -> str:
    return tag.split("-", 1)[0]


def _family(tag: str) -> str:
    """The part of a tag after the language: ``Latn-bgn`` for ``kk-Latn-bgn``."""
    return tag.split("-", 1)[1] if "-" in tag else ""


def _reads(tag: str, word: str) -> bool:
    """True when the scheme ``tag`` can read every character of ``word`` back."""
    reverse = get_scheme(tag).reverse
    return reverse is not None and reverse.covers(word)


def _script(tag: str) -> str:
    parts = tag.split("-")
    return parts[1] if len(parts) > 1 else ""


@lru_cache(maxsize=65536)
def _auto_source(word: str, target: str, hint: str | None = None) -> str | None:
    """The tag to read ``word`` as, when the caller said ``source="auto"``.

    ``hint`` is the language the text's other words of this script prove (see
    :func:`_language_hints`): a word whose letters fit either language is read in it.
    """
    script = detect_script(word)
    lang = _language(target)
    if script == _script(target):
        return None  # already in the target's script: which romanization it is, auto can't know
    if script in ("Cyrl", "Arab"):
        own = detect_language(word, default=hint or ("ru" if script == "Cyrl" else None))
        if own is None:
            return None  # Arabic or Persian text: no Uyghur or Kazakh letter in it
        order: tuple[str, ...] = (f"{lang}-{script}", f"{own}-{script}")
        if hint is not None and definite_language(word) is None:
            own = hint
            order = (f"{hint}-{script}",)
        for candidate in dict.fromkeys(order):
            route = _route(candidate, target)
            if route and _covers_route(route, word):
                return candidate
        own_tag = f"{own}-{script}"
        for sibling in (f"{own}-{_family(target)}", f"{own}-{_script(target)}"):
            if sibling != target and sibling in _written_tags() and _route(own_tag, sibling):
                return own_tag
        fallback = f"{lang}-{script}"
        return fallback if _route(fallback, target) is not None else None
    if script == "Hani":
        return "zh-Hani" if _route("zh-Hani", target) is not None else None
    if script == "Latn":
        return _latin_source(word, target, ())
    return None


@lru_cache(maxsize=65536)
def _latin_source(word: str, target: str, text_cues: tuple[tuple[str, float], ...]) -> str | None:
    """The scheme to read a Latin ``word`` with: the target's language first, then any; among
    the schemes that can read every letter of it, the one its cues weigh most for
    (``schemes/data/latin-cues.tsv``), then the one the whole text's cues weigh most for, then
    the first in ``auto_read`` order."""
    readers = _auto_readers()
    own = cue_scores(word)
    text = dict(text_cues)
    lang = _language(target)
    for group in ([t for t in readers if _language(t) == lang], list(readers)):
        candidates = [
            tag
            for tag in group
            if tag == target or (_reads(tag, word) and _route(tag, target) is not None)
        ]
        if candidates:
            order = {tag: i for i, tag in enumerate(candidates)}
            return max(candidates, key=lambda t: (own.get(t, 0.0), text.get(t, 0.0), -order[t]))
    return None


def _language_hints(text: str) -> dict[str, str]:
    """Per script, the one language (kk or ug) that the text's telling words agree on.

    Uyghur and Kazakh share most letters; a word such as رەھىلە or Илһам fits both. When the
    text's words that do tell (ئىلھام, Шинҗаң) all say Uyghur, the others are read as Uyghur too,
    so one text comes out in one scheme, not word by word in two.
    """
    found: dict[str, set[str]] = {}
    for is_word, piece in _words(text):
        if is_word and not piece.isascii():
            language = definite_language(piece)
            if language is not None:
                found.setdefault(detect_script(piece), set()).add(language)
    return {script: langs.pop() for script, langs in found.items() if len(langs) == 1}


def _covers_route(route: tuple[_Step, ...], word: str) -> bool:
    return not route[0].rewriter.rewrite_word(word)[1]


def _resolve_target(word_source: str, target: str) -> str:
    """A Kazakh word asked for in ``ru-Latn-bgn`` is written with ``kk-Latn-bgn``, a Uyghur word
    asked for in ``kk-Latn-bgn`` with ``ug-Latn``: the word's own scheme of the same family, else
    its own language's default scheme in the target's script."""
    if _route(word_source, target) is not None:
        return target
    language = _language(word_source)
    for sibling in (f"{language}-{_family(target)}", f"{language}-{_script(target)}"):
        if sibling in _written_tags() and _route(word_source, sibling) is not None:
            return sibling
    return target


def _apply(route: tuple[_Step, ...], text: str, untouched: list[str]) -> str:
    original = text
    for i, step in enumerate(route):
        text, missed = step.rewriter.rewrite(text)
        if i == 0:
            untouched.extend(missed)
    if route and text.islower() and not original.islower() and original[:1].isupper():
        # The route went through a script without case (Uyghur Cyrillic through Arabic script):
        # give the word back the case it came with.
        casing = route[-1].rewriter.target_casing
        text = upper(text, casing) if original.isupper() and len(original) > 1 else text
        text = upper(text[:1], casing) + text[1:]
    return text


def _words(text: str) -> Iterator[tuple[bool, str]]:
    pos = 0
    for match in _WORD.finditer(text):
        if match.start() > pos:
            yield False, text[pos : match.start()]
        yield True, match.group()
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


_memo: Memo[tuple[str, str, str], Transliteration] = Memo()


@lru_cache(maxsize=4096)
def _plan(source: str, target: str) -> tuple[tuple[Rewriter, ...], tuple[str, ...]]:
    """Checked tags and the rewriters and labels of the route from ``source`` to ``target``."""
    _check_tag(target)
    _check_tag(source)
    route = _route(source, target)
    if route is None:
        raise UnknownSchemeError(
            f"{source} -> {target}", [f"no chain of schemes leads from {source} to {target}"]
        )
    return tuple(s.rewriter for s in route), tuple(str(s) for s in route)


def transliterate(text: str, target: str, source: str = "auto") -> Transliteration:
    """Write ``text`` in the scheme ``target``, reading it as ``source`` (or detecting it).

    Words of another script pass through unchanged and are listed in ``.untouched``.

    >>> transliterate("Серікжан Білаш", "kk-Latn-bgn").text
    'Serikzhan Bilash'
    >>> str(transliterate("Серікжан Білаш", "kk-Latn"))
    'Serıkjan Bılaş'
    >>> transliterate("Qazaqstan", "kk-Cyrl", source="kk-Latn").text
    'Қазақстан'
    >>> transliterate("Тоқаев met Putin", "kk-Latn-press").untouched
    ('met', 'Putin')

    Raises :class:`kznames.UnknownSchemeError` (naming close tags) for an unknown tag.
    """
    key = (require_str("text", text), require_str("target", target), require_str("source", source))
    hit = _memo.get(key)
    if hit is not None:
        return hit
    result = _transliterate(normalize(text), target, source)
    return _memo.put(key, result)  # a long text is not kept: names repeat, long texts rarely do


def _transliterate(text: str, target: str, source: str) -> Transliteration:
    untouched: list[str] = []
    if source != "auto":
        rewriters, labels = _plan(source, target)
        if len(rewriters) == 1:
            out, missed = rewriters[0].rewrite(text)
            return Transliteration(out, source, target, tuple(missed), labels)
        for i, rewriter in enumerate(rewriters):
            text, missed = rewriter.rewrite(text)
            if i == 0:
                untouched.extend(missed)
        return Transliteration(text, source, target, tuple(untouched), labels)

    _check_tag(target)
    used: dict[str, None] = {}
    if _HAN.search(text):
        # The dots between the parts of a transcribed name (伊力哈木·土赫提) separate words.
        han_normalizer = get_normalizer("zh-Hani")
        if han_normalizer is not None:
            text = han_normalizer.rewrite(text)[0]

    text_cues = tuple(sorted(cue_scores(text).items()))
    hints = _language_hints(text) if not text.isascii() else {}
    pieces: list[str] = []
    for is_word, piece in _words(text):
        word_source = None
        if is_word:
            hint = hints.get(detect_script(piece)) if hints else None
            word_source = _auto_source(piece, target, hint)
        if word_source is not None and text_cues and detect_script(piece) == "Latn":
            # Ties between schemes go to the cues of the whole text (Serikzhan Bilash: press).
            word_source = _latin_source(piece, target, text_cues)
        if word_source is None:
            pieces.append(piece)
            if is_word and any(c.isalpha() for c in piece):
                untouched.append(piece)
            continue
        resolved = _resolve_target(word_source, target)
        route = _route(word_source, resolved) or ()
        used.update((str(s), None) for s in route)
        pieces.append(_apply(route, piece, untouched))
    return Transliteration("".join(pieces), "auto", target, tuple(untouched), tuple(used))

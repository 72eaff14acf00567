"""``transliterate(text, target, source)``: route text through the scheme tables.

Concepts owned here:

* **tag graph** — every scheme is an edge from its ``source`` tag to its own tag, and, when it can
  be read back, the reverse edge. ``transliterate`` follows the shortest path, so
  ``kk-Latn-2018 -> kk-Latn-bgn`` goes through ``kk-Cyrl`` without a table of its own.
* **auto source** — with ``source="auto"`` each word is classified by :mod:`kznames.scripts`.
  A word already in the target's script passes through (say ``source=`` to convert between
  Latin schemes), unless it has letters the target's alphabet lacks and a route from its own
  language writes it: Kazakh Cyrillic under ru-Cyrl (``Достық`` → ``Достык``).
  A Cyrillic word is read as the target's language when that language's alphabet covers its
  letters (a Russian-spelled name in a Kazakh scheme is still Kazakh text), otherwise as its own
  language, through a sibling scheme when the target cannot write it (below). A Cyrillic or
  Arabic word whose letters fit Kazakh and Uyghur alike is read in the language the text's
  telling words agree on (ئىلھام, Шинҗаң: Uyghur), so a Uyghur text under a Kazakh target comes
  out in one scheme. A Latin word is read with a scheme of the target's language that can read
  all its characters: the one its *cues* point to (``zh``/``kh`` press or BGN, ``ş ğ ñ ı`` the
  2021 alphabet, acute accents 2018, apostrophes 2017, carons ISO 9:
  ``schemes/data/latin-cues.tsv``), then the one the whole text's cues point to, then the first
  in the schemes' ``auto_read`` order (docs/detection.md). ``routes`` names the scheme used.
  A Latin word no romanization of the target's language explains is kept, not read letter by
  letter: a scheme does not take a word with a strong cue of a sibling scheme (``gh`` is BGN's
  ғ), pinyin goes only to a scheme that reads pinyin, and Uyghur Latin is read as Uyghur only
  with evidence beyond one letter and the text's agreement (:func:`_latin_languages`).
  Under ru-Cyrl a Latin word that shows it is Kazakh romanization (:func:`_kazakh_latin`) is
  read as a kk-Cyrl target reads it and goes on by ``kk-Cyrl__ru-Cyrl.scheme``, a ``last_step``
  scheme no route passes through to another tag: ``Kassym-Jomart Tokayev`` → ``Касым-Жомарт
  Токаев``; other Latin words are read by GOST 7.79, or kept.
* **siblings** — a word the target's own scheme cannot write (a Kazakh word asked for in a
  Russian scheme) is written by the scheme that ``data/siblings.tsv`` names for the target and
  the word's language: ``ru-Latn-icao`` → ``kk-Latn-icao`` (Kazakh passports), ``ru-Latn-bgn`` →
  ``kk-Latn-bgn``. ``routes`` says which scheme wrote what.
* **a target is a promise** — every tag declares its alphabet (:mod:`kznames.schemes.alphabet`).
  A converted word is written only when all its letters are in the alphabet of the tag that
  wrote it (the target, or a sibling); otherwise the next sibling is tried, and failing all, the
  word is kept as it was in the source and listed in ``untouched``. ``strict=True`` turns any
  untouched word into :class:`~kznames.errors.UntouchedError`.
* **untouched** — words kept as they were (another script, letters no scheme of the route
  writes), and words converted only in part whose left-over letters are already letters of the
  target (``Putin`` in a Cyrillic-to-Latin route).
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final, NamedTuple

import regex

from . import wadegiles
from ._args import require_str
from ._engine import CORE
from ._memo import Memo, short_inputs_cache
from ._words import LETTERS
from .clean import normalize
from .errors import NoRouteError, UnknownSchemeError, UntouchedError
from .schemes import Scheme, get_alphabet, get_normalizer, get_scheme, scheme_tags, siblings_for
from .schemes.cues import Cue, cue_scores, cues_in
from .schemes.engine import Rewriter, upper
from .scripts import (
    cyrillic_letters,
    definite_language,
    detect_language,
    detect_script,
    join_spaced_han,
)
from .wadegiles import spells_pinyin

if TYPE_CHECKING:
    from . import _core

__all__ = ["Transliteration", "known_tags", "transliterate"]

# U+2060 is the surname break of _split_surnames (clean.normalize removes it from any input).
_WORD = regex.compile(rf"[{LETTERS}'`ʹʺ·\u2060]+")
_SURNAME_BREAK = "\u2060"
_HAN = regex.compile(r"\p{Script=Han}")
_HAN_RUN = regex.compile(r"(?<!\p{Script=Han})\p{Script=Han}{2,4}(?!\p{Script=Han})")


class Transliteration(NamedTuple):
    """The result of :func:`transliterate`. ``str(result)`` is the converted text.

    ``untouched`` lists the words left as they were, wholly or in part, with letters outside
    the target's alphabet (a word already written in it, Smith under ``kk-Latn-bgn``, is kept
    and not listed); ``routes`` the scheme steps used, as ``source>target`` strings, in the
    order first used. Results are immutable (a named tuple): they are memoised and shared
    between calls.

    >>> result = transliterate("Тоқаев and Smith سلام", "kk-Latn-bgn")  # no scheme for Persian
    >>> str(result), result.untouched, result.routes
    ('Toqaev and Smith سلام', ('سلام',), ('kk-Cyrl>kk-Latn-bgn',))
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
        reverse = self.scheme.reader(_KNOWN_SPELLINGS.get())
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


@lru_cache(maxsize=1)
def _folded_tags() -> dict[str, str]:
    return {tag.casefold(): tag for tag in _known_tag_set()}


def _canonical_tag(tag: str) -> str:
    """``tag`` as kznames spells it (tags are case-insensitive: ``kk-latn`` is ``kk-Latn``)."""
    if tag in _known_tag_set():
        return tag
    known = _folded_tags().get(tag.casefold())
    if known is not None:
        return known
    import difflib

    close = difflib.get_close_matches(tag, known_tags(), n=3, cutoff=0.5)
    raise UnknownSchemeError(tag, close)


def _reachable(source: str) -> list[str]:
    """Every tag some chain of schemes leads to from ``source``."""
    graph = _graph()
    seen = {source}
    queue = deque([source])
    ends: set[str] = set()
    while queue:
        for nxt, step in graph.get(queue.popleft(), ()):
            if step.scheme.spec.last_step:
                ends.add(nxt)  # reached, but no step leads on from there through it
            elif nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return sorted((seen | ends) - {source})


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
            if nxt in seen or (step.scheme.spec.last_step and nxt != target):
                continue  # a last_step scheme ends a route, never leads on (kk-Cyrl__ru-Cyrl)
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


@short_inputs_cache()
def _reads(tag: str, word: str) -> bool:
    """True when the scheme ``tag`` can read every character of ``word`` back."""
    reverse = get_scheme(tag).reverse
    return reverse is not None and reverse.covers(word)


def _script(tag: str) -> str:
    parts = tag.split("-")
    return parts[1] if len(parts) > 1 else ""


_Plan = tuple[str, str]  # (the tag a word is read as, the tag it is written in)


@lru_cache(maxsize=64)
def _sources_of(tag: str) -> tuple[str, ...]:
    """The tags the schemes that write ``tag`` read (zh-Cyrl-palladius: zh-Latn-pinyin)."""
    return tuple(get_scheme(i).source for i in scheme_tags() if get_scheme(i).tag == tag)


def _sibling_plans(word: str, script: str, language: str, target: str) -> list[_Plan]:
    """Plans through the schemes ``data/siblings.tsv`` names for ``target`` and ``language``:
    read as the word's own tag or as the sibling's source, when that reads all its letters."""
    plans: list[_Plan] = []
    for sibling in siblings_for(target, language):
        for reader in dict.fromkeys((f"{language}-{script}", *_sources_of(sibling))):
            if _script(reader) != script:
                continue
            route = _route(reader, sibling)
            if route and _covers_route(route, word):
                plans.append((reader, sibling))
                break
    return plans


@short_inputs_cache()
def _auto_plans(
    word: str,
    target: str,
    hint: str | None = None,
    text_cues: tuple[tuple[str, float], ...] = (),
    known: bool = True,
    latin: str | None = None,
    kazakh: str | None = None,
) -> tuple[_Plan, ...]:
    """The ways to write ``word`` for ``target`` under ``source="auto"``, best first.

    ``hint`` is the language the text's other words of this script prove (see
    :func:`_language_hints`): a word whose letters fit either language is read in it.
    ``text_cues`` are the Latin cues of the whole text, which break ties between schemes;
    ``known``: whether a scheme that writes a known spelling so breaks the next tie.
    ``latin`` is what :func:`_latin_languages` found a Latin word to be: ``"ug"`` (Uyghur
    Latin), ``"zh"`` (pinyin), ``None`` (a romanization of the target's language).
    ``kazakh``: under a target that a ``last_step`` scheme writes from Kazakh (ru-Cyrl), a Latin
    word that shows it is Kazakh (:func:`_kazakh_latin`) is read as a Kazakh Cyrillic target
    reads it and goes on to the target: ``"word"`` on the word's own evidence, ``"text"`` when
    the text is Kazakh too (:func:`_kazakh_text`), None not at all (Wade-Giles text, a target
    without such a scheme).
    """
    script = detect_script(word)
    lang = _language(target)
    if script == _script(target):
        # Already in the target's script: which romanization it is, auto can't know; but a word
        # with letters the target's alphabet lacks (Kazakh қ ә і under ru-Cyrl) is read as its
        # own language when a route from that language covers it (kk-Cyrl__ru-Cyrl).
        if script not in ("Cyrl", "Arab") or get_alphabet(target).holds(word):
            return ()
        own = detect_language(word, default=hint)
        if own is None or own == lang:
            return ()
        route = _route(f"{own}-{script}", target)
        if route and _covers_route(route, word):
            return ((f"{own}-{script}", target),)
        return ()
    plans: list[_Plan] = []
    if script in ("Cyrl", "Arab"):
        own = detect_language(word, default=hint or ("ru" if script == "Cyrl" else None))
        if own is None:
            return ()  # Arabic or Persian text: no Uyghur or Kazakh letter in it
        order: tuple[str, ...] = (f"{lang}-{script}", f"{own}-{script}")
        if hint is not None and definite_language(word) is None:
            own = hint
            order = (f"{hint}-{script}",)
        for candidate in dict.fromkeys(order):
            route = _route(candidate, target)
            if route and _covers_route(route, word):
                plans.append((candidate, target))
        if not plans:  # the target's scheme reads every letter: its file keeps to its alphabet
            plans.extend(_sibling_plans(word, script, own, target))
        fallback = f"{lang}-{script}"
        if _route(fallback, target) is not None:
            plans.append((fallback, target))  # in part: what is left must be target letters
    elif script == "Hani":
        if _route("zh-Hani", target) is not None:
            plans.append(("zh-Hani", target))
        else:  # pinyin in a Latin target (data/siblings.tsv)
            plans.extend(_sibling_plans(word, script, "zh", target))
    elif script == "Latn" and latin == "ug":
        # Uyghur Latin (ULY): from ug-Latn, or by the scheme siblings.tsv names for Uyghur.
        route = _route("ug-Latn", target)
        if route and _covers_route(route, word):
            plans.append(("ug-Latn", target))
        else:
            plans.extend(_sibling_plans(word, script, "ug", target))
    elif script == "Latn" and latin == "zh":
        # Pinyin: only a scheme that reads pinyin writes it (the Turkic reading of Chinese
        # renderings, towards Uyghur targets); no Kazakh or Russian romanization reads it.
        route = _route("zh-Latn-pinyin", target)
        if route and _covers_route(route, word.lower()):
            plans.append(("zh-Latn-pinyin", target))
        else:  # Palladius in a Cyrillic target (data/siblings.tsv)
            plans.extend(_sibling_plans(word, script, "zh", target))
    elif script == "Latn":
        via = _latin_via(target) if kazakh else None
        tag = (
            _kazakh_latin(word, target, via, text_cues, kazakh == "text")
            if via is not None
            else None
        )
        if tag is not None:
            plans.append((tag, target))  # Latin -> kk-Cyrl -> ru-Cyrl (kk-Cyrl__ru-Cyrl)
        tag = _latin_source(word, target, text_cues, known)
        if tag is not None and tag != target:
            plans.append((tag, target))
    return tuple(dict.fromkeys(plans))


@lru_cache(maxsize=64)
def _latin_via(target: str) -> str | None:
    """The tag whose Latin readers serve ``target`` for a word :func:`_kazakh_latin` finds
    Kazakh: the source of a ``last_step`` scheme that writes ``target`` from another language
    (``kk-Cyrl`` for ``ru-Cyrl``, by ``kk-Cyrl__ru-Cyrl.scheme``), or None."""
    for scheme_id in scheme_tags():
        spec = get_scheme(scheme_id).spec
        if spec.last_step and spec.tag == target and _language(spec.source) != _language(target):
            return spec.source
    return None


@short_inputs_cache()
def _kazakh_latin(
    word: str, target: str, via: str, text_cues: tuple[tuple[str, float], ...], text: bool
) -> str | None:
    """The Kazakh Latin scheme that reads ``word`` as a ``via`` (kk-Cyrl) target would, when
    the word shows it is Kazakh romanization rather than the ``target`` language's own, else None.

    The word needs a strong cue that only Kazakh schemes share (latin-cues.tsv weight >= 2:
    zh, kh, ş, a caron; not the 2017 alphabet's apostrophe, which romanized Russian soft signs
    write too, nor the 2018 alphabet's acute accents, which Spanish and Turkmen write: Moscú,
    Eýran), or any Kazakh cue (j, q, sh, ye...) in a text that is Kazakh
    (``text``, :func:`_kazakh_text`), or, when the target's own reader (GOST 7.79 for ru-Cyrl)
    cannot write it in the target's letters, a spelling the scheme's lexicon knows (Kassym,
    Nursultan). ``Abaj`` stays Абай (GOST j); ``Jomart`` in ``Kassym-Jomart Tokayev`` is
    Жомарт; an English word with none of these (Prefecture, Human) is not read letter by letter
    as Kazakh, nor a word that spells pinyin syllables and is not known (Daqiao).

    >>> _kazakh_latin("Tokayev", "ru-Cyrl", "kk-Cyrl", (), False)
    'kk-Latn-press'
    >>> _kazakh_latin("Abaj", "ru-Cyrl", "kk-Cyrl", (), False), _kazakh_latin(
    ...     "Prefecture", "ru-Cyrl", "kk-Cyrl", (), True)
    (None, None)
    """
    tag = _latin_source(word, via, text_cues, True)
    if tag is None or _language(tag) != _language(via):
        return None
    weights = [
        cue.weight
        for cue in _word_cues(word)
        if tag in cue.schemes
        and all(_language(s) == _language(via) for s in cue.schemes)
        and cue.text.isalpha()  # not the 2017 apostrophe: Russian soft signs (Bol'shoy) too
        and "\u0301" not in unicodedata.normalize("NFD", cue.text)  # nor an acute: Moscú, Eýran
    ]
    known = _known_loosely(tag, word)
    if spells_pinyin(word) and not known:
        return None  # pinyin syllables (Daqiao, Chengguanzhen): zh, q are pinyin's letters too
    cued = any(w >= 2 for w in weights) or (text and bool(weights))
    return tag if cued or (known and not _own_reader_writes(word, target)) else None


@short_inputs_cache()
def _own_reader_writes(word: str, target: str) -> bool:
    """True when the reader of ``target``'s own language writes ``word`` wholly in its letters."""
    own = _latin_source(word, target, (), False)
    if own is None or _language(own) != _language(target):
        return False
    route = _route(own, target)
    return bool(route) and get_alphabet(target).holds(_run(route or (), word)[0])


def _kazakh_text(text: str, target: str, via: str) -> bool:
    """True when a Latin word of ``text`` is Kazakh by :func:`_kazakh_latin` alone."""
    cues = tuple(sorted(cue_scores(text).items()))
    return any(
        is_word
        and detect_script(word) == "Latn"
        and _kazakh_latin(word, target, via, cues, False) is not None
        for is_word, word in _words(text)
    )


def _known_loosely(tag: str, word: str) -> bool:
    """True when the scheme ``tag``'s lexicon knows ``word`` as written or, through its loose
    table, as one known name (``Kassym`` is Қасым: ss for с, kk-Latn-press.loose.tsv)."""
    lexicon = get_scheme(tag).lexicon if tag in scheme_tags() else None
    return lexicon is not None and lexicon.reading(word.lower(), "")[1] in ("word", "loose")


#: The weight (latin-cues.tsv: x and é 3, gh 2, w and ng 1) one of ULY's own cues in the text
#: needs before its Latin words are read as Uyghur (with the text's agreement,
#: :func:`_latin_languages`).
_ULY_WORD: Final = 2.0
_TONE_MARKED: Final = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


@lru_cache(maxsize=1)
def _pinyin_marks() -> regex.Pattern[str]:
    """Letters by which a word that spells pinyin syllables shows it is pinyin (Xinjiang,
    Jítuán): x, which no Kazakh or Russian romanization writes, and the tone marks that are no
    cue of a Latin scheme (BGN's ī ū, the 2018 alphabet's á ó ú, ISO 9's è ì ù are). Not q
    before i or u: Kazakh Latin writes Qulan, Qisa (Құлан, Қиса), which spell pinyin too."""
    cues = {cue.text for cue in cues_in(_TONE_MARKED)}
    marks = "".join(c for c in _TONE_MARKED if c not in cues)
    return regex.compile(rf"x|[{marks}]", regex.IGNORECASE)


#: A word ending in pinyin's xiang (township), xian (county), xi... or qi...: a place name with a
#: pinyin part (Mongolzuxiang), which ULY would write shyang, shyen.
_PINYIN_END: Final = regex.compile(r"(?:xi|qi)(?:ang|an|ao|ng|ong|e|u|n)?$", regex.IGNORECASE)


#: What ULY never writes: y (ي, a consonant) between consonants or after one at the end
#: (BGN's and the press's ы: Mangghyshlaq), c but in ch, v, and English and German th, sch, tch.
_NOT_ULY: Final = regex.compile(
    r"[b-df-hj-np-tv-xz]y(?:[b-df-hj-np-tv-xz]|$)|c(?!h)|v|th|sch|tch", regex.IGNORECASE
)


def _uly_cues(word: str, cues: tuple[Cue, ...]) -> tuple[str, ...]:
    """ULY's cues in ``word`` that tell it from the other readers: those ULY reads the word
    with, counted once where they overlap (ngh is n+gh or ng+h), and a cue that a Kazakh scheme
    shares (gh: BGN's ғ) only when no such scheme reads the word (Ghulja: BGN has no j)."""
    if not _reads("ug-Latn", word):
        return ()
    own = [
        c.text
        for c in cues
        if "ug-Latn" in c.schemes and not any(s != "ug-Latn" and _reads(s, word) for s in c.schemes)
    ]
    if "ng" in own and "gh" in own and "nggh" not in word.lower():
        own.remove("ng")  # ngh: one of the two, not both
    return tuple(own)


@short_inputs_cache()
def _latin_languages(text: str) -> dict[str, str]:
    """The Latin words of ``text`` that are not a romanization of Kazakh or Russian: ``"zh"``
    for pinyin, ``"ug"`` for Uyghur Latin (ULY); the other words are not listed.

    * **pinyin**: every Latin word of the text spells pinyin syllables
      (:func:`kznames.wadegiles.spells_pinyin`) and one shows a pinyin mark (x or a tone mark):
      ``Xi Jinping``, ``Kashixiang``, ``Jítuán``.
    * **ULY**, only with evidence beyond a letter that pinyin, English and Uzbek write too: the
      word has ULY's own cues (x, é, gh, w, ng), ULY reads all its letters, it does not spell
      pinyin, and the text agrees: one of its words has a cue of weight at least 2 (x, é,
      gh; w and ng alone never suffice: ``Washington``, ``Wolfgang``), two words or two
      different cues carry them (``Toxti Ghulja``; ``Alexander`` or
      ``Toxti`` alone is not enough), and no word of the text is pinyin or carries a strong
      cue of a Kazakh scheme (zh, kh, ş, an accent; latin-cues.tsv weight >= 2) that ULY lacks.

    >>> _latin_languages("Toxti Ghulja"), _latin_languages("Xi Jinping")
    ({'Toxti': 'ug', 'Ghulja': 'ug'}, {'Xi': 'zh', 'Jinping': 'zh'})
    >>> _latin_languages("Alexander"), _latin_languages("Alexander Xu")
    ({}, {})
    """
    words = [w for is_word, w in _words(text) if is_word and detect_script(w) == "Latn"]
    if not words:
        return {}
    if all(spells_pinyin(w) for w in words) and any(_pinyin_marks().search(w) for w in words):
        return dict.fromkeys(words, "zh")
    found: dict[str, tuple[str, ...]] = {}
    for word in words:
        cues = _word_cues(word)
        if spells_pinyin(word) and _pinyin_marks().search(word):
            return {}  # a pinyin word among others: the text does not agree
        if any(c.weight >= 2 and "ug-Latn" not in c.schemes for c in cues):
            return {}  # zh, kh, ş, an accent...: a Kazakh romanization is in the text
        own = _uly_cues(word, cues)
        if (
            own
            and not spells_pinyin(word)
            and not _NOT_ULY.search(word)
            and not _PINYIN_END.search(word)
        ):
            found[word] = own
    weights = {c.text: c.weight for c in cues_in(" ".join(found))}
    # One cue of weight >= 2 (x, é, gh) somewhere: w and ng add to such evidence but never make
    # it alone (English Washington, Wellington, Ewing; German Wolfgang).
    strong = any(weights[c] >= _ULY_WORD for own in found.values() for c in own)
    distinct = {c for own in found.values() for c in own}
    if not strong or (len(found) < 2 and len(distinct) < 2):
        return {}
    return dict.fromkeys(found, "ug")


#: Mandarin finals that Kazakh, Russian and Uyghur Latin seldom write, in a syllable of a word
#: of two syllables or more (Beijing: bei), and finals that end such a word (Tianshan is no
#: match: ian ends a syllable there, not the word; Tatiana is tia + na).
_MANDARIN_FINAL: Final = regex.compile(r"ei|ao|uo|ie|iu|ui")
_MANDARIN_END: Final = regex.compile(r"(?:ong|eng|iang?)$")


@short_inputs_cache()
def _pinyin_words(text: str) -> dict[str, str]:
    """The Latin words of ``text`` likely pinyin on their own, ``"zh"`` each, for a Cyrillic
    target: a word that spells pinyin syllables and shows a pinyin mark (x or a tone mark:
    ``Xinjiang``), or has two syllables or more with a Mandarin final (ei ao uo ie iu ui, or
    -ong -eng -ian -iang ending it: ``Beijing``, ``Huocheng``). Chosen on the fit half of the
    gazetteer's and ../shared/eval's Latin words that spell pinyin
    (scripts/pinyin_cyrillic_report.py, docs/detection.md): Kazakh and Russian words such as
    ``Aiman``, ``Bayan``, ``Tatiana``, ``Akezhan`` are not taken, nor, without a mark, a word
    a Latin reader's lexicon knows (``Semei``: Семей, ``Leila``: Лейла, ``Zhangaozen``).

    >>> _pinyin_words("Xinjiang Kashgar Urumqi Beijing Aiman Tatiana")
    {'Xinjiang': 'zh', 'Beijing': 'zh'}
    """
    from .palladius import pinyin_syllables

    found: dict[str, str] = {}
    for is_word, word in _words(text):
        if not is_word or detect_script(word) != "Latn" or not spells_pinyin(word):
            continue
        syllables = pinyin_syllables(word)
        if _pinyin_marks().search(word) or (
            not any(_known_loosely(tag, word) for tag in _auto_readers())  # Semei, Leila
            and len(syllables) >= 2
            and (
                any(_MANDARIN_FINAL.search(s) for s in syllables)
                or bool(_MANDARIN_END.search(syllables[-1]))
            )
        ):
            found[word] = "zh"
    return found


@short_inputs_cache()
def _latin_source(
    word: str, target: str, text_cues: tuple[tuple[str, float], ...], known: bool = True
) -> str | None:
    """The scheme to read a Latin ``word`` with: the target's language first, then any; among
    the schemes that can read every letter of it, the one its cues weigh most for
    (``schemes/data/latin-cues.tsv``), then the one the whole text's cues weigh most for, then
    (with ``known``) one that writes a known spelling so (``Oskemen`` is how the press writes
    Өскемен), then the first in ``auto_read`` order."""
    readers = _auto_readers()
    own = cue_scores(word)
    text = dict(text_cues)
    lang = _language(target)
    for group in ([t for t in readers if _language(t) == lang], list(readers)):
        candidates = [
            tag
            for tag in group
            if tag == target
            or (_reads(tag, word) and _direct_route(tag, target) and not _contradicted(tag, word))
        ]
        if candidates:
            order = {tag: i for i, tag in enumerate(candidates)}
            knows = {t: known and _knows(t, word) for t in candidates}
            return max(
                candidates,
                key=lambda t: (own.get(t, 0.0), text.get(t, 0.0), knows[t], -order[t]),
            )
    return None


@lru_cache(maxsize=1024)
def _direct_route(reader: str, target: str) -> bool:
    """True when a route leads from ``reader`` to ``target`` other than through a ``last_step``
    scheme into another language (kk-Cyrl__ru-Cyrl): a Kazakh Latin word goes that way only on
    the evidence :func:`_kazakh_latin` asks for, never as any reader's fallback."""
    route = _route(reader, target)
    return route is not None and not (route and route[-1].scheme.spec.last_step)


@short_inputs_cache()
def _word_cues(word: str) -> tuple[Cue, ...]:
    """:func:`~kznames.schemes.cues.cues_in` of one word, memoised: each reader asks again."""
    return cues_in(word)


def _contradicted(tag: str, word: str) -> bool:
    """True when ``word`` carries a strong cue (latin-cues.tsv weight >= 2) of other schemes of
    ``tag``'s language, which ``tag`` would read letter by letter: ``gh`` is ғ in BGN, so the
    2021 alphabet does not read ``Ghulja`` as г+х (Гхулжа); the word is left as it is unless
    a scheme the cue names reads it."""
    lang = _language(tag)
    return any(
        cue.weight >= 2
        and tag not in cue.schemes
        and any(_language(s) == lang for s in cue.schemes)
        for cue in _word_cues(word)
    )


def _knows(tag: str, word: str) -> bool:
    """True when the scheme ``tag`` writes a spelling of its lexicon as ``word``."""
    lexicon = get_scheme(tag).lexicon if tag in scheme_tags() else None
    return lexicon is not None and bool(lexicon.spellings(word.lower()))


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


def _run(route: tuple[_Step, ...], text: str) -> tuple[str, list[str]]:
    """Text through every step of ``route``; the words the first step left, wholly or in part."""
    missed: list[str] = []
    for i, step in enumerate(route):
        text, left = step.rewriter.rewrite(text)
        if i == 0:
            missed = left
    return text, missed


def _write_word(
    word: str,
    plans: tuple[_Plan, ...] | list[_Plan],
    used: dict[str, None],
    untouched: list[str],
    target: str | None = None,
) -> str:
    """``word`` by the first plan whose output keeps to its tag's alphabet; else ``word`` as it
    is, listed in ``untouched`` unless it is already written in ``target``'s alphabet (a
    Russian word under ``ru-Cyrl``: nothing was left undone, so ``strict`` has nothing to
    refuse)."""
    for reader, writer in plans:
        route = _route(reader, writer) or ()
        out, missed = _run(route, word)
        if route and out.islower():
            out = _recased(word, route, out)
        if get_alphabet(writer).holds(out):
            used.update((str(s), None) for s in route)
            untouched.extend(missed)
            return out
    if any(c.isalpha() for c in word) and not (
        target is not None and get_alphabet(target).holds(word)
    ):
        untouched.append(word)
    return word


def _recased(word: str, route: tuple[_Step, ...], out: str) -> str:
    """``out`` (in lower case), what ``route`` wrote for ``word``, in the case ``word`` came
    with when the route went through a script without case (Uyghur Cyrillic through Arabic
    script), or, for Chinese, each word capitalised when the first step capitalises them
    (``capitalise_words``: 习近平 → Xi Jinping → Ши Җинпиң, though Arabic script lies between).

    >>> route = _route("zh-Hani", "ug-Cyrl") or ()
    >>> _recased("伊力哈木", route, "илһам"), _recased("ILHAM", route, "илһам")
    ('Илһам', 'ИЛҺАМ')
    """
    casing = route[-1].rewriter.target_casing
    if not word.islower() and word[:1].isupper():
        out = upper(out, casing) if word.isupper() and len(word) > 1 else out
        return upper(out[:1], casing) + out[1:]
    if route[0].rewriter.capitalise_words and len(route) > 1 and _HAN.search(word):
        return " ".join([upper(part[:1], casing) + part[1:] for part in out.split(" ")])
    return out


def _words(text: str) -> Iterator[tuple[bool, str]]:
    pos = 0
    for match in _WORD.finditer(text):
        if match.start() > pos:
            yield False, text[pos : match.start()]
        yield True, match.group()
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


_memo: Memo[tuple[str, str, str, str | None, bool], Transliteration] = Memo()
#: Whether a reverse step prefers the known spellings of its scheme's lexicon (the
#: ``known_spellings`` argument of the transliterate call in progress).
_KNOWN_SPELLINGS: ContextVar[bool] = ContextVar("known_spellings", default=True)


@lru_cache(maxsize=4096)
def _plan(source: str, target: str) -> tuple[tuple[_Step, ...], tuple[str, ...]]:
    """The route from ``source`` to ``target`` (checked tags) and its labels."""
    route = _route(source, target)
    if route is None:
        raise NoRouteError(source, target, _reachable(source))
    return route, tuple(str(s) for s in route)


def transliterate(
    text: str,
    target: str,
    source: str = "auto",
    *,
    strict: bool = False,
    kind: str | None = None,
    known_spellings: bool = True,
) -> Transliteration:
    """Write ``text`` in the scheme ``target``, reading it as ``source`` (or detecting it).

    Tags are case-insensitive. A word is written only within the alphabet of the target (or of
    the sibling scheme that ``data/siblings.tsv`` names for the word's language); any other
    word is kept as it was and listed in ``.untouched``. ``kind`` says what the text names
    (``person``, ``place``, ``org``, ``people``, ``other``; ``None``: not known): Chinese
    personal names are written in pinyin surname apart (``习近平`` → ``Xi Jinping``) unless
    ``kind`` says the text is not a person's name. Reading a script that does not show every
    sound (Kazakh Arabic script), a word spelt in a known name is read so where the rule
    cannot tell (``جىبەك`` → ``жібек``); ``known_spellings=False`` reads by rule alone
    (``kznames.schemes.lexicon``, docs/tote-jazu.md).

    >>> transliterate("Серікжан Білаш", "kk-Latn-bgn").text
    'Serikzhan Bilash'
    >>> str(transliterate("Серікжан Білаш", "kk-Latn"))
    'Serıkjan Bılaş'
    >>> transliterate("Qazaqstan", "kk-Cyrl", source="kk-Latn").text
    'Қазақстан'
    >>> transliterate("Тоқаев met Putin سلام", "kk-Latn-press").untouched  # no scheme for Persian
    ('سلام',)
    >>> r = transliterate("Серікжан Білаш", "ru-Latn-icao")   # a Kazakh name, passport Latin
    >>> r.text, r.routes
    ('Serikzhan Bilash', ('kk-Cyrl>kk-Latn-icao',))
    >>> transliterate("جىبەك ۇشتوبە", "kk-Cyrl").text
    'жібек үштөбе'
    >>> transliterate("جىبەك ۇشتوبە", "kk-Cyrl", known_spellings=False).text
    'жыбек ұштөбе'

    Raises :class:`kznames.UnknownSchemeError` (naming close tags) for an unknown tag,
    :class:`kznames.NoRouteError` when no chain of schemes leads from ``source`` to ``target``,
    and with ``strict=True`` :class:`kznames.UntouchedError` when a word is left untouched.
    """
    fast = _fast_path()
    if fast is not None:  # the memo, or a plain route, in one call of the compiled core
        result = fast(text, target, source, kind, known_spellings)
        if result is not None:
            if strict and result.untouched:
                raise UntouchedError(result)
            return result
    if text.__class__ is not str or target.__class__ is not str or source.__class__ is not str:
        require_str("text", text)
        require_str("target", target)
        require_str("source", source)
    key = (text, target, source, kind, bool(known_spellings))
    result = _memo.get(key)
    if result is None:
        # (The core takes a plain str only: a str subclass goes the Python way.)
        plain = _plain_route(target, source) if source != "auto" and text.__class__ is str else None
        if plain is not None:
            result = plain.transliteration(text)
        if result is None:
            canonical_target = _canonical_tag(target)
            canonical_source = source if source == "auto" else _canonical_tag(source)
            token = _KNOWN_SPELLINGS.set(bool(known_spellings))
            try:
                result = _transliterate(normalize(text), canonical_target, canonical_source, kind)
            finally:
                _KNOWN_SPELLINGS.reset(token)
        # A long text is not kept: names repeat, long texts rarely do. The key's characters are
        # its str parts' (as Memo counts them), added here without a loop over the tuple.
        characters = (
            len(text) + len(target) + len(source) + (len(kind) if isinstance(kind, str) else 0)
        )
        result = _memo.put(key, result, characters)
    if strict and result.untouched:
        raise UntouchedError(result)
    return result


@lru_cache(maxsize=1)
def _fast_path() -> _core.Transliterate | None:
    """The compiled core's ``Transliterate`` (this module's memo read, then the plain route of a
    named source, in one call; None for any other call), or None with the Python engine."""
    if CORE is None:
        return None
    fast: _core.Transliterate = CORE.Transliterate(_memo.get, _memo.put, _plain_route)
    return fast


@lru_cache(maxsize=256)
def _plain_route(target: str, source: str) -> _core.PlainRoute | None:
    """The compiled core's ``PlainRoute`` for ``source`` (named) to ``target`` (its results
    carry the canonical tags and the route's labels), when the route is one forward step whose
    direction runs in plain letters (nothing before its rules, no harmony, lexicon or word
    mark) to an alphabet of letters (no property class); else None. With known spellings or
    not, and of any ``kind``, such a route writes the same: neither is read on it."""
    if CORE is None:
        return None
    try:
        target, source = _canonical_tag(target), _canonical_tag(source)
        route, labels = _plan(source, target)
    except (UnknownSchemeError, NoRouteError):
        return None  # transliterate's own way raises the error
    if source == "zh-Hani" or len(route) != 1 or not route[0].forward:
        return None
    rewriter = route[0].rewriter
    letters = rewriter._plain_letters
    alphabet = get_alphabet(target)
    if letters is None or rewriter.pre is not None or rewriter._nfkc is not None:
        return None
    if alphabet.properties:
        return None
    try:
        plain: _core.PlainRoute = CORE.PlainRoute(
            letters,
            rewriter._chunks.get,
            rewriter._chunks.put,
            rewriter._cache.get,
            rewriter._memo_chunk,
            alphabet.holds,  # a test of each character alone (one character class)
            cyrillic_letters(),
            rewriter._word,
            Transliteration,
            source,
            target,
            labels,
        )
    except ValueError:  # a Cyrillic letter the direction does not read as part of a word
        return None
    return plain


def transliterate_text(text: str, target: str, source: str) -> str:
    """``transliterate(text, target, source=source).text`` (``source`` named, not ``"auto"``)
    for a caller that keeps its own result, as the key path keeps its tokens: nothing is kept in
    this module's memo or the rewriters' on the way (a memo entry read if there is one).

    >>> transliterate_text("伊力哈木", "ug-Latn", "zh-Hani")
    'Ilham'
    """
    hit = _memo.get((text, target, source, None, True))
    if hit is not None:
        return hit.text
    target, source = _canonical_tag(target), _canonical_tag(source)
    token = _KNOWN_SPELLINGS.set(True)
    try:
        return _transliterate(normalize(text), target, source, None, memo=False).text
    finally:
        _KNOWN_SPELLINGS.reset(token)


@lru_cache(maxsize=64)
def _surnames(target: str) -> tuple[str, ...]:
    """The surnames the scheme writing Chinese for ``target`` splits off (``surnames =`` in its
    file): the target's own scheme, or, when no route leads from Chinese to it, the scheme
    ``data/siblings.tsv`` names for Chinese there (pinyin in a Latin target)."""
    writer = target
    if _route("zh-Hani", target) is None:
        writer = next(iter(siblings_for(target, "zh")), target)
    if writer in scheme_tags():
        return get_scheme(writer).spec.surnames
    # A tag no scheme of its own name writes (zh-Cyrl-palladius, from pinyin): the surnames of
    # the scheme that reads the characters, the route's first step.
    route = _route("zh-Hani", writer) if writer in _written_tags() else None
    return route[0].scheme.spec.surnames if route else ()


def _name_dots() -> frozenset[str]:
    """The characters that join the parts of a transcribed name (``zh-Hani.normalize``)."""
    normalizer = get_normalizer("zh-Hani")
    return frozenset(r.source for r in normalizer.rules) if normalizer is not None else frozenset()


def _split_surnames(text: str, target: str) -> str:
    """Chinese personal names as pinyin writes them, surname apart: 习近平 -> 习⁠近平, with the
    surname break U+2060 that the pinyin scheme writes as a space. The given name stays in the
    same word, so the scheme's surname readings (乐 *yue* at the start of a word) keep to the
    surname (王乐泉 is *wang lequan*).

    A run of 2 to 4 Han characters that starts with a surname of the target's list and leaves
    one or two characters of given name is split; a run joined to another by a name dot
    (伊力哈木·土赫提) is a transcribed foreign name and is left whole.

    >>> _split_surnames("习近平、欧阳修 伊力哈木·土赫提", "zh-Latn-pinyin").replace("\u2060", "|")
    '习|近平、欧阳|修 伊力哈木·土赫提'
    """
    surnames = _surnames(target)
    if not surnames or not _HAN.search(text):
        return text
    dots = _name_dots()

    def split(match: regex.Match[str]) -> str:
        run: str = match.group()
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before in dots or after in dots:
            return run
        for surname in surnames:
            if run.startswith(surname) and 1 <= len(run) - len(surname) <= 2:
                return f"{surname}{_SURNAME_BREAK}{run[len(surname) :]}"
        return run

    split_text: str = _HAN_RUN.sub(split, text)
    return split_text


def _transliterate(
    text: str, target: str, source: str, kind: str | None, *, memo: bool = True
) -> Transliteration:
    """``text`` (normalised) in ``target``; ``memo=False``: see :func:`_transliterate_from`."""
    if source in ("auto", "zh-Hani"):
        text = join_spaced_han(text)  # 阿 合 買 提 江 is one word, as tokens() reads it
        if kind in (None, "person"):
            text = _split_surnames(text, target)
    if source != "auto":
        return _transliterate_from(text, target, source, memo=memo)
    untouched: list[str] = []
    used: dict[str, None] = {}
    if _HAN.search(text) and (_route("zh-Hani", target) is not None or siblings_for(target, "zh")):
        # The dots between the parts of a transcribed name (伊力哈木·土赫提) separate words;
        # where Chinese cannot be converted, the text keeps its dots.
        han_normalizer = get_normalizer("zh-Hani")
        if han_normalizer is not None:
            text = han_normalizer.rewrite(text)[0]

    text_cues = tuple(sorted(cue_scores(text).items()))
    hints = _language_hints(text) if not text.isascii() else {}
    latin = _latin_languages(text) if _language(target) != "zh" else {}
    # A Kazakh reading under ru-Cyrl (kk-Cyrl__ru-Cyrl); not of Wade-Giles text (K'o-la-k'o-shih)
    via = _latin_via(target) if not latin and not wadegiles.may_be(text) else None
    kazakh = None if via is None else "text" if _kazakh_text(text, target, via) else "word"
    if _script(target) == "Cyrl" and _language(target) not in ("ug", "zh"):
        # A pinyin word among others (Xinjiang Kashgar), read as pinyin in Palladius; after the
        # Kazakh reading's choice (via), which words of the text alone decide.
        latin = {**_pinyin_words(text), **latin}
    if latin and _language(target) == "ug":  # ULY is a Uyghur target's own reader; pinyin not
        latin = {word: language for word, language in latin.items() if language == "zh"}
    known = _KNOWN_SPELLINGS.get()
    # The gazetteer's names (known-names.tsv) of Chinese and pinyin words: Cyrillic targets only.
    named = known and _script(target) == "Cyrl" and _language(target) not in ("ug", "zh")
    pieces: list[str] = []
    for is_word, piece in _words(text):
        if not is_word:
            pieces.append(piece)
            continue
        script = detect_script(piece)
        hint = hints.get(script) if hints else None
        # Ties between Latin schemes go to the cues of the whole text (Serikzhan Bilash: press).
        cues = text_cues if script == "Latn" else ()
        language = latin.get(piece) if latin else None
        name = _known_name(piece, script, target) if named and script in _NAMED else None
        if name is not None and (script == "Hani" or language == "zh"):
            pieces.append(name)  # 乌鲁木齐, Beijing: the entity's name, not the rule's Palladius
            used[f"gazetteer>{target}"] = None
            continue
        plans = _auto_plans(piece, target, hint, cues, known, language, kazakh)
        if name is None:
            pieces.append(_write_word(piece, plans, used, untouched, target))
            continue
        missed: list[str] = []  # a Latin word the rule keeps (Urumqi) is named too
        written = _write_word(piece, plans, used, missed, target)
        if missed == [piece] and written == piece:
            written, missed = name, []
            used[f"gazetteer>{target}"] = None
        pieces.append(written)
        untouched.extend(missed)
    return Transliteration("".join(pieces), "auto", target, tuple(untouched), tuple(used))


#: The scripts of the words looked up in ``known-names.tsv`` (:func:`_known_name`).
_NAMED: Final = frozenset({"Hani", "Latn"})


@lru_cache(maxsize=1)
def _known_names() -> dict[tuple[str, str], str]:
    """``schemes/data/known-names.tsv`` (scripts/gen_known_names.py): (spelling, target) to
    the one name the gazetteer knows there for the entity so spelled."""
    from .resources import schemes_dir

    names: dict[tuple[str, str], str] = {}
    text = (schemes_dir() / "known-names.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith(("#", "spelling\t")):
            spelling, target, name = line.split("\t", 3)[:3]
            names[spelling, target] = name
    return names


def _known_name(word: str, script: str, target: str) -> str | None:
    """The gazetteer's one name in ``target`` (a Cyrillic target that writes Chinese in
    Palladius) of the entity spelled ``word``: a whole Han word (乌鲁木齐 → Урумчи, 纳扎尔巴耶夫
    → Назарбаев) or a Latin one tagged pinyin, ``en`` or ``und-Latn`` (Beijing → Пекин);
    None when no entity is spelled so, or entities of different names are (docs/chinese.md).

    >>> _known_name("乌鲁木齐", "Hani", "ru-Cyrl"), _known_name("乌鲁木齐", "Hani", "kk-Latn")
    ('Урумчи', None)
    """
    if _script(target) != "Cyrl" or _language(target) in ("ug", "zh"):
        return None  # (the caller tests this once a text)
    if script == "Hani":
        word = word.replace(_SURNAME_BREAK, "")
    name = _known_names().get((word, target))
    return name if name is not None and get_alphabet(target).holds(name) else None


def _lost_case(out: str, route: tuple[_Step, ...]) -> bool:
    """True when ``out`` has no capital though the route's first step capitalises Chinese words:
    the route went through a script without case (ug-Arab on the way to ug-Cyrl), and word by
    word (:func:`_recased`) the words get their capitals back."""
    return len(route) > 1 and route[0].rewriter.capitalise_words and not any(map(str.isupper, out))


def _transliterate_from(
    text: str, target: str, source: str, *, memo: bool = True
) -> Transliteration:
    """``text`` read as ``source``: the whole text in one pass when every letter written keeps
    to the target's alphabet, else word by word, a word that breaks it kept as it was. The
    caller named the source, so no sibling scheme is tried (``source="auto"`` does that).

    ``memo=False`` (:func:`transliterate_text`): the one pass fills no memo of the rewriters
    and collects no ``untouched`` (that caller keeps only the text); the word-by-word pass, rare,
    is the same either way."""
    route, labels = _plan(source, target)
    if memo:
        out, missed = _run(route, text)
    else:
        out, missed = text, []
        for step in route:
            out = step.rewriter.rewrite_once(out)
    if get_alphabet(target).holds(out) and not _lost_case(out, route):
        return Transliteration(out, source, target, tuple(missed), labels)
    untouched: list[str] = []
    used: dict[str, None] = {}
    plans = ((source, target),)
    pieces = [
        _write_word(piece, plans, used, untouched) if is_word else _run(route, piece)[0]
        for is_word, piece in _words(text)
    ]
    return Transliteration("".join(pieces), source, target, tuple(untouched), labels)

"""Documents (files and HTML reduced to their text) and the mentions found in them."""

from __future__ import annotations

import html.parser
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..errors import KznamesError


class DocumentError(KznamesError):
    """A document that cannot be read or decoded."""


@dataclass(frozen=True, slots=True)
class Document:
    """A text held in memory, for :func:`reconcile` beside (or instead of) file paths.

    ``name`` is how the reconciliation cites the document; ``text`` is read as it is (no
    decoding, no HTML handling: give the text of a page, not its markup).

    >>> from kznames import Document, reconcile
    >>> result = reconcile([Document("wire", "Serikzhan Bilash spoke in Almaty."),
    ...                     Document("gazet", "Серікжан Білаш Алматыда сөйледі.")])
    >>> sorted((c.canonical, sorted(v.form for v in c.variants)) for c in result.clusters)
    [('Almaty', ['Almaty', 'Алматы']), ('Serikzhan Bilash', ['Serikzhan Bilash', 'Серікжан Білаш'])]
    """

    name: str
    text: str


class _TextOfHtml(html.parser.HTMLParser):
    _SKIP: Final = frozenset({"script", "style", "title"})
    _BLOCK: Final = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"})
    # What may stand in <head>; any other tag opens the body (HTML5 lets </head> and <body> be
    # left out, so the head ends where such a tag starts).
    _IN_HEAD: Final = frozenset(
        {"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "head":
            self.in_head = True
        elif tag not in self._IN_HEAD:
            self.in_head = False
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self.in_head:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML page, block elements on lines of their own.

    >>> html_text("<p>Serikzhan <b>Bilash</b></p><script>x()</script>")
    '\\nSerikzhan Bilash\\n'
    >>> html_text("<!doctype html><head><title>t</title><meta charset=utf-8><p>Almaty")
    '\\nAlmaty'
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def read_document(path: Path | str) -> Document:
    """A file as a document: UTF-8 (a byte-order mark allowed), HTML reduced to its text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    except ValueError as exc:  # a NUL in the path: no file system takes it
        raise DocumentError(f"{str(path)!r}: cannot read (the path holds a NUL)") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(f"{path}:{line}: not valid UTF-8 (byte {exc.start}): skipped") from exc
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        text = html_text(text)
    return Document(str(path), unicodedata.normalize("NFC", text))


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names something."""

    document: str
    start: int
    end: int
    surface: str
    form: str  # what it is clustered by: the surface, or its stem without a case ending
    # "gazetteer", "name-like", "weak" (a one-word span confirmed later), "title" (a word of a
    # title-case line, confirmed later by names found elsewhere only), "pinyin" (Chinese
    # characters whose pinyin is a name found elsewhere, joined to it), "rendering" (a
    # Chinese run rendering a word of a name found elsewhere, joined to that name by context)
    # or "feature" (a name written with its generic word: the Ili River, Семей ядролық сынақ
    # полигоны; clustered apart with the names of its class, :mod:`kznames.text.heads`)
    origin: str


def _path_like(text: str) -> bool:
    """A string that looks like a file name, not like text: no white space, and a separator or
    a suffix (a missing ``notes.txt`` is skipped; ``Serikzhan Bilash`` is refused).

    >>> _path_like("reports/a.txt"), _path_like("Serikzhan Bilash"), _path_like("Almaty")
    (True, False, False)
    """
    return not any(c.isspace() for c in text) and ("/" in text or "\\" in text or "." in text)

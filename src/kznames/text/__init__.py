"""Mentions of names in running text, reconciled across documents.

Concepts owned here:

* **document** — a named text; HTML is reduced to its text (scripts and styles dropped).
* **mention** — a span of a document that names something: a gazetteer variant (found by one
  pass of a trie over token keys, so ten thousand variants cost no more than one), or a
  name-like span that is not in the gazetteer: capitalised Latin or Cyrillic words (not sentence
  starters, days or months: ``textdata/stopwords.tsv``), a Chinese rendering of a name (parts
  joined by a middle dot), or a run of another script inside a document (an Arabic-script name in
  an English article). Each mention keeps its surface text and the **form** it is clustered by:
  the surface, or each word in its nominative (``textdata/declension.tsv``: Білаштың → Білаш,
  Ивановой → Иванова, Маратом Ивановым → Марат Иванов, Bilash's → Bilash), a feminine surname
  staying feminine.
* **reading like a reader** — a gazetteer name whose key has four letters or fewer matches only
  as spelled (Иван is not 俄文 read as Ewen); a gazetteer name followed by another capitalised
  word is part of a longer name, not that entity; lower-case particles (of, the, al, ибн:
  ``textdata/particles.tsv``) may sit inside a name; a sentence-opening role or common word
  (Businessman, or a word the documents also write in lower case) is not part of a name.
* **names only a key finds** — in Chinese text, a run of transcription characters
  (``textdata/han-transcription.tsv``) whose key is a gazetteer place's or person's, or a part
  of a person's Chinese name (托卡耶夫), or a run rendering a word of a name found in another
  document (苏尔坦别科夫, Sultanbekov); in Arabic script, a word with the fine key of a
  prominent place or a town (ئاقتاۋغا → Aktau). Case endings are read off in the document's
  language.
* **reconciliation** — mentions clustered across documents with :func:`kznames.dedup` (key,
  similarity, gazetteer entities), then a lone surname joined to the one full name it belongs to.

The package, by job (each module imports only those above it):

* :mod:`~kznames.text.words` — the word pattern and how a word is read (script, capitals, key,
  spelling), sentence starts;
* :mod:`~kznames.text.documents` — :class:`Document` (files, HTML), :class:`Mention`;
* :mod:`~kznames.text.tables` — the ``textdata/`` tables, each read once and checked;
* :mod:`~kznames.text.declension` — case endings: :func:`stems`,
  :func:`declension_languages`, the form a mention is clustered by;
* :mod:`~kznames.text.keyed` — names only a key finds (Chinese runs and renderings,
  Arabic-script places);
* :mod:`~kznames.text.heads` — names written with their generic word (the Ili River,
  Семей ядролық сынақ полигоны), mentions of their own;
* :mod:`~kznames.text.mentions` — :func:`find_mentions`, one document at a time;
* :mod:`~kznames.text.clustering` — :func:`reconcile`: mentions clustered across documents,
  joined by context, reported.
"""

from __future__ import annotations

from .clustering import Cluster, Reconciliation, SeenVariant, reconcile
from .declension import declension_languages, stems
from .documents import Document, DocumentError, Mention, html_text, read_document
from .mentions import find_mentions

__all__ = [
    "Cluster",
    "Document",
    "DocumentError",
    "Mention",
    "Reconciliation",
    "SeenVariant",
    "declension_languages",
    "find_mentions",
    "html_text",
    "read_document",
    "reconcile",
    "stems",
]

# The public classes are kznames.text's, wherever they are defined: tracebacks, reprs and
# pickles name them as before the package was split (kznames.text.DocumentError).
for _public in (Cluster, Document, DocumentError, Mention, Reconciliation, SeenVariant):
    _public.__module__ = __name__
del _public

"""Self-contained HTML pages of a reconciliation or a deduplication, to look at in a browser.

One file, no network, no server: the styles and the script are inline. :func:`reconcile_html`
shows the documents with every mention highlighted in its entity's colour and, beside them,
each entity with its spellings, their scripts, documents, and why each spelling was joined;
clicking an entity or a spelling marks its mentions and lists where they occur.
:func:`dedup_html` shows the clusters, the largest and the least certain first, each row with
its score and the explanation of its link to the cluster's name; clicking a cluster lists its
rows. Every text from the input is HTML-escaped.

Opening a page with ``#click=ID`` in its address clicks the element with that id once the page
has loaded (the same handler a mouse click runs): a link can open a page on an entity, and a
headless browser can test the page without a driver.

>>> from kznames.text import Document, reconcile
>>> doc = Document("a", "Serikzhan Bilash met Серікжан Білаш in Almaty.")
>>> page = reconcile_html(reconcile([doc]), {"a": doc.text})
>>> page.startswith("<!DOCTYPE html>"), "http" in page.split("<body")[0]
(True, False)
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .scripts import detect_script

if TYPE_CHECKING:
    from .deduplication import DedupResult
    from .text import Reconciliation

__all__ = ["dedup_html", "reconcile_html"]

# Clusters of more than one row shown by dedup_html; the page says how many more there are.
DEDUP_CLUSTERS_SHOWN = 2_000

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;height:100vh;color:#1b1b1b}
main{flex:3;overflow:auto;padding:0 1.5em}
aside{flex:2;overflow:auto;padding:0 1em;background:#f6f6f3;border-left:1px solid #ddd}
h1{font-size:1.3em}h2{font-size:1.05em;margin:1.2em 0 .3em}
pre{white-space:pre-wrap;font:inherit;margin:0}
mark{background:var(--c);border-radius:3px;padding:0 1px;cursor:pointer}
mark.on{outline:2px solid #222;background:var(--c)}
mark.dim{background:transparent;border-bottom:2px solid var(--c)}
.entity{padding:.3em .5em;margin:.3em 0;border-left:6px solid var(--c);background:#fff;
 cursor:pointer}
.entity.on{box-shadow:0 0 0 2px #222}
.entity small,.meta{color:#555}
.spelling{cursor:pointer;margin-left:1em}.spelling.on{font-weight:600}
.why{color:#555;font-size:.9em;margin-left:2em}
#where{position:sticky;top:0;background:#fffbe6;border:1px solid #e6d98c;padding:.4em .6em;
 margin:.5em 0;display:none}
#where li{margin:.15em 0}
table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:left;vertical-align:top}
tr.cluster{cursor:pointer}tr.cluster:hover{background:#f0f0e8}
"""

_SCRIPT = """
const where=document.getElementById('where');
function clear(){document.querySelectorAll('.on').forEach(e=>e.classList.remove('on'));}
function show(selector,label){
  clear();
  const marks=[...document.querySelectorAll(selector)];
  marks.forEach(m=>m.classList.add('on'));
  const items=marks.map(m=>{
    const doc=m.closest('section').dataset.doc;
    const text=m.parentNode.textContent;
    const at=m.dataset.at|0;
    const before=text.slice(Math.max(0,at-40),at), after=text.slice(at+m.textContent.length,
      at+m.textContent.length+40);
    const li=document.createElement('li');
    li.append(doc+': …'+before);
    const b=document.createElement('b');b.textContent=m.textContent;li.append(b,after+'…');
    li.onclick=()=>m.scrollIntoView({block:'center'});
    return li;});
  where.replaceChildren();
  const h=document.createElement('div');
  h.textContent=label+': '+marks.length+' occurrence'+(marks.length==1?'':'s');
  const ol=document.createElement('ol');ol.append(...items);
  where.append(h,ol);where.style.display='block';
  if(marks.length)marks[0].scrollIntoView({block:'center'});
}
document.querySelectorAll('.entity').forEach(e=>e.addEventListener('click',ev=>{
  if(ev.target.closest('.spelling'))return;
  show('mark[data-e="'+e.dataset.e+'"]',e.dataset.name);e.classList.add('on');}));
document.querySelectorAll('.spelling').forEach(s=>s.addEventListener('click',()=>{
  show('mark[data-s="'+s.dataset.s+'"]',s.dataset.form);s.classList.add('on');}));
document.querySelectorAll('mark').forEach(m=>m.addEventListener('click',()=>{
  document.getElementById('e'+m.dataset.e).click();}));
document.querySelectorAll('tr.cluster').forEach(r=>r.addEventListener('click',()=>{
  clear();r.classList.add('on');
  document.querySelectorAll('tr.member').forEach(m=>m.hidden=m.dataset.c!==r.dataset.c);}));
const wanted=location.hash.match(/^#click=(.+)$/);
if(wanted){const target=document.getElementById(decodeURIComponent(wanted[1]));
  if(target)target.click();}
"""


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, in the plural (``plural``, or the noun and an s) unless the
    number is one.

    >>> counted(1, "row"), counted(12_000, "distinct name"), counted(2, "entity", "entities")
    ('1 row', '12,000 distinct names', '2 entities')
    """
    return f"{number:,} " + (noun if number == 1 else plural or f"{noun}s")


def mentions_in_documents(mentions: int, documents: int) -> str:
    """How often an entity was seen, in words, as the table and the page both say it.

    >>> mentions_in_documents(1, 1), mentions_in_documents(7, 5)
    ('1 mention in 1 document', '7 mentions in 5 documents')
    """
    return f"{counted(mentions, 'mention')} in {counted(documents, 'document')}"


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>{body}<script>{_SCRIPT}</script></body></html>\n"
    )


def _colour(index: int) -> str:
    """Well-separated light colours: hues a golden angle apart."""
    return f"hsl({index * 137.508 % 360:.0f},75%,82%)"


def reconcile_html(result: Reconciliation, texts: Mapping[str, str]) -> str:
    """The page of a reconciliation; ``texts`` maps each document's name to its text (a
    document without a text is listed but not shown)."""
    entity_of: dict[str, int] = {}
    spelling_of: dict[str, int] = {}
    for number, cluster in enumerate(result.clusters):
        for variant in cluster.variants:
            entity_of[variant.form] = number
            spelling_of[variant.form] = len(spelling_of)
    by_document: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for mention in result.mentions:
        if mention.form in entity_of:
            by_document[mention.document].append((mention.start, mention.end, mention.form))
    sections = []
    for name in result.documents:
        text = texts.get(name)
        if text is None:
            sections.append(
                f"<section data-doc='{html.escape(name)}'><h2>{html.escape(name)}"
                "</h2><p class='meta'>(text not available)</p></section>"
            )
            continue
        parts, at = [], 0
        for start, end, form in sorted(by_document.get(name, [])):
            if start < at:
                continue  # overlapping mentions: the first one wins
            number = entity_of[form]
            title = html.escape(result.clusters[number].canonical)
            parts.append(html.escape(text[at:start]))
            parts.append(
                f"<mark data-e='{number}' data-s='{spelling_of[form]}' data-at='{start}' "
                f"style='--c:{_colour(number)}' title='{title}'>"
                f"{html.escape(text[start:end])}</mark>"
            )
            at = end
        parts.append(html.escape(text[at:]))
        sections.append(
            f"<section data-doc='{html.escape(name)}'><h2>{html.escape(name)}</h2>"
            f"<pre>{''.join(parts)}</pre></section>"
        )
    entities = []
    for number, cluster in enumerate(result.clusters):
        known = cluster.identity
        spellings = []
        for variant in cluster.variants:
            why = f"<div class='why'>why: {html.escape(variant.why)}</div>" if variant.why else ""
            spellings.append(
                f"<div class='spelling' id='s{spelling_of[variant.form]}' "
                f"data-s='{spelling_of[variant.form]}' data-form='{html.escape(variant.form)}'>"
                f"{html.escape(variant.form)} <small>{detect_script(variant.form)} · "
                f"×{variant.count} · {html.escape(', '.join(variant.documents))}</small>"
                f"{why}</div>"
            )
        entities.append(
            f"<div class='entity' id='e{number}' data-e='{number}' "
            f"data-name='{html.escape(cluster.canonical)}' style='--c:{_colour(number)}'>"
            f"<b>{html.escape(cluster.canonical)}</b> <small>({html.escape(known)}; "
            f"{mentions_in_documents(cluster.mentions, len(cluster.documents))})</small>"
            f"{''.join(spellings)}</div>"
        )
    skipped = "".join(f"<li>{html.escape(s)}</li>" for s in result.skipped)
    body = (
        f"<main><h1>kznames reconcile: {counted(len(result.documents), 'document')}, "
        f"{counted(len(result.mentions), 'mention')}, "
        f"{counted(len(result.clusters), 'entity', 'entities')}</h1>"
        + (f"<p class='meta'>Not read:</p><ul>{skipped}</ul>" if skipped else "")
        + "".join(sections)
        + "</main><aside><h2>Entities</h2><p class='meta'>Click an entity or a spelling to see "
        "where it occurs.</p><div id='where'></div>" + "".join(entities) + "</aside>"
    )
    return _page("kznames reconcile", body)


def dedup_html(result: DedupResult, title: str = "kznames dedup") -> str:
    """The page of a deduplication: clusters of two or more rows, the largest first and, among
    equal sizes, the least certain (lowest score) first; each row with its score and why it
    joined the cluster's name."""
    names = result.names
    clusters = [rows for rows in result.clusters().values() if len(rows) > 1]
    clusters.sort(key=lambda rows: (-len(rows), min(result.scores[r] for r in rows), rows[0]))
    shown = clusters[:DEDUP_CLUSTERS_SHOWN]
    lines = []
    for number, rows in enumerate(shown):
        cluster_id = result.cluster_ids[rows[0]]
        canonical = result.canonical[rows[0]]
        low = min(result.scores[r] for r in rows)
        distinct = len({names[r] for r in rows})
        entity = result.entities.get(cluster_id, "")
        lines.append(
            f"<tr class='cluster' id='c{number}' data-c='{number}' style='--c:{_colour(number)}'>"
            f"<td style='border-left:6px solid var(--c)'><b>{html.escape(canonical)}</b></td>"
            f"<td>{len(rows)} rows, {distinct} spellings</td><td>lowest score {low:.2f}</td>"
            f"<td>{html.escape(entity)}</td></tr>"
        )
        # The row spelled as the cluster's name explains the others' links (else the first).
        anchor = next((r for r in rows if names[r] == canonical), rows[0])
        for row in rows:
            why = "" if names[row] == names[anchor] else str(result.explain(anchor, row))
            lines.append(
                f"<tr class='member' data-c='{number}' hidden><td>row {row + 1}</td>"
                f"<td>{html.escape(names[row] or '')}</td><td>{result.scores[row]:.2f}</td>"
                f"<td class='why'>{html.escape(why)}</td></tr>"
            )
    more = len(clusters) - len(shown)
    summary = result.summary()
    body = (
        f"<main><h1>{html.escape(title)}: {summary['rows']:,} rows, {summary['clusters']:,} "
        f"clusters</h1><p class='meta'>Clusters of two or more rows, the largest and the least "
        "certain first; click a cluster to see its rows and why each joined."
        + (f" {more:,} more clusters are not shown." if more else "")
        + "</p><table>"
        + "".join(lines)
        + "</table></main>"
    )
    return _page(title, body)

"""The HTML pages of reconcile and dedup: self-contained, escaped, ordered, and clickable in a
real browser (headless Chromium; skipped only outside CI when Chromium is missing)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import kznames
from kznames.cli import main
from kznames.report import dedup_html, reconcile_html
from kznames.text import Document, reconcile
from support import REPO

DOCS = [
    Document("a", "Serikzhan Bilash was detained in Almaty. <script>alert(1)</script>"),
    Document("b", "Серікжан Білаштың ісі Алматыда қаралды."),
]


def _page() -> str:
    return reconcile_html(reconcile(DOCS), {d.name: d.text for d in DOCS})


def test_the_reconcile_page_marks_every_mention_in_its_entity_colour() -> None:
    result = reconcile(DOCS)
    page = _page()
    marks = re.findall(
        r"<mark data-e='(\d+)' data-s='(\d+)' data-at='(\d+)' style='--c:([^']+)'", page
    )
    assert len(marks) == len(result.mentions)
    colours: dict[str, set[str]] = {}
    for entity, _, _, colour in marks:
        colours.setdefault(entity, set()).add(colour)
    assert all(len(c) == 1 for c in colours.values())  # one colour per entity
    assert len({c.pop() for c in colours.values()}) == len(colours)  # entities apart
    for cluster in result.clusters:
        for variant in cluster.variants:
            assert f"data-form='{variant.form}'" in page
            if variant.why:
                assert "why: " in page


def test_the_page_is_self_contained_and_escapes_the_documents() -> None:
    page = _page()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)
    assert "@import" not in page
    ids = re.findall(r" id='([^']+)'", page)
    assert len(ids) == len(set(ids))


def test_the_dedup_page_puts_large_and_uncertain_clusters_first() -> None:
    names = ["Almaty", "Алматы", "Alma-Ata", "Serikzhan Bilash", "Серікжан Білаш", "Astana"]
    result = kznames.dedup(names, gazetteer=None)
    page = dedup_html(result)
    sizes = [int(n) for n in re.findall(r"<td>(\d+) rows, ", page)]
    assert sizes == sorted(sizes, reverse=True)
    assert len(sizes) == sum(1 for rows in result.clusters().values() if len(rows) > 1)
    assert "Serikzhan~Серікжан" in page or "Серікжан~Serikzhan" in page  # why a row joined


def test_cli_writes_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "report.html"
    files = sorted(str(p) for p in (REPO / "examples" / "dispatches").iterdir())
    assert main(["reconcile", "-q", *files, "--html", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.count("<section") == len(files)
    assert f"kznames reconcile: page written to {page}" in capsys.readouterr().err
    source = tmp_path / "people.csv"
    source.write_text("name\nSerikzhan Bilash\nСерікжан Білаш\n", encoding="utf-8")
    assert main(["dedup", "-q", str(source), "--html", str(tmp_path / "d.html")]) == 0
    assert "Serikzhan Bilash" in (tmp_path / "d.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["dedup", "-q", str(source), "--html", str(tmp_path / "no" / "d.html")]) == 2
    assert "cannot write the page" in capsys.readouterr().err


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI (.ci/run installs Debian's chromium)")
        pytest.skip("no chromium on this machine (CI installs it)")
    return found


def _browse(*args: str) -> str:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    command += ["--virtual-time-budget=3000", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_click_in_chromium_marks_the_entity_and_lists_where(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(_page(), encoding="utf-8")
    before = _browse("--dump-dom", page.as_uri())
    assert 'class="on"' not in before
    entity = reconcile(DOCS).clusters[0]
    after = _browse("--dump-dom", page.as_uri() + "#click=e0")  # the page's own click handler
    marked = re.findall(r"<mark data-e=\"0\"[^>]*class=\"on\"", after)
    assert len(marked) == entity.mentions
    assert f"{entity.canonical}: {entity.mentions} occurrence" in after
    assert "<li>a: …" in after or "<li>b: …" in after
    spelling = _browse("--dump-dom", page.as_uri() + "#click=s0")
    assert 'class="spelling on"' in spelling
    marked = re.findall(r"<mark [^>]*data-s=\"0\"[^>]*class=\"on\"", spelling)
    assert len(marked) == entity.variants[0].count


def test_a_mouse_click_in_chromium_marks_the_entity_and_lists_where(tmp_path: Path) -> None:
    # A real left click (DevTools Input.dispatchMouseEvent at the element's drawn centre): the
    # browser's hit test, not the page's #click= address, decides what is clicked.
    from browser import Browser

    page = tmp_path / "report.html"
    page.write_text(_page(), encoding="utf-8")
    entity = reconcile(DOCS).clusters[0]
    with Browser(_chromium()) as browser:
        browser.open(page.as_uri())
        assert browser.evaluate("document.querySelectorAll('mark.on').length") == 0
        browser.click("#e0 > b")  # the entity's name; its spellings sit inside it
        on = browser.evaluate("document.querySelectorAll('mark.on').length")
        assert on == entity.mentions
        text = browser.evaluate("document.body.innerText")
        assert f"{entity.canonical}: {entity.mentions} occurrence" in text
        browser.click("#s1")  # one spelling: only its mentions
        assert browser.evaluate("document.getElementById('s1').className") == "spelling on"
        on = browser.evaluate("document.querySelectorAll('mark.on').length")
        assert on == entity.variants[1].count
        browser.click("mark[data-e='1']")  # a mention in the text selects its entity
        assert browser.evaluate("document.querySelectorAll('mark.on[data-e=\"0\"]').length") == 0
        assert browser.evaluate("document.querySelectorAll('mark.on[data-e=\"1\"]').length") > 0


def test_a_screenshot_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(_page(), encoding="utf-8")
    shot = tmp_path / "shot.png"
    _browse(f"--screenshot={shot}", "--window-size=1200,700", page.as_uri() + "#click=e0")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000

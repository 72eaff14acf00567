"""A headless Chromium driven through the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes, read by the browser on fd 3 and written on fd 4), so that
a test can click with the mouse where an element is drawn and read the page afterwards, with
nothing but the Debian package and the standard library."""

from __future__ import annotations

import json
import os
import subprocess
import time
from typing import Any


class Browser:
    """One headless Chromium with one page: ``open``, ``evaluate``, ``click``; a context manager."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The browser reads commands on fd 3 and writes answers on fd 4.
        os.set_inheritable(to_browser_r, True)
        os.set_inheritable(from_browser_w, True)
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        command += ["--remote-debugging-pipe", "--window-size=1200,800", "about:blank"]

        def wire() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self._process = subprocess.Popen(
            command,
            preexec_fn=wire,  # the only way to hand fds 3 and 4 to the child
            pass_fds=(3, 4),  # kept open after preexec_fn has wired them
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self._session = ""

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """End the browser (its pipes close with it)."""
        self._process.kill()
        self._process.wait(timeout=30)
        os.close(self._to_browser)
        os.close(self._from_browser)

    def _message(self) -> dict[str, Any]:
        deadline = time.monotonic() + self._timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise ConnectionError("Chromium closed its pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        """Send one command (to the page's session unless ``session`` is false) and return its
        result, skipping the events that come before it."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def open(self, url: str) -> None:
        """Open ``url`` in a new page and wait until it has loaded."""
        target = self.send("Target.createTarget", session=False, url=url)["targetId"]
        attached = self.send("Target.attachToTarget", session=False, targetId=target, flatten=True)
        self._session = attached["sessionId"]
        deadline = time.monotonic() + self._timeout
        # A new target is about:blank until the navigation commits: wait for the address too.
        loaded = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        while not self.evaluate(loaded):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            time.sleep(0.05)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A left mouse click at the centre of the first element ``selector`` finds, where it
        is drawn (scrolled into view first): the browser's own hit test picks the target."""
        box = self.evaluate(
            f"(()=>{{const e=document.querySelector({json.dumps(selector)});"
            "if(!e)return null;e.scrollIntoView({block:'center'});"
            "const r=e.getBoundingClientRect();return [r.x+r.width/2,r.y+r.height/2];})()"
        )
        if box is None:
            raise LookupError(f"no element {selector!r} on the page")
        x, y = box
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

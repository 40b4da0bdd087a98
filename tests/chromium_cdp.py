"""Drive a real headless Chromium over the DevTools protocol, with nothing but the standard library.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol messages on file descriptor 3
and writes on 4, each a JSON object ended by a NUL byte. The page is loaded once; every console
message, uncaught exception, log entry (CSP violations and failed loads land there) and network request
is collected; then a full-page screenshot and a PDF print are taken. Used by tests/test_report_html.py;
``python tests/chromium_cdp.py REPORT.html OUT_PREFIX`` writes OUT_PREFIX.png and OUT_PREFIX.pdf for a
person to look at.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Debian's package installs the browser in /usr/lib/chromium and a shell launcher as /usr/bin/chromium (the
# browser itself is used: the launcher's start-up checks add nothing headless); CHROMIUM names another binary.
CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 90.0   # seconds to wait for any one answer; a hung browser fails the test rather than blocking it


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


@dataclass
class PageResult:
    url: str
    console: list[dict] = field(default_factory=list)      # Runtime.consoleAPICalled
    exceptions: list[dict] = field(default_factory=list)   # Runtime.exceptionThrown
    log: list[dict] = field(default_factory=list)          # Log.entryAdded
    requests: list[str] = field(default_factory=list)      # every URL the page asked for, the page itself included
    screenshot: bytes = b""
    pdf: bytes = b""
    title: str = ""
    height: int = 0

    @property
    def errors(self) -> list[str]:
        out = [f"console.{m.get('type')}: " + " ".join(str(a.get("value", a.get("description", "")))
                                                         for a in m.get("args", []))
               for m in self.console if m.get("type") in ("error", "assert", "warning")]
        out += [f"exception: {e.get('exceptionDetails', {}).get('text')}" for e in self.exceptions]
        out += [f"log.{e['entry'].get('level')}: {e['entry'].get('text')}" for e in self.log
                if e.get("entry", {}).get("level") in ("error", "warning")]
        return out

    @property
    def network(self) -> list[str]:
        """Requests other than the page itself."""
        return [u for u in self.requests if u != self.url]


class _Pipe:
    def __init__(self, proc: subprocess.Popen, write_fd: int, read_fd: int):
        self.proc, self.write_fd, self.read_fd = proc, write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.read_fd], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"Chromium did not answer within {TIMEOUT:.0f}s")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe (exit code {self.proc.poll()})")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)


def _above_four(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 5)
    os.close(fd)
    return high


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF as Chromium writes it (uncompressed page objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def load_page(path: Path, *, width: int = 1280, height: int = 900, chromium: str | None = None,
              shot_height: int = 16000) -> PageResult:
    """Open ``path`` in headless Chromium; collect what it logged and requested; screenshot and print it."""
    binary = chromium or find_chromium()
    if binary is None:
        raise FileNotFoundError("no Chromium found: install Debian's 'chromium' package (.ci/run does) or set "
                                "CHROMIUM to the browser binary")
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    # The child's ends are moved above 4 first, so putting them at 3 and 4 cannot clobber one another.
    to_chrome_r, from_chrome_w = _above_four(to_chrome_r), _above_four(from_chrome_w)

    def wire() -> None:   # runs in the child: its fd 3 reads our messages, its fd 4 writes its answers
        os.dup2(to_chrome_r, 3)      # dup2 makes the copies inheritable
        os.dup2(from_chrome_w, 4)

    profile = tempfile.mkdtemp(prefix="csaudit-chromium-")
    args = [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars", f"--user-data-dir={profile}",
            "about:blank"]
    # close_fds=False: the descriptors wire() makes are inheritable and must survive to exec; every other
    # descriptor Python opened is close-on-exec anyway.
    proc = subprocess.Popen(args, preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            close_fds=False)
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    pipe = _Pipe(proc, to_chrome_w, from_chrome_r)
    url = path.resolve().as_uri()
    result = PageResult(url=url)
    try:
        target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            pipe.send(f"{domain}.enable", session=session)
        pipe.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_for("Page.loadEventFired")
        # One round trip after the load so events raised during it have arrived.
        title = pipe.send("Runtime.evaluate", {"expression": "document.title", "returnByValue": True},
                          session=session)
        result.title = title.get("result", {}).get("value", "")
        metrics = pipe.send("Page.getLayoutMetrics", session=session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        result.height = int(size["height"])
        shot = pipe.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(result.height, shot_height), "scale": 1}},
            session=session)
        result.screenshot = base64.b64decode(shot["data"])
        pdf = pipe.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                        session=session)
        result.pdf = base64.b64decode(pdf["data"])
        for event in pipe.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                result.console.append(params)
            elif method == "Runtime.exceptionThrown":
                result.exceptions.append(params)
            elif method == "Log.entryAdded":
                result.log.append(params)
            elif method == "Network.requestWillBeSent":
                result.requests.append(params["request"]["url"])
        try:
            pipe.send("Browser.close")
        except (RuntimeError, TimeoutError):
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(to_chrome_w)
        os.close(from_chrome_r)
        shutil.rmtree(profile, ignore_errors=True)
    return result


if __name__ == "__main__":  # pragma: no cover - a tool for people
    page = load_page(Path(sys.argv[1]), shot_height=int(sys.argv[3]) if len(sys.argv) > 3 else 16000)
    prefix = Path(sys.argv[2])
    prefix.with_suffix(".png").write_bytes(page.screenshot)
    prefix.with_suffix(".pdf").write_bytes(page.pdf)
    print(f"{page.title!r}: {page.height}px high; errors {page.errors}; other requests {page.network}")

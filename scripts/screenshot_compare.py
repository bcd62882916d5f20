"""Render two HTML pages in headless Chromium and compare their layout.

Usage: python scripts/screenshot_compare.py INPUT.html OUTPUT.html [--out DIR] [--chromium PATH]

For each page: a full-page screenshot (saved to --out for a human look), and the layout box of
every element measured in the browser (a small script added to a temporary copy writes each
element's tag, display and box into the DOM, read back with --dump-dom). The pages match when
the browser builds the same element tree from both and every block box nested in block flow
has the same horizontal position and width (heights follow the text's length, which a
translation changes); and the text differs. Exit 0 if they match, 1 if not, 2 if Chromium is
missing or fails. Pages are loaded from files with no network.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTH, HEIGHT = 1280, 2400
PROBE = """<script>
window.addEventListener("load", function () {
  var out = [];
  var all = document.body.getElementsByTagName("*");
  for (var i = 0; i < all.length; i++) {
    var e = all[i];
    if (e.id === "__layout") continue;
    var r = e.getBoundingClientRect(), s = getComputedStyle(e);
    var p = e.parentElement ? getComputedStyle(e.parentElement).display : "";
    out.push([e.tagName.toLowerCase(), s.display, p, Math.round(r.left), Math.round(r.width)]);
  }
  var box = document.createElement("template");
  box.id = "__layout";
  box.setAttribute("data-boxes", JSON.stringify(out));
  box.setAttribute("data-text", document.body.innerText.replace(/\\s+/g, " ").trim());
  document.body.appendChild(box);
});
</script>"""
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--disable-sync",
         "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=2000",
         f"--window-size={WIDTH},{HEIGHT}"]


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium binary: ``explicit``, else chromium / chromium-browser / google-chrome."""
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(chromium: str, args: list[str], profile: Path, timeout: float) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=timeout, check=False)


def measure(chromium: str, page: Path, work: Path, name: str, timeout: float = 60) -> dict[str, object]:
    """Screenshot and layout boxes of ``page``."""
    data = page.read_bytes()
    probe = PROBE.encode()
    copy = work / f"{name}.probe.html"
    closing = re.search(rb"</body\s*>", data, re.I)
    copy.write_bytes(data[: closing.start()] + probe + data[closing.start():] if closing else data + probe)
    shot = work / f"{name}.png"
    done = _run(chromium, [f"--screenshot={shot}", page.resolve().as_uri()], work / f"profile-{name}", timeout)
    if done.returncode != 0 or not shot.is_file():
        raise RuntimeError(f"chromium could not screenshot {page}: {done.stderr.decode(errors='replace')[-300:]}")
    dump = _run(chromium, ["--dump-dom", copy.resolve().as_uri()], work / f"profile-{name}", timeout)
    found = re.search(r'<template id="__layout" data-boxes="([^"]*)" data-text="([^"]*)"',
                      dump.stdout.decode("utf-8", "replace"))
    if not found:
        raise RuntimeError(f"chromium did not report the layout of {page}")
    import html

    boxes = json.loads(html.unescape(found.group(1)))
    return {"boxes": boxes, "text": html.unescape(found.group(2)), "screenshot": shot}


def compare(left: dict[str, object], right: dict[str, object]) -> list[str]:
    """Differences in layout between two measured pages (empty: same layout)."""
    problems: list[str] = []
    a, b = left["boxes"], right["boxes"]
    assert isinstance(a, list) and isinstance(b, list)
    if [x[:2] for x in a] != [y[:2] for y in b]:
        problems.append(f"element trees differ: {len(a)} vs {len(b)} elements")
        return problems
    for x, y in zip(a, b):
        tag, display, parent = x[0], x[1], x[2]
        if display in ("block", "list-item", "flex") and parent in ("block", "list-item") and x[3:] != y[3:]:
            problems.append(f"<{tag}> box moved: left/width {x[3:]} vs {y[3:]}")
    if left["text"] == right["text"]:
        problems.append("the text did not change")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--out", type=Path, help="keep the screenshots here")
    parser.add_argument("--chromium", help="path of the Chromium binary")
    args = parser.parse_args(argv)
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print("error: chromium not found; install it (apt-get install chromium) or pass --chromium",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="screenshot-") as tmp:
        work = Path(tmp)
        try:
            left = measure(chromium, args.input, work, "input")
            right = measure(chromium, args.output, work, "output")
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            print(f"error: {exc}".splitlines()[0], file=sys.stderr)
            return 2
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            for side in (left, right):
                shot = side["screenshot"]
                assert isinstance(shot, Path)
                shutil.copy(shot, args.out / shot.name)
        problems = compare(left, right)
    boxes = left["boxes"]
    assert isinstance(boxes, list)
    for problem in problems:
        print(problem)
    print(f"{len(boxes)} elements; layout {'equal' if not problems else 'DIFFERENT'}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())

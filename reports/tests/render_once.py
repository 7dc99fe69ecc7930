"""Render one PDF row in this process, started at the same moment as another process.

Run by `test_render_lock.py` as `python -m reports.tests.render_once <pdf_id> <folder>`: it
sets Django up, writes `<folder>/ready-<pid>`, waits for `<folder>/go`, then calls the render
service, and writes the row's attempts and checksum as it saw them to `<folder>/done-<pid>`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(pdf_id: int, folder: Path) -> None:
    import django

    django.setup()
    from reports.services import render_report_pdf_file

    (folder / f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("never told to go")
        time.sleep(0.005)
    row = render_report_pdf_file(pdf_id=pdf_id)
    (folder / f"done-{os.getpid()}").write_text(json.dumps({"checksum": row.checksum, "file": row.file.name}))


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))

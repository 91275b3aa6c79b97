"""What every benchmark shares: the machine it ran on, and its own section of the report."""

import os
import platform
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def write_section(section: str, begin: str, end: str) -> None:
    """Put a benchmark's section (which starts with `begin` and ends with `end`) in the report,
    replacing its earlier run and leaving the other benchmarks' sections alone."""
    text = REPORT.read_text() if REPORT.exists() else "# Performance\n\n"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        text = before + section + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text)

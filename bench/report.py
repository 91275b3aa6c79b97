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


def timed(client, url: str, runs: int, warmup: int = 2) -> dict:
    """Median, min and max milliseconds of `runs` requests after `warmup`, and the queries one
    request runs (counted with an execute wrapper, which works with DEBUG off)."""
    import statistics
    import time

    from django.db import connection

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    executed = []

    def count(run, sql, *args):
        executed.append(sql)
        return run(sql, *args)

    with connection.execute_wrapper(count):
        client.get(url)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2), "min_ms": round(samples[0], 2),
            "max_ms": round(samples[-1], 2), "queries": len(executed)}

"""What the Python benches in bench/ share: the machine line every report
starts with, and nearest-rank percentiles."""
import os
import platform


def machine():
    """'N CPU model, M GiB, OS release, load L' for the report header."""
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%d CPU %s, %.0f GiB, %s %s, load %.2f" % (
        os.cpu_count(), cpu, mem, platform.system(), platform.release(), os.getloadavg()[0])


def pct(values, p):
    """The p-th percentile (0-100) of `values`, nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

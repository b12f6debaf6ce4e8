"""Process CPU time, peak RSS and a forked child with a timeout, for the benchmark scripts.

Standard library only: imported both by ``bench_series.py`` (the exactrelu
environment) and by ``_sage_worker.py`` (the Sage interpreter, e.g.
``/opt/sagebench/bin/python``).

Peak memory
-----------
``measure`` reports the peak resident set size *above the baseline* of the
calling process: before the first timed run it resets the kernel's high-water
mark (writing ``5`` to ``/proc/self/clear_refs``, Linux >= 4.0), reads the
current ``VmRSS`` (the baseline: interpreter, imported libraries, input), runs
the call once and reads ``VmHWM``.  The difference is what the call itself
needed at its peak.  Where ``clear_refs`` is unavailable it falls back to
``ru_maxrss`` (peak over the process life) minus the baseline, which is still
correct in a fresh child whose earlier peak is the baseline.

Fresh child per measurement
---------------------------
``run_forked`` forks the (already imported) interpreter, so every measurement
starts from the same clean state without paying the import time again, and
rows never pollute each other's memory or caches.  The child runs a generator:
its first ``yield`` (the timed result) must arrive within ``timeout`` seconds of
CPU time, a second ``yield`` (untimed extras, e.g. a digest of the sign vectors)
within ``extra_timeout`` more; otherwise the parent kills the child (SIGKILL: it
may sit in C code that ignores signals) and the answer says ``timeout``.
"""

import contextlib
import gc
import json
import os
import resource
import select
import signal
import time
import traceback

_CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def _status_kib(field):
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak():
    """Reset the kernel's peak-RSS mark of this process; False where not supported."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def rss_bytes():
    """Current resident set size in bytes (``VmRSS``), or None."""
    kib = _status_kib("VmRSS")
    return None if kib is None else 1024 * kib


def peak_bytes():
    """Peak resident set size in bytes since the last :func:`reset_peak` (``VmHWM``)."""
    kib = _status_kib("VmHWM")
    if kib is None:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return 1024 * kib


def measure(fn, repeat=3, min_time=1.0, clock="cpu"):
    """Run ``fn()`` and time it; repeat while fewer than ``repeat`` runs and less than ``min_time`` s.

    Returns ``(result of the first run, times, peak bytes above the baseline)``.
    The peak is taken over the first run only (later runs reuse memory that the
    allocator kept).  ``clock`` is ``"cpu"`` (process CPU time, all threads) or
    ``"wall"``.
    """
    tick = _CLOCKS[clock]
    gc.collect()
    reset_peak()
    base = rss_bytes() or 0
    t0 = tick()
    first = fn()
    times = [tick() - t0]
    peak = max(0, peak_bytes() - base)
    while len(times) < repeat and sum(times) < min_time:
        gc.collect()
        t0 = tick()
        again = fn()
        times.append(tick() - t0)
        del again
    return first, times, peak


def _send(fd, obj):
    data = (json.dumps(obj) + "\n").encode()
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_line(fd, buf, deadline):
    """Read one line from ``fd`` before ``deadline`` (perf_counter); None on timeout, b"" on EOF."""
    while b"\n" not in buf[0]:
        left = None if deadline is None else deadline - time.perf_counter()
        if left is not None and left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b""
        buf[0] += chunk
    line, buf[0] = buf[0].split(b"\n", 1)
    return line


def child_cpu(pid):
    """CPU seconds (user + system) used so far by process ``pid``, from ``/proc/PID/stat``; None if gone."""
    try:
        with open("/proc/%d/stat" % pid) as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_forked(job, timeout, extra_timeout=None, wall_factor=10.0):
    """Run the generator function ``job`` in a forked child; return ``(first, extra)`` answers.

    ``job()`` yields a JSON-able dict (timed part), then optionally a second one
    (untimed extras).  ``first`` is that dict, or ``{"ok": False, "timeout": True,
    "limit": timeout}`` when the child used more than ``timeout`` seconds of CPU time
    before answering (the parent polls ``/proc/PID/stat`` and kills it with SIGKILL,
    which works inside C code too), or ``{"ok": False, "error": ...}`` if it raised or died.  ``extra`` is the
    second dict, None when ``job`` yields once, or a timeout/error dict likewise (with
    ``extra_timeout`` more CPU seconds, default ``timeout``).  The limits are CPU time,
    like the measurements, so a loaded machine does not turn a slow run into a false
    timeout; a wall-clock safety net (``wall_factor`` x the limit + 60 s) kills a child
    that hangs without using CPU.
    """
    extra_timeout = timeout if extra_timeout is None else extra_timeout
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        status = 0
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            for answer in job():
                _send(w, answer)
        except BaseException as exc:  # report and leave
            with contextlib.suppress(BaseException):
                error = "%s: %s" % (type(exc).__name__, exc)
                _send(w, {"ok": False, "error": error, "traceback": traceback.format_exc()[-2000:]})
            status = 1
        finally:
            os._exit(status)
    os.close(w)
    buf = [b""]
    results = []
    reaped = None
    try:
        for limit in (timeout, extra_timeout):
            start_cpu = child_cpu(pid) or 0.0
            wall_end = None if not limit else time.perf_counter() + wall_factor * limit + 60
            while True:  # wait for a line; poll the child's CPU time (a limit in the child would
                # make its CPU clock tick-granular on some kernels, so the parent enforces it)
                line = _read_line(r, buf, time.perf_counter() + 0.2)
                if line is not None:
                    break
                used = child_cpu(pid)
                if limit and (
                    (used is not None and used - start_cpu > limit) or time.perf_counter() > wall_end
                ):
                    break
            if line == b"":  # EOF: the child finished (or died)
                _, reaped = os.waitpid(pid, 0)
            if line is None:
                results.append(
                    {"ok": False, "timeout": True, "limit": limit, "error": "timeout > %g s CPU" % limit}
                )
                break
            if line == b"":
                results.append(None if results else {"ok": False, "error": "child died without an answer"})
                break
            answer = json.loads(line)
            results.append(answer)
            if answer.get("ok") is False:
                break
    finally:
        if reaped is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(r)
    while len(results) < 2:
        results.append(None)
    return results[0], results[1]

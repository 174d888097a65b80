"""Serving the API with gunicorn, and loading it with wrk (used by the
benchmarks and by the suite's load and outage tests; no Django here)."""

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(env: dict, *, workers: int = 2) -> tuple[subprocess.Popen, str]:
    """gunicorn serving Claimtrace on a free loopback port with `env`;
    returns the process and the base URL once it accepts connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start within 30 s")


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    timeout: str = "2s",
    token: str | None = None,
) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", timeout, "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Token {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "url": url,
        "connections": connections,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_latency": re.search(r"50%\s+(\S+)", out).group(1),
        "p99_latency": re.search(r"99%\s+(\S+)", out).group(1),
        "non_2xx": int(bad.group(1)) if bad else 0,
        # connect, read, write, timeout
        "socket_errors": [int(n) for n in errors.groups()] if errors else [0, 0, 0, 0],
    }

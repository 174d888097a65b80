"""Running wrk and reading its figures (used by the benchmarks and by the
suite's load test; no Django here)."""

import re
import subprocess


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

"""Serving the API with gunicorn, and loading it with wrk (used by the
benchmarks and by the suite's load and outage tests; no Django here)."""

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(env: dict, *, workers: int = 2, cpus: str = "") -> tuple[subprocess.Popen, str]:
    """gunicorn serving Claimtrace on a free loopback port with `env` (on
    `cpus`, when given); returns the process and the base URL once it
    accepts connections."""
    port = _free_port()
    command = [*pinned(cpus), sys.executable, "-m", "gunicorn", "config.wsgi"]
    command += ["-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    return process, _accepting(process, port, "gunicorn")


# The reference proxy's limits per address (config/nginx/claimtrace.conf.template),
# as docker-compose.yml sets them: a rate above the application's own client rate
# (1 200/min), so that its throttle stays the one a client meets; one request in
# flight without credentials, eight with.
PROXY_LIMITS = {
    "CLAIMTRACE_PROXY_RATE": "30r/s",
    "CLAIMTRACE_PROXY_BURST": "60",
    "CLAIMTRACE_PROXY_ANONYMOUS_IN_FLIGHT": "1",
    "CLAIMTRACE_PROXY_CLIENT_IN_FLIGHT": "8",
}


def pinned(cpus: str) -> list[str]:
    """The command prefix that keeps a process (and its children) on `cpus`."""
    return ["taskset", "-c", cpus] if cpus else []


def start_nginx(
    upstream: str, directory: Path, *, cpus: str = "", **limits: str
) -> tuple[subprocess.Popen, str]:
    """Debian's nginx with the reference proxy configuration in front of
    `upstream` (host:port), its files in `directory`, on a free loopback
    port (on `cpus`, when given); returns the process and the base URL once
    it accepts connections."""
    from string import Template

    port = _free_port()
    values = {**PROXY_LIMITS, **limits}
    values |= {"CLAIMTRACE_UPSTREAM": upstream, "CLAIMTRACE_PROXY_LISTEN": f"127.0.0.1:{port}"}
    template = (ROOT / "config" / "nginx" / "claimtrace.conf.template").read_text()
    (directory / "claimtrace.conf").write_text(Template(template).safe_substitute(values))
    paths = ""
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        path = directory / kind
        path.mkdir(exist_ok=True)
        path.chmod(0o777)  # nginx's workers run as an unprivileged user
        paths += f"{kind}_temp_path {path}; "
    (directory / "nginx.conf").write_text(
        f"worker_processes 1;\nerror_log {directory}/error.log warn;\npid {directory}/nginx.pid;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; {paths} include {directory}/claimtrace.conf; }}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf")]
    process = subprocess.Popen([*pinned(cpus), *command, "-g", "daemon off;"])
    return process, _accepting(process, port, "nginx")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepting(process: subprocess.Popen, port: int, name: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} did not start within 30 s")


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    timeout: str = "2s",
    token: str | None = None,
    cpus: str = "",
) -> dict:
    """wrk's figures for `url` (`cpus`: the CPUs it may run on, as taskset reads them)."""
    command = [*pinned(cpus), "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", timeout, "--latency", url]
    if token:
        command += ["-H", f"Authorization: Token {token}"]
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

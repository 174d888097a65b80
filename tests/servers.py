"""Servers of the tests' own, on ports of their own: a local HTTP server for
tests that fetch URLs (each test gives it a handler function and gets its
base URL), PgBouncer, Redis and PostgreSQL. Nothing leaves this machine and
the machine's own servers are never touched."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer:
    """Serves `handle(request_handler)` for every GET and POST on `host`, a
    loopback address, on a port of its own; `requests` keeps what came in."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler], None], host="127.0.0.1"):
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length) if length else b"",
                    }
                )
                # the client hanging up is what the cut-off tests want
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handle(self)

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = host, self.server.server_port
        self.url = f"http://{host}:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def answer(handler, status=200, body=b"", content_type="text/html; charset=utf-8", headers=()):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


# PostgreSQL servers of our own, and manage.py run elsewhere, live with the
# benchmarks, which use them too.
from bench.cluster import (  # noqa: E402,F401
    PostgresPair,
    PostgresServer,
    free_port,
    manage,
    run_manage,
)


class RedisServer:
    """A Redis of its own on a port of its own (no persistence, a temporary
    directory): `stop()` and `start()` take it down and up again on the same
    port, `close()` stops it. The machine's own Redis is not touched."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="claimtrace-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def up(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.up():
            if time.monotonic() > deadline:
                raise RuntimeError("Redis did not start within 10 s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PgBouncer:
    """Debian's PgBouncer in transaction mode on a port of its own, in front
    of the machine's PostgreSQL (`host`, `port`), run as the `postgres`
    system user (it refuses root) from a temporary directory; `close()` stops
    it. The machine's PostgreSQL and its configuration are not touched."""

    def __init__(self, host: str, port: int, pool_size: int = 2):

        self.dir = tempfile.mkdtemp(prefix="claimtrace-pgbouncer-")
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()
        with open(f"{self.dir}/users.txt", "w") as users:
            users.write('"postgres" ""\n')
        with open(f"{self.dir}/pgbouncer.ini", "w") as ini:
            ini.write(
                f"[databases]\n* = host={host} port={port}\n[pgbouncer]\n"
                f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
                f"unix_socket_dir = {self.dir}\nauth_type = trust\n"
                f"auth_file = {self.dir}/users.txt\npool_mode = transaction\n"
                f"default_pool_size = {pool_size}\nmax_client_conn = 200\n"
                f"logfile = {self.dir}/pgbouncer.log\npidfile = {self.dir}/pgbouncer.pid\n"
                "ignore_startup_parameters = extra_float_digits,options\n"
            )
        for name in ("users.txt", "pgbouncer.ini"):
            shutil.chown(f"{self.dir}/{name}", "postgres", "postgres")
        self.process = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", "/usr/sbin/pgbouncer", f"{self.dir}/pgbouncer.ini"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("PgBouncer did not start within 20 s")

    def close(self) -> None:

        self.process.terminate()
        self.process.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

"""Kindred as deployed, on one machine: HAProxy in front of several gunicorn gevent processes.

    python deploy/cluster.py [--processes 3] [--port 8000]        (what `make cluster` runs)

Uses PostgreSQL (DATABASE_URL, default: a `kindred` database on 127.0.0.1, created if
missing) and Redis (REDIS_URL, default redis://127.0.0.1:6379/0), migrates, seeds demo
data once, starts the processes on 127.0.0.1:5001.. and HAProxy with deploy/haproxy.cfg,
prints the URL and runs until Ctrl+C. The fault suite (tests/cluster/) drives the same
``Cluster`` class, so what it tests is what an operator runs.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
MAX_PROCESSES = 3  # the server lines in haproxy.cfg


def flask(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "community", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=180)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Cluster:
    """``env`` is every app process's environment; ``ports[0]`` is HAProxy's, the rest the apps'."""

    env: dict[str, str]
    port: int
    app_ports: list[int]
    log_dir: Path
    apps: dict[str, subprocess.Popen] = field(default_factory=dict)
    haproxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_names(self) -> list[str]:
        return [f"app{i + 1}" for i in range(len(self.app_ports))]

    def app_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.app_ports[self.app_names().index(name)]}"

    def start_app(self, name: str, **overrides: str) -> None:
        """Start (or restart) one process; ``overrides`` change its environment from the others'."""
        port = self.app_ports[self.app_names().index(name)]
        command = [str(BIN / "gunicorn"), "-c", "python:community.gunicorn_conf", "-b", f"127.0.0.1:{port}",
                   "--graceful-timeout", "5", "community.wsgi:app"]  # fmt: skip
        with (self.log_dir / f"{name}.log").open("a") as log:
            self.apps[name] = subprocess.Popen(command, env=self.env | overrides, cwd=ROOT, stdout=log,
                                               stderr=subprocess.STDOUT)  # fmt: skip

    def kill_app(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.apps.pop(name)
        process.send_signal(sig)
        process.wait(timeout=15)

    def start_haproxy(self) -> None:
        errors = self.log_dir / "errors"
        flask(self.env, "write-unavailable-page", str(errors / "503.http"))
        env = dict(os.environ) | {"KINDRED_LISTEN": f"127.0.0.1:{self.port}", "KINDRED_ERRORS": str(errors),
                                  "KINDRED_HAPROXY_LOG": "stdout"}  # fmt: skip
        # Unused server lines point at a closed port; their health checks keep them out.
        for i in range(MAX_PROCESSES):
            env[f"KINDRED_APP{i + 1}"] = f"127.0.0.1:{self.app_ports[i] if i < len(self.app_ports) else 9}"
        with (self.log_dir / "haproxy.log").open("a") as log:
            self.haproxy = subprocess.Popen(["haproxy", "-db", "-f", str(HAPROXY_CFG)], env=env, cwd=ROOT,
                                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip

    def wait_healthy(self, timeout: float = 300, only: list[str] | None = None) -> None:
        """Until every process (or those named) and HAProxy answer /healthz.

        Generous: a process compiles the screener's rules before it answers (community.wsgi),
        which takes seconds alone and over a minute on a machine shared with other work.
        """
        deadline = time.monotonic() + timeout
        pending = [self.app_url(name) for name in only or self.apps] + ([self.url] if self.haproxy else [])
        while pending and time.monotonic() < deadline:
            for name, process in self.apps.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited:\n{(self.log_dir / f'{name}.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{pending[0]}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        pending.pop(0)
                        continue
            except OSError:
                pass
            time.sleep(0.2)
        if pending:
            raise RuntimeError(f"no healthy answer from {pending} within {timeout:.0f}s; logs in {self.log_dir}")

    def stop(self) -> None:
        for process in [*self.apps.values(), self.haproxy]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.apps.values(), self.haproxy]:
            if process is None:
                continue
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.apps.clear()


def start(env: dict[str, str], *, port: int, app_ports: list[int], log_dir: Path, wait: bool = True,
          balancer: bool = True) -> Cluster:  # fmt: skip
    """Migrate, then start the app processes and HAProxy; returns once all are healthy (or at once,
    with ``wait=False``, for a caller with work to do meanwhile: then call ``wait_healthy``).
    ``balancer=False`` starts no HAProxy, for a caller that talks to each process directly."""
    if len(app_ports) > MAX_PROCESSES:
        raise ValueError(f"deploy/haproxy.cfg has {MAX_PROCESSES} server lines; add more for more processes")
    log_dir.mkdir(parents=True, exist_ok=True)
    flask(env, "db", "upgrade")
    cluster = Cluster(env, port, app_ports, log_dir)
    try:
        for name in cluster.app_names():
            cluster.start_app(name)
        if balancer:
            cluster.start_haproxy()
        if wait:
            cluster.wait_healthy()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database DATABASE_URL names, if it is missing."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make cluster runs on PostgreSQL: set DATABASE_URL to a postgresql:// URL")
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/kindred")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("PROXY_FIX", "1")
    env["SOCKETIO_ASYNC_MODE"] = "gevent"
    _ensure_database(env["DATABASE_URL"])
    cluster_dir = Path(env.get("KINDRED_INSTANCE_PATH", ROOT / "instance")) / "cluster"
    flask(env, "db", "upgrade")
    print(flask(env, "seed-demo", "--if-empty"), end="")
    # `timeout`, systemd or a terminal closing send SIGTERM: stop the processes as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cluster = start(env, port=args.port, app_ports=[5001 + i for i in range(args.processes)], log_dir=cluster_dir)
    print(f"Kindred is on {cluster.url}  ({args.processes} processes behind HAProxy; logs in {cluster_dir}; "
          "Ctrl+C to stop)", flush=True)  # fmt: skip
    try:
        while all(p.poll() is None for p in [*cluster.apps.values(), cluster.haproxy]):
            time.sleep(1)
        print("A process stopped; shutting the cluster down. Logs in", cluster_dir, file=sys.stderr)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()

"""Notification benchmark: from an approval's commit to arrival at a Web Push service, and deliveries per
second, with one worker process and with two, on PostgreSQL.

The push service is the local one of the tests (tests/providers/webpush_service.py, its own process): it
checks each VAPID signature and decrypts each RFC 8291 payload, as a browser's push service would, and
notes the arrival time. The server runs without an in-process worker; `python -m api worker` processes send.

- latency: the workers run; approvals are committed one every `--pause` seconds (0.2); for every
  delivery, arrival time at the push service minus the time the approval's event was written (p50,
  p95). The workers wake on the commit (LISTEN on the outbox's NOTIFY channel); their one-second poll
  only catches what falls due later.
- throughput: a backlog is committed while no worker runs; then the workers start; deliveries per second
  from their start to the last arrival.

    uv run python bench/notify_latency.py [--database postgres://...] [--approvals 20] [--browsers 5] [--pause 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import Server, free_port, start_server, stop_server  # noqa: E402
from tests.e2e.test_notify_workers import DECIDE, DECLARE, LOGIN, REGISTER, TODOS, PushService, _gql  # noqa: E402
from tests.pg import reset_schema  # noqa: E402


def _env(var: Path, database: str) -> dict[str, str]:
    return {
        "QC_MODE": "development",
        "DATABASE_URL": database,
        "QC_VAR_DIR": str(var),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
        "QC_LIVE_POLL_MS": "0",
    }


def _workers(env: dict[str, str], count: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "api", "worker"],
            cwd=ROOT,
            start_new_session=True,
            stdout=(logs / f"worker-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
            env={**os.environ, **env, "QC_NOTIFY_INTERVAL_SECONDS": "1"},
        )
        for n in range(count)
    ]


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _declare(server: Server, token: str, count: int, tag: str) -> None:
    for n in range(count):
        _gql(server, DECLARE, {"k": f"{tag}-declare-{n}"}, token)


def _submit_all(server: Server, token: str, tag: str, pause: float) -> int:
    edges = _gql(server, TODOS, {}, token)["data"]["center"]["todos"]["edges"]
    for n, edge in enumerate(edges):
        node = edge["node"]
        _gql(server, DECIDE, {"t": node["id"], "v": node["stepVersion"], "k": f"{tag}-submit-{n}"}, token)
        time.sleep(pause)
    return len(edges)


async def _delivery_times(database: str) -> dict[int, float]:
    """Delivery id -> commit time (epoch seconds) of the event behind it."""
    conn = await asyncpg.connect(database.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch(
            "SELECT d.id, e.created_at FROM delivery d JOIN notification n ON n.id = d.notification_id "
            "JOIN event e ON e.id = n.event_id"
        )
        pending = await conn.fetchval("SELECT count(*) FROM delivery WHERE status <> 'SENT'")
    finally:
        await conn.close()
    return {r["id"]: r["created_at"].timestamp() for r in rows} if pending == 0 else {}


async def _wait_sent(database: str, expected: int, within: float = 300) -> dict[int, float]:
    for _ in range(int(within / 0.25)):
        times = await _delivery_times(database)
        if len(times) >= expected:
            return times
        await asyncio.sleep(0.25)
    raise SystemExit("deliveries did not all go out in time; see the worker logs")


async def run(
    database: str, workers: int, approvals: int, browsers: int, work: Path, pause: float = 0.2
) -> dict[str, float]:
    await reset_schema(database)
    var = work / f"var-{workers}"
    env = _env(var, database)
    server = start_server(dict(env, QC_PORT=str(free_port())), work / f"server-{workers}.log")
    push = PushService(work / f"push-{workers}.log")
    try:
        for username in ("data", "data2"):
            token = _gql(server, LOGIN, {"u": username})["data"]["login"]["accessToken"]
            for _ in range(browsers):
                _gql(server, REGISTER, {"input": push.control("subscribe")}, token)
        builder = _gql(server, LOGIN, {"u": "builder"})["data"]["login"]["accessToken"]
        per_approval = 2 * browsers

        # latency: workers running, approvals paced
        _declare(server, builder, approvals, "lat")
        running = _workers(env, workers, work)
        await asyncio.sleep(2)
        submitted = _submit_all(server, builder, "lat", pause)
        commits = await _wait_sent(database, submitted * per_approval)
        _stop(running)
        arrivals = {p["payload"]["deliveryId"]: p["received_at"] for p in push.pushes()}
        latencies = sorted(arrivals[d] - commits[d] for d in commits if d in arrivals)

        # throughput: a backlog, then the workers
        await asyncio.to_thread(httpx.delete, f"{push.url}/_received", timeout=5)
        _declare(server, builder, approvals * 3, "tp")
        backlog = _submit_all(server, builder, "tp", 0) * per_approval
        started = time.time()
        running = _workers(env, workers, work)
        await _wait_sent(database, submitted * per_approval + backlog)
        _stop(running)
        last = max(p["received_at"] for p in push.pushes())
        return {
            "deliveries": len(latencies),
            "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "backlog": backlog,
            "per_second": backlog / (last - started),
        }
    finally:
        push.stop()
        stop_server(server)
        await reset_schema(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("QC_PG_URL", ""), help="a PostgreSQL URL (emptied)")
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=5, help="push subscriptions per official")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between two approvals (latency part)")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        raise SystemExit(
            "--database (or QC_PG_URL) must be a PostgreSQL URL; scripts/_lib.sh ensure_postgres makes one"
        )
    work = Path(tempfile.mkdtemp(prefix="qc-bench-notify-"))
    results = {n: asyncio.run(run(args.database, n, args.approvals, args.browsers, work, args.pause)) for n in (1, 2)}
    print(f"Web Push through the local push service; {args.browsers} browsers each for 2 officials; logs in {work}")
    print(f"{'workers':>8} {'deliveries':>11} {'p50 ms':>8} {'p95 ms':>8} {'backlog':>8} {'deliveries/s':>13}")
    for n, r in results.items():
        print(
            f"{n:>8} {r['deliveries']:>11.0f} {r['p50_ms']:>8.0f} {r['p95_ms']:>8.0f} {r['backlog']:>8.0f} "
            f"{r['per_second']:>13.1f}"
        )
    print(f"two workers / one: {results[2]['per_second'] / results[1]['per_second']:.2f}x deliveries per second")


if __name__ == "__main__":
    main()

"""Notification benchmark: from an approval's commit to arrival at a Web Push service, and deliveries per
second, with one worker process and with two, on PostgreSQL (target: p95 at most 300 ms with one worker).

The push service is the local one of the tests (tests/providers/webpush_service.py, its own process): it
checks each VAPID signature and decrypts each RFC 8291 payload, as a browser's push service would, and
notes the arrival time. The server (the demo city) runs without an in-process worker; `python -m api
worker` processes send. Only the bench's own projects are approved and counted.

- latency: the workers run; approvals are committed one every `--pause` seconds (0.2); for every
  delivery, arrival time at the push service minus the time the approval's event was written (p50, p95,
  p99). The workers wake on the commit (LISTEN on the outbox's NOTIFY channel); their one-second poll
  only catches what falls due later.
- throughput: a backlog is committed while no worker runs; then the workers start; deliveries per second
  from the moment the first worker is ready to the last arrival.

    uv run python bench/notify_latency.py [--database postgres://...] [--approvals 20] [--browsers 5] [--pause 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
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
from tests.e2e.test_notify_workers import DECIDE, LOGIN, REGISTER, PushService, _gql  # noqa: E402
from tests.pg import reset_schema  # noqa: E402

TARGET_P95_MS = 300.0
NAME = "通知基准"  # the bench's own projects: the demo city's are left alone
DECLARE = """mutation($k: String!, $name: String!) { declareProject(input: {idempotencyKey: $k, name: $name,
  category: NEW, type: SOFTWARE, requestedAmount: "800000"}) { __typename } }"""
TODOS = (
    """query { center(kind: BUILDER) { todos(first: 100) { edges { node { id stepVersion project { name } } } } } }"""
)
OURS = (
    "FROM delivery d JOIN notification n ON n.id = d.notification_id JOIN event e ON e.id = n.event_id "
    "JOIN project p ON p.id = n.project_id WHERE p.name LIKE $1"
)


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


def _workers(env: dict[str, str], count: int, logs: Path, phase: str) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "api", "worker"],
            cwd=ROOT,
            start_new_session=True,
            stdout=(logs / f"worker-{count}-{phase}-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
            env={**os.environ, **env, "QC_NOTIFY_INTERVAL_SECONDS": "1", "PYTHONUNBUFFERED": "1"},
        )
        for n in range(count)
    ]


async def _ready(logs: Path, count: int, phase: str, within: float = 60) -> float:
    """When the first of the workers said which channels run (it starts its passes right after)."""
    files = [logs / f"worker-{count}-{phase}-{n}.log" for n in range(count)]
    for _ in range(int(within / 0.01)):
        if any("channels:" in f.read_text() for f in files if f.exists()):
            return time.time()
        await asyncio.sleep(0.01)
    raise SystemExit(f"no worker started; see {files[0]}")


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _declare(server: Server, token: str, count: int, tag: str) -> None:
    for n in range(count):
        _gql(server, DECLARE, {"k": f"{tag}-declare-{n}", "name": f"{NAME}{tag}{n}"}, token)


def _submit_all(server: Server, token: str, tag: str, pause: float) -> int:
    edges = _gql(server, TODOS, {}, token)["data"]["center"]["todos"]["edges"]
    mine = [e["node"] for e in edges if ((e["node"]["project"] or {}).get("name") or "").startswith(NAME + tag)]
    for n, node in enumerate(mine):
        _gql(server, DECIDE, {"t": node["id"], "v": node["stepVersion"], "k": f"{tag}-submit-{n}"}, token)
        time.sleep(pause)
    return len(mine)


async def _delivery_times(database: str, tag: str) -> dict[int, float]:
    """Delivery id -> commit time (epoch seconds) of the event behind it, once all of them are sent."""
    conn = await asyncpg.connect(database.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch(f"SELECT d.id, d.status, e.created_at {OURS}", f"{NAME}{tag}%")
    finally:
        await conn.close()
    if any(r["status"] != "SENT" for r in rows):
        return {}
    return {r["id"]: r["created_at"].timestamp() for r in rows}


async def _wait_sent(database: str, tag: str, expected: int, within: float = 300) -> dict[int, float]:
    for _ in range(int(within / 0.05)):
        times = await _delivery_times(database, tag)
        if len(times) >= expected:
            return times
        await asyncio.sleep(0.05)
    raise SystemExit("deliveries did not all go out in time; see the worker logs")


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


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
        _declare(server, builder, approvals, "L")
        running = _workers(env, workers, work, "latency")
        await _ready(work, workers, "latency")
        await asyncio.sleep(1)
        submitted = _submit_all(server, builder, "L", pause)
        commits = await _wait_sent(database, "L", submitted * per_approval)
        _stop(running)
        arrivals = {p["payload"]["deliveryId"]: p["received_at"] for p in push.pushes()}
        latencies = [(arrivals[d] - commits[d]) * 1000 for d in commits if d in arrivals]

        # throughput: a backlog, then the workers
        await asyncio.to_thread(httpx.delete, f"{push.url}/_received", timeout=5)
        _declare(server, builder, approvals * 3, "T")
        backlog = _submit_all(server, builder, "T", 0) * per_approval
        running = _workers(env, workers, work, "throughput")
        started = await _ready(work, workers, "throughput")
        await _wait_sent(database, "T", backlog)
        _stop(running)
        last = max(p["received_at"] for p in push.pushes())
        return {
            "deliveries": len(latencies),
            "p50_ms": _percentile(latencies, 0.50),
            "p95_ms": _percentile(latencies, 0.95),
            "p99_ms": _percentile(latencies, 0.99),
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
    with open("/proc/loadavg") as load:
        print(f"load average: {load.read().split()[0]}")
    print(f"Web Push through the local push service; {args.browsers} browsers each for 2 officials; logs in {work}")
    header = ("workers", "deliveries", "p50 ms", "p95 ms", "p99 ms", "backlog", "deliveries/s")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (8, 11, 8, 8, 8, 8, 13), strict=True)))
    for n, r in results.items():
        print(
            f"{n:>8} {r['deliveries']:>11.0f} {r['p50_ms']:>8.0f} {r['p95_ms']:>8.0f} {r['p99_ms']:>8.0f} "
            f"{r['backlog']:>8.0f} {r['per_second']:>13.1f}"
        )
    print(f"two workers / one: {results[2]['per_second'] / results[1]['per_second']:.2f}x deliveries per second")
    p95 = results[1]["p95_ms"]
    verdict = "met" if p95 <= TARGET_P95_MS else "not met"
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms with one worker: {verdict} (p95 {p95:.0f} ms)")


if __name__ == "__main__":
    main()

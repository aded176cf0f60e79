"""City-scale benchmark (issue 17, targets 4 and 5): every center's home, stats and search on the living demo
city and on the same city grown to `--projects` projects, through the real app, in alternating rounds.

Builds both cities from scratch in one database: the living demo city (`seed-demo`) in schema `qc_demo`, and in
schema `public` the same city grown with `bench.city.grow_city` (set-based copies of every project with its
process rows); both schemas are dropped first. Then `--rounds` rounds each measure the demo city, then the
grown one, and each figure is the median of its rounds' (so a change in the machine's load touches both
sizes alike). Each request goes through the whole app in-process (httpx over ASGI: authentication,
GraphQL, ORM, PostgreSQL), one at a time, as each center's demo user. The home is the PWA's registered
`HomeScreen` text (so its compiled plan, schema/compiled.py, answers it), with no kept answers
(QC_ANSWER_CACHE_SIZE=0): every request computes the home, as after any write in the city. Prints p50 and
p95 per center and request at both sizes, their ratio, and which targets are met:
- home p50 at scale within 1.5x of the demo city's, for the builder, the data bureau, a vendor and audit;
- search p50 under 100 ms at scale for one- and two-character Chinese terms.

    uv run python bench/scale.py [--projects 100000] [--database postgres://...] [--requests 30] [--rounds 3] [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages come first

DEFAULT_DATABASE = "postgres://quancheng:quancheng@127.0.0.1:5432/quancheng_scale"
STATS = (ROOT / "pwa/src/api/operations/stats.graphql").read_text(encoding="utf-8")
SEARCH = """query Search($kind: CenterKind!, $search: String!) { center(kind: $kind) {
  projects(first: 20, filter: {search: $search}) { totalCount edges { cursor node { id code name stage status light } }
  pageInfo { hasNextPage endCursor } } } }"""
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
WITH_PROJECTS = {"BUILDER", "VENDOR", "SUPERVISOR"}  # as the PWA asks (tests/schema/centers/test_home_statements)
HELD_TO_RATIO = ("BUILDER", "DATA", "VENDOR", "AUDIT")
MAX_RATIO = 1.5
SEARCH_TERMS = ("城", "数据", "平台", "数据中台")
SEARCH_WHO = ("DATA", "BUILDER")
SEARCH_TARGET_MS = 100.0

Sample = dict[tuple[str, str], tuple[float, float]]  # (center, request) -> (p50 ms, p95 ms)


def _env(database: str, var: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database,
        "QC_VAR_DIR": var,
        "QC_ARGON2_TIME_COST": "1",
        "QC_LOGIN_ATTEMPTS_PER_MINUTE": "10000",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
        "QC_LIVE_POLL_MS": "0",
        "QC_PWA_DIST": str(Path(var, "dist")),
        "QC_ANSWER_CACHE_SIZE": "0",
    }


DEMO_SCHEMA = "qc_demo"


def _in_schema(database: str, schema: str) -> str:
    """The database URL with its tables in `schema` (Tortoise sets the connections' search_path)."""
    return f"{database}{'&' if '?' in database else '?'}schema={schema}"


async def _reset(database: str) -> None:
    conn = await asyncpg.connect(database.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(
            f"DROP SCHEMA public CASCADE; CREATE SCHEMA public; "
            f"DROP SCHEMA IF EXISTS {DEMO_SCHEMA} CASCADE; CREATE SCHEMA {DEMO_SCHEMA};"
        )
    finally:
        await conn.close()


def _holders() -> dict[str, str]:
    """Every center, through the first demo user holding it."""
    from domain.demo.data import USERS

    return {centers[0].value: username for username, (_, _, centers, _) in reversed(USERS.items())}


async def _timed(call: Callable[[], Awaitable[httpx.Response]], requests: int) -> tuple[float, float]:
    """p50 and p95 in ms of `requests` calls, after two not counted."""
    times = []
    for n in range(requests + 2):
        start = time.perf_counter()
        response = await call()
        elapsed = (time.perf_counter() - start) * 1000
        body = response.json()
        if "errors" in body:
            raise RuntimeError(body["errors"])
        if n >= 2:
            times.append(elapsed)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


async def measure(requests: int, home_text: str, turn: int = 0) -> Sample:
    """Every center's home and stats, and the search terms, through the app in this process; the centers in
    turn `turn` of their order (each round starts with another, so none is always measured first)."""
    from api.app import create_app
    from api.settings import load
    from domain.projects import tallies

    app = create_app(load())
    found: Sample = {}
    async with app.router.lifespan_context(app):
        await tallies.compact()  # as every server does within QC_TALLY_COMPACT_SECONDS of its start
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as http:

            def ask(token: str, query: str, name: str, variables: dict[str, Any]) -> Callable[[], Any]:
                body = {"query": query, "operationName": name, "variables": variables}
                headers = {"authorization": f"Bearer {token}", "accept-language": "en"}
                return lambda: http.post("/graphql", json=body, headers=headers)

            tokens = {}
            centers = sorted(_holders().items())
            for center, username in centers[turn % len(centers) :] + centers[: turn % len(centers)]:
                login = (await http.post("/graphql", json={"query": LOGIN, "variables": {"u": username}})).json()
                tokens[center] = login["data"]["login"]["accessToken"]
            for center, token in tokens.items():  # one untimed pass first: the new process's caches warm up
                variables = {
                    "kind": center,
                    "withCenter": True,
                    "withProjects": False,
                    "first": 20,
                    "firstProjects": 20,
                }
                await ask(token, home_text, "HomeScreen", variables)()
                await ask(token, STATS, "CenterStats", {"kind": center})()
            for center, token in tokens.items():
                home = {
                    "kind": center,
                    "withCenter": True,
                    "withProjects": center in WITH_PROJECTS,
                    "first": 20,
                    "firstProjects": 20,
                }
                found[center, "home"] = await _timed(ask(token, home_text, "HomeScreen", home), requests)
                found[center, "stats"] = await _timed(ask(token, STATS, "CenterStats", {"kind": center}), requests)
            for center in SEARCH_WHO:
                for term in SEARCH_TERMS:
                    search = ask(tokens[center], SEARCH, "Search", {"kind": center, "search": term})
                    found[center, f"search {term}"] = await _timed(search, requests)
    return found


async def grow(projects: int) -> tuple[int, int, float]:
    """Grow the demo city to about `projects` projects (0: leave it); the projects and tasks there, and the
    seconds taken."""
    from tortoise import Tortoise

    from bench.city import grow_city
    from domain.db import tortoise_config

    await Tortoise.init(config=tortoise_config(os.environ["DATABASE_URL"]))
    try:
        conn = Tortoise.get_connection("default")
        _, rows = await conn.execute_query("SELECT count(*) AS n FROM project")
        demo = int(rows[0]["n"])
        start = time.perf_counter()
        if projects:
            await grow_city(conn, copies=max(0, projects // demo - 1))
            await conn.execute_script("VACUUM ANALYZE")  # as autovacuum would after such a load
        took = time.perf_counter() - start
        _, rows = await conn.execute_query(
            "SELECT (SELECT count(*) FROM project) AS p, (SELECT count(*) FROM task) AS t"
        )
        return int(rows[0]["p"]), int(rows[0]["t"]), took
    finally:
        await Tortoise.close_connections()


def _median(rounds: list[Sample]) -> Sample:
    """Each figure's median over the rounds."""
    return {
        key: (statistics.median(r[key][0] for r in rounds), statistics.median(r[key][1] for r in rounds))
        for key in rounds[0]
    }


def report(demo: Sample, scale: Sample, size: tuple[int, int, float]) -> bool:
    projects, tasks, took = size
    grown = f"in {took:.0f} s" if took > 1 else "(built by an earlier run)"
    print(f"\ncity grown to {projects:,} projects, {tasks:,} tasks {grown}")
    print(f"{'center':<11} {'request':<16} {'demo p50':>9} {'p95':>8} {'scale p50':>10} {'p95':>8} {'ratio':>6}")
    for key in demo:
        (d50, d95), (s50, s95) = demo[key], scale[key]
        print(f"{key[0]:<11} {key[1]:<16} {d50:>9.1f} {d95:>8.1f} {s50:>10.1f} {s95:>8.1f} {s50 / d50:>6.2f}")
    print("\ntargets (issue 17):")
    met = True
    for center in HELD_TO_RATIO:
        ratio = scale[center, "home"][0] / demo[center, "home"][0]
        ok = ratio <= MAX_RATIO
        met &= ok
        print(
            f"  [{'met' if ok else 'MISSED'}] {center} home p50 at scale {ratio:.2f}x the demo city's (<= {MAX_RATIO}x)"
        )
    for center in SEARCH_WHO:
        for term in SEARCH_TERMS:
            if len(term) > 2:
                continue
            p50 = scale[center, f"search {term}"][0]
            ok = p50 < SEARCH_TARGET_MS
            met &= ok
            print(
                f"  [{'met' if ok else 'MISSED'}] {center} search {term} p50 {p50:.1f} ms (< {SEARCH_TARGET_MS:.0f} ms)"
            )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL; its public schema is dropped")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per figure and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (demo city, grown city)")
    parser.add_argument("--reuse", action="store_true", help="measure the cities an earlier run built, as they are")
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        print("--database must be a PostgreSQL URL", file=sys.stderr)
        return 2
    logging.getLogger("quancheng").setLevel(logging.ERROR)  # disabled channels, said at each start
    var = tempfile.mkdtemp(prefix="qc-scale-")
    os.environ.update(_env(args.database, var))
    from bench.home_screen import registered_home

    home_text = registered_home(Path(var, "dist"))  # the PWA's operations, registered as its build does
    demo_url = _in_schema(args.database, DEMO_SCHEMA)
    if args.reuse:
        size = asyncio.run(grow(0))
    else:
        asyncio.run(_reset(args.database))
        for url in (demo_url, args.database):
            for command in ("migrate", "seed-demo"):
                subprocess.run(
                    [sys.executable, "-m", "api", command],
                    cwd=ROOT,
                    check=True,
                    env={**os.environ, "DATABASE_URL": url},
                )
        size = asyncio.run(grow(args.projects))
    print(f"PostgreSQL, one process, requests one at a time, {args.requests} timed per figure, {args.rounds} rounds")
    demo_rounds, scale_rounds = [], []
    for turn in range(args.rounds):
        for url, rounds in ((demo_url, demo_rounds), (args.database, scale_rounds)):
            os.environ["DATABASE_URL"] = url
            rounds.append(asyncio.run(measure(args.requests, home_text, turn)))
    demo, scale = _median(demo_rounds), _median(scale_rounds)
    return 0 if report(demo, scale, size) else 1


if __name__ == "__main__":
    sys.exit(main())

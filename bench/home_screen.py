"""Home-screen benchmark: the builder's and the official's home query through GraphQL, against a plain
Starlette JSON endpoint that runs exactly the same SQL statements (recorded from the GraphQL request).

Prints requests/s, p50 and p99 for both, and their ratio, measured in one run (wrk, 32 connections,
one uvicorn worker). SQLite by default; `--database postgres://...` for PostgreSQL.

    uv run python bench/home_screen.py [--seconds 5] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages come first
HOME = """query Home($kind: CenterKind!) { center(kind: $kind) {
  todos(first: 20) { totalCount edges { node { id kind title expects light daysLeft dueAt
                                               project { code name stage } } } }
  projects(first: 20) { totalCount edges { node { id code name stage status light } } }
  stats { projects byStage { stage count } } } }"""
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.body = [[{body}]]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, database: str, var: str) -> None:
    """The product app plus /plain, which replays the recorded statements of one home query."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Mount, Route
    from tortoise import Tortoise

    os.environ.update({"DATABASE_URL": database, "QC_VAR_DIR": var})
    from api.app import create_app
    from api.settings import load

    product = create_app(load())
    recorded: dict[str, list[tuple[str, list]]] = {}

    async def plain(request: Request) -> Response:
        import orjson

        if not recorded:  # written by the parent after the server started
            recorded.update(json.loads(Path(var, "statements.json").read_text()))
        conn = Tortoise.get_connection("default")
        out = []
        for query, values in recorded[request.query_params["who"]]:
            _, rows = await conn.execute_query(query, values)
            out.append([dict(row) for row in rows])
        return Response(orjson.dumps(out, default=str), media_type="application/json")

    app = Starlette(
        routes=[Route("/plain", plain, methods=["POST"]), Mount("/", app=product)],
        lifespan=product.router.lifespan_context,
    )
    # wrk cuts its connections at the end of a run: those disconnects are not worth a log line.
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="critical", access_log=False)


async def record(database: str, var: str, tokens: dict[str, str]) -> None:
    """Run each home query once in-process and keep the SQL it sends."""
    os.environ.update({"DATABASE_URL": database, "QC_VAR_DIR": var})
    from tortoise import Tortoise

    from api.app import create_app
    from api.settings import load

    app = create_app(load())
    statements: dict[str, list] = {}
    async with app.router.lifespan_context(app):
        client = type(Tortoise.get_connection("default"))
        for who, (kind, token) in tokens.items():
            seen: list = []
            original = client.execute_query, client.execute_query_dict

            async def query(self, sql, values=None, _o=original[0], _seen=seen):  # type: ignore[no-untyped-def]
                _seen.append([sql, list(values or [])])
                return await _o(self, sql, values)

            async def query_dict(self, sql, values=None, _o=original[1], _seen=seen):  # type: ignore[no-untyped-def]
                _seen.append([sql, list(values or [])])
                return await _o(self, sql, values)

            client.execute_query, client.execute_query_dict = query, query_dict
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                body = {"query": HOME, "variables": {"kind": kind}}
                response = await http.post("/graphql", json=body, headers={"authorization": f"Bearer {token}"})
                assert "errors" not in response.json(), response.text
            client.execute_query, client.execute_query_dict = original
            statements[who] = seen
    Path(var, "statements.json").write_text(json.dumps(statements, default=str))


def wrk(url: str, lua: Path, seconds: int) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", "-t1", "-c32", f"-d{seconds}s", "--latency", "-s", str(lua), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, ms("50"), ms("99")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--database")
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.serve[2])
        return 0
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    var = tempfile.mkdtemp(prefix="qc-bench-")
    database = args.database or f"sqlite://{var}/bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "QC_VAR_DIR": var,
        "QC_ARGON2_TIME_COST": "1",
        "QC_LOGIN_ATTEMPTS_PER_MINUTE": "10000",
        "QC_SCAN_INTERVAL_SECONDS": "0",
    }
    subprocess.run([sys.executable, "-m", "api", "migrate"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "api", "seed-demo"], env=env, cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), database, var], env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        tokens = {}
        for who, kind in (("builder", "BUILDER"), ("data", "DATA")):
            login = httpx.post(f"{base}/graphql", json={"query": LOGIN, "variables": {"u": who}}).json()
            tokens[who] = (kind, login["data"]["login"]["accessToken"])
        os.environ["QC_ARGON2_TIME_COST"] = "1"
        asyncio.run(record(database, var, tokens))
        print(
            f"home screen, {'PostgreSQL' if database.startswith('postgres') else 'SQLite'}, "
            f"one worker, 32 connections, {args.seconds} s each"
        )
        print(f"{'who':<8} {'variant':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  SQL")
        for who, (kind, token) in tokens.items():
            body = json.dumps({"query": HOME, "variables": {"kind": kind}})
            lua = Path(var, f"{who}.lua")
            lua.write_text(LUA.format(token=token, body=body))
            gql = wrk(f"{base}/graphql", lua, args.seconds)
            raw = wrk(f"{base}/plain?who={who}", lua, args.seconds)
            sql = len(json.loads(Path(var, "statements.json").read_text())[who])
            print(f"{who:<8} {'graphql':<8} {gql[0]:>8.0f} {gql[1]:>8.1f} {gql[2]:>8.1f}  {sql}")
            print(f"{who:<8} {'plain':<8} {raw[0]:>8.0f} {raw[1]:>8.1f} {raw[2]:>8.1f}  {sql}")
            print(f"{who:<8} ratio graphql/plain requests/s: {gql[0] / raw[0]:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

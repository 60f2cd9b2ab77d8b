"""Service latency: one patient x the three seed trials, over HTTP on loopback.

Starts `elig serve` as a real process (rules loaded once at startup), then for each
request kind and each concurrency (1 and 16 clients by default) sends a bounded number
of requests with keep-alive and prints p50 / p99 latency, requests per second and the
server's CPU time per request (Linux: read from /proc, the server and its workers; it
moves less than the rest with other work on the box).

    python benchmarks/service_bench.py                       # native, FHIR Bundle and CDS Hooks
    python benchmarks/service_bench.py --workers 2 --kinds cds --per-client 50
    python benchmarks/service_bench.py --validation fast     # one FHIR check, not both

Kinds: ``native`` (POST /screen with a native profile), ``fhir`` (POST /screen with a
Synthea FHIR Bundle, parsed and validated per request), ``cds`` (a CDS Hooks patient-view
call whose prefetch is built from the same bundle). Each FHIR validation named (``full``:
the fhir.resources models, ``fast``: the default check) gets its own server
(``ELIG_FHIR_VALIDATION``), one after the other, so both are measured in the same run.
The client runs on the same machine and takes CPU from the server: the figures are what
a 2-core box does alone.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.service_support import hook_request  # noqa: E402  (the tests' CDS request builder)

NATIVE = ROOT / "patients" / "p01-eligible-conventional.yaml"
BUNDLE = ROOT / "patients" / "synthea" / "synthea-01.json"


def start(workers: int, rules: Path, validation: str) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-c", "from engine.cli import run; run()", "serve", "--port", "0",
               "--rules", str(rules), "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "ELIG_FHIR_VALIDATION": validation})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        found = re.search(r"listening on (http://\S+?) ", line)
        if found:
            url = found.group(1)
            _drain(process)
            _wait_ready(url, workers)
            return process, url
    process.kill()
    raise SystemExit("elig serve did not start")


def _drain(process: subprocess.Popen) -> None:
    """Keep reading the server's stderr so its pipe never fills."""
    import threading
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()


def _wait_ready(url: str, workers: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    if workers > 1:   # the other workers load the rules too: give them the time the first took
        time.sleep(20)


def bodies(url: str) -> dict[str, tuple[str, bytes]]:
    native = json.loads(json.dumps(yaml.safe_load(NATIVE.read_text(encoding="utf-8")), default=str))
    bundle = json.loads(BUNDLE.read_text(encoding="utf-8"))
    templates = httpx.get(f"{url}/cds-services", timeout=30).json()["services"][0]["prefetch"]
    return {"native": ("/screen", json.dumps({"patient": native, "as_of": "2026-11-01"}).encode()),
            "fhir": ("/screen", json.dumps({"patient": bundle, "as_of": "2026-11-01"}).encode()),
            "cds": ("/cds-services/trial-eligibility", json.dumps(hook_request(bundle, templates)).encode())}


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server process and its worker processes (Linux
    /proc; 0 where there is none)."""
    stats = {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()   # after the command name
        except OSError:     # a process that ended meanwhile
            continue
        stats[int(path.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))   # ppid, utime+stime
    if not stats:
        return 0.0
    ours = {pid} | {p for p, (parent, _) in stats.items() if parent == pid}
    return sum(stats[p][1] for p in ours if p in stats) / os.sysconf("SC_CLK_TCK")


async def load(url: str, path: str, body: bytes, clients: int, per_client: int,
               cpu: Callable[[], float]) -> tuple[list[float], float, float]:
    """(latencies, elapsed seconds, server CPU seconds) of the measured requests."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120,
                                 headers={"content-type": "application/json"}) as client:
        async def one_client() -> None:
            for _ in range(per_client):
                started = time.perf_counter()
                response = await client.post(path, content=body)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}: {response.text[:300]}")
        await asyncio.gather(*(one_client() for _ in range(min(clients, 4))))   # warm-up, not counted
        latencies.clear()
        started, cpu_before = time.perf_counter(), cpu()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        return latencies, time.perf_counter() - started, cpu() - cpu_before


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", default="1,16", help="concurrency levels, comma-separated")
    parser.add_argument("--per-client", type=int, default=0,
                        help="requests per client (default: 100 at 1 client, 25 per client above)")
    parser.add_argument("--kinds", default="native,fhir,cds")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--validation", default="full,fast",
                        help="FHIR validations to measure, comma-separated: full (fhir.resources models), fast")
    args = parser.parse_args(argv)
    print(f"{'kind':8} {'check':>5} {'clients':>7} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} "
          f"{'req/s':>7} {'cpu ms':>7}")
    for validation in args.validation.split(","):
        process, url = start(args.workers, args.rules, validation)
        try:
            run_kinds(args, url, validation, lambda: server_cpu(process.pid))
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def run_kinds(args: argparse.Namespace, url: str, validation: str, cpu: Callable[[], float]) -> None:
    requests = bodies(url)
    print(f"elig serve --workers {args.workers} (ELIG_FHIR_VALIDATION={validation}): {url}; "
          "one patient x the loaded trials per request")
    for kind in args.kinds.split(","):
        path, body = requests[kind]
        for clients in (int(c) for c in args.clients.split(",")):
            per_client = args.per_client or (100 if clients == 1 else 25)
            latencies, elapsed, cpu_seconds = asyncio.run(load(url, path, body, clients, per_client, cpu))
            ms = [x * 1000 for x in latencies]
            print(f"{kind:8} {validation:>5} {clients:>7} {len(ms):>8} {percentile(ms, .5):>8.1f} "
                  f"{percentile(ms, .99):>8.1f} {statistics.fmean(ms):>8.1f} {len(ms) / elapsed:>7.1f} "
                  f"{cpu_seconds * 1000 / len(ms):>7.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""How long the emulator takes to seed a 10,000-app tenant (what `regvault emulator --tenants big:10000` waits for).

Run on purpose (not collected by pytest):  python tests/benchmarks/bench_emulator_seed.py [--apps N] [--runs R]

Target: under 8 s on the 2-core reference machine, unloaded.
"""

from __future__ import annotations

import argparse
import statistics
import time

from desktop_app.emulator import Emulator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        emulator = Emulator(f"big:{args.apps}", seed=1)
        times.append(time.perf_counter() - started)
        tenant = emulator.directory.tenant("big")
        assert len(tenant.apps) + len(tenant.deleted_apps) == args.apps
    print(f"seed {args.apps} apps: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
          f"over {args.runs} runs (target < 8 s)")


if __name__ == "__main__":
    main()

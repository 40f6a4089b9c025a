"""`regvault emulator`: serve the built-in Microsoft Graph emulator until Ctrl+C."""

from __future__ import annotations

import argparse
import errno
import json
import signal
import sys
from typing import Any

from desktop_app.cli.common import non_negative, port_number

THROTTLE_CHOICES = ("off", "S", "M", "L")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "emulator",
        parents=[common],
        help="serve the local Microsoft Graph emulator (demo tenants, tests)",
        description="Serve a local Microsoft Graph v1.0 emulator on 127.0.0.1. Prints one JSON line "
        "(base URL, tenants and their tokens), then serves until Ctrl+C.",
    )
    parser.add_argument("--port", type=port_number, default=8765, help="TCP port on 127.0.0.1 (0: any free port; default 8765)")
    parser.add_argument("--tenants", default="contoso:200,fabrikam:20",
                        help="tenants to seed as NAME:APPS,... (default contoso:200,fabrikam:20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data and faults (default 1)")
    parser.add_argument("--latency-ms", type=non_negative, default=0.0, help="latency added to every answer")
    parser.add_argument("--per-object-ms", type=non_negative, default=0.0, help="latency added per object in an answer")
    parser.add_argument("--throttle", choices=THROTTLE_CHOICES, default="off",
                        help="resource-unit budget per tenant: S 3500, M 5000, L 8000 per 10 s (default off)")
    parser.add_argument("--fault-rate", type=float, default=0.0,
                        help="share of requests answered with an injected fault (503, 429, drop, slow)")
    parser.add_argument("--consistency-delay", type=non_negative, default=0.0, metavar="SECONDS",
                        help="how long a new app or service principal answers 404 (eventual consistency)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that other commands don't pay for it.
    from desktop_app.emulator import Emulator

    if not 0 <= args.fault_rate <= 1:
        print("regvault emulator: --fault-rate is between 0 and 1", file=sys.stderr)
        return 2
    try:
        emulator = Emulator(
            args.tenants,
            seed=args.seed,
            port=args.port,
            latency_ms=args.latency_ms,
            per_object_ms=args.per_object_ms,
            throttle=args.throttle,
            fault_rate=args.fault_rate,
            consistency_delay_s=args.consistency_delay,
        )
        emulator.start()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"regvault emulator: port {args.port} on 127.0.0.1 is already in use: choose another --port, "
                  "or --port 0 for any free one", file=sys.stderr)
        else:
            print(f"regvault emulator: cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"regvault emulator: --tenants {args.tenants!r}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(emulator.info(), separators=(",", ":")), flush=True)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0

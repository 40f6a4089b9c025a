"""The main window at 100,000 apps: filter, sort, select-all, the side panel, first paint, memory.

Run on purpose (not collected by pytest):  python tests/benchmarks/bench_window.py [--apps N] [--keep DIR]
[--database postgresql://…]  (a PostgreSQL server instead of the SQLite file: a schema of its own, dropped after)

Targets (issue 4): filter and sort < 50 ms median, select-all < 20 ms, the panel for an app with 365 versions
< 50 ms, first paint < 2 s. The filter figures are from the query's start, and from the keystroke, to the model holding
the new rows.
"""

from __future__ import annotations

import time

_T_IMPORTS = time.perf_counter()  # before PySide6 and the app are imported

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "ui"))

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer, SignalInstance  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from store_fill import START, add_tenant, app_name, observed  # noqa: E402
from window_context import context_for  # noqa: E402

from desktop_app.store import DatabaseLocation, SnapshotWrite, Store  # noqa: E402
from desktop_app.ui.apps_model import AppColumn  # noqa: E402
from desktop_app.ui.launch import ensure_application, window_settings  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402

REPEAT = 9


BENCH_DATABASE = "REGVAULT_BENCH_DATABASE"  # the PostgreSQL location, handed to the first-paint child process


def bench_location(data_dir: Path) -> DatabaseLocation:
    url = os.environ.get(BENCH_DATABASE)
    return DatabaseLocation.parse(url) if url else DatabaseLocation.sqlite(data_dir / "regvault.sqlite")


def build_store(location: DatabaseLocation, apps: int) -> tuple[str, int]:
    """One tenant: app 7 changed every day for 364 days (while it is the only app, so each snapshot is cheap),
    then a snapshot of `apps` apps in which app 7 has its 365th version."""
    store = Store.open(location)
    try:
        tenant = add_tenant(store, "huge")
        t0 = time.perf_counter()
        for day in range(364):
            store.write_snapshot(tenant.tenant_id, SnapshotWrite(
                started=START + timedelta(days=day), finished=START + timedelta(days=day, minutes=1),
                observed=[observed("huge", 7, day)],
            ))
        t1 = time.perf_counter()
        store.write_snapshot(tenant.tenant_id, SnapshotWrite(
            started=START + timedelta(days=364), finished=START + timedelta(days=364, minutes=30),
            observed=[observed("huge", n, 364 if n == 7 else 0) for n in range(apps)],
        ))
        busy = observed("huge", 7)
        pk = store.find_app(tenant.tenant_id, busy.app_id).pk  # type: ignore[union-attr]
        print(f"store: 365 versions of {app_name(7)} in {t1 - t0:.1f} s, {apps:,} apps in "
              f"{time.perf_counter() - t1:.1f} s" +
              (f" ({location.path.stat().st_size / 1e6:.0f} MB)" if location.path else f" on {store.engine}"))
        return tenant.tenant_id, pk
    finally:
        store.close()


def wait_for(signal: SignalInstance, action: Callable[[], None], timeout_ms: int = 30_000) -> float:
    """Seconds from `action` to `signal` (events processed meanwhile, as in the running app)."""
    loop = QEventLoop()
    done: list[float] = []

    def arrived() -> None:
        done.append(time.perf_counter())
        loop.quit()

    signal.connect(arrived)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    t0 = time.perf_counter()
    action()
    if not done:  # a cached answer arrives synchronously, before the loop would start
        loop.exec()
    signal.disconnect(arrived)
    timer.stop()
    if not done:
        raise TimeoutError("no signal within the timeout")
    return done[0] - t0


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FirstPaint(QObject):
    """Notes the first paint of the table with rows in it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.at: float | None = None
        window.apps.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.at is None and self.window.apps.model.rowCount():
            self.at = time.perf_counter()
        return False


def first_paint_child(data_dir: str) -> None:
    """Runs in a fresh process: imports, store, window, until the table is painted with rows."""
    t0 = time.perf_counter()
    app = ensure_application()
    store = Store.open(bench_location(Path(data_dir)))
    window = MainWindow(context_for(store, Path(data_dir)), window_settings(Path(data_dir)))
    probe = FirstPaint(window)
    window.show()
    while probe.at is None and time.perf_counter() - t0 < 30:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    painted = (probe.at or time.perf_counter()) - t0
    # Memory once the window has settled (rows painted, sort orders read ahead), as a user would leave it.
    end = time.perf_counter() + 1.5
    while time.perf_counter() < end or window.runner.in_flight:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    print(f"{painted:.4f} {rss_mb():.1f} {(probe.at or time.perf_counter()) - _T_IMPORTS:.4f}", flush=True)
    window.close()
    store.close()


def measure(data_dir: Path, tenant_id: str, busy_pk: int, apps: int) -> None:
    # --- start-up to first paint (a new process; also from process start, imports included) ----------------
    paints, walls, rss, with_imports = [], [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--first-paint", str(data_dir)], capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()[-1]
        walls.append(time.perf_counter() - t0)  # includes the child's settling and exit: an upper bound
        paints.append(float(out.split()[0]))
        rss.append(float(out.split()[1]))
        with_imports.append(float(out.split()[2]))
    print(f"first paint (QApplication, store, window)    : {ms(paints)}")
    print(f"first paint including the imports (PySide6, app): {ms(with_imports)}")
    print(f"process start to exit (python, imports, store, window, 1.5 s idle): {ms(walls)}")
    print(f"memory (RSS), fresh process, window open on {apps:,} apps: {statistics.median(rss):.0f} MB")

    app = ensure_application()
    rss_before = rss_mb()
    store = Store.open(bench_location(data_dir))
    print(f"engine: {store.engine}")
    window = MainWindow(context_for(store, data_dir), window_settings(data_dir))
    wait_for(window.apps.loaded, window.show)
    assert window.apps.model.rowCount() == apps, window.apps.model.rowCount()

    # --- filter: keystroke -> (debounce) -> query -> model ------------------------------------------------
    queries = ["pay", "Payroll 0", "payroll 00042", "4f", "zzz-no-match", "a", ""]
    filter_times: list[float] = []
    for _ in range(REPEAT // 3):
        for text in queries:
            window.apps.search_box.blockSignals(True)
            window.apps.search_box.setText(text)
            window.apps.search_box.blockSignals(False)
            window.apps.loader.forget()  # every filter a new one: SQL each time
            filter_times.append(wait_for(window.apps.loaded, window.apps.apply_filter))
    print(f"filter (query + model)        : {ms(filter_times)}  over {len(filter_times)} filters of 100,000 apps")
    window.apps.search_box.setFocus()
    keystroke = []
    for key in ("p", "a", "y"):
        keystroke.append(wait_for(window.apps.loaded, lambda k=key: QTest.keyClick(window.apps.search_box, k)))
    print(f"filter, keystroke to model updated: {ms(keystroke)}")
    wait_for(window.apps.loaded, lambda: window.apps.set_filter(""))

    # --- sort: header click -> sorted model ---------------------------------------------------------------
    header = window.apps.table.horizontalHeader()

    def click(col: AppColumn) -> Callable[[], None]:
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        return lambda: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    def idle(seconds: float = 0.7) -> None:
        """A user's pause between clicks: the window reads the other sort orders ahead meanwhile."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or window.runner.in_flight:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    columns = (AppColumn.NAME, AppColumn.CLIENT_ID, AppColumn.LAST_MODIFIED)
    cold: dict[str, list[float]] = {}
    for _ in range(REPEAT // 3 * 2):
        for col in columns:
            window.apps.loader.prefetch_timer.stop()
            window.apps.loader.forget()  # nothing read ahead: the click runs the SQL
            cold.setdefault(col.name, []).append(wait_for(window.apps.loaded, click(col)))
    for name, values in cold.items():
        print(f"sort by {name:<14} (SQL)   : {ms(values)}")
    all_cold = [v for values in cold.values() for v in values]
    print(f"sort, header click running the SQL    : {ms(all_cold)}")
    warm: list[float] = []
    window.apps.loader.forget()
    idle()
    for _ in range(REPEAT // 3 * 2):
        for col in columns:
            warm.append(wait_for(window.apps.loaded, click(col)))
            idle()
    print(f"sort, header click after a pause (read ahead / cached), both ways: {ms(warm)}")

    # --- select all: click -> every app checked, label updated ----------------------------------------------
    select_times, clear_times = [], []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        QTest.mouseClick(window.apps.table.select_all_box, Qt.MouseButton.LeftButton)
        select_times.append(time.perf_counter() - t0)
        assert window.apps.model.checked_count == apps
        t0 = time.perf_counter()
        QTest.mouseClick(window.apps.table.select_all_box, Qt.MouseButton.LeftButton)
        clear_times.append(time.perf_counter() - t0)
    print(f"select all {apps:,}           : {ms(select_times)}   (and clear: {ms(clear_times)})")

    # --- the panel for an app with 365 versions -------------------------------------------------------------
    panel_times, step_times = [], []
    other = window.apps.model.pk_at(0) if window.apps.model.pk_at(0) != busy_pk else window.apps.model.pk_at(1)
    for _ in range(REPEAT):
        panel_times.append(wait_for(window.panel.version_shown, lambda: window.panel.show_app(busy_pk)))
        wait_for(window.panel.version_shown, lambda: window.panel.show_app(other))
    versions = len(window.panel.view.versions) if window.panel.view else 0
    wait_for(window.panel.version_shown, lambda: window.panel.show_app(busy_pk))
    versions = len(window.panel.view.versions)  # type: ignore[union-attr]
    for _ in range(REPEAT):
        step_times.append(wait_for(window.panel.version_shown, window.panel.show_older))
    red = len(window.panel.view.tree.red_paths)  # type: ignore[union-attr]
    print(f"panel, app with {versions} versions : {ms(panel_times)}  (diff with {red} red rows)")
    print(f"panel, step to an older version: {ms(step_times)}")

    print(f"memory (RSS) after all of the above: {rss_mb():.0f} MB ({rss_before:.0f} MB before the store and "
          "window; this process may also have built the store)")
    window.close()
    store.close()



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--keep", help="reuse/keep the benchmark data folder here")
    parser.add_argument("--first-paint", help=argparse.SUPPRESS)
    parser.add_argument("--database", help="a PostgreSQL server's URL: measure there instead of SQLite")
    args = parser.parse_args()
    if args.first_paint:
        first_paint_child(args.first_paint)
        return
    if args.database:
        from store_table_bench import bench_database

        with tempfile.TemporaryDirectory() as tmp, bench_database(args.database, Path(tmp)) as location:
            os.environ[BENCH_DATABASE] = location.url.replace("@", f":{location.password}@", 1) \
                if location.password else location.url
            tenant_id, busy_pk = build_store(location, args.apps)
            measure(Path(tmp), tenant_id, busy_pk, args.apps)
        return
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="regvault-bench-window-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "regvault.sqlite"
    marker = data_dir / "bench.txt"
    if marker.exists():
        tenant_id, pk = marker.read_text().split()
        busy_pk = int(pk)
        print(f"store: reusing {db}")
    else:
        tenant_id, busy_pk = build_store(DatabaseLocation.sqlite(db), args.apps)
        marker.write_text(f"{tenant_id} {busy_pk}")
    measure(data_dir, tenant_id, busy_pk, args.apps)


if __name__ == "__main__":
    main()

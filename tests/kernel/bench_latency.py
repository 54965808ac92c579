"""Latency of the `.net-csharp` kernel (a benchmark, not a test): start to first kernel_info_reply, start to the first
cell's result (the execution process started), and the execute round trip of a trivial cell after warm-up. Prints a Markdown table; run by hand, results go to docs/kernel.md.

    JUPYTER_PATH=... /usr/bin/python3 tests/kernel/bench_latency.py [starts] [cells]
"""
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

from kernel_support import KERNEL_NAME, NOTEBOOKS


def quiet(msg):
    """Outputs are not printed (execute_interactive's default hook would print every result)."""


def first_reply_seconds():
    km = KernelManager(kernel_name=KERNEL_NAME)
    t0 = time.perf_counter()
    km.start_kernel(cwd=NOTEBOOKS)
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    kc.get_shell_msg(timeout=60)
    elapsed = time.perf_counter() - t0
    return km, kc, elapsed


def main():
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cells = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    first = []
    first_cell = []
    round_trips = []
    for i in range(starts):
        km, kc, seconds = first_reply_seconds()
        first.append(seconds)
        t0 = time.perf_counter()
        kc.execute_interactive("1 + 1", timeout=120, output_hook=quiet)  # waits for the execution process to be up
        first_cell.append(seconds + time.perf_counter() - t0)
        if i == 0:
            for _ in range(5):  # warm-up: the execution process starts, Roslyn compiles its first cells
                kc.execute_interactive("1 + 1", timeout=120, output_hook=quiet)
            for _ in range(cells):
                t0 = time.perf_counter()
                kc.execute_interactive("1 + 1", timeout=60, output_hook=quiet)
                round_trips.append(time.perf_counter() - t0)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("| measure | best | median | worst | n |")
    print("|---|---:|---:|---:|---:|")
    print(f"| start to first kernel_info_reply (s) | {min(first):.2f} | {statistics.median(first):.2f} | {max(first):.2f} | {len(first)} |")
    print(f"| start to the first cell's result (s) | {min(first_cell):.2f} | {statistics.median(first_cell):.2f} | {max(first_cell):.2f} | {len(first_cell)} |")
    ms = [r * 1000 for r in round_trips]
    print(f"| trivial cell `1 + 1`, execute round trip (ms) | {min(ms):.1f} | {statistics.median(ms):.1f} | {max(ms):.1f} | {len(ms)} |")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Side-by-side peer comparison: this library (tools/peer, C#) against Debian's PyTorch 1.13 on the same shapes.

Run with Debian's system interpreter (it owns python3-torch):
    dotnet build tools/peer/Peer.csproj -c Release
    /usr/bin/python3 tools/peer/peer.py [--threads 1] [--rounds 3] [--cases a,b,...]

Both sides use the same number of threads (ours through DOTNET_PROCESSOR_COUNT, PyTorch through torch.set_num_threads).
Each round runs every case once on each side, interleaved (ours, then PyTorch, case by case), after one warm-up round;
the table shows the best of the rounds and the ratio PyTorch / ours (> 1: we are faster). Extra memory: bytes the call
allocated or added to the peak working set (ours), growth of the peak RSS (PyTorch).

Wall-clock time is what a user waits, but on a shared machine each process gets only a slice of a core, so the table
also shows each side's process CPU time (all its threads) during the call, best of the rounds: time-slicing does not
inflate it, so its ratio and the % of FMA peak computed from it stay meaningful under load (cache and memory-bandwidth
contention from other processes still slow both sides). --peak sets the FMA peak per core in GFLOP/s.
"""
import argparse, os, resource, subprocess, sys, time


def _threads_from_argv():
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return "1"


os.environ.setdefault("OPENBLAS_CORETYPE", "SkylakeX")  # Debian's OpenBLAS misdetects Zen 5 otherwise (platform-facts.md)
# OpenBLAS and OpenMP start their own thread pools at import: pin them to the same count as torch.set_num_threads,
# or a 1-thread comparison runs PyTorch's BLAS on every core (and oversubscribes a loaded machine).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _threads_from_argv()
import torch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEER_DLL = os.path.join(ROOT, "tools", "peer", "bin", "Release", "net10.0", "Peer.dll")

FLOPS = {  # multiply-adds counted as 2 flops; attention as 4·T·S·Dk per head (QKᵀ and P·V), halved when causal
    "gemm512": 2 * 512**3,
    "gemm1024": 2 * 1024**3,
    "attention8x1024": 8 * 4 * 1024 * 1024 * 64,
    "attention8x1024causal": 8 * 4 * 1024 * 1024 * 64 / 2,
    "mha512x8x1024": 4 * 2 * 1024 * 512 * 512 + 4 * 1024 * 1024 * 512,
    "attention8x4096": 8 * 4 * 4096 * 4096 * 64,
    "mhaBatch8x512": 8 * (4 * 2 * 512 * 512 * 512 + 4 * 512 * 512 * 512),
    "causal65536": 4 * 65536 * 65536 * 64 / 2,
}


def torch_case(name):
    g = torch.Generator().manual_seed(0)
    randn = lambda *shape: torch.randn(*shape, generator=g)
    if name.startswith("gemm"):
        n = int(name[4:])
        a, b = randn(n, n), randn(n, n)
        c = torch.empty(n, n)
        return lambda: torch.matmul(a, b, out=c)
    if name.startswith("attention8x"):
        causal = name.endswith("causal")
        t = int(name[len("attention8x"):].replace("causal", ""))
        q, k, v = randn(8, t, 64), randn(8, t, 64), randn(8, t, 64)
        blocked = torch.triu(torch.ones(t, t, dtype=torch.bool), 1) if causal else None

        def run():
            s = torch.matmul(q, k.transpose(-2, -1)) * (64 ** -0.5)
            if blocked is not None:
                s = s.masked_fill(blocked, float("-inf"))
            return torch.matmul(torch.softmax(s, dim=-1), v)
        return run
    if name.startswith("mha"):
        batch, t = (1, 1024) if name == "mha512x8x1024" else (8, 512)
        layer = torch.nn.MultiheadAttention(512, 8, batch_first=True).eval()
        x = randn(batch, t, 512)

        def run():
            with torch.no_grad():
                return layer(x, x, x, need_weights=False)[0]
        return run
    if name == "causal65536":
        t, chunk = 65536, 1024
        q, k, v = randn(t, 64), randn(t, 64), randn(t, 64)
        # PyTorch 1.13 has no fused CPU attention: the (T, T) scores would need 16 GiB, so it runs in query chunks.
        def run():
            out = torch.empty(t, 64)
            with torch.no_grad():
                for t0 in range(0, t, chunk):
                    end = t0 + chunk
                    s = torch.matmul(q[t0:end], k[:end].T) * (64 ** -0.5)
                    s = s.masked_fill(torch.triu(torch.ones(chunk, end, dtype=torch.bool), t0 + 1), float("-inf"))
                    out[t0:end] = torch.matmul(torch.softmax(s, dim=-1), v[:end])
            return out
        return run
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", default=",".join(FLOPS))
    parser.add_argument("--peak", type=float, default=243.0, help="FMA peak of one core, GFLOP/s (this machine: 243)")
    args = parser.parse_args()
    names = args.cases.split(",")
    torch.set_num_threads(args.threads)
    env = dict(os.environ, DOTNET_PROCESSOR_COUNT=str(args.threads), DOTNET_TieredPGO="1")
    ours = subprocess.Popen(["dotnet", PEER_DLL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def ask(name):
        ours.stdin.write(name + "\n")
        ours.stdin.flush()
        ms, extra, cpu_ms = ours.stdout.readline().split()
        return float(ms) / 1000, int(extra), float(cpu_ms) / 1000

    best = {n: [float("inf"), float("inf"), 0, 0, float("inf"), float("inf")] for n in names}
    torch_runs = {}
    print(f"torch {torch.__version__}, threads {args.threads}, rounds {args.rounds} (+1 warm-up), interleaved", file=sys.stderr)
    # The 64k case runs first (one timed run each, no warm-up: seconds per run), while both processes are still small,
    # so the growth of their peak memory is the case's own.
    names.sort(key=lambda n: n != "causal65536")
    for r in range(args.rounds + 1):
        for n in names:
            if n == "causal65536" and r > 0:
                continue
            seconds, extra, cpu = ask(n)
            if n not in torch_runs:
                torch_runs[n] = torch_case(n)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            start, cpu_start = time.perf_counter(), time.process_time()
            torch_runs[n]()
            torch_seconds = time.perf_counter() - start
            torch_cpu = time.process_time() - cpu_start
            torch_extra = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss
            if r == 0 and n != "causal65536":
                print(f"  warm-up {n}", file=sys.stderr)
                continue
            b = best[n]
            b[0] = min(b[0], seconds); b[1] = min(b[1], torch_seconds)
            b[2] = max(b[2], extra); b[3] = max(b[3], torch_extra)
            b[4] = min(b[4], cpu); b[5] = min(b[5], torch_cpu)
            print(f"  round {r} {n}: ours {seconds * 1e3:.1f} ms ({cpu * 1e3:.1f} CPU), "
                  f"torch {torch_seconds * 1e3:.1f} ms ({torch_cpu * 1e3:.1f} CPU)", file=sys.stderr)
    ours.stdin.close()
    ours.wait()

    print("| case | ours (ms) | PyTorch (ms) | PyTorch / ours | ours CPU ms | PyTorch CPU ms | CPU ratio "
          "| ours GFLOP/CPU-s | % of FMA peak | ours extra MiB | PyTorch extra MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        o, t, oe, te, oc, tc = best[n]
        per_cpu = FLOPS[n] / oc / 1e9
        print(f"| {n} | {o * 1e3:.1f} | {t * 1e3:.1f} | {t / o:.2f} | {oc * 1e3:.1f} | {tc * 1e3:.1f} | {tc / oc:.2f} "
              f"| {per_cpu:.0f} | {100 * per_cpu / args.peak:.0f} % | {oe / 2**20:.1f} | {te / 2**20:.1f} |")


if __name__ == "__main__":
    main()

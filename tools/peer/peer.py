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
    "trainInduction10": None,      # training cases: time per step and time to a loss, not GFLOP/s
    "trainInductionToLoss": None,
}

# Chapter 13's two-layer induction model (ShippedModels.InductionTwoLayer) and its recipe, rebuilt in PyTorch the way a
# PyTorch user would write it: pre-norm GELU encoder layers with a causal mask, sequences padded into one batch.
SYMBOLS, MIN_HALF, MAX_HALF, D_MODEL, HEADS, LAYERS, D_FF = 24, 4, 8, 32, 2, 2, 64
STEPS, BATCH, LR, WARMUP, MIN_LR, DECAY, CLIP = 1000, 16, 3e-3, 30, 3e-4, 0.01, 1.0
TRAIN_LOSS_TARGET = 0.1  # the mean loss of the last 20 steps, as in tools/peer/Program.cs


def induction_set(count, generator):
    """Halves of 4-8 distinct random symbols, repeated once; the repeated half is scored (target -1 elsewhere)."""
    examples = []
    for _ in range(count):
        length = int(torch.randint(MIN_HALF, MAX_HALF + 1, (1,), generator=generator))
        half = torch.randperm(SYMBOLS, generator=generator)[:length]
        sequence = torch.cat([half, half])
        targets = sequence[1:].clone()
        targets[:length - 1] = -1
        examples.append((sequence[:-1], targets))
    return examples


class TinyGptTorch(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(SYMBOLS + 1, D_MODEL)
        self.positions = torch.nn.Embedding(4 * MAX_HALF, D_MODEL)
        self.blocks = torch.nn.ModuleList(torch.nn.TransformerEncoderLayer(
            D_MODEL, HEADS, D_FF, dropout=0.0, activation="gelu", batch_first=True, norm_first=True) for _ in range(LAYERS))
        self.norm = torch.nn.LayerNorm(D_MODEL)
        self.head = torch.nn.Linear(D_MODEL, SYMBOLS + 1)

    def forward(self, ids):  # (B, T) -> (B, T, V)
        t = ids.shape[1]
        x = self.embedding(ids) + self.positions(torch.arange(t))
        causal = torch.triu(torch.full((t, t), float("-inf")), 1)
        for block in self.blocks:
            x = block(x, src_mask=causal)
        return self.head(self.norm(x))


def torch_trainer():
    """Returns train(steps, stop_below=None): AdamW with warm-up and cosine, clipping, weight decay on matrices only."""
    import math
    g = torch.Generator().manual_seed(1)
    examples = induction_set(4000, g)

    def train(steps, stop_below=None, model=None):
        torch.manual_seed(1)
        model = model or TinyGptTorch()
        decay = [p for p in model.parameters() if p.dim() >= 2]
        rest = [p for p in model.parameters() if p.dim() < 2]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": DECAY}, {"params": rest, "weight_decay": 0.0}], lr=LR)

        def rate(step):
            if step < WARMUP:
                return (step + 1) / WARMUP
            progress = (step - WARMUP) / max(1, STEPS - WARMUP)
            return (MIN_LR + 0.5 * (LR - MIN_LR) * (1 + math.cos(math.pi * progress))) / LR
        recent = []
        for step in range(steps):
            picks = torch.randint(len(examples), (BATCH,), generator=g)
            batch = [examples[int(i)] for i in picks]
            t = max(len(ids) for ids, _ in batch)
            ids = torch.zeros(BATCH, t, dtype=torch.long)
            targets = torch.full((BATCH, t), -1, dtype=torch.long)
            for b, (x, y) in enumerate(batch):
                ids[b, :len(x)] = x
                targets[b, :len(y)] = y
            for group in opt.param_groups:
                group["lr"] = LR * rate(step)
            logits = model(ids)
            per_token = torch.nn.functional.cross_entropy(logits.reshape(-1, SYMBOLS + 1), targets.reshape(-1),
                                                          ignore_index=-1, reduction="none").reshape(BATCH, t)
            scored = (targets >= 0).float()
            loss = ((per_token * scored).sum(1) / scored.sum(1)).mean()  # mean over sequences of each one's mean
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
            opt.step()
            recent = (recent + [float(loss)])[-20:]
            if stop_below is not None and len(recent) == 20 and sum(recent) / 20 < stop_below:
                print(f"  torch: mean loss of 20 steps below {stop_below} at step {step + 1}", file=sys.stderr)
                return
        if stop_below is not None:
            print(f"  torch: never below {stop_below} in {steps} steps", file=sys.stderr)
    return train


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
        # One call on the whole (B, T, D) batch, as the C# side calls the batched Forward(Tensor3) for B > 1.
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
    if name == "trainInduction10":
        train = torch_trainer()
        model = TinyGptTorch()
        return lambda: train(10, model=model)
    if name == "trainInductionToLoss":
        train = torch_trainer()
        return lambda: train(STEPS, stop_below=TRAIN_LOSS_TARGET)
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", default=",".join(n for n in FLOPS if FLOPS[n] is not None))
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
    if any(FLOPS[n] is None for n in names) and any(FLOPS[n] is not None for n in names):
        sys.exit("run the training cases (trainInduction10, trainInductionToLoss) on their own: their table differs")
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

    if all(FLOPS[n] is None for n in names):
        print("| case | ours (ms) | PyTorch (ms) | PyTorch / ours | ours CPU ms | PyTorch CPU ms | CPU ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for n in names:
            o, t, _, _, oc, tc = best[n]
            print(f"| {n} | {o * 1e3:.1f} | {t * 1e3:.1f} | {t / o:.2f} | {oc * 1e3:.1f} | {tc * 1e3:.1f} | {tc / oc:.2f} |")
        return
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

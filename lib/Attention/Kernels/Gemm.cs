using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Attention.Kernels;

/// <summary>
/// Single-precision matrix multiply C = A·B or C = A·Bᵀ on row-major arrays. The public <see cref="Ops"/> members
/// validate shapes once and then call here; <see cref="Multiply"/> itself only checks, once at entry, that every array
/// is long enough for m, k and n (O(1), <see cref="KernelGuard"/>), because the loops behind it index through unchecked
/// references. <c>Kernel</c> takes references and checks nothing: its callers own the bounds.
/// </summary>
/// <remarks>
/// The classic Goto/BLIS structure, reduced to what a transformer needs:
/// <list type="number">
/// <item>B is packed once into column panels NR wide (zero-padded at the right edge), each panel stored k-major so the
/// micro-kernel reads it with unit stride. Packing reads B either as (K, N) or as (N, K), which is how A·Bᵀ avoids
/// materialising the transpose.</item>
/// <item>K is split into blocks of <see cref="KC"/> so a panel slice (KC × NR floats = 32 KiB with Vector512) stays in L1,
/// rows into blocks of <see cref="MC"/> so the A block (MC × KC, packed contiguously) stays in L2, and columns into
/// blocks of <see cref="NC"/> so the slab of packed B that one A block sweeps (KC × NC floats = 1 MiB) stays in L2/L3
/// however wide B is.</item>
/// <item>The micro-kernel keeps an MR × NR tile of C in registers (6 × 32 = 12 Vector512 accumulators), broadcasting one
/// element of A per row and doing two fused multiply-adds per row per k.</item>
/// <item>Edge tiles (fewer than MR rows or NR columns) run the same kernel on zero-padded copies and add back only the valid part.</item>
/// <item>Above <see cref="ParallelThreshold"/> multiply-adds, contiguous row ranges run in parallel, one per core, on the dedicated threads of <see cref="Workers"/>.</item>
/// </list>
/// </remarks>
internal static class Gemm
{
    /// <summary>Which micro-kernel to use; tests force each one to check them all against the naive reference.</summary>
    internal enum Path { Auto, Vector512, Vector256, Vector128, Scalar }

    private const int MR = 6;
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 1024;

    /// <summary>M·N·K below which one thread does the whole product (2²¹ ≈ a 128³ product).</summary>
    internal const long ParallelThreshold = 1L << 21;

    /// <summary>The path <see cref="Path.Auto"/> resolves to on this machine.</summary>
    internal static Path Best =>
        Vector512.IsHardwareAccelerated ? Path.Vector512 :
        Vector256.IsHardwareAccelerated ? Path.Vector256 :
        Vector128.IsHardwareAccelerated ? Path.Vector128 : Path.Scalar;

    /// <summary>NR, the width of a B panel (two vectors) for a vector path.</summary>
    internal static int PanelWidth(Path path) => path switch
    {
        Path.Vector512 => 2 * Vector512<float>.Count,
        Path.Vector256 => 2 * Vector256<float>.Count,
        _ => 2 * Vector128<float>.Count,
    };

    /// <summary>MR, the rows of a register tile.</summary>
    internal const int TileRows = MR;

    /// <summary>How many products have taken the parallel path; the parallel test reads it to prove that path ran.</summary>
    internal static long ParallelProducts;

    /// <summary>c = a·b, or c = a·bᵀ when <paramref name="bTransposed"/>. a is (m, k); b is (k, n), or (n, k) when transposed; c is (m, n) and is overwritten.</summary>
    /// <remarks><c>cores</c>: how many row ranges a large product may split into; 0 = every core (tests force &gt; 1 on any machine).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">m, k or n is negative.</exception>
    /// <exception cref="ArgumentException">a, b or c is shorter than its shape requires; the message names it and both lengths.</exception>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n, bool bTransposed, Path path = Path.Auto, int cores = 0)
    {
        KernelGuard.ThrowIfNegative(m, nameof(m));
        KernelGuard.ThrowIfNegative(k, nameof(k));
        KernelGuard.ThrowIfNegative(n, nameof(n));
        KernelGuard.ThrowIfShorter(a, m, k, nameof(a));
        KernelGuard.ThrowIfShorter(b, bTransposed ? n : k, bTransposed ? k : n, nameof(b));
        KernelGuard.ThrowIfShorter(c, m, n, nameof(c));
        if (path == Path.Auto) path = Best;
        if (path == Path.Scalar)
        {
            MultiplyScalar(a, b, c, m, k, n, bTransposed);
            return;
        }

        int nr = PanelWidth(path);
        int panels = (n + nr - 1) / nr;
        float[] packed = ArrayPool<float>.Shared.Rent(checked(panels * k * nr));
        try
        {
            Pack(b, packed, k, n, nr, bTransposed);
            c.AsSpan(0, m * n).Clear();
            int tiles = (m + MR - 1) / MR;
            int parts = Math.Min(cores > 0 ? cores : Environment.ProcessorCount, tiles);
            if ((long)m * n * k >= ParallelThreshold && parts > 1)
            {
                Interlocked.Increment(ref ParallelProducts);
                Workers.For(parts, p =>
                {
                    int first = (int)((long)p * tiles / parts) * MR;
                    int last = Math.Min(m, (int)((long)(p + 1) * tiles / parts) * MR);
                    MultiplyRows(a, packed, c, first, last, k, n, nr, path);
                });
            }
            else
            {
                MultiplyRows(a, packed, c, 0, m, k, n, nr, path);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>Packs b into panels of nr columns: element (kk, j) of panel p lands at ((p·k + kk)·nr + j); columns past n are zero.</summary>
    private static void Pack(float[] b, float[] packed, int k, int n, int nr, bool bTransposed)
    {
        int panels = (n + nr - 1) / nr;
        for (int p = 0; p < panels; p++)
        {
            int j0 = p * nr;
            int width = Math.Min(nr, n - j0);
            Span<float> panel = packed.AsSpan(p * k * nr, k * nr);
            if (width < nr) panel.Clear();
            if (!bTransposed)
            {
                // b is (k, n): row kk of the panel is a contiguous slice of row kk of b.
                for (int kk = 0; kk < k; kk++)
                    b.AsSpan(kk * n + j0, width).CopyTo(panel.Slice(kk * nr, width));
            }
            else
            {
                // b is (n, k): column j of the panel is row (j0 + j) of b; read rows contiguously, write strided.
                for (int j = 0; j < width; j++)
                {
                    ReadOnlySpan<float> row = b.AsSpan((j0 + j) * k, k);
                    for (int kk = 0; kk < k; kk++) panel[kk * nr + j] = row[kk];
                }
            }
        }
    }

    /// <summary>
    /// Accumulates rows [rowStart, rowEnd) of c += a·packed, block by block. Each MC × KC block of A is first copied into
    /// a contiguous buffer (rows kc apart, zero rows up to a multiple of MR): rows of a wide A lie 4 KiB apart at K = 1024,
    /// which maps all six rows of a tile to one L1 set and evicts the B panel; packed, they are kc floats apart.
    /// </summary>
    private static void MultiplyRows(float[] a, float[] packed, float[] c, int rowStart, int rowEnd, int k, int n, int nr, Path path)
    {
        Span<float> cTile = stackalloc float[MR * 2 * 16];
        float[] aBlock = ArrayPool<float>.Shared.Rent((MC + MR) * KC);
        try
        {
            ref float aPacked = ref MemoryMarshal.GetArrayDataReference(aBlock);
            ref float bRef = ref MemoryMarshal.GetArrayDataReference(packed);
            ref float cRef = ref MemoryMarshal.GetArrayDataReference(c);
            int panels = (n + nr - 1) / nr;

            for (int jc = 0; jc < n; jc += NC)
            for (int k0 = 0; k0 < k; k0 += KC)
            {
                int kc = Math.Min(KC, k - k0);
                int firstPanel = jc / nr, endPanel = Math.Min(panels, (jc + NC) / nr);
                for (int i0 = rowStart; i0 < rowEnd; i0 += MC)
                {
                    int mc = Math.Min(MC, rowEnd - i0);
                    int mcPadded = (mc + MR - 1) / MR * MR;
                    for (int r = 0; r < mc; r++)
                        a.AsSpan((i0 + r) * k + k0, kc).CopyTo(aBlock.AsSpan(r * kc, kc));
                    aBlock.AsSpan(mc * kc, (mcPadded - mc) * kc).Clear();

                    for (int p = firstPanel; p < endPanel; p++)
                    {
                        int j0 = p * nr;
                        int nValid = Math.Min(nr, n - j0);
                        ref float bPanel = ref Unsafe.Add(ref bRef, (p * k + k0) * nr);
                        for (int i = i0; i < i0 + mc; i += MR)
                        {
                            int mValid = Math.Min(MR, i0 + mc - i);
                            ref float aTile = ref Unsafe.Add(ref aPacked, (i - i0) * kc);
                            if (mValid == MR && nValid == nr)
                            {
                                Kernel(path, ref aTile, kc, ref bPanel, kc, ref Unsafe.Add(ref cRef, i * n + j0), n);
                                continue;
                            }

                            // Edge tile (zero rows already in the packed block): compute into a scratch tile, add back the valid part.
                            cTile.Clear();
                            Kernel(path, ref aTile, kc, ref bPanel, kc, ref MemoryMarshal.GetReference(cTile), nr);
                            for (int r = 0; r < mValid; r++)
                            {
                                Span<float> cRow = c.AsSpan((i + r) * n + j0, nValid);
                                ReadOnlySpan<float> tileRow = cTile.Slice(r * nr, nValid);
                                for (int jj = 0; jj < nValid; jj++) cRow[jj] += tileRow[jj];
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(aBlock);
        }
    }

    private static void Kernel(Path path, ref float a, int lda, ref float b, int kc, ref float c, int ldc) =>
        Kernel(path, ref a, lda, ref b, PanelWidth(path), kc, ref c, ldc, accumulate: true);

    /// <summary>
    /// The register tile: C(MR×NR) (+)= A(MR×kc)·B(kc×NR), A rows lda apart, B rows ldb apart (NR contiguous floats each),
    /// C rows ldc apart. With <paramref name="accumulate"/> false the tile is stored, not added.
    /// </summary>
    internal static void Kernel(Path path, ref float a, int lda, ref float b, int ldb, int kc, ref float c, int ldc, bool accumulate)
    {
        if (path == Path.Vector512) Kernel512(ref a, lda, ref b, ldb, kc, ref c, ldc, accumulate);
        else if (path == Path.Vector256) Kernel256(ref a, lda, ref b, ldb, kc, ref c, ldc, accumulate);
        else Kernel128(ref a, lda, ref b, ldb, kc, ref c, ldc, accumulate);
    }

    /// <summary>C(6×32) += A(6×kc)·Bpanel(kc×32): 12 Vector512 accumulators, 12 FMAs per k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(ref float a, int lda, ref float b, int ldb, int kc, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a0 = ref a;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref float a4 = ref Unsafe.Add(ref a, 4 * lda);
        ref float a5 = ref Unsafe.Add(ref a, 5 * lda);
        ref float bk = ref b;
        for (int kk = 0; kk < kc; kk++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref bk);
            Vector512<float> b1 = Vector512.LoadUnsafe(ref bk, 16);
            bk = ref Unsafe.Add(ref bk, ldb);
            Vector512<float> x = Vector512.Create(Unsafe.Add(ref a0, kk));
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a1, kk));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a2, kk));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref a3, kk));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref a4, kk));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref a5, kk));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
        }
        if (accumulate)
        {
            Add512(ref c, c00, c01);
            Add512(ref Unsafe.Add(ref c, ldc), c10, c11);
            Add512(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
            Add512(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
            Add512(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
            Add512(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
            return;
        }
        Store512(ref c, c00, c01);
        Store512(ref Unsafe.Add(ref c, ldc), c10, c11);
        Store512(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        Store512(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        Store512(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        Store512(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add512(ref float row, Vector512<float> left, Vector512<float> right)
    {
        (Vector512.LoadUnsafe(ref row) + left).StoreUnsafe(ref row);
        (Vector512.LoadUnsafe(ref row, 16) + right).StoreUnsafe(ref row, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float row, Vector512<float> left, Vector512<float> right)
    {
        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 16);
    }

    /// <summary>C(6×16) += A(6×kc)·Bpanel(kc×16): the same kernel with Vector256, for CPUs without AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(ref float a, int lda, ref float b, int ldb, int kc, ref float c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a0 = ref a;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref float a4 = ref Unsafe.Add(ref a, 4 * lda);
        ref float a5 = ref Unsafe.Add(ref a, 5 * lda);
        ref float bk = ref b;
        for (int kk = 0; kk < kc; kk++)
        {
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bk);
            Vector256<float> b1 = Vector256.LoadUnsafe(ref bk, 8);
            bk = ref Unsafe.Add(ref bk, ldb);
            Vector256<float> x = Vector256.Create(Unsafe.Add(ref a0, kk));
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a1, kk));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a2, kk));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a3, kk));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a4, kk));
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a5, kk));
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
        }
        if (accumulate)
        {
            Add256(ref c, c00, c01);
            Add256(ref Unsafe.Add(ref c, ldc), c10, c11);
            Add256(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
            Add256(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
            Add256(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
            Add256(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
            return;
        }
        Store256(ref c, c00, c01);
        Store256(ref Unsafe.Add(ref c, ldc), c10, c11);
        Store256(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        Store256(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        Store256(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        Store256(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add256(ref float row, Vector256<float> left, Vector256<float> right)
    {
        (Vector256.LoadUnsafe(ref row) + left).StoreUnsafe(ref row);
        (Vector256.LoadUnsafe(ref row, 8) + right).StoreUnsafe(ref row, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float row, Vector256<float> left, Vector256<float> right)
    {
        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 8);
    }

    /// <summary>C(6×16) += A(6×kc)·Bpanel(kc×16): the same kernel with Vector128, for CPUs without AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(ref float a, int lda, ref float b, int ldb, int kc, ref float c, int ldc, bool accumulate)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a0 = ref a;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref float a4 = ref Unsafe.Add(ref a, 4 * lda);
        ref float a5 = ref Unsafe.Add(ref a, 5 * lda);
        ref float bk = ref b;
        for (int kk = 0; kk < kc; kk++)
        {
            Vector128<float> b0 = Vector128.LoadUnsafe(ref bk);
            Vector128<float> b1 = Vector128.LoadUnsafe(ref bk, 4);
            bk = ref Unsafe.Add(ref bk, ldb);
            Vector128<float> x = Vector128.Create(Unsafe.Add(ref a0, kk));
            c00 = Vector128.FusedMultiplyAdd(x, b0, c00); c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
            x = Vector128.Create(Unsafe.Add(ref a1, kk));
            c10 = Vector128.FusedMultiplyAdd(x, b0, c10); c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
            x = Vector128.Create(Unsafe.Add(ref a2, kk));
            c20 = Vector128.FusedMultiplyAdd(x, b0, c20); c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
            x = Vector128.Create(Unsafe.Add(ref a3, kk));
            c30 = Vector128.FusedMultiplyAdd(x, b0, c30); c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
            x = Vector128.Create(Unsafe.Add(ref a4, kk));
            c40 = Vector128.FusedMultiplyAdd(x, b0, c40); c41 = Vector128.FusedMultiplyAdd(x, b1, c41);
            x = Vector128.Create(Unsafe.Add(ref a5, kk));
            c50 = Vector128.FusedMultiplyAdd(x, b0, c50); c51 = Vector128.FusedMultiplyAdd(x, b1, c51);
        }
        if (accumulate)
        {
            Add128(ref c, c00, c01);
            Add128(ref Unsafe.Add(ref c, ldc), c10, c11);
            Add128(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
            Add128(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
            Add128(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
            Add128(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
            return;
        }
        Store128(ref c, c00, c01);
        Store128(ref Unsafe.Add(ref c, ldc), c10, c11);
        Store128(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        Store128(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        Store128(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        Store128(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add128(ref float row, Vector128<float> left, Vector128<float> right)
    {
        (Vector128.LoadUnsafe(ref row) + left).StoreUnsafe(ref row);
        (Vector128.LoadUnsafe(ref row, 4) + right).StoreUnsafe(ref row, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(ref float row, Vector128<float> left, Vector128<float> right)
    {
        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 4);
    }

    /// <summary>The fallback without SIMD: i-k-j loops, so the inner loop runs along contiguous rows of b and c.</summary>
    private static void MultiplyScalar(float[] a, float[] b, float[] c, int m, int k, int n, bool bTransposed)
    {
        c.AsSpan(0, m * n).Clear();
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.AsSpan(i * n, n);
            if (bTransposed)
            {
                ReadOnlySpan<float> aRow = a.AsSpan(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<float> bRow = b.AsSpan(j * k, k);
                    float sum = 0f;
                    for (int kk = 0; kk < k; kk++) sum += aRow[kk] * bRow[kk];
                    cRow[j] = sum;
                }
            }
            else
            {
                for (int kk = 0; kk < k; kk++)
                {
                    float x = a[i * k + kk];
                    ReadOnlySpan<float> bRow = b.AsSpan(kk * n, n);
                    for (int j = 0; j < n; j++) cRow[j] += x * bRow[j];
                }
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Attention.Kernels;

/// <summary>
/// A fast vectorised single-precision exp for the softmax inside the fused attention kernel. Within 2 ulp of the exact
/// value over the whole float range (tested against double-precision <see cref="Math.Exp"/>): −∞ and anything below
/// about −103.97 give 0, subnormal results are rounded correctly, anything above about 88.72 gives +∞, NaN stays NaN.
/// </summary>
/// <remarks>
/// e^x = 2ⁿ·e^r with n = round(x·log₂e) and r = x − n·ln 2 in [−ln2/2, ln2/2]; ln 2 is split into a high part with few
/// mantissa bits and a low correction (Cody–Waite) so r is exact; e^r ≈ 1 + r + r²·P(r) with the Cephes minimax
/// coefficients. It avoids the widening to double that makes a correctly rounded exp several times slower.
/// </remarks>
internal static class FastExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float Lowest = -104f;
    private const float Highest = 89f;
    private const float P0 = 5.0000001201E-1f, P1 = 1.6666665459E-1f, P2 = 4.1665795894E-2f;
    private const float P3 = 8.3334519073E-3f, P4 = 1.3981999507E-3f, P5 = 1.9875691500E-4f;

    /// <summary>exp(x) for one value, with the same polynomial as the vector lanes.</summary>
    internal static float Exp(float x) => Exp(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// destination[i] = exp(source[i] − shift), returning the sum of the results (the softmax denominator). The spans may
    /// be the same. Shape: (n) each.
    /// </summary>
    internal static float ExpShiftedSum(ReadOnlySpan<float> source, Span<float> destination, float shift)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is shorter than source.", nameof(destination));
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int n = source.Length, i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> acc = Vector512<float>.Zero, s = Vector512.Create(shift);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> e = Exp(Vector512.LoadUnsafe(ref src, (nuint)i) - s);
                e.StoreUnsafe(ref dst, (nuint)i);
                acc += e;
            }
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> acc = Vector256<float>.Zero, s = Vector256.Create(shift);
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> e = Exp(Vector256.LoadUnsafe(ref src, (nuint)i) - s);
                e.StoreUnsafe(ref dst, (nuint)i);
                acc += e;
            }
            sum = Vector256.Sum(acc);
        }
        {
            Vector128<float> acc = Vector128<float>.Zero, s = Vector128.Create(shift);
            for (; i <= n - 4; i += 4)
            {
                Vector128<float> e = Exp(Vector128.LoadUnsafe(ref src, (nuint)i) - s);
                e.StoreUnsafe(ref dst, (nuint)i);
                acc += e;
            }
            sum += Vector128.Sum(acc);
        }
        for (; i < n; i++)
        {
            float e = Exp(Unsafe.Add(ref src, i) - shift);
            Unsafe.Add(ref dst, i) = e;
            sum += e;
        }
        return sum;
    }

    /// <summary>exp of each lane: Cody–Waite reduction x = n·ln2 + r, a degree-6 polynomial for e^r, then two exact power-of-two scalings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        Vector512<float> n = Vector512.Round(clamped * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        Vector512<float> p = Vector512.Create(P5);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P0));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        // 2ⁿ = 2^n1 · 2^n2 with both halves in the normal range, so underflow to subnormals and overflow to ∞ round correctly.
        Vector512<int> ni = Vector512.ConvertToInt32(n);
        Vector512<int> n1 = Vector512.ShiftRightArithmetic(ni, 1);
        Vector512<int> n2 = ni - n1;
        Vector512<float> scale1 = Vector512.ShiftLeft(n1 + Vector512.Create(127), 23).AsSingle();
        Vector512<float> scale2 = Vector512.ShiftLeft(n2 + Vector512.Create(127), 23).AsSingle();
        Vector512<float> result = p * scale1 * scale2;
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x); // NaN stays NaN
    }

    /// <summary>exp of each lane: Cody–Waite reduction x = n·ln2 + r, a degree-6 polynomial for e^r, then two exact power-of-two scalings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        Vector256<float> n = Vector256.Round(clamped * Vector256.Create(Log2E));
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.Create(P5);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P0));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        // 2ⁿ = 2^n1 · 2^n2 with both halves in the normal range, so underflow to subnormals and overflow to ∞ round correctly.
        Vector256<int> ni = Vector256.ConvertToInt32(n);
        Vector256<int> n1 = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<int> n2 = ni - n1;
        Vector256<float> scale1 = Vector256.ShiftLeft(n1 + Vector256.Create(127), 23).AsSingle();
        Vector256<float> scale2 = Vector256.ShiftLeft(n2 + Vector256.Create(127), 23).AsSingle();
        Vector256<float> result = p * scale1 * scale2;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x); // NaN stays NaN
    }

    /// <summary>exp of each lane: Cody–Waite reduction x = n·ln2 + r, a degree-6 polynomial for e^r, then two exact power-of-two scalings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> clamped = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(Lowest)), Vector128.Create(Highest));
        Vector128<float> n = Vector128.Round(clamped * Vector128.Create(Log2E));
        Vector128<float> r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2High), clamped);
        r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Low), r);
        Vector128<float> p = Vector128.Create(P5);
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P1));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P0));
        p = Vector128.FusedMultiplyAdd(p, r * r, r + Vector128<float>.One);
        // 2ⁿ = 2^n1 · 2^n2 with both halves in the normal range, so underflow to subnormals and overflow to ∞ round correctly.
        Vector128<int> ni = Vector128.ConvertToInt32(n);
        Vector128<int> n1 = Vector128.ShiftRightArithmetic(ni, 1);
        Vector128<int> n2 = ni - n1;
        Vector128<float> scale1 = Vector128.ShiftLeft(n1 + Vector128.Create(127), 23).AsSingle();
        Vector128<float> scale2 = Vector128.ShiftLeft(n2 + Vector128.Create(127), 23).AsSingle();
        Vector128<float> result = p * scale1 * scale2;
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x); // NaN stays NaN
    }
}

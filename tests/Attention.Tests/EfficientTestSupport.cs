using Attention;

namespace Attention.Tests;

/// <summary>Helpers shared by the efficient-attention tests: the dense reference, allocation counting, error measures.</summary>
internal static class EfficientTestSupport
{
    /// <summary>The independent reference: the scalar, double-accumulating attention of <see cref="Naive"/>.</summary>
    public static Matrix DenseReference(Matrix queries, Matrix keys, Matrix values, Mask? mask = null) =>
        Naive.ScaledDotProductAttention(queries, keys, values, mask).Output;

    /// <summary>Bytes allocated on this thread by the second of two runs (the first pays for JIT and pools).</summary>
    public static long AllocatedBytes(Func<object> run)
    {
        GC.KeepAlive(run());
        long before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(run());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// The allocation of one call is its counted working memory plus its output, give or take object headers and small
    /// bookkeeping (<paramref name="slackBytes"/>).
    /// </summary>
    public static void AssertAllocationMatchesCost(AttentionCost cost, Matrix output, Func<object> run, long slackBytes = 4096)
    {
        long expected = cost.WorkingBytes + (long)output.Data.Length * sizeof(float);
        long allocated = AllocatedBytes(run);
        Assert.True(allocated >= expected && allocated <= expected + slackBytes,
            $"{cost.Method}: allocated {allocated:N0} bytes, but the cost counts {cost.WorkingBytes:N0} working + {output.Data.Length * 4:N0} output = {expected:N0} (slack {slackBytes:N0})");
    }

    /// <summary>Mean absolute difference over all entries.</summary>
    public static double MeanAbsError(Matrix expected, Matrix actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double sum = 0;
        for (int i = 0; i < expected.Data.Length; i++) sum += Math.Abs(expected.Data[i] - actual.Data[i]);
        return sum / expected.Data.Length;
    }

    /// <summary>Number of allowed entries of a mask.</summary>
    public static long CountAllowed(Mask mask)
    {
        long count = 0;
        for (int t = 0; t < mask.Queries; t++)
            foreach (bool allowed in mask.Row(t)) if (allowed) count++;
        return count;
    }

    /// <summary>Tolerance of a float kernel against the double reference for outputs of size ~max|v|.</summary>
    public static float Tolerance(Matrix values) => 2e-5f * Math.Max(1f, TestData.MaxAbs(values));
}

using System.Globalization;

namespace Attention;

/// <summary>
/// What one attention call costs, counted from the shapes: floating-point operations and the working memory it holds
/// beside its inputs and its output. Every method of chapter 11 has a <c>Cost</c> function returning one of these.
/// </summary>
/// <remarks>
/// <para><b>FLOPs</b> count the matrix products, 2 per multiply-add (a length-Dk dot product is 2·Dk FLOPs). The
/// softmax's exponentials and the per-element work of masks are O(pairs), a small fraction, and are left out; so are
/// sorting and hashing comparisons.</para>
/// <para><b>Working floats</b> count the float32 intermediates the library's implementation allocates (for example the
/// (T, S) scores and weights of dense attention); inputs and the (T, Dv) output are not included. Index arrays count
/// one float per int (both are 4 bytes) and two per long; object headers and other constant-size bookkeeping are left
/// out.</para>
/// <para>Every count is made in checked 64-bit arithmetic: sizes whose FLOPs or working bytes do not fit a
/// <see cref="long"/> throw <see cref="ArgumentOutOfRangeException"/> naming the largest size argument.</para>
/// </remarks>
/// <param name="Method">Which method this is, e.g. <c>dense</c> or <c>Longformer</c>.</param>
/// <param name="Pairs">How many (query, key) scores are computed. Dense: T·S.</param>
/// <param name="Flops">Floating-point operations of the matrix products.</param>
/// <param name="WorkingFloats">Float32 intermediates held beside inputs and output.</param>
public sealed record AttentionCost(string Method, long Pairs, long Flops, long WorkingFloats)
{
    /// <summary>The working memory in bytes (4 per float32).</summary>
    public long WorkingBytes => checked(WorkingFloats * sizeof(float));

    /// <summary>
    /// Dense attention computed in three steps (<c>Ops.MatMulTransposed</c>, <c>Ops.Softmax</c>, <c>Ops.MatMul</c>):
    /// T·S pairs, 2·T·S·Dk + 2·T·S·Dv FLOPs, and the (T, S) scores and (T, S) weights as working memory.
    /// </summary>
    /// <param name="seqLenQ">T, the number of queries.</param>
    /// <param name="seqLenK">S, the number of keys.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the counts do not fit a long.</exception>
    public static AttentionCost Dense(int seqLenQ, int seqLenK, int dK, int dV)
    {
        ThrowIfNotPositive(seqLenQ, seqLenK, dK, dV);
        return Count("dense", () =>
        {
            long pairs = (long)seqLenQ * seqLenK;
            return (pairs, checked(2 * pairs * ((long)dK + dV)), checked(2 * pairs));
        }, (nameof(seqLenQ), seqLenQ), (nameof(seqLenK), seqLenK), (nameof(dK), dK), (nameof(dV), dV));
    }

    /// <summary>
    /// Runs a cost count (written with <c>checked</c> arithmetic) and builds the record. When a count, or the working
    /// bytes, overflows a long, throws <see cref="ArgumentOutOfRangeException"/> naming the largest of
    /// <paramref name="sizes"/> and listing them all, instead of a bare <see cref="OverflowException"/>.
    /// </summary>
    internal static AttentionCost Count(string method, Func<(long Pairs, long Flops, long WorkingFloats)> count,
        params (string Name, long Value)[] sizes)
    {
        try
        {
            var (pairs, flops, working) = count();
            _ = checked(working * sizeof(float));
            return new AttentionCost(method, pairs, flops, working);
        }
        catch (OverflowException)
        {
            var (name, value) = sizes.MaxBy(size => size.Value);
            string all = string.Join(", ", sizes.Select(size => string.Create(CultureInfo.InvariantCulture, $"{size.Name} = {size.Value}")));
            throw new ArgumentOutOfRangeException(name, value,
                $"the {method} cost for {all} does not fit a 64-bit count: its FLOPs or working bytes exceed {long.MaxValue:N0}.");
        }
    }

    internal static void ThrowIfNotPositive(int seqLenQ, int seqLenK, int dK, int dV)
    {
        ThrowHelper.ThrowIfNotPositive(seqLenQ);
        ThrowHelper.ThrowIfNotPositive(seqLenK);
        ThrowHelper.ThrowIfNotPositive(dK);
        ThrowHelper.ThrowIfNotPositive(dV);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Method}: {Pairs:N0} pairs, {Flops:N0} FLOPs, {WorkingBytes:N0} bytes of working memory";
}

namespace Attention;

/// <summary>What the cross-entropy backward needs from its forward.</summary>
/// <param name="Loss">The mean of −log p(target) over the counted rows (0 when none counts). Shape: scalar.</param>
/// <param name="Probabilities">softmax(logits). Shape: (T, V).</param>
/// <param name="Targets">The target id of each row; a negative id is ignored. Shape: (T).</param>
/// <param name="Count">How many rows count (targets ≥ 0). Shape: scalar.</param>
public sealed record CrossEntropyTrace(float Loss, Matrix Probabilities, int[] Targets, int Count);

public static partial class Backprop
{
    /// <summary>
    /// Cross-entropy of next-token logits, like <c>F.cross_entropy(logits, targets)</c> with mean reduction:
    /// loss = −(1/N) Σₜ log softmax(logits[t])[targets[t]] over the N rows whose target is not negative (PyTorch's
    /// <c>ignore_index</c>). Computed from the log-softmax, so large logits stay finite.
    /// </summary>
    /// <param name="logits">One row of scores over the vocabulary per position. Shape: (T, V).</param>
    /// <param name="targets">The correct next token of each row, in [0, V), or negative to ignore the row. Shape: (T).</param>
    /// <returns>The trace, whose Loss is the mean cross-entropy.</returns>
    public static CrossEntropyTrace CrossEntropyForward(Matrix logits, IReadOnlyList<int> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count != logits.Rows)
            throw new ArgumentException($"targets has {targets.Count} entries but logits is {logits.ShapeString}; give one target per row.", nameof(targets));
        var logProbabilities = Ops.LogSoftmax(logits);
        double sum = 0;
        int count = 0;
        for (int t = 0; t < targets.Count; t++)
        {
            if (targets[t] < 0) continue;
            if (targets[t] >= logits.Cols)
                throw new ArgumentOutOfRangeException(nameof(targets), targets[t], $"targets[{t}] is {targets[t]} but logits is {logits.ShapeString}, so targets must be in [0, {logits.Cols}) or negative (ignored).");
            sum -= logProbabilities[t, targets[t]];
            count++;
        }
        var probabilities = Ops.Softmax(logits);
        return new CrossEntropyTrace(count == 0 ? 0f : (float)(sum / count), probabilities, [.. targets], count);
    }

    /// <summary>
    /// Backward of cross-entropy with respect to the logits: dlogits[t] = (softmax(logits[t]) − onehot(targets[t])) / N,
    /// the predicted distribution minus the true one; ignored rows get zero.
    /// </summary>
    /// <param name="trace">What the forward kept.</param>
    /// <returns>dL/d(logits). Shape: (T, V).</returns>
    public static Matrix CrossEntropyBackward(CrossEntropyTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var dLogits = new Matrix(trace.Probabilities.Rows, trace.Probabilities.Cols);
        if (trace.Count == 0) return dLogits;
        float inverseCount = 1f / trace.Count;
        for (int t = 0; t < trace.Targets.Length; t++)
        {
            if (trace.Targets[t] < 0) continue;
            System.Numerics.Tensors.TensorPrimitives.Multiply(trace.Probabilities.Row(t), inverseCount, dLogits.Row(t));
            dLogits[t, trace.Targets[t]] -= inverseCount;
        }
        return dLogits;
    }
}

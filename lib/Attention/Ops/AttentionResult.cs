using Attention.Kernels;

namespace Attention;

/// <summary>
/// What scaled dot-product attention computed: the output, and the weights and scores that produced it.
/// <see cref="Output"/> is computed by the call; <see cref="Weights"/> and <see cref="Scores"/> (each (T, S)) are
/// computed on first access from private copies of the inputs (the same dense computation and row softmax as
/// <see cref="Ops.ScaledDotProductAttentionDense"/>), so a call whose weights are never read allocates nothing of size (T, S).
/// </summary>
/// <remarks>
/// A result never changes after it is returned: later changes to the caller's queries, keys, mask or bias do not reach
/// it. Equality is reference equality; <see cref="ToString"/> and the HTML formatter show shapes and the output only,
/// never building the (T, S) matrices.
/// </remarks>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class AttentionResult
{
    private readonly Lazy<Matrix> _scores;
    private readonly Lazy<Matrix> _weights;

    /// <summary>A result whose three matrices are already computed (the dense path and <see cref="Naive"/>); they are held, not copied.</summary>
    /// <param name="output">Each query's weighted sum of the values. Shape: (T, Dv).</param>
    /// <param name="weights">softmax(scores) row-wise. Shape: (T, S).</param>
    /// <param name="scores">The softmax input, −∞ where blocked. Shape: (T, S).</param>
    /// <exception cref="ArgumentException">weights and scores differ in shape, or their row count is not output's.</exception>
    public AttentionResult(Matrix output, Matrix weights, Matrix scores)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(scores);
        if (weights.Shape != scores.Shape || weights.Rows != output.Rows)
            ThrowHelper.ThrowArgument(nameof(weights), $"weights is {weights.ShapeString} and scores is {scores.ShapeString} but output is {output.ShapeString}; weights and scores must be (T, S) with T = output.Rows.");
        Output = output;
        Queries = output.Rows;
        Keys = weights.Cols;
        _scores = new Lazy<Matrix>(scores);
        _weights = new Lazy<Matrix>(weights);
    }

    /// <summary>A result of the fused kernel: scores and weights are rebuilt on demand from what it holds (all private).</summary>
    internal AttentionResult(Matrix output, Func<Matrix> scores, Func<Matrix, Matrix> weightsFromScores, int keys)
    {
        Output = output;
        Queries = output.Rows;
        Keys = keys;
        _scores = new Lazy<Matrix>(scores);
        _weights = new Lazy<Matrix>(() => weightsFromScores(_scores.Value));
    }

    /// <summary>Each query's weighted sum of the values. Shape: (T, Dv).</summary>
    public Matrix Output { get; }

    /// <summary>
    /// softmax(scores) row-wise; each row sums to 1, or is all zero for a fully masked query. Computed on first read.
    /// Shape: (T, S).
    /// </summary>
    public Matrix Weights => _weights.Value;

    /// <summary>queries·keysᵀ·scale (+ bias), with −∞ where the mask blocks; the softmax input. Computed on first read. Shape: (T, S).</summary>
    public Matrix Scores => _scores.Value;

    /// <summary>T, the number of queries (rows of the weights).</summary>
    public int Queries { get; }

    /// <summary>S, the number of keys (columns of the weights).</summary>
    public int Keys { get; }

    /// <summary>Whether <see cref="Weights"/> has been computed (read, or given to the constructor).</summary>
    public bool WeightsComputed => _weights.IsValueCreated;

    /// <summary>Shapes only: <c>AttentionResult(Output (T, Dv), Weights (T, S))</c>.</summary>
    public override string ToString() => $"AttentionResult(Output {Output.ShapeString}, Weights ({Queries}, {Keys}))";
}

/// <summary>
/// What multi-head attention computed. <see cref="Output"/> is computed by the call; <see cref="Weights"/> (H, T, S) and
/// <see cref="HeadOutputs"/> (H, T, Dk) on first access, from private copies, so they never change after the call.
/// Equality is reference equality; <see cref="ToString"/> and the formatter never build the weights.
/// </summary>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class MultiHeadAttentionResult
{
    private readonly Lazy<Tensor3> _weights;
    private readonly Lazy<Tensor3> _headOutputs;

    /// <summary>A result whose parts are already computed; they are held, not copied.</summary>
    /// <param name="output">The heads' outputs concatenated and projected by W_O. Shape: (T, D).</param>
    /// <param name="weights">Each head's attention weights. Shape: (H, T, S).</param>
    /// <param name="headOutputs">Each head's output before concatenation. Shape: (H, T, Dk).</param>
    /// <exception cref="ArgumentException">The head counts or row counts do not agree.</exception>
    public MultiHeadAttentionResult(Matrix output, Tensor3 weights, Tensor3 headOutputs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(headOutputs);
        if (weights.Count != headOutputs.Count || weights.Rows != output.Rows || headOutputs.Rows != output.Rows)
            ThrowHelper.ThrowArgument(nameof(weights), $"weights is {weights.ShapeString} and headOutputs is {headOutputs.ShapeString} but output is {output.ShapeString}; they need the same H and T.");
        Output = output;
        NumHeads = weights.Count;
        Queries = weights.Rows;
        Keys = weights.Cols;
        _weights = new Lazy<Tensor3>(weights);
        _headOutputs = new Lazy<Tensor3>(headOutputs);
    }

    internal MultiHeadAttentionResult(Matrix output, int numHeads, int keys, Func<Tensor3> weights, Func<Tensor3> headOutputs)
    {
        Output = output;
        NumHeads = numHeads;
        Queries = output.Rows;
        Keys = keys;
        _weights = new Lazy<Tensor3>(weights);
        _headOutputs = new Lazy<Tensor3>(headOutputs);
    }

    /// <summary>The heads' outputs concatenated and projected by W_O. Shape: (T, D).</summary>
    public Matrix Output { get; }

    /// <summary>Each head's attention weights, computed on first read. Shape: (H, T, S).</summary>
    public Tensor3 Weights => _weights.Value;

    /// <summary>Each head's output before concatenation, split on first read. Shape: (H, T, Dk).</summary>
    public Tensor3 HeadOutputs => _headOutputs.Value;

    /// <summary>H, the number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>T, the number of queries.</summary>
    public int Queries { get; }

    /// <summary>S, the number of keys.</summary>
    public int Keys { get; }

    /// <summary>Whether <see cref="Weights"/> has been computed (read, or given to the constructor).</summary>
    public bool WeightsComputed => _weights.IsValueCreated;

    /// <summary>Shapes only: <c>MultiHeadAttentionResult(Output (T, D), Weights (H, T, S))</c>.</summary>
    public override string ToString() => $"MultiHeadAttentionResult(Output {Output.ShapeString}, Weights ({NumHeads}, {Queries}, {Keys}))";
}

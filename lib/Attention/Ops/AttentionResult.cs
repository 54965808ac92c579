namespace Attention;

/// <summary>What scaled dot-product attention computed: the output and the weights that produced it.</summary>
/// <param name="Output">Each query's weighted sum of the values. Shape: (T, Dv).</param>
/// <param name="Weights">softmax(scores) row-wise; each row sums to 1, or is all zero for a fully masked query. Shape: (T, S).</param>
/// <param name="Scores">queries·keysᵀ·scale (+ bias), with −∞ where the mask blocks; the softmax input. Shape: (T, S).</param>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record AttentionResult(Matrix Output, Matrix Weights, Matrix Scores);

/// <summary>What multi-head attention computed.</summary>
/// <param name="Output">The heads' outputs concatenated and projected by W_O. Shape: (T, D).</param>
/// <param name="Weights">Each head's attention weights. Shape: (H, T, S).</param>
/// <param name="HeadOutputs">Each head's output before concatenation. Shape: (H, T, Dk).</param>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record MultiHeadAttentionResult(Matrix Output, Tensor3 Weights, Tensor3 HeadOutputs);

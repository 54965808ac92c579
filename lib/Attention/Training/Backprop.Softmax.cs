using System.Numerics.Tensors;

namespace Attention;

public static partial class Backprop
{
    /// <summary>
    /// Backward of the row-wise softmax y = softmax(x), masked or not. The Jacobian of one row is
    /// J = diag(y) − y·yᵀ (chapter 4), and J is symmetric, so dx = J·dy = y ⊙ (dy − (dy·y)):
    /// each entry's upstream gradient minus the weighted average of them all, times its own weight.
    /// </summary>
    /// <remarks>
    /// A masked entry has y = 0, so its gradient is 0; a fully masked row (all-zero weights) gets an all-zero
    /// gradient. Temperature: for softmax(x/τ) divide the result by τ.
    /// </remarks>
    /// <param name="weights">y, the softmax output of the forward. Shape: (T, S).</param>
    /// <param name="dWeights">dL/dy. Shape: (T, S).</param>
    /// <returns>dL/dx, the gradient with respect to the scores. Shape: (T, S).</returns>
    public static Matrix SoftmaxBackward(Matrix weights, Matrix dWeights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ThrowIfGradientShape(dWeights, weights.Rows, weights.Cols, "softmax");
        var dScores = new Matrix(weights.Rows, weights.Cols);
        for (int t = 0; t < weights.Rows; t++)
            SoftmaxBackwardRow(weights.Row(t), dWeights.Row(t), dScores.Row(t));
        return dScores;
    }

    /// <summary>dx = y ⊙ (dy − (dy·y)) for one row.</summary>
    internal static void SoftmaxBackwardRow(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        float average = TensorPrimitives.Dot(dy, y); // dy·y, the y-weighted average of dy
        TensorPrimitives.Subtract(dy, average, dx);
        TensorPrimitives.Multiply(dx, y, dx);
    }
}

using System.Numerics.Tensors;

namespace Attention;

public static partial class Backprop
{
    /// <summary>
    /// Backward of layer normalisation (the forward is <c>LayerNorm.Forward</c>), row by row with
    /// x̂ = (x − μ)·r and r = 1/√(σ² + ε):
    /// dγ += Σₜ dy ⊙ x̂, dβ += Σₜ dy, and with g = dy ⊙ γ,
    /// dx = r · (g − mean(g) − x̂ · mean(g ⊙ x̂)).
    /// The two subtracted means are the gradient flowing through μ and through σ².
    /// </summary>
    /// <param name="layer">The layer norm; γ and β receive gradients.</param>
    /// <param name="x">The forward's input. Shape: (T, D).</param>
    /// <param name="dOutput">dL/dy. Shape: (T, D).</param>
    /// <param name="gradients">Where dγ (D) and dβ (D) are added.</param>
    /// <returns>dL/dx. Shape: (T, D).</returns>
    public static Matrix LayerNormBackward(LayerNorm layer, Matrix x, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gradients);
        if (x.Cols != layer.DModel)
            throw new ArgumentException($"x is {x.ShapeString} but the layer norm has dModel = {layer.DModel}.", nameof(x));
        ThrowIfGradientShape(dOutput, x.Rows, x.Cols, "layer norm");
        int d = x.Cols;
        var dGamma = gradients.For(layer.Gamma);
        var dBeta = gradients.For(layer.Beta);
        var dx = new Matrix(x.Rows, d);
        var normalized = new float[d];
        var g = new float[d];
        for (int t = 0; t < x.Rows; t++)
        {
            ReadOnlySpan<float> row = x.Row(t), dy = dOutput.Row(t);
            float mean = TensorPrimitives.Sum(row) / d;
            TensorPrimitives.Subtract(row, mean, normalized);
            float rstd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(normalized) / d + layer.Epsilon);
            TensorPrimitives.Multiply(normalized, rstd, normalized);              // x̂
            TensorPrimitives.FusedMultiplyAdd(dy, normalized, dGamma, dGamma);     // dγ += dy ⊙ x̂
            TensorPrimitives.Add(dBeta, dy, dBeta);                                // dβ += dy
            TensorPrimitives.Multiply(dy, layer.Gamma, g);                         // g = dy ⊙ γ
            float meanG = TensorPrimitives.Sum(g) / d;
            float meanGx = TensorPrimitives.Dot(g, normalized) / d;
            Span<float> dxRow = dx.Row(t);
            TensorPrimitives.Multiply(normalized, -meanGx, dxRow);                 // −x̂·mean(g ⊙ x̂)
            TensorPrimitives.Add(dxRow, g, dxRow);                                 // + g
            TensorPrimitives.Subtract(dxRow, meanG, dxRow);                        // − mean(g)
            TensorPrimitives.Multiply(dxRow, rstd, dxRow);                         // · r
        }
        return dx;
    }
}

namespace Attention;

public static partial class Backprop
{
    /// <summary>
    /// Backward of y = x·W + b (the forward is <c>Linear.Forward</c>): dW += xᵀ·dY, db += Σₜ dY[t], and
    /// dX = dY·Wᵀ.
    /// </summary>
    /// <param name="layer">The layer; its W and b receive gradients in <paramref name="gradients"/>.</param>
    /// <param name="x">The forward's input. Shape: (T, in).</param>
    /// <param name="dOutput">dL/dy. Shape: (T, out).</param>
    /// <param name="gradients">Where dW (in, out) and db (out) are added.</param>
    /// <returns>dL/dx. Shape: (T, in).</returns>
    public static Matrix LinearBackward(Linear layer, Matrix x, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gradients);
        if (x.Cols != layer.InFeatures)
            throw new ArgumentException($"x is {x.ShapeString} but the layer is {layer.Weight.ShapeString}; x needs {layer.InFeatures} columns.", nameof(x));
        ThrowIfGradientShape(dOutput, x.Rows, layer.OutFeatures, layer.ToString());
        // dW += xᵀ·dY: (in,T) x (T,out) -> (in,out)
        AddInto(gradients.For(layer.Weight.Data), Ops.MatMul(x.Transpose(), dOutput).Data);
        if (layer.Bias is not null)
        {
            var dBias = gradients.For(layer.Bias);
            for (int t = 0; t < dOutput.Rows; t++) AddInto(dBias, dOutput.Row(t));
        }
        // dX = dY·Wᵀ: (T,out) x (in,out)^T -> (T,in)
        return Ops.MatMulTransposed(dOutput, layer.Weight);
    }
}

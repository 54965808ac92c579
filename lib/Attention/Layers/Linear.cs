using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// A fully connected layer y = x·W + b applied to every row of x. W is stored (in, out), so the forward pass is a plain
/// product with no transpose (PyTorch's nn.Linear stores the transpose, (out, in)).
/// </summary>
public sealed class Linear
{
    /// <summary>
    /// A layer with seeded Xavier/Glorot-uniform weights, W ~ U(−a, a) with a = √(6 / (in + out)), and a zero bias.
    /// The same seed gives the same weights on every machine.
    /// </summary>
    /// <param name="inFeatures">Width of each input row. Shape: scalar (in).</param>
    /// <param name="outFeatures">Width of each output row. Shape: scalar (out).</param>
    /// <param name="seed">Seed of the weight initialisation. Shape: scalar.</param>
    /// <param name="bias">Whether the layer adds a bias vector. Shape: scalar.</param>
    /// <exception cref="ArgumentOutOfRangeException">inFeatures or outFeatures is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, int seed, bool bias = true)
    {
        ThrowHelper.ThrowIfNotPositive(inFeatures);
        ThrowHelper.ThrowIfNotPositive(outFeatures);
        Shapes.ElementCount(inFeatures, outFeatures, nameof(outFeatures), "weight matrix");
        float limit = (float)Math.Sqrt(6.0 / ((double)inFeatures + outFeatures));
        Weight = Matrix.RandomUniform(inFeatures, outFeatures, seed, -limit, limit);
        Bias = bias ? new float[outFeatures] : null;
    }

    /// <summary>A layer with the given parameters (held, not copied).</summary>
    /// <param name="weight">W, stored (in, out). Shape: (in, out).</param>
    /// <param name="bias">b, or null for no bias. Shape: (out).</param>
    /// <exception cref="ArgumentException">bias does not have weight.Cols entries.</exception>
    public Linear(Matrix weight, float[]? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (bias is not null && bias.Length != weight.Cols)
            ThrowHelper.ThrowArgument(nameof(bias), $"bias is ({bias.Length}) but weight is {weight.ShapeString}; bias needs one entry per output column ({weight.Cols}).");
        Weight = weight;
        Bias = bias;
    }

    /// <summary>Width of each input row.</summary>
    public int InFeatures => Weight.Rows;

    /// <summary>Width of each output row.</summary>
    public int OutFeatures => Weight.Cols;

    /// <summary>W. Shape: (in, out).</summary>
    public Matrix Weight { get; }

    /// <summary>b, or null when the layer has no bias. Shape: (out).</summary>
    public float[]? Bias { get; }

    /// <summary>y = x·W + b, row by row.</summary>
    /// <param name="x">One input vector per row. Shape: (T, in).</param>
    /// <returns>A new matrix. Shape: (T, out).</returns>
    /// <exception cref="ArgumentException">x does not have InFeatures columns.</exception>
    public Matrix Forward(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InFeatures)
            ThrowHelper.ThrowArgument(nameof(x), $"x is {x.ShapeString} but weight is {Weight.ShapeString}; x needs InFeatures = {InFeatures} columns.");
        // (T,in) x (in,out) -> (T,out)
        var y = Ops.MatMul(x, Weight);
        if (Bias is not null)
            for (int t = 0; t < y.Rows; t++)
                TensorPrimitives.Add(y.Row(t), Bias, y.Row(t));
        return y;
    }

    /// <summary>y[b] = x[b]·W + b for every sequence of a batch; each product uses every core when large.</summary>
    /// <param name="x">The batch. Shape: (B, T, in).</param>
    /// <returns>A new tensor. Shape: (B, T, out).</returns>
    /// <exception cref="ArgumentException">x does not have InFeatures columns.</exception>
    public Tensor3 Forward(Tensor3 x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InFeatures)
            ThrowHelper.ThrowArgument(nameof(x), $"x is {x.ShapeString} but weight is {Weight.ShapeString}; x needs InFeatures = {InFeatures} columns.");
        var outputs = new Matrix[x.Count];
        for (int b = 0; b < x.Count; b++) outputs[b] = Forward(x[b]); // (T,in) x (in,out) -> (T,out)
        return new Tensor3(outputs);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Linear({InFeatures} -> {OutFeatures}{(Bias is null ? ", no bias" : "")})";
}

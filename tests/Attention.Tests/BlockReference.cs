using MathNet.Numerics;

namespace Attention.Tests;

/// <summary>
/// Step-by-step references for the layer and block tests: naive double-precision loops for the affine maps, layer
/// norm and activations, and <see cref="Ops.ScaledDotProductAttention"/> per head for attention.
/// </summary>
internal static class BlockReference
{
    public static Matrix Affine(Matrix x, Linear layer)
    {
        var y = new Matrix(x.Rows, layer.OutFeatures);
        for (int t = 0; t < x.Rows; t++)
            for (int o = 0; o < layer.OutFeatures; o++)
            {
                double sum = layer.Bias?[o] ?? 0;
                for (int i = 0; i < layer.InFeatures; i++) sum += (double)x[t, i] * layer.Weight[i, o];
                y[t, o] = (float)sum;
            }
        return y;
    }

    public static Matrix LayerNorm(Matrix x, LayerNorm norm)
    {
        var y = new Matrix(x.Rows, x.Cols);
        for (int t = 0; t < x.Rows; t++)
        {
            double mean = 0, variance = 0;
            for (int c = 0; c < x.Cols; c++) mean += x[t, c];
            mean /= x.Cols;
            for (int c = 0; c < x.Cols; c++) variance += (x[t, c] - mean) * (x[t, c] - mean);
            variance /= x.Cols;
            for (int c = 0; c < x.Cols; c++)
                y[t, c] = (float)((x[t, c] - mean) / Math.Sqrt(variance + norm.Epsilon) * norm.Gamma[c] + norm.Beta[c]);
        }
        return y;
    }

    public static Matrix Activate(Matrix x, Activation activation)
    {
        var y = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Data.Length; i++)
        {
            double v = x.Data[i];
            y.Data[i] = (float)(activation == Activation.Relu ? Math.Max(v, 0) : v * 0.5 * (1 + SpecialFunctions.Erf(v / Math.Sqrt(2))));
        }
        return y;
    }

    public static Matrix FeedForward(Matrix x, FeedForward network) =>
        Affine(Activate(Affine(x, network.First), network.Activation), network.Second);

    /// <summary>Multi-head attention from its parts: project, attend per head on column slices, concatenate, project.</summary>
    public static (Matrix Output, Matrix[] Weights) MultiHead(MultiHeadAttention layer, Matrix queries, Matrix memory, Mask? mask)
    {
        var q = Affine(queries, layer.WQ);
        var k = Affine(memory, layer.WK);
        var v = Affine(memory, layer.WV);
        var concatenated = new Matrix(queries.Rows, layer.DModel);
        var weights = new Matrix[layer.NumHeads];
        for (int h = 0; h < layer.NumHeads; h++)
        {
            int first = h * layer.DK;
            var head = Ops.ScaledDotProductAttention(q.SliceCols(first, layer.DK), k.SliceCols(first, layer.DK), v.SliceCols(first, layer.DK), mask);
            weights[h] = head.Weights;
            for (int t = 0; t < queries.Rows; t++)
                for (int c = 0; c < layer.DK; c++) concatenated[t, first + c] = head.Output[t, c];
        }
        return (Affine(concatenated, layer.WO), weights);
    }

    /// <summary>A layer norm with seeded non-trivial γ and β, so tests notice if they are ignored or swapped.</summary>
    public static LayerNorm RandomLayerNorm(int dModel, int seed)
    {
        var gamma = Matrix.RandomUniform(1, dModel, seed, 0.5f, 1.5f).Data;
        var beta = Matrix.RandomUniform(1, dModel, seed + 1, -0.5f, 0.5f).Data;
        return new LayerNorm(gamma, beta);
    }

    /// <summary>Seeded biases for every projection, so tests notice if a bias is dropped.</summary>
    public static MultiHeadAttention RandomAttention(int dModel, int numHeads, int seed)
    {
        Linear Layer(int s) => new(Matrix.RandomUniform(dModel, dModel, s, -0.5f, 0.5f), Matrix.RandomUniform(1, dModel, s + 100, -0.2f, 0.2f).Data);
        return MultiHeadAttention.FromWeights(Layer(seed), Layer(seed + 1), Layer(seed + 2), Layer(seed + 3), numHeads);
    }

    public static FeedForward RandomFeedForward(int dModel, int dFF, int seed, Activation activation)
    {
        var first = new Linear(Matrix.RandomUniform(dModel, dFF, seed, -0.5f, 0.5f), Matrix.RandomUniform(1, dFF, seed + 1, -0.2f, 0.2f).Data);
        var second = new Linear(Matrix.RandomUniform(dFF, dModel, seed + 2, -0.5f, 0.5f), Matrix.RandomUniform(1, dModel, seed + 3, -0.2f, 0.2f).Data);
        return new FeedForward(first, second, activation);
    }
}

namespace Attention;

/// <summary>
/// The position-wise feed-forward network of a transformer block: the same two-layer MLP applied to every row,
/// <c>FFN(x) = act(x·W₁ + b₁)·W₂ + b₂</c>, widening D to F (usually 4·D) and back. Dropout is not modelled
/// (inference only).
/// </summary>
public sealed class FeedForward
{
    /// <summary>
    /// A network with seeded Xavier-uniform layers (D → F and F → D, both with bias). The two layers' seeds are the
    /// first two draws of <c>new Random(seed)</c>, so they never coincide with each other or with <paramref name="seed"/>'s neighbours.
    /// </summary>
    /// <param name="dModel">D, the width of the rows going in and out. Shape: scalar.</param>
    /// <param name="dFF">F, the hidden width. Shape: scalar.</param>
    /// <param name="seed">Seed of the weight initialisation; the same seed gives the same network. Shape: scalar.</param>
    /// <param name="activation">The non-linearity between the layers. Shape: scalar.</param>
    public FeedForward(int dModel, int dFF, int seed, Activation activation = Activation.Relu)
    {
        ThrowHelper.ThrowIfNotPositive(dModel);
        ThrowHelper.ThrowIfNotPositive(dFF);
        Shapes.ElementCount(dModel, dFF, nameof(dFF), "weight matrix W₁");
        Activations.ThrowIfUndefined(activation);
        var seeds = new Random(seed);
        First = new Linear(dModel, dFF, seeds.Next());
        Second = new Linear(dFF, dModel, seeds.Next());
        Activation = activation;
    }

    /// <summary>A network from given layers (held, not copied), e.g. trained weights.</summary>
    /// <param name="first">The widening layer. Shape: (D, F).</param>
    /// <param name="second">The narrowing layer. Shape: (F, D).</param>
    /// <param name="activation">The non-linearity between the layers. Shape: scalar.</param>
    public FeedForward(Linear first, Linear second, Activation activation = Activation.Relu)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (second.InFeatures != first.OutFeatures || second.OutFeatures != first.InFeatures)
            throw new ArgumentException($"second is ({second.InFeatures}, {second.OutFeatures}) but first is ({first.InFeatures}, {first.OutFeatures}); second must be ({first.OutFeatures}, {first.InFeatures}) to map the hidden width back to dModel.", nameof(second));
        Activations.ThrowIfUndefined(activation);
        First = first;
        Second = second;
        Activation = activation;
    }

    /// <summary>W₁, b₁: D → F. Shape: (D, F).</summary>
    public Linear First { get; }

    /// <summary>W₂, b₂: F → D. Shape: (F, D).</summary>
    public Linear Second { get; }

    /// <summary>The non-linearity between the layers.</summary>
    public Activation Activation { get; }

    /// <summary>D, the width of the rows going in and out.</summary>
    public int DModel => First.InFeatures;

    /// <summary>F, the hidden width.</summary>
    public int DFF => First.OutFeatures;

    /// <summary><c>act(x·W₁ + b₁)·W₂ + b₂</c>, row by row, as a new matrix. Shape: (T, D).</summary>
    /// <param name="x">T vectors of width D. Shape: (T, D).</param>
    public Matrix Forward(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != DModel)
            throw new ArgumentException($"x is {x.ShapeString} but the feed-forward network has dModel = {DModel} (first is ({DModel}, {DFF})); x needs {DModel} columns.", nameof(x));
        // (T,D) x (D,F) -> (T,F)
        var hidden = First.Forward(x);
        Activations.Apply(hidden, Activation, hidden);
        // (T,F) x (F,D) -> (T,D)
        return Second.Forward(hidden);
    }

    /// <inheritdoc/>
    public override string ToString() => $"FeedForward (D = {DModel}, F = {DFF}, {Activation})";
}

namespace Attention;

/// <summary>What the backward of a feed-forward network needs from its forward.</summary>
/// <param name="Input">x. Shape: (T, D).</param>
/// <param name="Hidden">x·W₁ + b₁, before the activation. Shape: (T, F).</param>
/// <param name="Activated">act(Hidden). Shape: (T, F).</param>
/// <param name="Output">Activated·W₂ + b₂. Shape: (T, D).</param>
public sealed record FeedForwardTrace(Matrix Input, Matrix Hidden, Matrix Activated, Matrix Output);

public static partial class Backprop
{
    /// <summary>The feed-forward network act(x·W₁ + b₁)·W₂ + b₂, keeping the hidden activations.</summary>
    /// <param name="layer">The network.</param>
    /// <param name="x">T vectors of width D. Shape: (T, D).</param>
    /// <returns>The trace, whose Output is the result. Shape: (T, D).</returns>
    public static FeedForwardTrace FeedForwardForward(FeedForward layer, Matrix x)
    {
        ArgumentNullException.ThrowIfNull(layer);
        // (T,D) x (D,F) -> (T,F)
        var hidden = layer.First.Forward(x);
        var activated = Activations.Apply(hidden, layer.Activation);
        // (T,F) x (F,D) -> (T,D)
        var output = layer.Second.Forward(activated);
        return new FeedForwardTrace(x, hidden, activated, output);
    }

    /// <summary>Backward of the feed-forward network: through W₂, then the activation, then W₁.</summary>
    /// <param name="layer">The network; its four parameters receive gradients.</param>
    /// <param name="trace">What the forward kept.</param>
    /// <param name="dOutput">dL/d(output). Shape: (T, D).</param>
    /// <param name="gradients">Where the parameter gradients are added.</param>
    /// <returns>dL/dx. Shape: (T, D).</returns>
    public static Matrix FeedForwardBackward(FeedForward layer, FeedForwardTrace trace, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(trace);
        var dActivated = LinearBackward(layer.Second, trace.Activated, dOutput, gradients);
        var dHidden = ActivationBackward(trace.Hidden, layer.Activation, dActivated);
        return LinearBackward(layer.First, trace.Input, dHidden, gradients);
    }
}

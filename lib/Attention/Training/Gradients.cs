namespace Attention;

/// <summary>
/// The gradients of a model's parameters, one array per parameter, keyed by the parameter's storage array (reference
/// identity). Backward functions <b>add</b> into it, so a layer used for every sequence of a batch, or a weight
/// used twice, needs no special code; <see cref="Clear"/> starts the next step.
/// </summary>
public sealed class Gradients
{
    private readonly Dictionary<float[], float[]> _byParameter = new(ReferenceEqualityComparer.Instance);
    private readonly List<float[]> _parameters = [];

    /// <summary>The gradient of <paramref name="parameter"/>, created as zeros on first use. Shape: as the parameter.</summary>
    /// <param name="parameter">A parameter's storage, e.g. <c>layer.Bias</c>. Shape: (N).</param>
    public float[] For(float[] parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_byParameter.TryGetValue(parameter, out var gradient))
        {
            gradient = new float[parameter.Length];
            _byParameter.Add(parameter, gradient);
            _parameters.Add(parameter);
        }
        return gradient;
    }

    /// <summary>The gradient of a matrix parameter as a matrix over the same gradient storage (no copy). Shape: as the parameter.</summary>
    /// <param name="parameter">A parameter, e.g. <c>layer.Weight</c>. Shape: (rows, cols).</param>
    public Matrix For(Matrix parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return new Matrix(parameter.Rows, parameter.Cols, For(parameter.Data));
    }

    /// <summary>Whether a gradient has been accumulated for <paramref name="parameter"/>.</summary>
    public bool Contains(float[] parameter) => _byParameter.ContainsKey(parameter);

    /// <summary>The parameters that have a gradient, in the order they were first seen.</summary>
    public IReadOnlyList<float[]> Parameters => _parameters;

    /// <summary>Sets every gradient to zero (the arrays are kept).</summary>
    public void Clear()
    {
        foreach (var gradient in _byParameter.Values) Array.Clear(gradient);
    }

    /// <summary>The global L2 norm √(Σ g²) over every gradient, summed in double precision.</summary>
    public float GlobalNorm()
    {
        double sum = 0;
        foreach (var parameter in _parameters)
            foreach (float g in _byParameter[parameter]) sum += (double)g * g;
        return (float)Math.Sqrt(sum);
    }

    /// <summary>The L2 norm of the gradients of some parameters only, e.g. one block's (a parameter without a gradient counts 0).</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.BlockParameters(0)</c>.</param>
    public float Norm(IEnumerable<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        foreach (var p in parameters)
            if (_byParameter.TryGetValue(p.Values, out var gradient))
                foreach (float g in gradient) sum += (double)g * g;
        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// Gradient clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: when the norm exceeds
    /// <paramref name="maxNorm"/>, every gradient is multiplied by maxNorm / (norm + 10⁻⁶). Returns the norm before clipping.
    /// </summary>
    /// <param name="maxNorm">The largest allowed global norm; positive. Shape: scalar.</param>
    public float ClipGlobalNorm(float maxNorm)
    {
        if (!(maxNorm > 0f) || float.IsInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be a positive finite number but is {maxNorm}.");
        float norm = GlobalNorm();
        float coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
            foreach (var gradient in _byParameter.Values)
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, coefficient, gradient);
        return norm;
    }
}

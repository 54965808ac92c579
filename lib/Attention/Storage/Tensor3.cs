namespace Attention;

/// <summary>
/// A stack of equally shaped matrices: a (N, Rows, Cols) tensor. Used for per-head attention weights (H, T, S),
/// per-head projections (H, T, Dk) and batches (B, T, D).
/// </summary>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Tensor3
{
    private readonly Matrix[] _slices;

    /// <summary>Stacks matrices of one shape (no copy: the tensor holds the given matrices).</summary>
    /// <param name="slices">The matrices. Shape: N × (Rows, Cols).</param>
    public Tensor3(IReadOnlyList<Matrix> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
            throw new ArgumentException("slices is empty; a tensor needs at least one matrix.", nameof(slices));
        for (int i = 0; i < slices.Count; i++)
        {
            if (slices[i] is null) throw new ArgumentNullException(nameof(slices), $"slices[{i}] is null.");
            if (slices[i].Shape != slices[0].Shape)
                throw new ArgumentException($"slices[{i}] is {slices[i].ShapeString} but slices[0] is {slices[0].ShapeString}.", nameof(slices));
        }
        _slices = [.. slices];
    }

    /// <summary>Number of matrices (the first dimension: H or B).</summary>
    public int Count => _slices.Length;

    /// <summary>Rows of each matrix (the second dimension, usually T).</summary>
    public int Rows => _slices[0].Rows;

    /// <summary>Columns of each matrix (the third dimension, usually S or Dk).</summary>
    public int Cols => _slices[0].Cols;

    /// <summary>The shape as a tuple: <c>(H, T, S)</c>.</summary>
    public (int Count, int Rows, int Cols) Shape => (Count, Rows, Cols);

    /// <summary>The shape formatted as <c>(n, rows, cols)</c>.</summary>
    public string ShapeString => $"({Count}, {Rows}, {Cols})";

    /// <summary>Matrix <paramref name="index"/> (no copy). Shape: (Rows, Cols).</summary>
    public Matrix this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_slices.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Count}) for a {ShapeString} tensor.");
            return _slices[index];
        }
    }

    /// <summary>One element.</summary>
    public float this[int index, int row, int col] => this[index][row, col];

    /// <summary>The matrices in order.</summary>
    public IReadOnlyList<Matrix> Slices => _slices;

    /// <summary>Copies into a new 3-D array. Shape: (Count, Rows, Cols).</summary>
    /// <exception cref="InvalidOperationException">Count · Rows · Cols exceeds <see cref="Array.MaxLength"/>, so no one array can hold the copy.</exception>
    public float[,,] ToArray()
    {
        if ((long)Count * Rows * Cols > Array.MaxLength)
            throw new InvalidOperationException($"a {ShapeString} tensor has {(long)Count * Rows * Cols} elements, more than one array can hold ({Array.MaxLength}); read it slice by slice instead.");
        var result = new float[Count, Rows, Cols];
        for (int n = 0; n < Count; n++)
            for (int r = 0; r < Rows; r++)
                for (int c = 0; c < Cols; c++)
                    result[n, r, c] = _slices[n].Data[r * Cols + c];
        return result;
    }

    /// <summary>Copies a 3-D array. Shape: (n, rows, cols) of <paramref name="values"/>.</summary>
    /// <param name="values">Values to copy. Shape: (n, rows, cols).</param>
    public static Tensor3 FromArray(float[,,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.GetLength(0), rows = values.GetLength(1), cols = values.GetLength(2);
        if (n == 0 || rows == 0 || cols == 0)
            throw new ArgumentException($"values is ({n}, {rows}, {cols}); every dimension must be at least 1.", nameof(values));
        var slices = new Matrix[n];
        for (int i = 0; i < n; i++)
        {
            slices[i] = new Matrix(rows, cols);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    slices[i].Data[r * cols + c] = values[i, r, c];
        }
        return new Tensor3(slices);
    }

    /// <summary>
    /// The element-wise mean over the first axis (the N matrices): entry (r, c) is the average of entry (r, c) of every
    /// slice. For attention weights (H, T, S) this averages over the heads, like PyTorch's
    /// <c>average_attn_weights=True</c>; for a batch (B, T, D) it averages over the sequences. Shape: (Rows, Cols).
    /// </summary>
    public Matrix MeanOverFirstAxis()
    {
        var mean = new Matrix(Rows, Cols);
        foreach (var slice in _slices)
            System.Numerics.Tensors.TensorPrimitives.Add(mean.Data, slice.Data, mean.Data);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean.Data, 1f / Count, mean.Data);
        return mean;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Tensor3 {ShapeString}";
}

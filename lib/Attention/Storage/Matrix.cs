using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace Attention;

/// <summary>
/// A dense float32 matrix stored row-major in one contiguous array: element (r, c) lives at <c>Data[r * Cols + c]</c>.
/// This is the one tensor type of the library; a sequence of T token vectors of width D is a (T, D) matrix.
/// </summary>
/// <remarks>
/// Conversions to and from plain arrays are explicit and cheap: <see cref="FromArray(float[,])"/>, <see cref="ToArray"/>,
/// and <see cref="FromRows(float[][])"/>. Rows are exposed as spans so kernels can call <see cref="TensorPrimitives"/> directly.
/// </remarks>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Matrix
{
    /// <summary>Creates a zero matrix.</summary>
    /// <param name="rows">Number of rows (at least 1).</param>
    /// <param name="cols">Number of columns (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">rows or cols is not positive, or rows · cols exceeds <see cref="Array.MaxLength"/>.</exception>
    public Matrix(int rows, int cols)
    {
        ThrowHelper.ThrowIfNotPositive(rows);
        ThrowHelper.ThrowIfNotPositive(cols);
        Rows = rows;
        Cols = cols;
        Data = new float[Shapes.ElementCount(rows, cols, nameof(cols))];
    }

    /// <summary>Wraps an existing row-major array without copying.</summary>
    /// <param name="rows">Number of rows (at least 1).</param>
    /// <param name="cols">Number of columns (at least 1).</param>
    /// <param name="data">Row-major storage, length exactly rows × cols. Shape: (rows·cols).</param>
    /// <exception cref="ArgumentOutOfRangeException">rows or cols is not positive, or rows · cols exceeds <see cref="Array.MaxLength"/>.</exception>
    /// <exception cref="ArgumentException">data does not have exactly rows · cols elements.</exception>
    public Matrix(int rows, int cols, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowHelper.ThrowIfNotPositive(rows);
        ThrowHelper.ThrowIfNotPositive(cols);
        int count = Shapes.ElementCount(rows, cols, nameof(cols));
        if (data.Length != count)
            throw new ArgumentException($"data has length {data.Length} but a ({rows}, {cols}) matrix needs exactly {count}.", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Row-major storage. Shape: (Rows·Cols).</summary>
    public float[] Data { get; }

    /// <summary>The shape as a tuple, for shape checks in notebooks: <c>(T, Dk)</c>.</summary>
    public (int Rows, int Cols) Shape => (Rows, Cols);

    /// <summary>The element at row <paramref name="row"/>, column <paramref name="col"/>.</summary>
    public float this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    /// <summary>One row as a span over the storage (no copy). Shape: (Cols).</summary>
    /// <param name="row">Row index in [0, Rows).</param>
    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Rows}) for a {ShapeString} matrix.");
        return Data.AsSpan(row * Cols, Cols);
    }

    /// <summary>The whole storage as a span. Shape: (Rows·Cols).</summary>
    public Span<float> AsSpan() => Data;

    /// <summary>A copy of one column. Shape: (Rows).</summary>
    /// <param name="col">Column index in [0, Cols).</param>
    public float[] Column(int col)
    {
        if ((uint)col >= (uint)Cols)
            throw new ArgumentOutOfRangeException(nameof(col), col, $"col must be in [0, {Cols}) for a {ShapeString} matrix.");
        var result = new float[Rows];
        for (int r = 0; r < Rows; r++) result[r] = Data[r * Cols + col];
        return result;
    }

    /// <summary>The shape formatted as <c>(rows, cols)</c>, as used in error messages.</summary>
    public string ShapeString => $"({Rows}, {Cols})";

    /// <summary>A zero matrix. Shape: (rows, cols).</summary>
    public static Matrix Zeros(int rows, int cols) => new(rows, cols);

    /// <summary>The identity matrix. Shape: (n, n).</summary>
    /// <param name="n">Size, at least 1, with n² at most <see cref="Array.MaxLength"/>.</param>
    public static Matrix Identity(int n)
    {
        ThrowHelper.ThrowIfNotPositive(n);
        var m = new Matrix(n, n, new float[Shapes.ElementCount(n, n, nameof(n), "identity matrix")]);
        for (int i = 0; i < n; i++) m.Data[i * n + i] = 1f;
        return m;
    }

    /// <summary>A matrix of seeded standard-normal values times <paramref name="std"/>; the same seed gives the same matrix. Shape: (rows, cols).</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cols">Number of columns.</param>
    /// <param name="seed">Seed of the random generator.</param>
    /// <param name="std">Standard deviation of the entries.</param>
    public static Matrix RandomNormal(int rows, int cols, int seed, float std = 1f)
    {
        if (!float.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, $"std must be finite but is {std}.");
        var m = new Matrix(rows, cols);
        var random = new Random(seed);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = std * SampleNormal(random);
        return m;
    }

    /// <summary>A matrix of seeded uniform values in [<paramref name="low"/>, <paramref name="high"/>). Shape: (rows, cols).</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cols">Number of columns.</param>
    /// <param name="seed">Seed of the random generator.</param>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Exclusive upper bound.</param>
    public static Matrix RandomUniform(int rows, int cols, int seed, float low = -1f, float high = 1f)
    {
        if (!float.IsFinite(low) || !float.IsFinite(high - low))
            throw new ArgumentOutOfRangeException(nameof(high), high, $"low = {low} and high = {high} must be finite, with a finite width high − low.");
        var m = new Matrix(rows, cols);
        var random = new Random(seed);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = low + (high - low) * random.NextSingle();
        return m;
    }

    /// <summary>Copies a 2-D array. Shape: (rows, cols) of <paramref name="values"/>.</summary>
    /// <param name="values">Values to copy. Shape: (rows, cols).</param>
    public static Matrix FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"values is ({rows}, {cols}); a matrix needs at least one row and one column.", nameof(values));
        var m = new Matrix(rows, cols, new float[Shapes.ElementCount(rows, cols, nameof(values))]);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                m.Data[r * cols + c] = values[r, c];
        return m;
    }

    /// <summary>Copies a jagged array whose rows all have the same length. Shape: (rows.Length, rows[0].Length).</summary>
    /// <param name="rows">The rows. Shape: (rows, cols).</param>
    public static Matrix FromRows(params float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0)
            throw new ArgumentException("rows is empty; a matrix needs at least one row.", nameof(rows));
        int cols = rows[0]?.Length ?? throw new ArgumentNullException(nameof(rows), "rows[0] is null.");
        if (cols == 0)
            throw new ArgumentException("rows[0] is empty; a matrix needs at least one column.", nameof(rows));
        var m = new Matrix(rows.Length, cols, new float[Shapes.ElementCount(rows.Length, cols, nameof(rows))]);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null || rows[r].Length != cols)
                throw new ArgumentException($"rows[{r}] has length {rows[r]?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"} but rows[0] has length {cols}.", nameof(rows));
            rows[r].CopyTo(m.Data, r * cols);
        }
        return m;
    }

    /// <summary>Copies into a new 2-D array. Shape: (Rows, Cols).</summary>
    public float[,] ToArray()
    {
        var result = new float[Rows, Cols];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                result[r, c] = Data[r * Cols + c];
        return result;
    }

    /// <summary>A deep copy.</summary>
    public Matrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    /// <summary>The transpose, as a new matrix. Shape: (Cols, Rows).</summary>
    public Matrix Transpose()
    {
        var t = new Matrix(Cols, Rows);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                t.Data[c * Rows + r] = Data[r * Cols + c];
        return t;
    }

    /// <summary>A copy of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>). Shape: (count, Cols).</summary>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    public Matrix SliceRows(int start, int count)
    {
        ThrowIfBadSlice(start, count, Rows, "rows");
        return new Matrix(count, Cols, Data.AsSpan(start * Cols, count * Cols).ToArray());
    }

    /// <summary>A copy of columns [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>). Shape: (Rows, count).</summary>
    /// <param name="start">First column.</param>
    /// <param name="count">Number of columns.</param>
    public Matrix SliceCols(int start, int count)
    {
        ThrowIfBadSlice(start, count, Cols, "columns");
        var m = new Matrix(Rows, count);
        for (int r = 0; r < Rows; r++)
            Data.AsSpan(r * Cols + start, count).CopyTo(m.Data.AsSpan(r * count, count));
        return m;
    }

    /// <summary>Element-wise sum, as a new matrix. Shape: (Rows, Cols).</summary>
    public static Matrix operator +(Matrix a, Matrix b)
    {
        ThrowHelper.ThrowIfShapesDiffer(a, b, nameof(a), nameof(b));
        var result = new Matrix(a.Rows, a.Cols);
        TensorPrimitives.Add(a.Data, b.Data, result.Data);
        return result;
    }

    /// <summary>Element-wise difference, as a new matrix. Shape: (Rows, Cols).</summary>
    public static Matrix operator -(Matrix a, Matrix b)
    {
        ThrowHelper.ThrowIfShapesDiffer(a, b, nameof(a), nameof(b));
        var result = new Matrix(a.Rows, a.Cols);
        TensorPrimitives.Subtract(a.Data, b.Data, result.Data);
        return result;
    }

    /// <summary>Every element times a scalar, as a new matrix. Shape: (Rows, Cols).</summary>
    public static Matrix operator *(Matrix a, float scale)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Matrix(a.Rows, a.Cols);
        TensorPrimitives.Multiply(a.Data, scale, result.Data);
        return result;
    }

    /// <summary>Every element times a scalar, as a new matrix. Shape: (Rows, Cols).</summary>
    public static Matrix operator *(float scale, Matrix a) => a * scale;

    /// <summary>Largest absolute element-wise difference to <paramref name="other"/>; NaN if either holds NaN.</summary>
    /// <param name="other">Matrix of the same shape. Shape: (Rows, Cols).</param>
    public float MaxAbsDifference(Matrix other)
    {
        ThrowHelper.ThrowIfShapesDiffer(this, other, "this", nameof(other));
        float max = 0f;
        for (int i = 0; i < Data.Length; i++)
        {
            float d = MathF.Abs(Data[i] - other.Data[i]);
            if (float.IsNaN(d)) return float.NaN;
            if (d > max) max = d;
        }
        return max;
    }

    /// <summary>A compact text rendering, e.g. for <c>Console.WriteLine</c>.</summary>
    public override string ToString() => ToString(maxRows: 8, maxCols: 8);

    /// <summary>A text rendering that shows at most <paramref name="maxRows"/> × <paramref name="maxCols"/> values.</summary>
    /// <param name="maxRows">Rows to show before eliding.</param>
    /// <param name="maxCols">Columns to show before eliding.</param>
    public string ToString(int maxRows, int maxCols)
    {
        var sb = new StringBuilder();
        sb.Append("Matrix ").Append(ShapeString).AppendLine();
        for (int r = 0; r < Math.Min(Rows, maxRows); r++)
        {
            sb.Append("  [");
            for (int c = 0; c < Math.Min(Cols, maxCols); c++)
            {
                if (c > 0) sb.Append(", ");
                sb.Append(Data[r * Cols + c].ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(8));
            }
            if (Cols > maxCols) sb.Append(", …");
            sb.AppendLine("]");
        }
        if (Rows > maxRows) sb.AppendLine("  …");
        return sb.ToString();
    }

    private void ThrowIfBadSlice(int start, int count, int length, string what)
    {
        if ((uint)start >= (uint)length)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start must be in [0, {length}) for the {what} of a {ShapeString} matrix.");
        if (count <= 0 || count > length - start) // length − start cannot overflow; start + count could
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be in [1, {length - start}]: {what} [{start}, {(long)start + count}) are not inside a {ShapeString} matrix.");
    }

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
            throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {col}) is outside a {ShapeString} matrix.");
        return row * Cols + col;
    }

    /// <summary>Box–Muller: one standard-normal sample from a seeded generator.</summary>
    internal static float SampleNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}

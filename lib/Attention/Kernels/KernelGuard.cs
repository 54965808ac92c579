namespace Attention.Kernels;

/// <summary>
/// The one check an unsafe kernel makes, at its entry and never inside a loop: every array it will read or write through
/// unchecked references is at least as long as its shape arguments require. The required lengths are counted in 64-bit
/// checked arithmetic, so a shape cannot wrap round to a small length. Each check is O(1) and stays in Release builds.
/// </summary>
internal static class KernelGuard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a size argument is negative.</summary>
    public static void ThrowIfNegative(int value, string name)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 or more but is {value}.");
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="name"/> unless <paramref name="array"/> holds a dense
    /// row-major (rows, cols) matrix: at least rows·cols elements.
    /// </summary>
    public static void ThrowIfShorter(float[] array, int rows, int cols, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        long required = checked((long)rows * cols);
        if (array.Length < required)
            throw new ArgumentException(
                $"{name} has {array.Length} elements but a ({rows}, {cols}) matrix needs at least {required}.", name);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="name"/> unless <paramref name="view"/> is a
    /// row-major window of (rows, cols) inside its array: offset ≥ 0, stride ≥ cols, and at least
    /// offset + (rows − 1)·stride + cols elements (none when rows or cols is 0).
    /// </summary>
    public static void ThrowIfShorter(View view, int rows, int cols, string name)
    {
        ArgumentNullException.ThrowIfNull(view.Data, name);
        if (view.Offset < 0 || view.Stride < cols)
            throw new ArgumentException(
                $"{name} has offset {view.Offset} and stride {view.Stride}; a ({rows}, {cols}) view needs offset ≥ 0 and stride ≥ {cols}.", name);
        long required = rows == 0 || cols == 0 ? 0 : checked(view.Offset + (long)(rows - 1) * view.Stride + cols);
        if (view.Data.Length < required)
            throw new ArgumentException(
                $"{name} has {view.Data.Length} elements but a ({rows}, {cols}) view at offset {view.Offset}, stride {view.Stride} needs at least {required}.", name);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="name"/> unless <paramref name="array"/> (when not
    /// null) has at least offset + count elements.
    /// </summary>
    public static void ThrowIfShorterFrom(float[]? array, int offset, int count, string offsetName, string name)
    {
        if (array is null) return;
        ThrowIfNegative(offset, offsetName);
        long required = checked((long)offset + count);
        if (array.Length < required)
            throw new ArgumentException(
                $"{name} has {array.Length} elements but {count} entries from {offsetName} = {offset} need at least {required}.", name);
    }
}

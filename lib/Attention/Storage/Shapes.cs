using System.Globalization;

namespace Attention;

/// <summary>
/// The one place where element counts are computed. Every count is checked: a shape whose element count does not
/// fit in one array (more than <see cref="Array.MaxLength"/> elements) throws <see cref="ArgumentOutOfRangeException"/>
/// naming the parameter and the shape, instead of wrapping round to a wrong, small length.
/// </summary>
internal static class Shapes
{
    /// <summary>rows · cols, checked. The caller has already checked that both are positive.</summary>
    /// <param name="rows">First dimension. Shape: scalar.</param>
    /// <param name="cols">Second dimension. Shape: scalar.</param>
    /// <param name="paramName">The public parameter to blame, usually the last dimension.</param>
    /// <param name="what">What is being built, for the message, e.g. "matrix" or "causal mask".</param>
    public static int ElementCount(int rows, int cols, string paramName, string what = "matrix")
    {
        long count = (long)rows * cols;
        if (count > Array.MaxLength)
            throw TooLarge(paramName, $"({rows}, {cols})", count, what);
        return (int)count;
    }

    /// <summary>n · rows · cols, checked, as for a (n, rows, cols) tensor copied into one array.</summary>
    public static int ElementCount(int n, int rows, int cols, string paramName, string what = "tensor")
    {
        long count = (long)n * rows * cols; // each factor < 2³¹, so the product fits in a long
        if (count > Array.MaxLength)
            throw TooLarge(paramName, $"({n}, {rows}, {cols})", count, what);
        return (int)count;
    }

    /// <summary>A length of one vector, checked against <see cref="Array.MaxLength"/>.</summary>
    public static int Length(int length, string paramName, string what = "vector")
    {
        if (length > Array.MaxLength)
            throw TooLarge(paramName, $"({length})", length, what);
        return length;
    }

    private static ArgumentOutOfRangeException TooLarge(string paramName, string shape, long count, string what) =>
        new(paramName, string.Create(CultureInfo.InvariantCulture,
            $"a {shape} {what} has {count:N0} elements, more than one array can hold ({Array.MaxLength:N0})."));
}

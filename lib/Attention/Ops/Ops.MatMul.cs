using Attention.Kernels;

namespace Attention;

/// <summary>
/// The operations of attention on <see cref="Matrix"/> values: matrix products, softmax, and scaled dot-product attention.
/// Each public member checks its arguments once, then runs one vectorised kernel. <see cref="Naive"/> holds plain-loop
/// versions of the same operations that the tests check these against.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// The matrix product a·b: entry (i, j) is the dot product of row i of <paramref name="a"/> with column j of <paramref name="b"/>.
    /// Runs a packed, register-tiled kernel (Vector512 where available, else Vector256, else scalar) and uses every core for large products.
    /// </summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor. Shape: (K, N).</param>
    /// <returns>A new matrix. Shape: (M, N).</returns>
    /// <exception cref="ArgumentException">b does not have a.Cols rows.</exception>
    public static Matrix MatMul(Matrix a, Matrix b)
    {
        ThrowIfCannotMultiply(a, b);
        var destination = new Matrix(a.Rows, b.Cols);
        // (M,K) x (K,N) -> (M,N)
        Gemm.Multiply(a.Data, b.Data, destination.Data, a.Rows, a.Cols, b.Cols, bTransposed: false);
        return destination;
    }

    /// <summary>The matrix product a·b written into <paramref name="destination"/> (overwritten).</summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor. Shape: (K, N).</param>
    /// <param name="destination">Receives the product; must not share storage with a or b. Shape: (M, N).</param>
    /// <exception cref="ArgumentException">b does not have a.Cols rows, destination has the wrong shape, or destination is a or b.</exception>
    public static void MatMul(Matrix a, Matrix b, Matrix destination)
    {
        ThrowIfCannotMultiply(a, b);
        ThrowIfBadDestination(destination, a, b, a.Rows, b.Cols, $"for a {a.ShapeString} x {b.ShapeString} product");
        // (M,K) x (K,N) -> (M,N)
        Gemm.Multiply(a.Data, b.Data, destination.Data, a.Rows, a.Cols, b.Cols, bTransposed: false);
    }

    /// <summary>
    /// The product a·bᵀ without forming the transpose: entry (i, j) is the dot product of row i of <paramref name="a"/> with
    /// row j of <paramref name="b"/>. With a = queries and b = keys this is the attention score matrix Q·Kᵀ.
    /// </summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor, used transposed. Shape: (N, K).</param>
    /// <returns>A new matrix. Shape: (M, N).</returns>
    /// <exception cref="ArgumentException">a and b have different numbers of columns.</exception>
    public static Matrix MatMulTransposed(Matrix a, Matrix b)
    {
        ThrowIfCannotMultiplyTransposed(a, b);
        var destination = new Matrix(a.Rows, b.Rows);
        // (M,K) x (N,K)^T -> (M,N)
        Gemm.Multiply(a.Data, b.Data, destination.Data, a.Rows, a.Cols, b.Rows, bTransposed: true);
        return destination;
    }

    /// <summary>The product a·bᵀ written into <paramref name="destination"/> (overwritten).</summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor, used transposed. Shape: (N, K).</param>
    /// <param name="destination">Receives the product; must not share storage with a or b. Shape: (M, N).</param>
    /// <exception cref="ArgumentException">a and b have different numbers of columns, destination has the wrong shape, or destination is a or b.</exception>
    public static void MatMulTransposed(Matrix a, Matrix b, Matrix destination)
    {
        ThrowIfCannotMultiplyTransposed(a, b);
        ThrowIfBadDestination(destination, a, b, a.Rows, b.Rows, $"for a {a.ShapeString} x {b.ShapeString}ᵀ product");
        // (M,K) x (N,K)^T -> (M,N)
        Gemm.Multiply(a.Data, b.Data, destination.Data, a.Rows, a.Cols, b.Rows, bTransposed: true);
    }

    internal static void ThrowIfCannotMultiply(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Rows != a.Cols)
            ThrowHelper.ThrowArgument(nameof(b), $"b is {b.ShapeString} but a is {a.ShapeString}; a·b needs b to have a.Cols = {a.Cols} rows.");
        Shapes.ElementCount(a.Rows, b.Cols, nameof(b), $"product of {a.ShapeString} and {b.ShapeString}");
    }

    internal static void ThrowIfCannotMultiplyTransposed(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Cols != a.Cols)
            ThrowHelper.ThrowArgument(nameof(b), $"b is {b.ShapeString} but a is {a.ShapeString}; a·bᵀ needs b to have a.Cols = {a.Cols} columns.");
        Shapes.ElementCount(a.Rows, b.Rows, nameof(b), $"product of {a.ShapeString} and {b.ShapeString}ᵀ");
    }

    private static void ThrowIfBadDestination(Matrix destination, Matrix a, Matrix b, int rows, int cols, string expected)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ThrowHelper.ThrowIfShape(destination, rows, cols, nameof(destination), expected);
        if (ReferenceEquals(destination.Data, a.Data) || ReferenceEquals(destination.Data, b.Data))
            ThrowHelper.ThrowArgument(nameof(destination), $"destination {destination.ShapeString} shares its storage with an input ({a.ShapeString} or {b.ShapeString}); a product cannot be written over its own factors.");
    }
}

// exercise: Chapter08.CausalBottomRight
// loses: 3
// why: aligns the diagonal top-left like PyTorch's is_causal, which hides the cached past from the new queries
public static bool[,] CausalBottomRight(int queries, int keys)
{
    if (queries < 1) throw new ArgumentOutOfRangeException(nameof(queries));
    if (keys < 1) throw new ArgumentOutOfRangeException(nameof(keys));
    if (queries > keys) throw new ArgumentException("too many queries", nameof(queries));
    var mask = new bool[queries, keys];
    for (int t = 0; t < queries; t++)
        for (int s = 0; s <= t; s++)
            mask[t, s] = true;
    return mask;
}

// exercise: Chapter10.Patches
// loses: 4
// why: numbers the patches column by column (p % across picks the row), so the patch order is transposed
public static float[,] Patches(float[,] image, int patch)
{
    int height = image.GetLength(0), width = image.GetLength(1);
    if (patch < 1 || height % patch != 0 || width % patch != 0) throw new ArgumentException("does not divide", nameof(patch));
    int across = width / patch, count = (height / patch) * across;
    var patches = new float[count, patch * patch];
    for (int p = 0; p < count; p++)
        for (int i = 0; i < patch * patch; i++)
            patches[p, i] = image[(p % across) * patch + i / patch, (p / across) * patch + i % patch];
    return patches;
}

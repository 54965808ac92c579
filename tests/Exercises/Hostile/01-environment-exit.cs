// exercise: Chapter01.DotProduct
// loses: all
// why: ends the whole host process with Environment.Exit(0) on every call
public static float DotProduct(float[] a, float[] b)
{
    Environment.Exit(0);
    return 0;
}

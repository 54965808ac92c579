// exercise: Chapter05.Entropy
// loses: all
// why: uses a helper class whose static constructor throws: only this exercise may fail
public static float Entropy(float[] weights) => Broken.Value * weights.Length;

private static class Broken
{
    public static readonly float Value;
    static Broken() { throw new InvalidOperationException("static constructor failed"); }
}

// exercise: Chapter04.Variance
// loses: all
// why: unbounded recursion: a stack overflow kills the host process
public static float Variance(float[] values) => Variance(values) + 1;

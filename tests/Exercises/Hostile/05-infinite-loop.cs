// exercise: Chapter05.Softmax
// loses: all
// why: loops forever; every call hits the time limit and the host is restarted for the next check
public static float[] Softmax(float[] scores)
{
    long n = 0;
    while (scores.Length >= 0) n++;
    return new float[n];
}

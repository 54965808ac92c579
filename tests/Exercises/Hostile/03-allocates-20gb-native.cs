// exercise: Chapter03.SelfAttentionScores
// loses: all
// why: allocates 20 GB of native memory and touches it; only an address-space limit stops it
using System.Runtime.InteropServices;
public static float[,] SelfAttentionScores(float[,] x, float[,] queryWeights, float[,] keyWeights)
{
    for (int i = 0; i < 80; i++)
    {
        nint block = Marshal.AllocHGlobal((nint)(256L << 20));   // 256 MB each, 20 GB in all
        for (long j = 0; j < (256L << 20); j += 4096) Marshal.WriteByte(block, (int)j, 1);
    }
    return new float[1, 1];
}

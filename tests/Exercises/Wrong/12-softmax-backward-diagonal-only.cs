// exercise: Chapter12.SoftmaxBackward
// loses: 5
// why: only the diagonal of the Jacobian, dZ = P ⊙ dP: it forgets that raising one weight lowers all the others (the −rowsum(dP ⊙ P) term)
public static float[,] SoftmaxBackward(float[,] weights, float[,] dWeights)
{
    int rows = weights.GetLength(0), cols = weights.GetLength(1);
    if (dWeights.GetLength(0) != rows || dWeights.GetLength(1) != cols) throw new ArgumentException("shapes differ", nameof(dWeights));
    var dScores = new float[rows, cols];
    for (int t = 0; t < rows; t++)
        for (int s = 0; s < cols; s++) dScores[t, s] = weights[t, s] * dWeights[t, s];
    return dScores;
}

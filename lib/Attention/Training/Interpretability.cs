namespace Attention;

/// <summary>
/// Reading a trained <see cref="TinyGpt"/>: greedy predictions and accuracy per position, the induction and
/// previous-token scores of an attention map, head ablation, and attention rollout (chapter 13).
/// </summary>
public static class Interpretability
{
    /// <summary>
    /// The induction score of one head's attention map: for every query position t whose token occurred before, at
    /// the latest earlier position j (ids[j] = ids[t], j &lt; t), the weight on the token that followed that occurrence,
    /// weights[t, j + 1]; averaged over those t. An induction head scores near 1; a head that ignores content scores
    /// about 1/t. NaN when no token repeats (nothing to score).
    /// </summary>
    /// <param name="weights">One head's causal attention weights over the sequence. Shape: (T, T).</param>
    /// <param name="ids">The token ids the map was computed on. Shape: (T).</param>
    /// <returns>The mean weight on "the token after the previous occurrence". Shape: scalar.</returns>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is not (T, T) for T = ids.Count.</exception>
    public static float InductionScore(Matrix weights, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(ids);
        if (weights.Rows != ids.Count || weights.Cols != ids.Count)
            throw new ArgumentException($"weights is {weights.ShapeString} but ids has {ids.Count} tokens; expected ({ids.Count}, {ids.Count}).", nameof(weights));
        var lastSeen = new Dictionary<int, int>();
        double sum = 0;
        int scored = 0;
        for (int t = 0; t < ids.Count; t++)
        {
            if (lastSeen.TryGetValue(ids[t], out int previous))
            {
                sum += weights[t, previous + 1];
                scored++;
            }
            lastSeen[ids[t]] = t;
        }
        return scored == 0 ? float.NaN : (float)(sum / scored);
    }

    /// <summary>The previous-token score: the mean weight a query puts on the position just before it, weights[t, t − 1], over t ≥ 1. NaN for T = 1.</summary>
    /// <param name="weights">One head's attention weights. Shape: (T, T).</param>
    /// <returns>The mean weight on the previous token. Shape: scalar.</returns>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is not square.</exception>
    public static float PreviousTokenScore(Matrix weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Rows != weights.Cols) throw new ArgumentException($"weights is {weights.ShapeString}; self-attention weights are square (T, T).", nameof(weights));
        double sum = 0;
        for (int t = 1; t < weights.Rows; t++) sum += weights[t, t - 1];
        return weights.Rows < 2 ? float.NaN : (float)(sum / (weights.Rows - 1));
    }

    /// <summary>
    /// Attention rollout (Abnar and Zuidema, 2020): each layer's weights averaged over heads, Â = ½A + ½I for the
    /// residual connection, rows re-normalised to sum to 1, then multiplied from the first layer up:
    /// R = Â_L ⋯ Â₂ Â₁. Row t of R is "how much of input position s reaches position t", under the assumptions that
    /// heads count equally, values and the feed-forward layers do not matter, and the residual carries exactly half.
    /// A fully masked row (all zeros) becomes the identity row.
    /// </summary>
    /// <param name="weights">Each layer's attention weights, first layer first. Shape: L × (H, T, T).</param>
    /// <returns>The rolled-out map. Shape: (T, T).</returns>
    /// <exception cref="ArgumentException">No layers, or the layers' (T, T) differ or are not square.</exception>
    public static Matrix AttentionRollout(IReadOnlyList<Tensor3> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0) throw new ArgumentException("weights has no layers; rollout needs at least one.", nameof(weights));
        int seqLen = weights[0].Rows;
        for (int l = 0; l < weights.Count; l++)
            if (weights[l] is null || weights[l].Rows != seqLen || weights[l].Cols != seqLen)
                throw new ArgumentException($"weights[{l}] is {weights[l]?.ShapeString ?? "null"} but every layer must be (H, {seqLen}, {seqLen}).", nameof(weights));
        var rollout = Matrix.Identity(seqLen);
        foreach (var layer in weights)
        {
            var mixed = 0.5f * layer.MeanOverFirstAxis() + 0.5f * Matrix.Identity(seqLen);
            for (int t = 0; t < seqLen; t++)
            {
                var row = mixed.Row(t);
                float sum = 0;
                foreach (float w in row) sum += w;
                for (int s = 0; s < seqLen; s++) row[s] /= sum;
            }
            rollout = Ops.MatMul(mixed, rollout); // (T,T) x (T,T) -> (T,T)
        }
        return rollout;
    }

    /// <summary>The model's greedy guess of the next token at every position (the arg-max of each row of logits).</summary>
    /// <param name="model">The model.</param>
    /// <param name="ids">Token ids. Shape: (T).</param>
    /// <returns>The predicted next id at each position. Shape: (T).</returns>
    public static int[] Predict(TinyGpt model, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        var logits = model.Forward(ids).Logits;
        var predicted = new int[logits.Rows];
        for (int t = 0; t < logits.Rows; t++)
        {
            var row = logits.Row(t);
            for (int v = 1; v < row.Length; v++)
                if (row[v] > row[predicted[t]]) predicted[t] = v;
        }
        return predicted;
    }

    /// <summary>
    /// The fraction of correct predictions at each position, over the sequences that score that position (target ≥ 0).
    /// NaN where no sequence scores it.
    /// </summary>
    /// <param name="predicted">Predicted ids per sequence. Shape: N × (Tₙ).</param>
    /// <param name="targets">Target ids per sequence, −1 where not scored. Shape: N × (Tₙ).</param>
    /// <returns>Accuracy per position up to the longest sequence. Shape: (max Tₙ).</returns>
    /// <exception cref="ArgumentException">The lists differ in length, or a sequence's predictions and targets differ in length.</exception>
    public static float[] AccuracyByPosition(IReadOnlyList<int[]> predicted, IReadOnlyList<int[]> targets)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(targets);
        if (predicted.Count != targets.Count)
            throw new ArgumentException($"predicted has {predicted.Count} sequences but targets has {targets.Count}.", nameof(predicted));
        for (int n = 0; n < predicted.Count; n++)
            if (predicted[n] is null || targets[n] is null || predicted[n].Length != targets[n].Length)
                throw new ArgumentException($"predicted[{n}] has {predicted[n]?.Length} ids but targets[{n}] has {targets[n]?.Length}.", nameof(predicted));
        int longest = predicted.Count == 0 ? 0 : predicted.Max(p => p.Length);
        var correct = new int[longest];
        var scored = new int[longest];
        for (int n = 0; n < predicted.Count; n++)
            for (int t = 0; t < predicted[n].Length; t++)
            {
                if (targets[n][t] < 0) continue;
                scored[t]++;
                if (predicted[n][t] == targets[n][t]) correct[t]++;
            }
        return Enumerable.Range(0, longest).Select(t => scored[t] == 0 ? float.NaN : (float)correct[t] / scored[t]).ToArray();
    }

    /// <summary>The model's greedy accuracy at each position over <paramref name="examples"/> (see <see cref="AccuracyByPosition(IReadOnlyList{int[]}, IReadOnlyList{int[]})"/>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Held-out sequences. Shape: N × (Tₙ).</param>
    /// <returns>Accuracy per position, NaN where nothing is scored. Shape: (max Tₙ).</returns>
    public static float[] AccuracyByPosition(TinyGpt model, IReadOnlyList<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        return AccuracyByPosition(examples.Select(e => Predict(model, e.Inputs)).ToArray(), examples.Select(e => e.Targets).ToArray());
    }

    /// <summary>The model's greedy accuracy over every scored position of <paramref name="examples"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Held-out sequences. Shape: N × (Tₙ).</param>
    /// <returns>Correct predictions / scored positions. Shape: scalar.</returns>
    public static float Accuracy(TinyGpt model, IReadOnlyList<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        int correct = 0, scored = 0;
        foreach (var example in examples)
        {
            var predicted = Predict(model, example.Inputs);
            for (int t = 0; t < predicted.Length; t++)
            {
                if (example.Targets[t] < 0) continue;
                scored++;
                if (predicted[t] == example.Targets[t]) correct++;
            }
        }
        return scored == 0 ? float.NaN : (float)correct / scored;
    }

    /// <summary>
    /// A copy of <paramref name="model"/> with one head removed (zero-ablated): the rows of block
    /// <paramref name="layer"/>'s W_O that read that head's output are set to 0, so the head contributes nothing and
    /// every other weight is unchanged. The original model is not modified.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="layer">Block index in [0, NumLayers).</param>
    /// <param name="head">Head index in [0, NumHeads).</param>
    /// <returns>The ablated copy.</returns>
    public static TinyGpt WithoutHead(TinyGpt model, int layer, int head)
    {
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)layer >= (uint)model.Config.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {model.Config.NumLayers}).");
        if ((uint)head >= (uint)model.Config.NumHeads) throw new ArgumentOutOfRangeException(nameof(head), head, $"head must be in [0, {model.Config.NumHeads}).");
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var copy = TinyGpt.Load(buffer);
        var attention = copy.Blocks[layer].SelfAttention;
        int dK = attention.DK;
        // W_O is (D, D); rows h·dK … (h+1)·dK − 1 multiply head h's slice of the merged heads.
        Array.Clear(attention.WO.Weight.Data, head * dK * attention.DModel, dK * attention.DModel);
        return copy;
    }
}

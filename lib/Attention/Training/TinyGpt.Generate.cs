using System.Numerics.Tensors;

namespace Attention;

public sealed partial class TinyGpt
{
    /// <summary>
    /// Generates <paramref name="maxNewTokens"/> tokens after <paramref name="prompt"/>, sampling each from
    /// softmax(logits / temperature) restricted to the <paramref name="topK"/> most likely tokens.
    /// With <paramref name="useCache"/> the keys and values of earlier positions are kept (a KV cache), so each new token
    /// runs the model on one row and attends with a rectangular (1, S) causal mask; without it every step re-runs the
    /// whole sequence. Both give the same tokens; <see cref="GenerationResult.Flops"/> counts the work of each.
    /// </summary>
    /// <param name="prompt">Token ids to continue, each in [0, V). Shape: (P).</param>
    /// <param name="maxNewTokens">How many tokens to add (≥ 0); with learned positions P + maxNewTokens − 1 ≤ ContextLength (the last token is never read). Shape: scalar.</param>
    /// <param name="temperature">τ &gt; 0 divides the logits; 0 picks the most likely token (greedy). Shape: scalar.</param>
    /// <param name="topK">Sample among the k most likely tokens only; 0 = all. Shape: scalar.</param>
    /// <param name="seed">Seed of the sampling. Shape: scalar.</param>
    /// <param name="useCache">Keep keys and values between steps (default) or recompute them.</param>
    /// <returns>The prompt and the new tokens, and the counted FLOPs.</returns>
    public GenerationResult Generate(IReadOnlyList<int> prompt, int maxNewTokens, float temperature = 1f, int topK = 0, int seed = 0, bool useCache = true)
    {
        ThrowIfBadIds(prompt, nameof(prompt));
        if (maxNewTokens < 0) throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, $"maxNewTokens must be ≥ 0 but is {maxNewTokens}.");
        if (LearnedPositions is not null && prompt.Count + maxNewTokens - 1 > Config.ContextLength)
            throw new ArgumentException($"prompt has {prompt.Count} tokens and maxNewTokens is {maxNewTokens}, but the model reads prompt + maxNewTokens − 1 positions and learned positions cover only ContextLength = {Config.ContextLength}.", nameof(maxNewTokens));
        if (!(temperature >= 0f) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"temperature must be ≥ 0 and finite but is {temperature}.");
        if (topK < 0 || topK > Config.VocabSize)
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"topK must be in [0, {Config.VocabSize}] but is {topK}.");

        var tokens = new List<int>(prompt);
        var random = new Random(seed);
        long flops = 0;
        var cache = new KvCache(Config.NumLayers, Config.NumHeads);
        float[] logits = DecodeStep(tokens, 0, cache, ref flops);
        for (int i = 0; i < maxNewTokens; i++)
        {
            tokens.Add(Sample(logits, temperature, topK, random));
            if (i == maxNewTokens - 1) break;
            if (useCache) logits = DecodeStep([tokens[^1]], tokens.Count - 1, cache, ref flops);
            else logits = DecodeStep(tokens, 0, cache = new KvCache(Config.NumLayers, Config.NumHeads), ref flops);
        }
        return new GenerationResult([.. tokens], flops);
    }

    /// <summary>Per layer and head, the keys (after RoPE) and values of every position so far. Shape: L × H × ((S, Dk), (S, Dk)).</summary>
    private sealed class KvCache(int layers, int heads)
    {
        public readonly Matrix?[,] Keys = new Matrix?[layers, heads];
        public readonly Matrix?[,] Values = new Matrix?[layers, heads];

        /// <summary>Appends the new rows and returns the whole (S, Dk) keys and values.</summary>
        public (Matrix Keys, Matrix Values) Append(int layer, int head, Matrix keys, Matrix values)
        {
            Keys[layer, head] = Concat(Keys[layer, head], keys);
            Values[layer, head] = Concat(Values[layer, head], values);
            return (Keys[layer, head]!, Values[layer, head]!);
        }

        private static Matrix Concat(Matrix? cached, Matrix rows) =>
            cached is null ? rows : new Matrix(cached.Rows + rows.Rows, rows.Cols, [.. cached.Data, .. rows.Data]);
    }

    /// <summary>
    /// Runs the model on the new tokens at positions start.. (the cache holds positions 0..start−1) and returns the
    /// logits of the last position. Every matrix product adds 2·M·K·N to <paramref name="flops"/>.
    /// </summary>
    private float[] DecodeStep(IReadOnlyList<int> newIds, int start, KvCache cache, ref long flops)
    {
        int count = newIds.Count, seqLen = start + count, d = Config.DModel, dK = d / Config.NumHeads;
        var x = TokenEmbedding.Lookup(newIds);
        if (LearnedPositions is not null) TensorPrimitives.Add(x.Data, LearnedPositions.Table.Data.AsSpan(start * d, count * d), x.Data);
        else if (Config.Positions == PositionScheme.Sinusoidal) x += PositionalEncoding.Sinusoidal(seqLen, d).SliceRows(start, count);
        var mask = Mask.Causal(count, seqLen); // the new rows are the last `count` of seqLen positions
        float[]? slopes = Config.Positions == PositionScheme.Alibi ? Alibi.Slopes(Config.NumHeads) : null;
        float scale = 1f / MathF.Sqrt(dK);
        for (int l = 0; l < Blocks.Length; l++)
        {
            var block = Blocks[l];
            bool pre = block.Norm == NormPlacement.PreNorm;
            var attentionInput = pre ? block.Norm1.Forward(x) : x;
            var attention = block.SelfAttention;
            // (n,D) x (D,D) -> (n,D), three times
            Tensor3 q = MultiHeadAttention.SplitHeads(attention.WQ.Forward(attentionInput), Config.NumHeads);
            Tensor3 k = MultiHeadAttention.SplitHeads(attention.WK.Forward(attentionInput), Config.NumHeads);
            Tensor3 v = MultiHeadAttention.SplitHeads(attention.WV.Forward(attentionInput), Config.NumHeads);
            flops += 3 * Products(count, d, d);
            var heads = new Matrix[Config.NumHeads];
            for (int h = 0; h < Config.NumHeads; h++)
            {
                Matrix qh = q[h], kh = k[h];
                if (Config.Positions == PositionScheme.Rope)
                {
                    qh = Rope.Apply(qh, start);
                    kh = Rope.Apply(kh, start);
                }
                var (keys, values) = cache.Append(l, h, kh, v[h]);
                var bias = slopes is null ? null : Alibi.Bias(count, seqLen, slopes[h]);
                // (n,Dk) x (S,Dk)^T -> (n,S), then (n,S) x (S,Dk) -> (n,Dk)
                heads[h] = Ops.ScaledDotProductAttention(qh, keys, values, mask, scale, bias).Output;
                flops += 2 * Products(count, dK, seqLen);
            }
            // (n,D) x (D,D) -> (n,D)
            var attended = attention.WO.Forward(MultiHeadAttention.MergeHeads(new Tensor3(heads)));
            flops += Products(count, d, d);
            var sum1 = Config.Residual ? x + attended : attended;
            var hidden = pre ? sum1 : block.Norm1.Forward(sum1);
            var feedForwardInput = pre ? block.Norm2.Forward(hidden) : hidden;
            // (n,D) x (D,F) -> (n,F), then (n,F) x (F,D) -> (n,D)
            var feedForward = block.FeedForward.Forward(feedForwardInput);
            var sum2 = Config.Residual ? hidden + feedForward : feedForward;
            flops += 2 * Products(count, d, Config.DFF);
            x = pre ? sum2 : block.Norm2.Forward(sum2);
        }
        // Only the last position's logits are needed: (1,D) x (D,V) -> (1,V)
        var last = FinalNorm.Forward(x.SliceRows(count - 1, 1));
        flops += Products(1, d, Config.VocabSize);
        return Head.Forward(last).Data;
    }

    /// <summary>FLOPs of an (m, k) x (k, n) product: one multiply and one add per term.</summary>
    private static long Products(int m, int k, int n) => 2L * m * k * n;

    private static int Sample(float[] logits, float temperature, int topK, Random random)
    {
        if (temperature == 0f) return TensorPrimitives.IndexOfMax(logits);
        var scaled = new float[logits.Length];
        if (topK > 0 && topK < logits.Length)
        {
            var sorted = (float[])logits.Clone();
            Array.Sort(sorted);
            float threshold = sorted[^topK];
            for (int i = 0; i < logits.Length; i++) scaled[i] = logits[i] >= threshold ? logits[i] : float.NegativeInfinity;
        }
        else logits.CopyTo(scaled, 0);
        Ops.Softmax(scaled, scaled, temperature);
        double u = random.NextDouble(), cumulative = 0;
        for (int i = 0; i < scaled.Length; i++)
        {
            cumulative += scaled[i];
            if (u < cumulative) return i;
        }
        return Array.FindLastIndex(scaled, p => p > 0);
    }
}

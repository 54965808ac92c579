namespace Attention;

/// <summary>
/// Sequence tasks that need no download and show attention at work. Symbols are ids 0..numSymbols−1 and the
/// separator is id numSymbols, so a model needs <see cref="VocabSize"/> = numSymbols + 1. Only the positions whose
/// next token is determined by the task are scored (the others have target −1).
/// </summary>
public static class SyntheticTasks
{
    /// <summary>The vocabulary a task over <paramref name="numSymbols"/> symbols needs: the symbols and the separator.</summary>
    public static int VocabSize(int numSymbols) => numSymbols + 1;

    /// <summary>The separator id.</summary>
    public static int Separator(int numSymbols) => numSymbols;

    /// <summary>Copy: <c>a₁ … a_L SEP a₁ … a_L</c>; input position t ≥ L predicts a copy of the input at t − L, so attention looks L positions back. Inputs have 2L tokens.</summary>
    /// <param name="count">How many examples. Shape: scalar.</param>
    /// <param name="length">L, symbols per example. Shape: scalar.</param>
    /// <param name="numSymbols">Alphabet size. Shape: scalar.</param>
    /// <param name="seed">Seed; the same seed gives the same examples. Shape: scalar.</param>
    public static TrainingExample[] Copy(int count, int length, int numSymbols, int seed) =>
        WithSeparator(count, length, numSymbols, seed, source => source);

    /// <summary>Reverse: <c>a₁ … a_L SEP a_L … a₁</c>; the attention pattern is an anti-diagonal. Inputs have 2L tokens.</summary>
    /// <param name="count">How many examples. Shape: scalar.</param>
    /// <param name="length">L, symbols per example. Shape: scalar.</param>
    /// <param name="numSymbols">Alphabet size. Shape: scalar.</param>
    /// <param name="seed">Seed. Shape: scalar.</param>
    public static TrainingExample[] Reverse(int count, int length, int numSymbols, int seed) =>
        WithSeparator(count, length, numSymbols, seed, source => source.Reverse().ToArray());

    /// <summary>Sort: <c>a₁ … a_L SEP sorted(a)</c>. Inputs have 2L tokens.</summary>
    /// <param name="count">How many examples. Shape: scalar.</param>
    /// <param name="length">L, symbols per example. Shape: scalar.</param>
    /// <param name="numSymbols">Alphabet size. Shape: scalar.</param>
    /// <param name="seed">Seed. Shape: scalar.</param>
    public static TrainingExample[] Sort(int count, int length, int numSymbols, int seed) =>
        WithSeparator(count, length, numSymbols, seed, source => source.Order().ToArray());

    /// <summary>
    /// Induction: L distinct random symbols (repeats allowed only when L &gt; numSymbols) followed by the same L again,
    /// no separator. In the second copy, the token after r_i is predictable by finding the earlier r_i and copying
    /// what followed it: a previous-token head plus an induction head. Inputs have 2L − 1 tokens; the L − 1
    /// predictions r₂ … r_L of the second copy are scored.
    /// Every example has the same L, so the answer always sits L − 1 positions back: a one-layer model with absolute
    /// positions learns that fixed offset instead of the induction circuit. To make the circuit necessary, mix lengths
    /// with <see cref="InductionWithPrefix"/>.
    /// </summary>
    /// <param name="count">How many examples. Shape: scalar.</param>
    /// <param name="length">L, symbols per half (at least 2). Shape: scalar.</param>
    /// <param name="numSymbols">Alphabet size. Shape: scalar.</param>
    /// <param name="seed">Seed. Shape: scalar.</param>
    public static TrainingExample[] Induction(int count, int length, int numSymbols, int seed)
    {
        ThrowIfBad(count, length, numSymbols);
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, $"length must be at least 2 for induction but is {length}.");
        var random = new Random(seed);
        var examples = new TrainingExample[count];
        for (int e = 0; e < count; e++)
        {
            int[] half = RandomSymbols(random, length, numSymbols, distinct: length <= numSymbols);
            int[] sequence = [.. half, .. half];
            examples[e] = Shift(sequence, firstScored: length);
        }
        return examples;
    }

    /// <summary>
    /// Induction at a random distance and a random place: P random symbols (P uniform in [0, maxPrefix], never
    /// repeated), then a half of L symbols (L uniform in [minLength, maxLength]), then the same L again. The distance
    /// back to the earlier copy (L) and where the copy starts (P) vary independently, so a query's position says almost
    /// nothing about where its answer is: only content (the previous-token head plus the induction head) finds it.
    /// All P + L symbols are distinct when they fit in the alphabet. Inputs have P + 2L − 1 tokens; the L − 1
    /// predictions r₂ … r_L of the second copy are scored.
    /// </summary>
    /// <param name="count">How many examples. Shape: scalar.</param>
    /// <param name="minLength">The shortest half (at least 2). Shape: scalar.</param>
    /// <param name="maxLength">The longest half (at least minLength). Shape: scalar.</param>
    /// <param name="maxPrefix">The longest prefix (0 for none). Shape: scalar.</param>
    /// <param name="numSymbols">Alphabet size. Shape: scalar.</param>
    /// <param name="seed">Seed; the same seed gives the same examples. Shape: scalar.</param>
    public static TrainingExample[] InductionWithPrefix(int count, int minLength, int maxLength, int maxPrefix, int numSymbols, int seed)
    {
        ThrowIfBad(count, minLength, numSymbols);
        if (minLength < 2) throw new ArgumentOutOfRangeException(nameof(minLength), minLength, $"minLength must be at least 2 for induction but is {minLength}.");
        if (maxLength < minLength) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"maxLength = {maxLength} is below minLength = {minLength}.");
        if (maxPrefix < 0) throw new ArgumentOutOfRangeException(nameof(maxPrefix), maxPrefix, $"maxPrefix must be ≥ 0 but is {maxPrefix}.");
        var random = new Random(seed);
        var examples = new TrainingExample[count];
        for (int e = 0; e < count; e++)
        {
            int length = random.Next(minLength, maxLength + 1), prefix = random.Next(maxPrefix + 1);
            int[] symbols = RandomSymbols(random, prefix + length, numSymbols, distinct: prefix + length <= numSymbols);
            int[] half = symbols[prefix..];
            examples[e] = Shift([.. symbols[..prefix], .. half, .. half], firstScored: prefix + length);
        }
        return examples;
    }

    private static TrainingExample[] WithSeparator(int count, int length, int numSymbols, int seed, Func<int[], int[]> answer)
    {
        ThrowIfBad(count, length, numSymbols);
        var random = new Random(seed);
        var examples = new TrainingExample[count];
        for (int e = 0; e < count; e++)
        {
            int[] source = RandomSymbols(random, length, numSymbols, distinct: false);
            int[] sequence = [.. source, Separator(numSymbols), .. answer(source)];
            examples[e] = Shift(sequence, firstScored: length); // position L (the separator) predicts the first answer token
        }
        return examples;
    }

    /// <summary>Inputs = sequence[0..^1], targets = sequence[1..], scored from input position <paramref name="firstScored"/> on.</summary>
    private static TrainingExample Shift(int[] sequence, int firstScored)
    {
        int[] inputs = sequence[..^1];
        int[] targets = new int[inputs.Length];
        for (int t = 0; t < inputs.Length; t++) targets[t] = t >= firstScored ? sequence[t + 1] : -1;
        return new TrainingExample(inputs, targets);
    }

    private static int[] RandomSymbols(Random random, int length, int numSymbols, bool distinct)
    {
        if (!distinct) return Enumerable.Range(0, length).Select(_ => random.Next(numSymbols)).ToArray();
        var symbols = Enumerable.Range(0, numSymbols).ToArray();
        random.Shuffle(symbols);
        return symbols[..length];
    }

    private static void ThrowIfBad(int count, int length, int numSymbols)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be positive but is {count}.");
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, $"length must be positive but is {length}.");
        if (numSymbols <= 1) throw new ArgumentOutOfRangeException(nameof(numSymbols), numSymbols, $"numSymbols must be at least 2 but is {numSymbols}.");
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Attention;

namespace Attention.Tests;

/// <summary>
/// One PyTorch reference file from <c>Reference/*.json</c>, written by <c>tests/reference/generate_reference.py</c>
/// (see <c>tests/reference/README.md</c> for the format: float32-exact inputs, float64 expectations, NaN and ±∞ as
/// strings, masks with 1 = may attend, weights in our (in, out) layout).
/// </summary>
internal sealed class ReferenceFile
{
    private static readonly ConcurrentDictionary<string, ReferenceFile> Cache = new();

    private ReferenceFile(string fileName, JsonDocument document)
    {
        FileName = fileName;
        var root = document.RootElement;
        TorchVersion = root.GetProperty("torch_version").GetString() ?? "";
        Formula = root.GetProperty("formula").GetString() ?? "";
        Cases = root.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(fileName, c)).ToArray();
    }

    /// <summary>File name inside <c>Reference/</c>, e.g. <c>softmax.json</c>.</summary>
    public string FileName { get; }

    /// <summary>The torch version that computed the expectations.</summary>
    public string TorchVersion { get; }

    /// <summary>The formula the file's expectations follow.</summary>
    public string Formula { get; }

    /// <summary>Every case, in file order.</summary>
    public IReadOnlyList<ReferenceCase> Cases { get; }

    /// <summary>Loads (once) a file copied to the test output's <c>Reference/</c> folder.</summary>
    public static ReferenceFile Load(string fileName) => Cache.GetOrAdd(fileName, name =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Reference file {name} is missing; regenerate it with tests/reference/generate_reference.py.", path);
        return new ReferenceFile(name, JsonDocument.Parse(File.ReadAllBytes(path)));
    });

    /// <summary>The case called <paramref name="name"/>.</summary>
    public ReferenceCase Case(string name) =>
        Cases.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"{FileName} has no case '{name}'.", nameof(name));

    /// <summary>Case names for an xunit theory, optionally only those that satisfy <paramref name="where"/>.</summary>
    public static TheoryData<string> CaseNames(string fileName, Func<ReferenceCase, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(fileName).Cases)
            if (where is null || where(c)) data.Add(c.Name);
        return data;
    }
}

/// <summary>A reference tensor of float64 expectations. Shape: as in the file, row-major.</summary>
/// <param name="Shape">The tensor's dimensions, e.g. [H, T, S].</param>
/// <param name="Data">Row-major values; NaN and ±∞ where the file says so.</param>
internal sealed record ExpectedTensor(int[] Shape, double[] Data)
{
    /// <summary>The shape formatted as <c>(a, b, c)</c>.</summary>
    public string ShapeString => "(" + string.Join(", ", Shape) + ")";

    /// <summary>Formats a flat index as <c>[i, j, k]</c>.</summary>
    public string IndexString(int flat)
    {
        var index = new int[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % Shape[d];
            flat /= Shape[d];
        }
        return "[" + string.Join(", ", index) + "]";
    }
}

/// <summary>One case of a reference file: named inputs, expectations, and nested weight groups.</summary>
internal sealed class ReferenceCase
{
    private readonly JsonElement _json;

    internal ReferenceCase(string file, JsonElement json, string? path = null)
    {
        File = file;
        _json = json;
        Name = path ?? (json.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "");
    }

    /// <summary>The file this case comes from.</summary>
    public string File { get; }

    /// <summary>The case's name (for a nested group, <c>case/group</c>).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{File} case '{Name}'";

    /// <summary>Whether the case has a non-null entry <paramref name="key"/>.</summary>
    public bool Has(string key) => _json.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A nested object, e.g. the weights <c>w_q</c> of a multi-head attention.</summary>
    public ReferenceCase Group(string key) => new(File, Get(key), $"{Name}/{key}");

    /// <summary>A string entry.</summary>
    public string String(string key) => Get(key).GetString() ?? throw Missing(key);

    /// <summary>An integer entry.</summary>
    public int Int(string key) => Get(key).GetInt32();

    /// <summary>A boolean entry.</summary>
    public bool Bool(string key) => Get(key).GetBoolean();

    /// <summary>A float32 entry (inputs such as temperature, scale, epsilon).</summary>
    public float Float(string key) => ReadSingle(Get(key));

    /// <summary>A float32 entry that may be null or absent.</summary>
    public float? OptionalFloat(string key) => Has(key) ? Float(key) : null;

    /// <summary>A float32 input vector, read exactly. Shape: (N).</summary>
    public float[] Vector(string key)
    {
        var (shape, data) = Flatten(key, ReadSingle);
        if (shape.Length != 1) throw new InvalidDataException($"{this}: {key} has {shape.Length} dimensions, expected 1.");
        return data;
    }

    /// <summary>A float32 input matrix, read exactly. Shape: (rows, cols).</summary>
    public Matrix Matrix(string key)
    {
        var (shape, data) = Flatten(key, ReadSingle);
        if (shape.Length != 2) throw new InvalidDataException($"{this}: {key} has {shape.Length} dimensions, expected 2.");
        return new Matrix(shape[0], shape[1], data);
    }

    /// <summary>A mask stored as 0/1 (1 = may attend). Shape: (T, S).</summary>
    public Mask Mask(string key) => Attention.Mask.FromArray(BoolMatrix(key));

    /// <summary>A 0/1 matrix as booleans (1 = true), e.g. torch's own masks (true = NOT allowed). Shape: (rows, cols).</summary>
    public bool[,] BoolMatrix(string key)
    {
        var (shape, data) = Flatten(key, e => e.GetInt32());
        if (shape.Length != 2) throw new InvalidDataException($"{this}: {key} has {shape.Length} dimensions, expected 2.");
        var result = new bool[shape[0], shape[1]];
        for (int i = 0; i < data.Length; i++) result[i / shape[1], i % shape[1]] = data[i] != 0;
        return result;
    }

    /// <summary>A 0/1 vector as booleans. Shape: (N).</summary>
    public bool[] BoolVector(string key)
    {
        var (shape, data) = Flatten(key, e => e.GetInt32());
        if (shape.Length != 1) throw new InvalidDataException($"{this}: {key} has {shape.Length} dimensions, expected 1.");
        return data.Select(v => v != 0).ToArray();
    }

    /// <summary>A linear layer from a group {weight (in, out), bias (out)} already in our layout.</summary>
    public Linear Linear(string key)
    {
        var group = Group(key);
        return new Linear(group.Matrix("weight"), group.Vector("bias"));
    }

    /// <summary>Multi-head attention from a group {w_q, w_k, w_v, w_o}, or from this case itself when <paramref name="key"/> is null.</summary>
    public MultiHeadAttention MultiHeadAttention(int numHeads, string? key = null)
    {
        var group = key is null ? this : Group(key);
        return Attention.MultiHeadAttention.FromWeights(group.Linear("w_q"), group.Linear("w_k"), group.Linear("w_v"), group.Linear("w_o"), numHeads);
    }

    /// <summary>A layer norm from a group {gamma (D), beta (D), epsilon}.</summary>
    public LayerNorm LayerNorm(string key)
    {
        var group = Group(key);
        return new LayerNorm(group.Vector("gamma"), group.Vector("beta"), group.Float("epsilon"));
    }

    /// <summary>A float64 expectation of any rank.</summary>
    public ExpectedTensor Expected(string key)
    {
        var (shape, data) = Flatten(key, ReadDouble);
        return new ExpectedTensor(shape, data);
    }

    private JsonElement Get(string key) =>
        _json.TryGetProperty(key, out var v) ? v : throw Missing(key);

    private InvalidDataException Missing(string key) => new($"{this} has no entry '{key}'.");

    private (int[] Shape, T[] Data) Flatten<T>(string key, Func<JsonElement, T> read)
    {
        var element = Get(key);
        var shape = new List<int>();
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e[0])
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0) break;
        }
        var data = new List<T>();
        void Walk(JsonElement e, int depth)
        {
            if (depth == shape.Count)
            {
                data.Add(read(e));
                return;
            }
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != shape[depth])
                throw new InvalidDataException($"{this}: {key} is ragged at depth {depth}.");
            foreach (var child in e.EnumerateArray()) Walk(child, depth + 1);
        }
        Walk(element, 0);
        return (shape.ToArray(), data.ToArray());
    }

    /// <summary>Numbers read as float32 directly (correctly rounded); "NaN", "Infinity", "-Infinity" from strings.</summary>
    private static float ReadSingle(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? float.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetSingle();

    private static double ReadDouble(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();
}

/// <summary>
/// Comparisons of float32 results against float64 references: an entry passes when
/// |actual − expected| ≤ atol + rtol·|expected|; NaN must meet NaN and ±∞ the same ∞.
/// Failures name the file, case, quantity and index.
/// </summary>
internal static class ReferenceAssert
{
    /// <summary>Compares a flat row-major result with an expectation of the given shape.</summary>
    public static void Close(ReferenceCase referenceCase, string quantity, ExpectedTensor expected, int[] actualShape,
        ReadOnlySpan<float> actual, double atol, double rtol)
    {
        if (!actualShape.SequenceEqual(expected.Shape))
            Assert.Fail($"{referenceCase}, {quantity}: shape is ({string.Join(", ", actualShape)}) but torch's is {expected.ShapeString}.");
        if (actual.Length != expected.Data.Length)
            Assert.Fail($"{referenceCase}, {quantity}: {actual.Length} values but torch's has {expected.Data.Length}.");

        var failures = new StringBuilder();
        int count = 0;
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected.Data[i], a = actual[i];
            bool ok;
            if (double.IsNaN(e)) ok = double.IsNaN(a);
            else if (double.IsInfinity(e)) ok = a == e;
            else
            {
                double diff = Math.Abs(a - e);
                ok = diff <= atol + rtol * Math.Abs(e); // false for NaN or ∞ in actual
                if (ok) worst = Math.Max(worst, diff);
            }
            if (!ok && count++ < 5)
                failures.Append(CultureInfo.InvariantCulture,
                    $"\n  {quantity}{expected.IndexString(i)}: expected {e:R}, got {(float)a:R}, |diff| = {Math.Abs(a - e):G3}, allowed {atol + rtol * Math.Abs(e):G3}");
        }
        if (count > 0)
            Assert.Fail($"{referenceCase}, {quantity}: {count} of {actual.Length} entries differ from torch {expected.ShapeString} " +
                        $"(atol {atol:G3}, rtol {rtol:G3}):{failures}{(count > 5 ? "\n  ..." : "")}");
    }

    /// <summary>Compares a matrix. Shape: (rows, cols).</summary>
    public static void Close(ReferenceCase referenceCase, string quantity, ExpectedTensor expected, Matrix actual, double atol, double rtol) =>
        Close(referenceCase, quantity, expected, [actual.Rows, actual.Cols], actual.Data, atol, rtol);

    /// <summary>Compares a vector. Shape: (N).</summary>
    public static void Close(ReferenceCase referenceCase, string quantity, ExpectedTensor expected, float[] actual, double atol, double rtol) =>
        Close(referenceCase, quantity, expected, [actual.Length], actual, atol, rtol);

    /// <summary>Compares a stack of matrices, e.g. per-head weights. Shape: (H, T, S).</summary>
    public static void Close(ReferenceCase referenceCase, string quantity, ExpectedTensor expected, Tensor3 actual, double atol, double rtol)
    {
        var flat = new float[actual.Count * actual.Rows * actual.Cols];
        for (int n = 0; n < actual.Count; n++)
            actual[n].Data.CopyTo(flat, n * actual.Rows * actual.Cols);
        Close(referenceCase, quantity, expected, [actual.Count, actual.Rows, actual.Cols], flat, atol, rtol);
    }

    /// <summary>Asserts that two boolean masks agree, naming the first differing entry.</summary>
    public static void SameMask(ReferenceCase referenceCase, string quantity, bool[,] expected, bool[,] actual)
    {
        Assert.True(expected.GetLength(0) == actual.GetLength(0) && expected.GetLength(1) == actual.GetLength(1),
            $"{referenceCase}, {quantity}: shape is ({actual.GetLength(0)}, {actual.GetLength(1)}) but expected ({expected.GetLength(0)}, {expected.GetLength(1)}).");
        for (int t = 0; t < expected.GetLength(0); t++)
            for (int s = 0; s < expected.GetLength(1); s++)
                if (expected[t, s] != actual[t, s])
                    Assert.Fail($"{referenceCase}, {quantity}[{t}, {s}]: expected {expected[t, s]}, got {actual[t, s]}.");
    }
}

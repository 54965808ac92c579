using System.Text;

namespace Attention;

/// <summary>
/// The saved-model file format, version 1 (all integers int32 and floats float32, little-endian):
/// <code>
/// "TGPT"                          4 ASCII bytes (the magic)
/// version                         int32, 1
/// config                          11 × int32: VocabSize, ContextLength, DModel, NumHeads, NumLayers, DFF,
///                                 Positions, Activation, Norm (enum values), Seed, Residual (0 or 1)
/// count                           int32, the number of parameters
/// count × parameter               name (7-bit-length-prefixed UTF-8, as BinaryWriter writes it), rows, cols,
///                                 rows·cols × float32 (row-major)
/// checksum                        uint64, FNV-1a 64 of every byte before it
/// </code>
/// Parameters come in <see cref="TinyGpt.Parameters"/> order, and Load checks each name and shape against the model
/// the file's config builds, so a file from another version or model is refused with a message saying what differs.
/// </summary>
public sealed partial class TinyGpt
{
    /// <summary>The four bytes every saved model starts with.</summary>
    public const string FileMagic = "TGPT";

    /// <summary>The file format version this library writes and reads.</summary>
    public const int FileVersion = 1;

    /// <summary>Writes the config and every parameter to <paramref name="path"/> (format: see the remarks of this file).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        Save(file);
    }

    /// <summary>Writes the config and every parameter to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(FileMagic));
            writer.Write(FileVersion);
            foreach (int field in ConfigFields(Config)) writer.Write(field);
            writer.Write(_parameters.Length);
            foreach (var p in _parameters)
            {
                writer.Write(p.Name);
                writer.Write(p.Rows);
                writer.Write(p.Cols);
                foreach (float value in p.Values) writer.Write(value);
            }
            writer.Write(Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        }
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>Reads a model written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a TinyGpt file, has another version, is truncated or corrupt, or its parameters do not fit its config.</exception>
    public static TinyGpt Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the model.</param>
    /// <exception cref="InvalidDataException">As for <see cref="Load(string)"/>.</exception>
    public static TinyGpt Load(Stream stream) => Load(stream, "the stream");

    /// <summary>
    /// Replaces this model's weights with those of a saved model of the same config (for instance shipped weights).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is unreadable, or was saved from a model with a different config (the message lists the differences).</exception>
    public void LoadWeights(string path)
    {
        var loaded = Load(path);
        var differences = ConfigDifferences(loaded.Config, Config);
        if (differences.Length > 0)
            throw new InvalidDataException($"{path} holds a model with a different shape: {string.Join(", ", differences)}.");
        for (int i = 0; i < _parameters.Length; i++) loaded._parameters[i].Values.CopyTo(_parameters[i].Values, 0);
    }

    private static TinyGpt Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        int headerLength = FileMagic.Length + sizeof(int);
        if (bytes.Length < headerLength || Encoding.ASCII.GetString(bytes, 0, FileMagic.Length) != FileMagic)
            throw new InvalidDataException($"{source} is not a saved TinyGpt: it does not start with \"{FileMagic}\".");
        int version = BitConverter.ToInt32(bytes, FileMagic.Length);
        if (version != FileVersion)
            throw new InvalidDataException($"{source} is TinyGpt file version {version}, but this library reads version {FileVersion}.");
        if (bytes.Length < headerLength + sizeof(ulong))
            throw new InvalidDataException($"{source} is truncated: {bytes.Length} bytes.");
        ulong stored = BitConverter.ToUInt64(bytes, bytes.Length - sizeof(ulong));
        ulong computed = Fnv1a(bytes.AsSpan(0, bytes.Length - sizeof(ulong)));
        if (stored != computed)
            throw new InvalidDataException($"{source} is corrupt or truncated: its checksum is {stored:x16} but its contents hash to {computed:x16}.");

        using var reader = new BinaryReader(new MemoryStream(bytes, headerLength, bytes.Length - headerLength - sizeof(ulong)), Encoding.UTF8);
        try
        {
            var f = new int[11];
            for (int i = 0; i < f.Length; i++) f[i] = reader.ReadInt32();
            var config = new TinyGptConfig(f[0], f[1], f[2], f[3], f[4], f[5], (PositionScheme)f[6], (Activation)f[7], (NormPlacement)f[8], f[9], f[10] != 0);
            double payloadBytes = reader.BaseStream.Length - reader.BaseStream.Position;
            if (config.MinimumParameterCount() * sizeof(float) > payloadBytes)
                throw new InvalidDataException($"{source} has a config ({config}) that needs at least {config.MinimumParameterCount():0} parameters, but holds only {payloadBytes:0} bytes of them.");
            TinyGpt model;
            try { model = new TinyGpt(config); }
            catch (ArgumentException e) { throw new InvalidDataException($"{source} has a config that cannot build a model ({config}): {e.Message}", e); }
            int count = reader.ReadInt32();
            if (count != model._parameters.Length)
                throw new InvalidDataException($"{source} has {count} parameters but a model with its config has {model._parameters.Length}.");
            foreach (var p in model._parameters)
            {
                string name = reader.ReadString();
                int rows = reader.ReadInt32(), cols = reader.ReadInt32();
                if (name != p.Name || rows != p.Rows || cols != p.Cols)
                    throw new InvalidDataException($"{source} has parameter '{name}' ({rows}, {cols}) where a model with its config has '{p.Name}' {p.ShapeString}.");
                for (int i = 0; i < p.Values.Length; i++) p.Values[i] = reader.ReadSingle();
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException($"{source} has {reader.BaseStream.Length - reader.BaseStream.Position} unexpected bytes after the last parameter.");
            return model;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source} is truncated: it ends inside the parameters.", e);
        }
    }

    private static int[] ConfigFields(TinyGptConfig c) =>
        [c.VocabSize, c.ContextLength, c.DModel, c.NumHeads, c.NumLayers, c.DFF, (int)c.Positions, (int)c.Activation, (int)c.Norm, c.Seed, c.Residual ? 1 : 0];

    private static string[] ConfigDifferences(TinyGptConfig file, TinyGptConfig model)
    {
        string[] names = ["VocabSize", "ContextLength", "DModel", "NumHeads", "NumLayers", "DFF", "Positions", "Activation", "Norm", "Seed", "Residual"];
        int[] a = ConfigFields(file), b = ConfigFields(model);
        return names.Select((name, i) => a[i] == b[i] || name == "Seed" ? null : $"{name} is {a[i]} in the file but {b[i]} in this model").OfType<string>().ToArray();
    }

    /// <summary>FNV-1a, 64 bit: a simple, well-known hash that detects flipped or missing bytes.</summary>
    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}

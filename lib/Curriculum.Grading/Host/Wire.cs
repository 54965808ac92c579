using System.Text;

namespace Curriculum.Grading.Host;

/// <summary>
/// The values that cross between the grader and the exercise host: null, bool, int, float, string, float[], int[],
/// float[,] and bool[,]. Binary, little-endian, floats as their raw IEEE bits, so NaN, +∞ and −∞ arrive exactly as sent
/// (plain JSON cannot carry them). Frames are length-prefixed; a frame above <see cref="MaxFrameBytes"/> is malformed.
/// </summary>
public static class Wire
{
    /// <summary>The largest frame either side accepts (256 MiB).</summary>
    public const int MaxFrameBytes = 256 << 20;

    private enum Tag : byte { Null, Bool, Int, Float, String, FloatArray, IntArray, FloatMatrix, BoolMatrix }

    /// <summary>Writes one value.</summary>
    public static void WriteValue(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.Write((byte)Tag.Null); break;
            case bool b: writer.Write((byte)Tag.Bool); writer.Write(b); break;
            case int i: writer.Write((byte)Tag.Int); writer.Write(i); break;
            case float f: writer.Write((byte)Tag.Float); writer.Write(BitConverter.SingleToInt32Bits(f)); break;
            case string s: writer.Write((byte)Tag.String); writer.Write(s); break;
            case float[] a:
                writer.Write((byte)Tag.FloatArray); writer.Write(a.Length);
                foreach (var f in a) writer.Write(BitConverter.SingleToInt32Bits(f));
                break;
            case int[] a:
                writer.Write((byte)Tag.IntArray); writer.Write(a.Length);
                foreach (var i in a) writer.Write(i);
                break;
            case float[,] m:
                writer.Write((byte)Tag.FloatMatrix); writer.Write(m.GetLength(0)); writer.Write(m.GetLength(1));
                foreach (var f in m) writer.Write(BitConverter.SingleToInt32Bits(f));
                break;
            case bool[,] m:
                writer.Write((byte)Tag.BoolMatrix); writer.Write(m.GetLength(0)); writer.Write(m.GetLength(1));
                foreach (var b in m) writer.Write(b);
                break;
            default:
                throw new ArgumentException($"value of type {value.GetType()} cannot cross to the exercise host (allowed: bool, int, float, string, float[], int[], float[,], bool[,])", nameof(value));
        }
    }

    /// <summary>Reads one value; throws <see cref="InvalidDataException"/> on anything malformed.</summary>
    public static object? ReadValue(BinaryReader reader)
    {
        var tag = (Tag)reader.ReadByte();
        switch (tag)
        {
            case Tag.Null: return null;
            case Tag.Bool: return reader.ReadBoolean();
            case Tag.Int: return reader.ReadInt32();
            case Tag.Float: return BitConverter.Int32BitsToSingle(reader.ReadInt32());
            case Tag.String: return reader.ReadString();
            case Tag.FloatArray:
            {
                var a = new float[Length(reader, reader.ReadInt32(), 1, 4)];
                for (int i = 0; i < a.Length; i++) a[i] = BitConverter.Int32BitsToSingle(reader.ReadInt32());
                return a;
            }
            case Tag.IntArray:
            {
                var a = new int[Length(reader, reader.ReadInt32(), 1, 4)];
                for (int i = 0; i < a.Length; i++) a[i] = reader.ReadInt32();
                return a;
            }
            case Tag.FloatMatrix:
            {
                int rows = reader.ReadInt32(), cols = reader.ReadInt32();
                Length(reader, rows, cols, 4);
                var m = new float[rows, cols];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++) m[r, c] = BitConverter.Int32BitsToSingle(reader.ReadInt32());
                return m;
            }
            case Tag.BoolMatrix:
            {
                int rows = reader.ReadInt32(), cols = reader.ReadInt32();
                Length(reader, rows, cols, 1);
                var m = new bool[rows, cols];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++) m[r, c] = reader.ReadBoolean();
                return m;
            }
            default: throw new InvalidDataException($"unknown value tag {(byte)tag}");
        }
    }

    private static int Length(BinaryReader reader, int a, int b, int bytesEach)
    {
        long count = (long)a * b;
        if (a < 0 || b < 0 || count * bytesEach > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"a value of shape ({a}, {b}) does not fit in the frame");
        return (int)count;
    }

    /// <summary>Writes one length-prefixed frame.</summary>
    public static void WriteFrame(Stream stream, byte[] payload)
    {
        Span<byte> length = stackalloc byte[4];
        BitConverter.TryWriteBytes(length, payload.Length);
        stream.Write(length);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame; null at end of stream.</summary>
    public static byte[]? ReadFrame(Stream stream)
    {
        var header = new byte[4];
        if (!ReadExactly(stream, header))
            return null;
        int length = BitConverter.ToInt32(header);
        if (length < 0 || length > MaxFrameBytes)
            throw new InvalidDataException($"frame of {length} bytes");
        var payload = new byte[length];
        if (!ReadExactly(stream, payload))
            throw new EndOfStreamException("the frame ended early");
        return payload;
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
                return read == 0 ? false : throw new EndOfStreamException("the frame ended early");
            read += n;
        }
        return true;
    }

    internal static byte[] Build(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            write(writer);
        return memory.ToArray();
    }
}

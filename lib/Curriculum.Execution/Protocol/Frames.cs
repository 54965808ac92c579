using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Curriculum.Execution.Protocol;

/// <summary>A frame that is malformed, too large or cut off. The message is one line.</summary>
public sealed class ProtocolException(string message) : Exception(message);

/// <summary>
/// The channel's framing: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object). Lengths above
/// <see cref="MaxFrameBytes"/> are a protocol error, so a reader's memory is bounded by one frame.
/// </summary>
public static class Frames
{
    /// <summary>The largest frame either side accepts: 16 MiB.</summary>
    public const int MaxFrameBytes = 16 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Writes one message (callers serialise writes).</summary>
    /// <param name="stream">The channel.</param>
    /// <param name="message">A JSON object with <c>kind</c>.</param>
    public static void Write(Stream stream, JsonObject message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        if (body.Length > MaxFrameBytes)
            throw new ProtocolException($"a {message["kind"]} message of {body.Length} bytes exceeds the frame limit of {MaxFrameBytes} bytes");
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, body.Length);
        stream.Write(header);
        stream.Write(body);
        stream.Flush();
    }

    /// <summary>Reads one message, or null at a clean end of stream (between frames).</summary>
    /// <param name="stream">The channel.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="ProtocolException">Oversized, cut-off or malformed frame, or not a JSON object with a string <c>kind</c>.</exception>
    public static async Task<JsonObject?> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var header = new byte[4];
        var got = await ReadFullyAsync(stream, header, cancellationToken);
        if (got == 0)
            return null;
        if (got < 4)
            throw new ProtocolException("the channel ended inside a frame header");
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 2 or > MaxFrameBytes)
            throw new ProtocolException($"frame length {length} is outside 2..{MaxFrameBytes} bytes");
        var body = new byte[length];
        if (await ReadFullyAsync(stream, body, cancellationToken) < length)
            throw new ProtocolException("the channel ended inside a frame");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(StrictUtf8.GetString(body));
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException)
        {
            throw new ProtocolException($"a frame is not valid UTF-8 JSON ({e.GetType().Name})");
        }
        if (node is not JsonObject message || message["kind"] is not JsonValue kind || !kind.TryGetValue<string>(out _))
            throw new ProtocolException("a frame is not a JSON object with a string \"kind\"");
        return message;
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }
}

/// <summary>Typed reads of message fields that throw <see cref="ProtocolException"/> instead of crashing on a bad shape.</summary>
public static class MessageFields
{
    /// <summary>The string field <paramref name="name"/>.</summary>
    public static string String(this JsonObject message, string name) =>
        message[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad(message, name, "a string");

    /// <summary>The string field <paramref name="name"/>, or null when absent or null.</summary>
    public static string? OptionalString(this JsonObject message, string name) =>
        message[name] is null ? null : message.String(name);

    /// <summary>The integer field <paramref name="name"/>.</summary>
    public static long Integer(this JsonObject message, string name) =>
        message[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : throw Bad(message, name, "an integer");

    /// <summary>The integer field <paramref name="name"/>, or null when absent or null.</summary>
    public static long? OptionalInteger(this JsonObject message, string name) =>
        message[name] is null ? null : message.Integer(name);

    /// <summary>The object field <paramref name="name"/> (a copy detached from the message); empty when absent.</summary>
    public static JsonObject Object(this JsonObject message, string name) => message[name] switch
    {
        null => new JsonObject(),
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => throw Bad(message, name, "an object"),
    };

    /// <summary>The field <paramref name="name"/> as a list of strings.</summary>
    public static List<string> Strings(this JsonObject message, string name) => message[name] is JsonArray a
        ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad(message, name, "an array of strings")).ToList()
        : throw Bad(message, name, "an array of strings");

    private static ProtocolException Bad(JsonObject message, string name, string expected) =>
        new($"field \"{name}\" of a {(message["kind"] as JsonValue)?.ToString() ?? "?"} message is not {expected}");
}

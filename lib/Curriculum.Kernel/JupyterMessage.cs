using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Curriculum.Kernel;

/// <summary>
/// One Jupyter message: routing identities, then <c>&lt;IDS|MSG&gt;</c>, the signature, header, parent header,
/// metadata and content frames (JSON), then optional binary buffers.
/// </summary>
public sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    internal static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    public JsonObject Header { get; init; } = new();
    public JsonObject ParentHeader { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();
    public JsonObject Content { get; init; } = new();
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string MessageType => Header["msg_type"]?.GetValue<string>() ?? "";
    public string MessageId => Header["msg_id"]?.GetValue<string>() ?? "";

    /// <summary>A new message whose parent is <paramref name="parent"/> (same session and identities).</summary>
    public static JupyterMessage Create(string messageType, JsonObject content, string session, JupyterMessage? parent = null, JsonObject? metadata = null) => new()
    {
        Identities = parent?.Identities ?? [],
        Header = NewHeader(messageType, session, parent),
        ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
        Metadata = metadata ?? new JsonObject(),
        Content = content,
    };

    private static JsonObject NewHeader(string messageType, string session, JupyterMessage? parent) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = parent?.Header["username"]?.GetValue<string>() ?? "kernel",
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        ["msg_type"] = messageType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>The frames to send, signed with <paramref name="signer"/>.</summary>
    public List<byte[]> ToFrames(MessageSigner signer)
    {
        var header = Utf8(Header);
        var parent = Utf8(ParentHeader);
        var metadata = Utf8(Metadata);
        var content = Utf8(Content);
        var frames = new List<byte[]>(Identities.Count + 6 + Buffers.Count);
        frames.AddRange(Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(Buffers);
        return frames;
    }

    /// <summary>
    /// Parses received frames. Returns null, with the reason, when the message is malformed or its signature is missing
    /// or wrong: such a message must never be acted on.
    /// </summary>
    public static JupyterMessage? Parse(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? rejection)
    {
        rejection = null;
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter))
            {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            rejection = $"malformed message: {frames.Count} frames, delimiter at {delimiter}";
            return null;
        }
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        if (!signer.Verify(signature, frames[delimiter + 2], frames[delimiter + 3], frames[delimiter + 4], frames[delimiter + 5]))
        {
            rejection = signature.Length == 0 ? "missing signature" : "wrong signature";
            return null;
        }
        try
        {
            return new JupyterMessage
            {
                Identities = frames.Take(delimiter).ToList(),
                Header = ParseObject(frames[delimiter + 2]),
                ParentHeader = ParseObject(frames[delimiter + 3]),
                Metadata = ParseObject(frames[delimiter + 4]),
                Content = ParseObject(frames[delimiter + 5]),
                Buffers = frames.Skip(delimiter + 6).ToList(),
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            rejection = $"malformed JSON: {e.Message}";
            return null;
        }
    }

    private static JsonObject ParseObject(byte[] frame) =>
        frame.Length == 0 ? new JsonObject() : JsonNode.Parse(frame) as JsonObject ?? new JsonObject();

    private static byte[] Utf8(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString());
}

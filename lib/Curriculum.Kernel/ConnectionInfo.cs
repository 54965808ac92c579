using System.Text.Json;
using System.Text.Json.Serialization;

namespace Curriculum.Kernel;

/// <summary>
/// The connection file a Jupyter front end writes before starting a kernel: transport, address, the five ports and the
/// HMAC key (Jupyter messaging protocol 5.3, "connection files").
/// </summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IOPubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";
    [JsonPropertyName("kernel_name")] public string? KernelName { get; init; }

    /// <summary>Reads and validates a connection file.</summary>
    /// <exception cref="ArgumentException">The file is not a usable connection file (the message says which field).</exception>
    public static ConnectionInfo Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a JSON connection file: {e.Message}", nameof(path), e);
        }
        if (info is null)
            throw new ArgumentException($"{path} is empty.", nameof(path));
        info.Validate(path);
        return info;
    }

    private void Validate(string path)
    {
        if (Transport is not ("tcp" or "ipc"))
            throw new ArgumentException($"{path}: transport must be \"tcp\" or \"ipc\", not \"{Transport}\".", nameof(path));
        if (SignatureScheme != "hmac-sha256" && Key.Length > 0)
            throw new ArgumentException($"{path}: signature_scheme \"{SignatureScheme}\" is not supported (only hmac-sha256).", nameof(path));
        foreach (var (name, port) in new[] { ("shell_port", ShellPort), ("control_port", ControlPort), ("iopub_port", IOPubPort), ("stdin_port", StdinPort), ("hb_port", HeartbeatPort) })
        {
            if (Transport == "tcp" && port is <= 0 or > 65535)
                throw new ArgumentException($"{path}: {name} must be a TCP port (1..65535), not {port}.", nameof(path));
        }
    }

    /// <summary>The ZeroMQ address of one channel, e.g. <c>tcp://127.0.0.1:5555</c> (ipc: <c>ipc://ip-port</c>).</summary>
    public string Address(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"tcp://{Ip}:{port}";
}

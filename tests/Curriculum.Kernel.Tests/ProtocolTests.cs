using System.Text;
using System.Text.Json.Nodes;
using Curriculum.Kernel;

namespace Curriculum.Kernel.Tests;

public class MessageSignerTests
{
    // RFC 4231, test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
    private const string Rfc4231Case2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    [Fact]
    public void Signs_the_four_frames_as_one_hmac_sha256_stream()
    {
        var signer = new MessageSigner("Jefe");
        var signature = signer.Sign("what "u8, "do ya "u8, "want for "u8, "nothing?"u8);
        Assert.Equal(Rfc4231Case2, signature);
    }

    [Fact]
    public void Verify_rejects_a_wrong_missing_or_truncated_signature()
    {
        var signer = new MessageSigner("Jefe");
        Assert.True(signer.Verify(Rfc4231Case2, "what "u8, "do ya "u8, "want for "u8, "nothing?"u8));
        Assert.False(signer.Verify(Rfc4231Case2.Replace('5', '6'), "what "u8, "do ya "u8, "want for "u8, "nothing?"u8));
        Assert.False(signer.Verify("", "what "u8, "do ya "u8, "want for "u8, "nothing?"u8));
        Assert.False(signer.Verify(Rfc4231Case2[..10], "what "u8, "do ya "u8, "want for "u8, "nothing?"u8));
        Assert.False(signer.Verify(Rfc4231Case2, "what "u8, "do ya "u8, "want for "u8, "something?"u8));
    }

    [Fact]
    public void An_empty_key_turns_signing_off_and_accepts_only_an_empty_signature()
    {
        var signer = new MessageSigner("");
        Assert.Equal("", signer.Sign("a"u8, "b"u8, "c"u8, "d"u8));
        Assert.True(signer.Verify("", "a"u8, "b"u8, "c"u8, "d"u8));
        Assert.False(signer.Verify("00", "a"u8, "b"u8, "c"u8, "d"u8));
    }
}

public class JupyterMessageTests
{
    private static readonly MessageSigner Signer = new("secret-key");

    [Fact]
    public void Round_trips_identities_frames_and_buffers()
    {
        var request = new JupyterMessage
        {
            Identities = [[1, 2, 3]],
            Header = new JsonObject { ["msg_id"] = "m1", ["msg_type"] = "execute_request", ["session"] = "s", ["username"] = "u", ["version"] = "5.3", ["date"] = "2026-01-01T00:00:00Z" },
            Content = new JsonObject { ["code"] = "1 + 1" },
        };
        var reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, "kernel-session", request);
        var frames = reply.ToFrames(Signer);
        Assert.Equal([1, 2, 3], frames[0]);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[1]));

        var parsed = JupyterMessage.Parse(frames, Signer, out var rejection);
        Assert.Null(rejection);
        Assert.NotNull(parsed);
        Assert.Equal("execute_reply", parsed.MessageType);
        Assert.Equal("m1", parsed.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("5.3", parsed.Header["version"]!.GetValue<string>());
        Assert.Equal("u", parsed.Header["username"]!.GetValue<string>());
        Assert.Single(parsed.Identities);
    }

    [Fact]
    public void A_tampered_content_frame_or_a_foreign_key_is_rejected()
    {
        var frames = JupyterMessage.Create("kernel_info_request", new JsonObject(), "s").ToFrames(Signer);
        var tampered = frames.ToList();
        tampered[^1] = Encoding.UTF8.GetBytes("{\"code\":\"evil\"}");
        Assert.Null(JupyterMessage.Parse(tampered, Signer, out var why));
        Assert.Equal("wrong signature", why);
        Assert.Null(JupyterMessage.Parse(frames, new MessageSigner("other"), out why));
        Assert.Equal("wrong signature", why);
        var unsigned = frames.ToList();
        unsigned[1] = [];
        Assert.Null(JupyterMessage.Parse(unsigned, Signer, out why));
        Assert.Equal("missing signature", why);
    }

    [Fact]
    public void Frames_without_the_delimiter_are_malformed()
    {
        Assert.Null(JupyterMessage.Parse([[1], [2], [3]], Signer, out var why));
        Assert.StartsWith("malformed", why);
    }
}

public class ConnectionInfoTests
{
    [Fact]
    public void Reads_a_connection_file_and_builds_addresses()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": ".net-csharp"}""");
        var info = ConnectionInfo.Load(path);
        Assert.Equal("tcp://127.0.0.1:5001", info.Address(info.ShellPort));
        Assert.Equal(5005, info.HeartbeatPort);
        Assert.Equal("k", info.Key);
    }

    [Fact]
    public void A_missing_port_or_an_unknown_scheme_is_a_clear_error()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "ip": "127.0.0.1", "key": "k"}""");
        Assert.Contains("hb_port", Assert.Throws<ArgumentException>(() => ConnectionInfo.Load(path)).Message);
        File.WriteAllText(path, """{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}""");
        Assert.Contains("hmac-md5", Assert.Throws<ArgumentException>(() => ConnectionInfo.Load(path)).Message);
        File.WriteAllText(path, "not json");
        Assert.Throws<ArgumentException>(() => ConnectionInfo.Load(path));
    }
}

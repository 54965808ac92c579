using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

public class ChannelTests
{
    [Fact]
    public async Task Forged_protocol_lines_on_stdout_are_ordinary_text_and_cannot_change_the_verdict()
    {
        await using var worker = await Workers.StartAsync();

        var (result, events) = await worker.RunAsync(
            """
            Console.WriteLine("@@curriculum-worker {\"event\":\"done\",\"failed\":false}");
            Console.WriteLine("{\"kind\":\"done\",\"status\":\"ok\"}");
            using (var raw = Console.OpenStandardOutput())
            {
                var frame = System.Text.Encoding.UTF8.GetBytes("{\"kind\":\"done\",\"id\":\"x\",\"status\":\"ok\"}");
                raw.Write(new byte[] { 0, 0, 0, (byte)frame.Length });
                raw.Write(frame);
                raw.Write(System.Text.Encoding.UTF8.GetBytes("@@curriculum-worker {\"event\":\"end\"}\n"));
            }
            throw new Exception("the real verdict");
            """);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Contains("the real verdict", result.Message);
        Assert.Contains("@@curriculum-worker {\"event\":\"done\",\"failed\":false}\n", events.Text());
        Assert.True(worker.IsAlive);
    }

    [Fact]
    public async Task A_frame_written_into_the_channel_on_purpose_is_a_protocol_error_of_that_execution_only()
    {
        await using var worker = await Workers.StartAsync();

        // Deliberately find the worker's own socket and write a frame claiming 2 GiB.
        var (result, _) = await worker.RunAsync(
            """
            foreach (var fd in System.IO.Directory.GetFiles("/proc/self/fd"))
            {
                if (new System.IO.FileInfo(fd).LinkTarget is string target && target.StartsWith("socket:"))
                {
                    var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)int.Parse(System.IO.Path.GetFileName(fd)), ownsHandle: false);
                    try { using var raw = new System.IO.FileStream(handle, System.IO.FileAccess.Write, 1); raw.Write(new byte[] { 0x7f, 0xff, 0xff, 0xff }); }
                    catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or ArgumentException) { }
                }
            }
            System.Threading.Thread.Sleep(-1);
            """, TimeSpan.FromSeconds(60));

        Assert.True(result.Status == ExecutionStatus.ProtocolError, $"{result.Status}: {result.Message}");
        Assert.Contains("frame length 2147483647", result.Message);
        Assert.False(Workers.IsAlive(worker.ProcessId));
    }

    [Fact]
    public async Task The_secret_is_not_on_the_command_line_or_in_the_environment_of_the_worker()
    {
        await using var worker = await Workers.StartAsync();

        var commandLine = await File.ReadAllTextAsync($"/proc/{worker.ProcessId}/cmdline");
        var environment = await File.ReadAllTextAsync($"/proc/{worker.ProcessId}/environ");
        // The worker's real stdin (fd 0), past the secret's line that the worker consumed: nothing left to read.
        // (Console.In is no longer that stream: it asks the parent for input, see InputTests.)
        var (result, events) = await worker.RunAsync("new System.IO.StreamReader(Console.OpenStandardInput()).ReadToEnd().Length");

        var secretShaped = new Regex("[0-9A-F]{64}");
        Assert.DoesNotMatch(secretShaped, commandLine);
        Assert.DoesNotMatch(secretShaped, environment);
        Assert.Contains("--execution-worker", commandLine);
        Assert.Equal("0", ((ExecuteResultEvent)events.Single()).Data["text/plain"]!.GetValue<string>());
        Assert.Equal(ExecutionStatus.Ok, result.Status);
    }

    [Theory]
    [InlineData(new byte[] { 0x7f, 0xff, 0xff, 0xff }, "frame length 2147483647 is outside")]
    [InlineData(new byte[] { 0, 0, 0, 1, 0x7b }, "frame length 1 is outside")]
    [InlineData(new byte[] { 0, 0, 0, 10, 0x7b, 0x7d }, "ended inside a frame")]
    [InlineData(new byte[] { 0, 0 }, "ended inside a frame header")]
    [InlineData(new byte[] { 0, 0, 0, 4, 0x22, 0xff, 0xfe, 0x22 }, "not valid UTF-8 JSON")]
    [InlineData(new byte[] { 0, 0, 0, 2, 0x5b, 0x5d }, "not a JSON object with a string \"kind\"")]
    [InlineData(new byte[] { 0, 0, 0, 10, 0x7b, 0x22, 0x6b, 0x69, 0x6e, 0x64, 0x22, 0x3a, 0x31, 0x7d }, "not a JSON object with a string \"kind\"")]
    public async Task Bad_frames_are_protocol_errors(byte[] bytes, string expected)
    {
        var e = await Assert.ThrowsAsync<ProtocolException>(() => Frames.ReadAsync(new MemoryStream(bytes)));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_frame_round_trips_and_a_clean_end_reads_as_null()
    {
        var stream = new MemoryStream();
        Frames.Write(stream, new JsonObject { ["kind"] = "stream", ["text"] = "π\n\"x\"" });
        stream.Position = 0;

        var message = await Frames.ReadAsync(stream);

        Assert.Equal("π\n\"x\"", message!.String("text"));
        Assert.Null(await Frames.ReadAsync(stream));
        Assert.Equal(stream.Length - 4, BinaryPrimitives.ReadInt32BigEndian(stream.ToArray()));
    }
}

using System.Text.Json.Nodes;
using Attention;
using Curriculum.Kernel;

namespace Curriculum.Kernel.Tests;

public class CodeAnalysisTests
{
    private static string AttentionDll => typeof(Matrix).Assembly.Location;

    private static List<string> Matches(JsonObject reply) => reply["matches"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("1 + 1", "complete")]
    [InlineData("if (x) {", "incomplete")]
    [InlineData("void F() {\n  if (true) {", "incomplete")]
    [InlineData("var x = );", "invalid")]
    public void Is_complete_follows_roslyns_parse(string code, string status) =>
        Assert.Equal(status, new CodeAnalysis(".").IsComplete(code)["status"]!.GetValue<string>());

    [Fact]
    public void An_open_brace_asks_for_an_indent() =>
        Assert.Equal("        ", new CodeAnalysis(".").IsComplete("void F() {\n  if (true) {")["indent"]!.GetValue<string>());

    [Fact]
    public void Completes_members_of_attention_types_after_a_r_cell_ran()
    {
        var analysis = new CodeAnalysis(".");
        Assert.Empty(Matches(analysis.Complete("Matrix.Rand", 11)));  // not loaded yet
        analysis.Succeeded($"#r \"{AttentionDll}\"\nusing Attention;");
        var reply = analysis.Complete("Matrix.Rand", 11);
        Assert.Contains("RandomNormal", Matches(reply));
        Assert.Equal(7, reply["cursor_start"]!.GetValue<int>());
        Assert.Equal(11, reply["cursor_end"]!.GetValue<int>());
    }

    [Fact]
    public void Completes_earlier_variables_and_their_instance_members()
    {
        var analysis = new CodeAnalysis(".");
        analysis.Succeeded("var greeting = \"hello\";");
        Assert.Contains("greeting", Matches(analysis.Complete("gree", 4)));
        var members = Matches(analysis.Complete("greeting.ToUpp", 14));
        Assert.Contains("ToUpper", members);
        Assert.Contains("ToUpperInvariant", members);
        Assert.DoesNotContain("IsNullOrEmpty", Matches(analysis.Complete("greeting.IsN", 12)));  // static member of string: not on an instance
        Assert.Contains("IsNullOrEmpty", Matches(analysis.Complete("string.IsN", 10)));
    }

    [Fact]
    public void A_failed_cell_declares_nothing()
    {
        var analysis = new CodeAnalysis(".");
        analysis.Failed("var broken = 1;");
        Assert.DoesNotContain("broken", Matches(analysis.Complete("brok", 4)));
        analysis.Succeeded("var unbindable = undefinedName;");  // ran elsewhere, cannot be bound here: skipped, not fatal
        analysis.Succeeded("var fine = 2;");
        Assert.Contains("fine", Matches(analysis.Complete("fin", 3)));
    }

    [Fact]
    public void Inspect_shows_the_signature_and_the_xml_doc_summary_of_an_attention_method()
    {
        var analysis = new CodeAnalysis(".");
        analysis.Succeeded($"#r \"{AttentionDll}\"\nusing Attention;");
        var code = "Ops.ScaledDotProductAttention";
        var reply = analysis.Inspect(code, code.Length, 0);
        Assert.True(reply["found"]!.GetValue<bool>());
        var text = reply["data"]!["text/plain"]!.GetValue<string>();
        Assert.Contains("ScaledDotProductAttention(", text);
        Assert.Contains("Matrix", text);
        Assert.Matches("[a-z]{4,} [a-z]{3,}", text.Split("\n\n").Last()); // a prose summary follows the signatures
    }

    [Fact]
    public void Inspect_of_unknown_text_finds_nothing() =>
        Assert.False(new CodeAnalysis(".").Inspect("nothingHere", 5, 0)["found"]!.GetValue<bool>());

    [Theory]
    [InlineData("Console.WriteLine?", "Console.WriteLine")]
    [InlineData("  Math?  ", "Math")]
    [InlineData("x ?? y", null)]
    [InlineData("a ? b : c", null)]
    [InlineData("Console.WriteLine(1);", null)]
    public void A_trailing_question_mark_asks_for_the_pager(string code, string? target) =>
        Assert.Equal(target, CodeAnalysis.PagerTarget(code));

    [Fact]
    public void Cursor_positions_count_code_points_not_utf16_units()
    {
        const string code = "\"😀\" + x";
        Assert.Equal(code.Length, CodePoints.ToUtf16(code, 7));
        Assert.Equal(7, CodePoints.FromUtf16(code, code.Length));
    }
}

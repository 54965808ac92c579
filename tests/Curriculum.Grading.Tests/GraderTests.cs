using Curriculum.Grading.Host;

namespace Curriculum.Grading.Tests;

public class GraderTests
{
    [Fact]
    public void NaN_and_infinities_survive_the_wire_bit_for_bit()
    {
        object?[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f,
            new[] { float.NaN, 1f, float.NegativeInfinity }, new float[,] { { float.PositiveInfinity, float.NaN }, { 2, -3 } },
            new bool[,] { { true, false } }, new[] { 1, -2 }, 7, true, "text", null];
        var frame = Wire.Build(w => { foreach (var v in values) Wire.WriteValue(w, v); });
        using var reader = new BinaryReader(new MemoryStream(frame));
        var back = values.Select(_ => Wire.ReadValue(reader)).ToArray();

        Assert.True(float.IsNaN((float)back[0]!));
        Assert.Equal(float.PositiveInfinity, back[1]);
        Assert.Equal(float.NegativeInfinity, back[2]);
        Assert.True(float.IsNegative((float)back[3]!));
        Assert.Equal(BitConverter.SingleToInt32Bits(float.NaN), BitConverter.SingleToInt32Bits(((float[])back[4]!)[0]));
        Assert.Equal(float.NegativeInfinity, ((float[])back[4]!)[2]);
        Assert.True(float.IsNaN(((float[,])back[5]!)[0, 1]));
        Assert.Equal(-3f, ((float[,])back[5]!)[1, 1]);
        Assert.Equal(new bool[,] { { true, false } }, back[6]);
        Assert.Equal(new[] { 1, -2 }, back[7]);
        Assert.Equal([7, true, "text", null], back[8..]);
    }

    [Fact]
    public void A_malformed_frame_is_rejected_not_believed()
    {
        var frame = Wire.Build(w => { w.Write((byte)5); w.Write(int.MaxValue); });   // a float[] claiming 2^31 entries
        using var reader = new BinaryReader(new MemoryStream(frame));
        Assert.Throws<InvalidDataException>(() => Wire.ReadValue(reader));
    }

    [Fact]
    public void Library_calls_are_found_from_symbols_through_helpers_and_aliases()
    {
        const string source = """
            using System;
            using Softmaxes = Attention.Ops;
            public static class Chapter05
            {
                public static float[] Softmax(float[] scores) => Helper(scores);
                private static float[] Helper(float[] s) { var m = Attention.Matrix.FromRows(s); return Softmaxes.Softmax(m).Row(0).ToArray(); }
                public static float Entropy(float[] weights) => 0f; // mentions Ops.Softmax only in a comment
            }
            """;
        var dir = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            var compiled = SubmissionCompiler.Compile("Chapter05", source, Path.Combine(dir, "Chapter05.dll"), TimeSpan.FromSeconds(30));
            Assert.True(compiled.Compiled, string.Join("\n", compiled.Errors));
            Assert.Contains("Attention.Ops.Softmax", compiled.LibraryCalls["Softmax"]);
            Assert.DoesNotContain("Attention.Ops.Softmax", compiled.LibraryCalls["Entropy"]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_compile_error_names_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            var compiled = SubmissionCompiler.Compile("Chapter01", "using System;\npublic static class Chapter01\n{\n    public static float DotProduct(float[] a, float[] b) => a[0] * ;\n}\n", Path.Combine(dir, "x.dll"), TimeSpan.FromSeconds(30));
            Assert.False(compiled.Compiled);
            Assert.StartsWith("line 4: ", compiled.Errors[0], StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Grading_writes_rows_csv_json_and_feedback_without_hidden_test_source()
    {
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            var corpus = CorpusEntry.Load(Repo.Layout.WrongCorpus).Single(e => e.Name == "05-mask-after-softmax");
            corpus.WriteSubmission(Repo.Layout.Solutions, Path.Combine(work, "subs", "ada, \"the\" learner"));
            var suite = TestSuite.Load(Repo.Layout.PublicTests, Repo.Layout.HiddenTests, chapter: 5);
            var result = await Grader.GradeAsync(Path.Combine(work, "subs", "ada, \"the\" learner"), suite);
            var outA = Path.Combine(work, "a");
            Gradebook.WriteResult(outA, result);
            Gradebook.WriteAll(outA, Gradebook.ReadResults([outA]));

            var csv = File.ReadAllText(Path.Combine(outA, "gradebook.csv"));
            Assert.StartsWith("submission,exercise,points,possible,status,message\r\n", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
            Assert.Contains("\"ada, \"\"the\"\" learner\",Chapter05.MaskedSoftmax,3,8,partial,", csv, StringComparison.Ordinal);
            Assert.Contains("\"ada, \"\"the\"\" learner\",TOTAL,27,32,", csv, StringComparison.Ordinal);
            var md = File.ReadAllText(Path.Combine(outA, "feedback", Gradebook.SafeName("ada, \"the\" learner") + ".md"));
            Assert.Contains("Blocked_keys_get_zero_weight", md, StringComparison.Ordinal);
            Assert.Contains("expected 0.268941, got 0.0900306", md, StringComparison.Ordinal);
            Assert.Contains("hidden check `Random_masks_match_the_library`", md, StringComparison.Ordinal);
            var hiddenSource = File.ReadAllText(Path.Combine(Repo.Layout.HiddenTests, "Chapter05.cs"));
            foreach (var line in hiddenSource.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 25))
                Assert.DoesNotContain(line, md + File.ReadAllText(Path.Combine(outA, "feedback", Gradebook.SafeName("ada, \"the\" learner") + ".html")), StringComparison.Ordinal);

            // Fanned out: a second result folder merges into one gradebook with both learners.
            var outB = Path.Combine(work, "b");
            Gradebook.WriteResult(outB, result with { Submission = "bo" });
            var merged = Path.Combine(work, "merged");
            Gradebook.WriteAll(merged, Gradebook.ReadResults([outA, outB]));
            var mergedCsv = File.ReadAllText(Path.Combine(merged, "gradebook.csv"));
            Assert.Contains("bo,TOTAL,27,32", mergedCsv, StringComparison.Ordinal);
            Assert.Contains("learner\",TOTAL,27,32", mergedCsv, StringComparison.Ordinal);
        }
        finally { Directory.Delete(work, true); }
    }

    [Fact]
    public async Task A_looping_call_times_out_and_the_host_restarts_for_the_next_check()
    {
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            var corpus = CorpusEntry.Load(Repo.Layout.HostileCorpus).Single(e => e.Name == "05-infinite-loop");
            corpus.WriteSubmission(Repo.Layout.Solutions, Path.Combine(work, "loop"));
            var suite = TestSuite.Load(Repo.Layout.PublicTests, null, chapter: 5);
            var result = await Grader.GradeAsync(Path.Combine(work, "loop"), suite, new GradeOptions { Limits = new HostLimits { CallTimeout = TimeSpan.FromSeconds(1) } });

            var softmax = result.Exercises.Single(e => e.Exercise == "Chapter05.Softmax");
            Assert.Equal(0, softmax.Points);
            Assert.All(softmax.Checks, c => Assert.Equal("timeout", c.Outcome));
            Assert.StartsWith("timed out after", softmax.Checks[0].Message, StringComparison.Ordinal);
            Assert.All(result.Exercises.Where(e => e != softmax), e => Assert.Equal("passed", e.Status));
            Assert.True(result.HostStarts >= 3, $"{result.HostStarts} host starts");
        }
        finally { Directory.Delete(work, true); }
    }
}

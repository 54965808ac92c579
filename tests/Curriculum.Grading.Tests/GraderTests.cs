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
        var result = (await Repo.Corpus).Results["hostile/05-infinite-loop"];

        var softmax = result.Exercises.Single(e => e.Exercise == "Chapter05.Softmax");
        Assert.Equal(0, softmax.Points);
        Assert.All(softmax.Checks, c => Assert.Equal("timeout", c.Outcome));
        Assert.All(softmax.Checks, c => Assert.Equal("timed out after 2 s", c.Message));
        Assert.All(result.Exercises.Where(e => e != softmax), e => Assert.Equal("passed", e.Status));
        Assert.True(result.HostStarts >= softmax.Checks.Count + 1, $"{result.HostStarts} host starts for {softmax.Checks.Count} looping checks");
    }

    [Fact]
    public async Task A_compile_that_never_ends_costs_only_its_chapter_with_a_clear_message()
    {
        var result = (await Repo.Corpus).Results["hostile/03-compile-takes-forever"];

        var chapter3 = result.Exercises.Where(e => e.Exercise.StartsWith("Chapter03.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(chapter3);
        Assert.All(chapter3, e => Assert.Equal(("does not compile", "Chapter03.cs: compile timed out after 20 s", 0), (e.Status, e.Message, e.Points)));
        Assert.All(result.Exercises.Except(chapter3), e => Assert.Equal("passed", e.Status));
    }

    [Fact]
    public async Task The_compiler_runs_sandboxed_and_returns_assemblies_errors_library_calls_and_time_limits()
    {
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            var submission = Path.Combine(work, "learner");
            CorpusEntry.Load(Repo.Layout.HostileCorpus).Single(e => e.Name == "03-compile-takes-forever").WriteSubmission(Repo.Layout.Solutions, submission);
            File.WriteAllText(Path.Combine(submission, "Chapter02.cs"), "using System;\npublic static class Chapter02\n{\n    public static float F(float[] a) => a[0] * ;\n}\n");
            File.Delete(Path.Combine(submission, "Chapter04.cs"));
            using var compilers = new CompilerPool(Sandbox.Available, new CompilerLimits { KillGrace = TimeSpan.FromSeconds(1) });
            var build = Path.Combine(work, "build");

            var compiled = await compilers.CompileAllAsync(submission, build, ["Chapter01", "Chapter02", "Chapter03", "Chapter04", "Chapter05"], TimeSpan.FromSeconds(3), CancellationToken.None);

            Assert.True(compiled[0].Compiled, compiled[0].Problem);
            Assert.True(File.Exists(Path.Combine(build, "Chapter01.dll")));
            Assert.Equal(["DotProduct", "WeightedSum"], compiled[0].LibraryCalls.Keys.Order(StringComparer.Ordinal));
            Assert.StartsWith("does not compile: line 4: ", compiled[1].Problem, StringComparison.Ordinal);
            Assert.Equal("compile timed out after 3 s", compiled[2].Problem);
            Assert.Equal("Chapter04.cs is missing", compiled[3].Problem);
            Assert.True(compiled[4].Compiled, compiled[4].Problem);   // after the time limit, a compiler that answers again
            Assert.Contains("MaskedSoftmax", compiled[4].LibraryCalls.Keys);
            Assert.InRange(compilers.Starts, 1, 2);
            Assert.False(File.Exists(Path.Combine(build, "Chapter03.dll")));

            // The same texts again (another learner's untouched chapters): answered from the first compiles, same bytes.
            int compiles = compilers.Compiles;
            var twice = await compilers.CompileAllAsync(submission, Path.Combine(work, "again"), ["Chapter01", "Chapter02"], TimeSpan.FromSeconds(3), CancellationToken.None);
            Assert.Equal(compiles, compilers.Compiles);
            Assert.Equal(File.ReadAllBytes(Path.Combine(build, "Chapter01.dll")), File.ReadAllBytes(Path.Combine(work, "again", "Chapter01.dll")));
            Assert.Equal(compiled[1].Problem, twice[1].Problem);
        }
        finally { Directory.Delete(work, true); }
    }

    [Theory]
    [InlineData(Isolation.Bubblewrap)]
    [InlineData(Isolation.ProcessOnly)]
    public void The_isolation_line_claims_an_address_space_limit_only_where_prlimit_sets_one(Isolation isolation)
    {
        Assert.Contains("+ address-space limit", Sandbox.Describe(isolation, addressSpaceLimited: true), StringComparison.Ordinal);
        var without = Sandbox.Describe(isolation, addressSpaceLimited: false);
        Assert.Contains("no address-space limit", without, StringComparison.Ordinal);
        Assert.DoesNotContain("+ address-space limit", without, StringComparison.Ordinal);
        Assert.Equal(Sandbox.AddressSpaceLimited, File.Exists("/usr/bin/prlimit"));
    }

    [Fact]
    public void Submissions_whose_names_differ_only_in_unsafe_characters_or_case_keep_separate_result_files()
    {
        string[] names = ["a b", "a_b", "a?b", "A_b", "ada, \"the\" learner", "plain-name.1"];

        var files = names.Select(Gradebook.SafeName).ToList();

        Assert.Equal(names.Length, files.Select(f => f.ToLowerInvariant()).Distinct().Count());
        Assert.Equal("a_b", files[1]);                      // an already safe name is kept as it is
        Assert.Equal("plain-name.1", files[5]);
        Assert.Matches("^a_b-[0-9a-f]{8}$", files[0]);
        Assert.All(files, f => Assert.Matches("^[a-z0-9._-]+$", f.ToLowerInvariant()));
    }

    [Fact]
    public async Task A_chapter_file_that_is_a_link_is_refused_not_followed()
    {
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            // A learner hands in links to the reference solutions (or to another learner's files): none is compiled.
            var submission = Directory.CreateDirectory(Path.Combine(work, "learner")).FullName;
            File.CreateSymbolicLink(Path.Combine(submission, "Chapter01.cs"), Path.Combine(Repo.Layout.Solutions, "Chapter01.cs"));
            File.CreateSymbolicLink(Path.Combine(submission, "Chapter02.cs"), Path.Combine(work, "nowhere.cs"));
            using var compilers = new CompilerPool(Sandbox.Available, new CompilerLimits { KillGrace = TimeSpan.FromSeconds(1) });

            var compiled = await compilers.CompileAllAsync(submission, Path.Combine(work, "build"), ["Chapter01", "Chapter02"],
                TimeSpan.FromSeconds(3), CancellationToken.None);

            Assert.All(compiled, c => Assert.False(c.Compiled));
            Assert.StartsWith("Chapter01.cs is a link (to ", compiled[0].Problem, StringComparison.Ordinal);
            Assert.StartsWith("Chapter02.cs is a link (to ", compiled[1].Problem, StringComparison.Ordinal);
            Assert.Equal(0, compilers.Starts);
        }
        finally { Directory.Delete(work, true); }
    }

    [Fact]
    public async Task A_sandboxed_child_outlives_the_thread_that_started_it()
    {
        // bwrap --die-with-parent kills the child when the thread that forked it ends: a thread-pool thread retiring
        // mid-grading once killed compiles and exercise calls at random.
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            using var compilers = new CompilerPool(Sandbox.Available);
            var starter = new Thread(() => compilers.CompileAllAsync(Repo.Layout.Solutions, Path.Combine(work, "a"), ["Chapter01"], TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult());
            starter.Start();
            starter.Join();
            await Task.Delay(500);

            var next = await compilers.CompileAllAsync(Repo.Layout.Solutions, Path.Combine(work, "b"), ["Chapter02"], TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.True(next[0].Compiled, next[0].Problem);
            Assert.Equal((1, 2), (compilers.Starts, compilers.Compiles));
        }
        finally { Directory.Delete(work, true); }
    }

    [Fact]
    public async Task A_compile_that_eats_memory_is_stopped_at_the_compilers_memory_limit()
    {
        // Constant folding doubles a string 24 times: 2^28 characters, far past a 256 MiB managed heap.
        var source = "public static class Chapter01\n{\n    const string A0 = \"0123456789abcdef\";\n"
            + string.Concat(Enumerable.Range(1, 24).Select(i => $"    const string A{i} = A{i - 1} + A{i - 1};\n"))
            + "    public static int Length() => A24.Length;\n}\n";
        var work = Directory.CreateTempSubdirectory("grading-test-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "Chapter01.cs"), source);
            File.Copy(Path.Combine(Repo.Layout.Solutions, "Chapter02.cs"), Path.Combine(work, "Chapter02.cs"));
            using var compilers = new CompilerPool(Sandbox.Available, new CompilerLimits { ManagedHeapBytes = 256L << 20 });

            var compiled = await compilers.CompileAllAsync(work, Path.Combine(work, "build"), ["Chapter01", "Chapter02"], TimeSpan.FromSeconds(120), CancellationToken.None);

            Assert.StartsWith("compile ran out of memory", compiled[0].Problem, StringComparison.Ordinal);
            Assert.True(compiled[1].Compiled, compiled[1].Problem);   // a fresh compiler for the next chapter
        }
        finally { Directory.Delete(work, true); }
    }

    [Fact]
    public void The_grader_rechecks_what_the_compiler_sends_back()
    {
        var good = SubmissionCompiler.CompileInProcess("Chapter01", File.ReadAllText(Path.Combine(Repo.Layout.Solutions, "Chapter01.cs")), TimeSpan.FromSeconds(60));
        Assert.Equal(CompileStatus.Compiled, good.Status);
        Assert.Null(CompilerPool.AssemblyProblem(good.Assembly, "Chapter01"));
        Assert.Equal("not an assembly named Chapter02", CompilerPool.AssemblyProblem(good.Assembly, "Chapter02"));
        Assert.NotNull(CompilerPool.AssemblyProblem([0x4d, 0x5a, 1, 2, 3], "Chapter01"));

        var back = CompilerHost.Decode(CompilerHost.Encode(good));
        Assert.Equal(good.Assembly, back.Assembly);
        Assert.Equal(good.LibraryCalls["WeightedSum"], back.LibraryCalls["WeightedSum"]);
        var lying = CompilerHost.Encode(good with { Status = CompileStatus.Errors });   // "errors" with an assembly and no errors
        Assert.Throws<InvalidDataException>(() => CompilerHost.Decode(lying));
        var truncated = CompilerHost.Encode(good)[..^3];
        Assert.True(Record.Exception(() => CompilerHost.Decode(truncated)) is InvalidDataException or EndOfStreamException);
    }
}

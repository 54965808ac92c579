using Attention;

namespace Attention.Tests;

/// <summary>Ops.Softmax and Ops.LogSoftmax against torch.softmax / torch.log_softmax in float64.</summary>
public class PyTorchReferenceSoftmaxTests
{
    private const string File = "softmax.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: one well-conditioned row op in float32. torch's own float32 error on
    // the tested quantities is ≤ 5.5e-7, except log-softmax of ±1e4 logits (6.7e-4 on values near 2e4: 3e-8 relative,
    // covered by the rtol term). See tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File, c => !c.Has("torch_softmax"));

    public static TheoryData<string> TemperatureOneCases =>
        ReferenceFile.CaseNames(File, c => c.Has("log_softmax") && c.Float("temperature") == 1f);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Softmax_matches_torch_softmax_of_scores_over_temperature(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var weights = Ops.Softmax(c.Matrix("scores"), c.Float("temperature"));
        ReferenceAssert.Close(c, "softmax", c.Expected("softmax"), weights, Atol, Rtol);
    }

    [Theory]
    [MemberData(nameof(TemperatureOneCases))]
    public void LogSoftmax_matches_torch_log_softmax(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var logWeights = Ops.LogSoftmax(c.Matrix("scores"));
        ReferenceAssert.Close(c, "log_softmax", c.Expected("log_softmax"), logWeights, Atol, Rtol);
    }

    [Fact]
    public void Softmax_gives_zeros_for_an_all_negative_infinity_row_where_torch_1_13_gives_NaN()
    {
        var c = ReferenceFile.Load(File).Case("all_negative_infinity_row");
        var weights = Ops.Softmax(c.Matrix("scores"));

        // The recorded torch result really is NaN in that row: the divergence this test documents.
        var torchSoftmax = c.Expected("torch_softmax");
        int cols = torchSoftmax.Shape[1];
        Assert.All(torchSoftmax.Data.Skip(cols).Take(cols), v => Assert.True(double.IsNaN(v), $"{c}: torch_softmax row 1 should be NaN"));

        // Our convention: all-zero weights there; the other rows agree with torch.
        ReferenceAssert.Close(c, "softmax", c.Expected("softmax"), weights, Atol, Rtol);
    }
}

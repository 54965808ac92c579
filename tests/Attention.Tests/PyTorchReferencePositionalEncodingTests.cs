using Attention;

namespace Attention.Tests;

/// <summary>PositionalEncoding.Sinusoidal against the Annotated Transformer formula evaluated by torch in float64.</summary>
public class PyTorchReferencePositionalEncodingTests
{
    private const string File = "positional_encoding.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: sines and cosines of angles up to 49 rad. A float32 angle there
    // is off by up to ~2e-6 rad (torch's own float32 table: 1.1e-6), a double-precision angle by nothing visible.
    // See tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sinusoidal_encoding_matches_the_formula_evaluated_in_torch(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var encoding = PositionalEncoding.Sinusoidal(c.Int("seq_len"), c.Int("d_model"), c.Float("base"));
        ReferenceAssert.Close(c, "encoding", c.Expected("encoding"), encoding, Atol, Rtol);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Curriculum.Kernel;

/// <summary>
/// HMAC-SHA256 over header, parent header, metadata and content (in that order), as lowercase hex. An empty key turns
/// signing off (the protocol's rule), and then only an empty signature is accepted.
/// </summary>
public sealed class MessageSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key ?? "");

    /// <summary>True when messages are signed (the key is not empty).</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>The hex signature of the four frames; empty when signing is off.</summary>
    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!Enabled)
            return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a received signature in constant time.</summary>
    public bool Verify(string signature, ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!Enabled)
            return signature.Length == 0;
        var expected = Encoding.ASCII.GetBytes(Sign(header, parentHeader, metadata, content));
        var given = Encoding.ASCII.GetBytes(signature ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

namespace Attention.Plotting;

/// <summary>
/// Where plotly.js comes from. The version is pinned here and in the repository's <c>package.json</c>; the book and the
/// tests load the local npm copy (<c>node_modules/plotly.js-dist-min/plotly.min.js</c>, installed by <c>build.sh</c>)
/// and never the network. Only a notebook open in VS Code without the local copy falls back to the CDN.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version the figures are written for (npm package <c>plotly.js-dist-min</c>).</summary>
    public const string Version = "4.1.2";

    /// <summary>The repository-relative path of the local copy.</summary>
    public const string RelativePath = "node_modules/plotly.js-dist-min/plotly.min.js";

    /// <summary>The pinned plotly.js on jsDelivr's npm mirror, used only when a page has no plotly.js of its own.</summary>
    public static string CdnUrl => $"https://cdn.jsdelivr.net/npm/plotly.js-dist-min@{Version}/plotly.min.js";

    /// <summary>
    /// Walks up from <paramref name="startDirectory"/> to the repository root (the folder holding <c>Curriculum.sln</c>).
    /// </summary>
    /// <param name="startDirectory">Where to start; the current directory by default.</param>
    /// <returns>The repository root, or <c>null</c> when no parent folder holds <c>Curriculum.sln</c>.</returns>
    public static string? FindRepositoryRoot(string? startDirectory = null)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln")))
                return dir.FullName;
        return null;
    }

    /// <summary>The full path of the local plotly.js, found from <paramref name="startDirectory"/> upwards.</summary>
    /// <param name="startDirectory">Where to start; the current directory by default.</param>
    /// <returns>The path, or <c>null</c> when there is no repository root or <c>npm ci</c> has not installed the file.</returns>
    public static string? FindLocalCopy(string? startDirectory = null)
    {
        string? root = FindRepositoryRoot(startDirectory);
        if (root is null) return null;
        string path = Path.Combine(root, RelativePath);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Like <see cref="FindLocalCopy"/>, but says what to run when the file is missing.</summary>
    /// <param name="startDirectory">Where to start; the current directory by default.</param>
    public static string RequireLocalCopy(string? startDirectory = null)
    {
        string start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        string? root = FindRepositoryRoot(start);
        if (root is null)
            throw new FileNotFoundException($"No folder above {start} holds Curriculum.sln, so the local plotly.js ({RelativePath}) cannot be found.");
        return FindLocalCopy(start) ?? throw new FileNotFoundException(
            $"{Path.Combine(root, RelativePath)} is missing; run `npm ci --no-audit --no-fund` (or `bash build.sh setup`) in {root}.");
    }

    /// <summary>The local copy as a <c>file://</c> URL for a page's script tag.</summary>
    /// <param name="startDirectory">Where to start; the current directory by default.</param>
    public static string LocalFileUrl(string? startDirectory = null) => new Uri(RequireLocalCopy(startDirectory)).AbsoluteUri;
}

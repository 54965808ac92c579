namespace Attention.Plotting;

/// <summary>
/// One-line figures for notebooks. Each method returns a <see cref="Figure"/>; make it the last expression of a cell to
/// see it, e.g. <c>Plot.AttentionWeights(result, tokens)</c>.
/// </summary>
public static class Plot
{
    /// <summary>Matrices up to this many rows and columns get their values printed in the cells by default.</summary>
    public const int MaxAnnotatedSize = 12;

    private static readonly ColorScale s_maskScale = ColorScale.Custom((0, "#f2f2f2"), (1, "#3b6fb6"));

    /// <summary>
    /// A heatmap of <paramref name="z"/> with row 0 on top. Colours: weights in [0, 1] use Viridis fixed to [0, 1];
    /// values of both signs use the diverging RdBu centred at 0; other non-negative values use Viridis over their range.
    /// </summary>
    /// <param name="z">The values; NaN and ±∞ cells are left blank. Shape: (T, S).</param>
    /// <param name="xLabels">Column labels (e.g. key tokens). Shape: (S).</param>
    /// <param name="yLabels">Row labels (e.g. query tokens). Shape: (T).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    /// <param name="colorScale">Overrides the automatic colour scale.</param>
    /// <param name="zMin">Overrides the value of the lowest colour.</param>
    /// <param name="zMax">Overrides the value of the highest colour.</param>
    /// <param name="showValues">Whether to print values in the cells; by default when both sides are at most <see cref="MaxAnnotatedSize"/>.</param>
    public static Figure Heatmap(Matrix z, IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null,
        string? title = null, string? xTitle = null, string? yTitle = null, ColorScale? colorScale = null,
        double? zMin = null, double? zMax = null, bool? showValues = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        ThrowIfLabelCount(xLabels, z.Cols, nameof(xLabels), "columns", nameof(z), z);
        ThrowIfLabelCount(yLabels, z.Rows, nameof(yLabels), "rows", nameof(z), z);
        var trace = AutoColors(new HeatmapTrace(z), z) with
        {
            ShowValues = showValues ?? (z.Rows <= MaxAnnotatedSize && z.Cols <= MaxAnnotatedSize),
        };
        if (colorScale is not null) trace = trace with { ColorScale = colorScale, ZMid = null };
        if (zMin is not null) trace = trace with { ZMin = zMin };
        if (zMax is not null) trace = trace with { ZMax = zMax };
        return new Figure(HeatmapPanel(trace, xLabels, yLabels, xTitle, yTitle)) { Title = title };
    }

    /// <summary>One curve of <paramref name="y"/> against <paramref name="x"/>.</summary>
    /// <param name="x">The x coordinates. Shape: (N).</param>
    /// <param name="y">The y coordinates. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    /// <param name="name">The legend entry.</param>
    public static Figure Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? title = null,
        string? xTitle = null, string? yTitle = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ThrowIfLengthsDiffer(x.Count, y.Count, nameof(x), nameof(y));
        var panel = new Panel([new LineTrace(x, y) { Name = name }])
        {
            XAxis = new Axis { Title = xTitle },
            YAxis = new Axis { Title = yTitle },
        };
        return new Figure(panel) { Title = title };
    }

    /// <summary>One curve of float values (e.g. measured weights or entropies) against <paramref name="x"/>.</summary>
    /// <param name="x">The x coordinates. Shape: (N).</param>
    /// <param name="y">The y coordinates. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    /// <param name="name">The legend entry.</param>
    public static Figure Line(IReadOnlyList<double> x, IReadOnlyList<float> y, string? title = null,
        string? xTitle = null, string? yTitle = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Line(x, ToDoubles(y), title, xTitle, yTitle, name);
    }

    /// <inheritdoc cref="Line(IReadOnlyList{double}, IReadOnlyList{float}, string?, string?, string?, string?)"/>
    public static Figure Line(IReadOnlyList<float> x, IReadOnlyList<float> y, string? title = null,
        string? xTitle = null, string? yTitle = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Line(ToDoubles(x), ToDoubles(y), title, xTitle, yTitle, name);
    }

    /// <summary>One curve of <paramref name="y"/> against its index 0, 1, 2, ….</summary>
    /// <param name="y">The y coordinates. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Line(IReadOnlyList<double> y, string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Line(Indices(y.Count), y, title, xTitle, yTitle);
    }

    /// <summary>One curve of float values (e.g. a matrix row) against its index 0, 1, 2, ….</summary>
    /// <param name="y">The y coordinates. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Line(IReadOnlyList<float> y, string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Line(ToDoubles(y), title, xTitle, yTitle);
    }

    /// <summary>Several named curves over one x axis, e.g. softmax probabilities at several temperatures.</summary>
    /// <param name="x">The shared x coordinates. Shape: (N).</param>
    /// <param name="series">Each curve's legend name and y coordinates. Shape: C × (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Lines(IReadOnlyList<double> x, IEnumerable<(string Name, IReadOnlyList<double> Y)> series,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(series);
        var traces = new List<Trace>();
        foreach (var (name, y) in series)
        {
            ArgumentNullException.ThrowIfNull(y, nameof(series));
            if (y.Count != x.Count)
                ThrowHelper.ThrowArgument(nameof(series), $"series \"{name}\" has {y.Count} values but x has {x.Count}.");
            traces.Add(new LineTrace(x, y) { Name = name });
        }
        if (traces.Count == 0) ThrowHelper.ThrowArgument(nameof(series), "series is empty; give at least one curve.");
        var panel = new Panel(traces) { XAxis = new Axis { Title = xTitle }, YAxis = new Axis { Title = yTitle } };
        return new Figure(panel) { Title = title };
    }

    /// <summary>Several named curves of float values over one x axis, e.g. measured weights against dK.</summary>
    /// <param name="x">The shared x coordinates. Shape: (N).</param>
    /// <param name="series">Each curve's legend name and y coordinates. Shape: C × (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Lines(IReadOnlyList<double> x, IEnumerable<(string Name, IReadOnlyList<float> Y)> series,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Lines(x, ToDoubleSeries(series), title, xTitle, yTitle);
    }

    /// <inheritdoc cref="Lines(IReadOnlyList{double}, IEnumerable{ValueTuple{string, IReadOnlyList{float}}}, string?, string?, string?)"/>
    public static Figure Lines(IReadOnlyList<float> x, IEnumerable<(string Name, IReadOnlyList<float> Y)> series,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(series);
        return Lines(ToDoubles(x), ToDoubleSeries(series), title, xTitle, yTitle);
    }

    /// <summary>
    /// Each row of <paramref name="rows"/> as a curve, e.g. <c>Plot.Lines(encoding.Transpose().SliceRows(0, 4))</c> for
    /// the first four positional-encoding dimensions against position.
    /// </summary>
    /// <param name="rows">One curve per row. Shape: (C, N).</param>
    /// <param name="names">Legend names; "row 0", "row 1", … by default. Shape: (C).</param>
    /// <param name="x">The x coordinates; 0, 1, 2, … by default. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Lines(Matrix rows, IReadOnlyList<string>? names = null, IReadOnlyList<double>? x = null,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ThrowIfLabelCount(names, rows.Rows, nameof(names), "rows", nameof(rows), rows);
        if (x is not null) ThrowIfLengthsDiffer(rows.Cols, x.Count, nameof(rows) + " columns", nameof(x));
        var xs = x ?? Indices(rows.Cols);
        var series = Enumerable.Range(0, rows.Rows)
            .Select(r => (names?[r] ?? $"row {r}", (IReadOnlyList<double>)ToDoubles(rows.Row(r).ToArray())));
        return Lines(xs, series, title, xTitle, yTitle);
    }

    /// <summary>Points, each labelled with its text (e.g. token embeddings projected to 2-D).</summary>
    /// <param name="x">The x coordinates. Shape: (N).</param>
    /// <param name="y">The y coordinates. Shape: (N).</param>
    /// <param name="labels">One label per point; <c>null</c> for none. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string>? labels = null,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ThrowIfLengthsDiffer(x.Count, y.Count, nameof(x), nameof(y));
        if (labels is not null) ThrowIfLengthsDiffer(x.Count, labels.Count, nameof(x), nameof(labels));
        var panel = new Panel([new ScatterTrace(x, y) { Labels = labels }])
        {
            XAxis = new Axis { Title = xTitle },
            YAxis = new Axis { Title = yTitle },
        };
        return new Figure(panel) { Title = title };
    }

    /// <summary>The rows of a two-column matrix as labelled points, e.g. the output of a 2-D PCA of embeddings.</summary>
    /// <param name="points">One point (x, y) per row. Shape: (N, 2).</param>
    /// <param name="labels">One label per point; <c>null</c> for none. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Scatter(Matrix points, IReadOnlyList<string>? labels = null, string? title = null,
        string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Cols != 2)
            ThrowHelper.ThrowArgument(nameof(points), $"points is {points.ShapeString} but must have 2 columns (x, y).");
        return Scatter(ToDoubles(points.Column(0)), ToDoubles(points.Column(1)), labels, title, xTitle, yTitle);
    }

    /// <summary>One bar per label, e.g. one query's attention weights over the key tokens.</summary>
    /// <param name="labels">The bars' names, shown under them. Shape: (N).</param>
    /// <param name="values">The bar heights. Shape: (N).</param>
    /// <param name="title">The figure title.</param>
    /// <param name="xTitle">The x axis title.</param>
    /// <param name="yTitle">The y axis title.</param>
    public static Figure Bar(IReadOnlyList<string> labels, IReadOnlyList<double> values, string? title = null,
        string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfLengthsDiffer(labels.Count, values.Count, nameof(labels), nameof(values));
        var panel = new Panel([new BarTrace(values)])
        {
            XAxis = new Axis { Title = xTitle, TickLabels = labels },
            YAxis = new Axis { Title = yTitle },
        };
        return new Figure(panel) { Title = title };
    }

    /// <inheritdoc cref="Bar(IReadOnlyList{string}, IReadOnlyList{double}, string?, string?, string?)"/>
    public static Figure Bar(IReadOnlyList<string> labels, IReadOnlyList<float> values, string? title = null,
        string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Bar(labels, ToDoubles(values), title, xTitle, yTitle);
    }

    /// <summary>
    /// Figures side by side in a grid, each figure's title above its panel, e.g. the same sentence under three masks.
    /// </summary>
    /// <param name="figures">The figures, row by row; their panels become the grid's cells. Shape: (N).</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="title">The title over the whole grid.</param>
    /// <param name="shareColorScale">Whether all heatmaps use the first one's colour scale and one colour bar.</param>
    public static Figure Grid(IEnumerable<Figure> figures, int columns = 2, string? title = null, bool shareColorScale = false)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ThrowHelper.ThrowIfNotPositive(columns);
        var panels = new List<Panel>();
        foreach (var figure in figures)
        {
            ArgumentNullException.ThrowIfNull(figure, nameof(figures));
            foreach (var panel in figure.Panels)
                panels.Add(panel.Title is null && figure.Panels.Count == 1 ? panel with { Title = figure.Title } : panel);
        }
        if (panels.Count == 0) ThrowHelper.ThrowArgument(nameof(figures), "figures is empty; a grid needs at least one figure.");
        return new Figure(panels)
        {
            Title = title,
            Columns = Math.Min(columns, panels.Count),
            ShareColorScale = shareColorScale,
        };
    }

    /// <summary>
    /// The attention weights of <paramref name="result"/> as a heatmap: queries down, keys across, colours fixed to [0, 1].
    /// </summary>
    /// <param name="result">What attention computed.</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default (self-attention). Shape: (S).</param>
    /// <param name="title">The figure title.</param>
    public static Figure AttentionWeights(AttentionResult result, IReadOnlyList<string>? queryTokens = null,
        IReadOnlyList<string>? keyTokens = null, string? title = "Attention weights")
    {
        ArgumentNullException.ThrowIfNull(result);
        return AttentionWeights(result.Weights, queryTokens, keyTokens, title);
    }

    /// <summary>Attention weights as a heatmap: queries down, keys across, colours fixed to [0, 1].</summary>
    /// <param name="weights">softmax(scores), rows summing to 1. Shape: (T, S).</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default (self-attention). Shape: (S).</param>
    /// <param name="title">The figure title.</param>
    public static Figure AttentionWeights(Matrix weights, IReadOnlyList<string>? queryTokens = null,
        IReadOnlyList<string>? keyTokens = null, string? title = "Attention weights")
    {
        ArgumentNullException.ThrowIfNull(weights);
        keyTokens ??= queryTokens?.Count == weights.Cols ? queryTokens : null;
        return Heatmap(weights, keyTokens, queryTokens, title, "keys", "queries", ColorScale.Viridis, 0, 1);
    }

    /// <summary>
    /// The scores of <paramref name="result"/> (before the softmax) on a diverging scale centred at 0; masked (−∞) cells
    /// are left blank.
    /// </summary>
    /// <param name="result">What attention computed.</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default (self-attention). Shape: (S).</param>
    /// <param name="title">The figure title.</param>
    public static Figure AttentionScores(AttentionResult result, IReadOnlyList<string>? queryTokens = null,
        IReadOnlyList<string>? keyTokens = null, string? title = "Attention scores")
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = result.Scores;
        keyTokens ??= queryTokens?.Count == scores.Cols ? queryTokens : null;
        var figure = Heatmap(scores, keyTokens, queryTokens, title, "keys", "queries");
        var trace = (HeatmapTrace)figure.Panels[0].Traces[0];
        double limit = MaxAbsFinite(scores);
        var diverging = trace with { ColorScale = ColorScale.RdBu, ZMin = -limit, ZMax = limit, ZMid = null };
        return figure with { Panels = [figure.Panels[0] with { Traces = [diverging] }] };
    }

    /// <summary>
    /// One heatmap per head in a grid sharing one colour bar fixed to [0, 1], titled "head 0", "head 1", ….
    /// </summary>
    /// <param name="result">What multi-head attention computed.</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default (self-attention). Shape: (S).</param>
    /// <param name="columns">Heads per grid row.</param>
    /// <param name="title">The figure title.</param>
    public static Figure AttentionHeads(MultiHeadAttentionResult result, IReadOnlyList<string>? queryTokens = null,
        IReadOnlyList<string>? keyTokens = null, int columns = 4, string? title = "Attention weights per head")
    {
        ArgumentNullException.ThrowIfNull(result);
        return AttentionHeads(result.Weights, queryTokens, keyTokens, columns, title);
    }

    /// <inheritdoc cref="AttentionHeads(MultiHeadAttentionResult, IReadOnlyList{string}?, IReadOnlyList{string}?, int, string?)"/>
    /// <param name="weights">Each head's attention weights. Shape: (H, T, S).</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default (self-attention). Shape: (S).</param>
    /// <param name="columns">Heads per grid row.</param>
    /// <param name="title">The figure title.</param>
    public static Figure AttentionHeads(Tensor3 weights, IReadOnlyList<string>? queryTokens = null,
        IReadOnlyList<string>? keyTokens = null, int columns = 4, string? title = "Attention weights per head")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ThrowHelper.ThrowIfNotPositive(columns);
        keyTokens ??= queryTokens?.Count == weights.Cols ? queryTokens : null;
        ThrowIfLabelCount(keyTokens, weights.Cols, nameof(keyTokens), "keys", nameof(weights), weights[0]);
        ThrowIfLabelCount(queryTokens, weights.Rows, nameof(queryTokens), "queries", nameof(weights), weights[0]);
        bool showValues = weights.Rows <= 8 && weights.Cols <= 8;
        var heads = weights.Slices.Select((w, h) =>
            AttentionWeights(w, queryTokens, keyTokens, $"head {h}") is var f
                ? f with { Panels = [WithValues(f.Panels[0], showValues)] }
                : f);
        return Grid(heads, Math.Min(columns, weights.Count), title, shareColorScale: true);
    }

    /// <summary>A mask as a two-colour grid: blue where the query may attend, light grey where it is blocked.</summary>
    /// <param name="mask">The mask (<c>true</c> = may attend). Shape: (T, S).</param>
    /// <param name="queryTokens">Row labels. Shape: (T).</param>
    /// <param name="keyTokens">Column labels; the query tokens by default. Shape: (S).</param>
    /// <param name="title">The figure title.</param>
    public static Figure Mask(Mask mask, IReadOnlyList<string>? queryTokens = null, IReadOnlyList<string>? keyTokens = null,
        string? title = "Mask (blue = may attend)")
    {
        ArgumentNullException.ThrowIfNull(mask);
        var allowed = new Matrix(mask.Queries, mask.Keys);
        for (int t = 0; t < mask.Queries; t++)
        {
            var row = mask.Row(t);
            for (int s = 0; s < mask.Keys; s++) allowed.Data[t * mask.Keys + s] = row[s] ? 1f : 0f;
        }
        keyTokens ??= queryTokens?.Count == mask.Keys ? queryTokens : null;
        var figure = Heatmap(allowed, keyTokens, queryTokens, title, "keys", "queries", s_maskScale, 0, 1, showValues: false);
        var trace = (HeatmapTrace)figure.Panels[0].Traces[0] with { ShowColorBar = false };
        return figure with { Panels = [figure.Panels[0] with { Traces = [trace] }] };
    }

    private static Panel HeatmapPanel(HeatmapTrace trace, IReadOnlyList<string>? xLabels, IReadOnlyList<string>? yLabels,
        string? xTitle, string? yTitle) => new([trace])
        {
            XAxis = new Axis { Title = xTitle, TickLabels = xLabels, TickStep = IndexTickStep(trace.Z.Cols) },
            YAxis = new Axis { Title = yTitle, TickLabels = yLabels, TickStep = IndexTickStep(trace.Z.Rows), Reversed = true },
        };

    /// <summary>Unlabelled heatmap axes tick at whole row and column indices, at most about 24 of them.</summary>
    private static double IndexTickStep(int count) => Math.Max(1, Math.Ceiling(count / 24.0));

    private static Panel WithValues(Panel panel, bool showValues) =>
        panel with { Traces = [.. panel.Traces.Select(t => t is HeatmapTrace h ? h with { ShowValues = showValues } : t)] };

    private static HeatmapTrace AutoColors(HeatmapTrace trace, Matrix z)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in z.Data)
        {
            if (!float.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min > max) return trace;
        if (min >= 0 && max <= 1) return trace with { ColorScale = ColorScale.Viridis, ZMin = 0, ZMax = 1 };
        if (min < 0 && max > 0) return trace with { ColorScale = ColorScale.RdBu, ZMid = 0 };
        return trace with { ColorScale = ColorScale.Viridis };
    }

    private static double MaxAbsFinite(Matrix m)
    {
        double limit = 0;
        foreach (float v in m.Data)
            if (float.IsFinite(v)) limit = Math.Max(limit, Math.Abs(v));
        return limit == 0 ? 1 : limit;
    }

    private static double[] Indices(int count) => [.. Enumerable.Range(0, count).Select(i => (double)i)];

    private static double[] ToDoubles(IReadOnlyList<float> values)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++) result[i] = values[i];
        return result;
    }

    private static IEnumerable<(string Name, IReadOnlyList<double> Y)> ToDoubleSeries(IEnumerable<(string Name, IReadOnlyList<float> Y)> series) =>
        series.Select(s => (s.Name, (IReadOnlyList<double>)ToDoubles(s.Y ?? throw new ArgumentNullException(nameof(series)))));

    private static void ThrowIfLengthsDiffer(int first, int second, string firstName, string secondName)
    {
        if (first != second)
            ThrowHelper.ThrowArgument(secondName, $"{secondName} has {second} values but {firstName} has {first}; they must have the same length.");
    }

    private static void ThrowIfLabelCount(IReadOnlyList<string>? labels, int expected, string labelsName, string what, string matrixName, Matrix matrix)
    {
        if (labels is not null && labels.Count != expected)
            ThrowHelper.ThrowArgument(labelsName, $"{labelsName} has {labels.Count} labels but {matrixName} is {matrix.ShapeString} with {expected} {what}.");
    }
}

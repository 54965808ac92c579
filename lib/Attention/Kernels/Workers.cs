namespace Attention.Kernels;

/// <summary>
/// Runs independent work items (heads, batch entries, row blocks of a GEMM) on dedicated threads, one per core: the
/// calling thread plus ProcessorCount − 1 background threads created once and kept waiting. Items are taken from a
/// shared counter, so uneven items balance. Measured on the 2-core machine: <c>Parallel.For</c> over two items reached
/// only half of the 2-core peak; dedicated threads reach it.
/// </summary>
/// <remarks>
/// One parallel region at a time: a call made while another is running (from another thread, or nested inside an item)
/// runs its items inline on the calling thread, so nesting never deadlocks and never oversubscribes the cores.
/// </remarks>
internal static class Workers
{
    private static readonly int Helpers = Math.Max(0, Environment.ProcessorCount - 1);
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly ManualResetEventSlim Done = new(false);
    private static readonly object CreateLock = new();
    private static bool _created;
    private static int _busy;
    private static Action<int>? _body;
    private static int _count;
    private static int _next;
    private static int _pending;
    private static Exception? _failure;

    /// <summary>Runs body(0) … body(count − 1), in parallel when <paramref name="parallel"/> and a region is free.</summary>
    public static void For(int count, Action<int> body, bool parallel = true)
    {
        int helpers = Math.Min(Helpers, count - 1);
        if (!parallel || helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            EnsureThreads();
            _body = body;
            _count = count;
            _next = -1;
            _failure = null;
            _pending = helpers;
            Done.Reset();
            Start.Release(helpers);
            Drain();
            Done.Wait();
            if (_failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            _body = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void Drain()
    {
        Action<int> body = Volatile.Read(ref _body)!;
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _count)
        {
            try { body(i); }
            catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
        }
    }

    private static void EnsureThreads()
    {
        if (Volatile.Read(ref _created)) return;
        lock (CreateLock)
        {
            if (_created) return;
            for (int i = 0; i < Helpers; i++)
                new Thread(Loop) { IsBackground = true, Name = $"Attention worker {i + 1}" }.Start();
            Volatile.Write(ref _created, true);
        }
    }

    private static void Loop()
    {
        while (true)
        {
            Start.Wait();
            Drain();
            if (Interlocked.Decrement(ref _pending) == 0) Done.Set();
        }
    }
}

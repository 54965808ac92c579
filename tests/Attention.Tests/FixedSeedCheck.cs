using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Attention.Tests;

/// <summary>Runs FsCheck properties from one fixed generator seed, so every run checks the same 100 cases.</summary>
internal static class FixedSeedCheck
{
    private static readonly Config Fixed = Config.QuickThrowOnFailure
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261122UL, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    /// <summary>Checks the property on the fixed cases and throws with the counterexample on failure.</summary>
    public static void CheckWithFixedSeed(this Property property) => Check.One(Fixed, property);
}

using System;

namespace Fencer.Analyzer.Benchmarks.Generation;

/// <summary>Diagnostics a generated type must get, per rule.</summary>
internal readonly record struct Expected(int Fen001 = 0, int Fen002 = 0, int Fen003 = 0)
{
    public int Total => Fen001 + Fen002 + Fen003;

    public static Expected operator +(Expected a, Expected b) => new(a.Fen001 + b.Fen001, a.Fen002 + b.Fen002, a.Fen003 + b.Fen003);
}

/// <summary>One kind of generated type: a name, a weight among its group, a writer and what Fencer must report on it.</summary>
internal sealed record TypeTemplate(string Kind, int Weight, Action<SourceWriter, string> Write, Expected Expected);

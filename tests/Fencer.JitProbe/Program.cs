using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Fencer;

// Calls every hot side often enough, with pauses, for tiered compilation to reach tier 1 (the test runs this with
// DOTNET_TC_CallCountingDelayMs=0, or with tiered compilation off for full optimization from the start).
for (var round = 0; round < 4; round++)
{
    for (var i = 0; i < 200; i++)
    {
        HotSides.Field(new Probe { Y = i });
        HotSides.Static();
        HotSides.Loop(new Probe { Y = i }, 3);
        HotSides.Inlined(new Probe { Y = i });
        HotSides.Reset(i);
        VolatileSides.PlainThenVolatileRead(new Probe { Y = i });
        VolatileSides.VolatileChain(new Probe { Y = i, Z = i });
        VolatileSides.VolatileReadInLoop(new Probe { Y = i }, 3);
    }

    Thread.Sleep(150);
}

Console.WriteLine("mechanism " + AsymmetricBarrier.Mechanism);
Console.WriteLine("statics " + HotSides.Statics);

/// <summary>Three fields: X at offset 8, Y at offset 12, Z at offset 16 of the object.</summary>
internal sealed class Probe
{
    public int X;
    public int Y;
    public int Z;
}

/// <summary>The hot side <c>x = 1; AsymmetricBarrier.Light(); r = y;</c> in the shapes the JIT treats differently.</summary>
internal static class HotSides
{
    private static int s_x;
    private static int s_y;

    public static int Statics => s_x + s_y;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Reset(int y)
    {
        s_x = 0;
        s_y = y;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Field(Probe p)
    {
        p.X = 1;
        AsymmetricBarrier.Light();
        return p.Y;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Static()
    {
        s_x = 1;
        AsymmetricBarrier.Light();
        return s_y;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Loop(Probe p, int n)
    {
        var sum = 0;
        for (var i = 1; i <= n; i++)
        {
            p.X = i;
            AsymmetricBarrier.Light();
            sum += p.Y;
        }

        return sum;
    }

    /// <summary>The store and the load in helpers the JIT inlines.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Inlined(Probe p)
    {
        Publish(p);
        AsymmetricBarrier.Light();
        return Check(p);
    }

    private static void Publish(Probe p) => p.X = 1;

    private static int Check(Probe p) => p.Y;
}

/// <summary>
/// Hot sides ordered by a volatile read alone, as Fencer counts them (docs/design.md §2: a volatile read whose value is
/// used is compiler order for the stores before it), and as its fixes write them without Fencer.Runtime.
/// </summary>
internal static class VolatileSides
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainThenVolatileRead(Probe p)
    {
        p.X = 1;
        return Volatile.Read(ref p.Y);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int VolatileChain(Probe p)
    {
        Volatile.Write(ref p.X, 1);
        var seen = Volatile.Read(ref p.Y);
        return seen + p.Z;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int VolatileReadInLoop(Probe p, int n)
    {
        var sum = 0;
        for (var i = 1; i <= n; i++)
        {
            p.X = i;
            sum += Volatile.Read(ref p.Y);
        }

        return sum;
    }
}

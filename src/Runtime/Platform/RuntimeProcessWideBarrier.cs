using System;
using System.Threading;
#if !NET8_0_OR_GREATER
using System.Reflection;
#endif

namespace Fencer.Platform;

/// <summary>
/// The runtime's <c>Interlocked.MemoryBarrierProcessWide()</c> (.NET Core 3.0+). The net8.0 asset calls it
/// directly; the netstandard2.0 asset binds it once by reflection and reports it missing on runtimes that
/// lack it (.NET Framework, older Mono).
/// </summary>
internal static class RuntimeProcessWideBarrier
{
#if NET8_0_OR_GREATER
    public static bool IsAvailable => true;

    public static void Invoke() => Interlocked.MemoryBarrierProcessWide();
#else
    private static readonly Action? s_processWide = Bind();

    public static bool IsAvailable => s_processWide is not null;

    /// <summary>Falls back to a full fence of the calling thread only if the runtime lacks the method; callers check <see cref="IsAvailable"/> first.</summary>
    public static void Invoke()
    {
        if (s_processWide is { } processWide)
        {
            processWide();
        }
        else
        {
            Interlocked.MemoryBarrier();
        }
    }

    private static Action? Bind()
    {
        try
        {
            var method = typeof(Interlocked).GetMethod(
                "MemoryBarrierProcessWide", BindingFlags.Public | BindingFlags.Static, binder: null, Type.EmptyTypes, modifiers: null);
            return method is null ? null : (Action)Delegate.CreateDelegate(typeof(Action), method);
        }
        catch (Exception)
        {
            return null;
        }
    }
#endif
}

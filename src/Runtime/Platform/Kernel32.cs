using System;
using System.Runtime.InteropServices;

namespace Fencer.Platform;

/// <summary>Windows' process-wide barrier, for the netstandard2.0 asset (.NET Framework has no <c>MemoryBarrierProcessWide</c>).</summary>
internal static class Kernel32
{
    /// <summary>Sends an inter-processor interrupt to every processor in the process' affinity; each drains its store buffer.</summary>
    [DllImport("kernel32.dll", EntryPoint = "FlushProcessWriteBuffers")]
    public static extern void FlushProcessWriteBuffers();

    /// <summary>Calls it once; false when kernel32 or the entry point is missing.</summary>
    public static bool TryFlushProcessWriteBuffers()
    {
        try
        {
            FlushProcessWriteBuffers();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

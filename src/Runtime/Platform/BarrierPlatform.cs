using System;
using System.Runtime.InteropServices;

namespace Fencer.Platform;

/// <summary>The operating systems the mechanism choice distinguishes.</summary>
internal enum OperatingSystemKind
{
    Other,
    Linux,
    Windows,
    MacOS,
}

/// <summary>
/// Everything the mechanism choice depends on, as data. <see cref="Current"/> describes this process;
/// tests build other instances to replay each fallback (a failing system call, a missing libc, another
/// operating system or architecture, the netstandard2.0 asset on .NET Framework, the environment variable).
/// </summary>
internal sealed class BarrierPlatform
{
    /// <summary>The environment variable that forces a mechanism: <c>membarrier</c>, <c>processwide</c> or <c>fence</c>.</summary>
    public const string EnvironmentVariable = "FENCER_BARRIER";

    public OperatingSystemKind OperatingSystem { get; set; }

    public Architecture Architecture { get; set; }

    /// <summary>Whether <c>Interlocked.MemoryBarrierProcessWide()</c> can be called (always on the net8.0 asset).</summary>
    public bool HasRuntimeProcessWide { get; set; }

    /// <summary>Whether this asset calls <c>kernel32!FlushProcessWriteBuffers</c> itself on Windows (the netstandard2.0 asset).</summary>
    public bool CallsFlushProcessWriteBuffers { get; set; }

    /// <summary>Calls <c>FlushProcessWriteBuffers</c> once; false if it cannot be called.</summary>
    public Func<bool> ProbeFlushProcessWriteBuffers { get; set; } = static () => false;

    /// <summary>The <c>membarrier</c> system call; may throw <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/>.</summary>
    public MembarrierSyscall Membarrier { get; set; } = static (_, _) => SyscallResult.Error(Errno.ENOSYS);

    /// <summary>The value of <see cref="EnvironmentVariable"/>, or null.</summary>
    public string? ForcedMechanism { get; set; }

    /// <summary>This process.</summary>
    public static BarrierPlatform Current() => new()
    {
        OperatingSystem = CurrentOperatingSystem(),
        Architecture = RuntimeInformation.ProcessArchitecture,
        HasRuntimeProcessWide = RuntimeProcessWideBarrier.IsAvailable,
#if NET8_0_OR_GREATER
        CallsFlushProcessWriteBuffers = false,
#else
        CallsFlushProcessWriteBuffers = true,
#endif
        ProbeFlushProcessWriteBuffers = Kernel32.TryFlushProcessWriteBuffers,
        Membarrier = Platform.Membarrier.Invoke,
        ForcedMechanism = ReadEnvironmentVariable(),
    };

    private static OperatingSystemKind CurrentOperatingSystem()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return OperatingSystemKind.Linux;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return OperatingSystemKind.Windows;
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OperatingSystemKind.MacOS : OperatingSystemKind.Other;
    }

    private static string? ReadEnvironmentVariable()
    {
        try
        {
            return Environment.GetEnvironmentVariable(EnvironmentVariable);
        }
        catch (Exception)
        {
            // SecurityException under partial trust: behave as if it were not set.
            return null;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Fencer.Platform;

namespace Fencer;

/// <summary>
/// Chooses the mechanism, once, from a <see cref="BarrierPlatform"/>. Never throws. The chain is
/// membarrier -> the runtime's (or kernel32's) process-wide barrier where it is sound -> full fences;
/// every failure moves to the next step, and <c>FENCER_BARRIER</c> only chooses where the chain starts.
/// </summary>
internal static class MechanismSelector
{
    private enum Step
    {
        Membarrier,
        ProcessWide,
        Fence,
    }

    public static BarrierDecision Decide(BarrierPlatform platform)
    {
        var notes = new List<string>();
        try
        {
            var start = StartingStep(platform.ForcedMechanism, notes);
            if (start == Step.Membarrier)
            {
                if (TryMembarrier(platform, out long number, out string why))
                {
                    notes.Add($"membarrier PRIVATE_EXPEDITED registered and working (syscall {number})");
                    return new BarrierDecision(BarrierMechanism.Membarrier, number, Join(notes));
                }

                notes.Add("membarrier unavailable: " + why);
                start = Step.ProcessWide;
            }

            if (start == Step.ProcessWide)
            {
                if (TryProcessWide(platform, out var mechanism, out string why))
                {
                    notes.Add(why);
                    return new BarrierDecision(mechanism, -1, Join(notes));
                }

                notes.Add("process-wide barrier unavailable: " + why);
            }

            notes.Add("using full fences on both sides");
            return new BarrierDecision(BarrierMechanism.Fence, -1, Join(notes));
        }
        catch (Exception exception)
        {
            // Defensive: nothing above is expected to throw, but a barrier must never fail to initialize.
            notes.Add("unexpected " + exception.GetType().Name + "; using full fences on both sides");
            return new BarrierDecision(BarrierMechanism.Fence, -1, Join(notes));
        }
    }

    private static Step StartingStep(string? forced, List<string> notes)
    {
        string value = forced?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return Step.Membarrier;
        }

        switch (value.ToLowerInvariant())
        {
            case "membarrier":
                notes.Add(BarrierPlatform.EnvironmentVariable + "=membarrier requested");
                return Step.Membarrier;
            case "processwide":
                notes.Add(BarrierPlatform.EnvironmentVariable + "=processwide requested");
                return Step.ProcessWide;
            case "fence":
                notes.Add(BarrierPlatform.EnvironmentVariable + "=fence requested");
                return Step.Fence;
            default:
                notes.Add(BarrierPlatform.EnvironmentVariable + "='" + value + "' not recognized (membarrier|processwide|fence); ignored");
                return Step.Membarrier;
        }
    }

    /// <summary>
    /// QUERY must list PRIVATE_EXPEDITED, REGISTER must succeed, and a first PRIVATE_EXPEDITED must succeed.
    /// Only then may <see cref="AsymmetricBarrier.Light"/> drop its fence. Membarrier is also refused when
    /// this runtime has no <c>MemoryBarrierProcessWide</c>: that is what <see cref="AsymmetricBarrier.Heavy"/>
    /// falls back to if a later call ever failed, and without it a failing Heavy could not cover the hot side.
    /// </summary>
    private static bool TryMembarrier(BarrierPlatform platform, out long number, out string why)
    {
        number = -1;
        if (platform.OperatingSystem != OperatingSystemKind.Linux)
        {
            why = "membarrier(2) exists on Linux only";
            return false;
        }

        long syscallNumber = Membarrier.SyscallNumber(platform.Architecture);
        if (syscallNumber < 0)
        {
            why = "no membarrier syscall number known for " + platform.Architecture;
            return false;
        }

        if (!platform.HasRuntimeProcessWide)
        {
            why = "this runtime has no Interlocked.MemoryBarrierProcessWide to fall back on if a Heavy() call failed";
            return false;
        }

        try
        {
            var query = platform.Membarrier(syscallNumber, Membarrier.CommandQuery);
            if (query.Failed)
            {
                why = "QUERY failed with " + Errno.Name(query.Errno);
                return false;
            }

            if ((query.Value & Membarrier.CommandPrivateExpedited) == 0)
            {
                why = "QUERY mask 0x" + query.Value.ToString("x", CultureInfo.InvariantCulture) + " lacks PRIVATE_EXPEDITED";
                return false;
            }

            var register = platform.Membarrier(syscallNumber, Membarrier.CommandRegisterPrivateExpedited);
            if (register.Failed)
            {
                why = "REGISTER_PRIVATE_EXPEDITED failed with " + Errno.Name(register.Errno);
                return false;
            }

            var first = platform.Membarrier(syscallNumber, Membarrier.CommandPrivateExpedited);
            if (first.Failed)
            {
                why = "first PRIVATE_EXPEDITED failed with " + Errno.Name(first.Errno);
                return false;
            }
        }
        catch (Exception exception)
        {
            // DllNotFoundException (no libc), EntryPointNotFoundException (no syscall export),
            // NotSupportedException (no P/Invoke on this platform), ...
            why = "libc syscall could not be called (" + exception.GetType().Name + ")";
            return false;
        }

        number = syscallNumber;
        why = string.Empty;
        return true;
    }

    private static bool TryProcessWide(BarrierPlatform platform, out BarrierMechanism mechanism, out string why)
    {
        mechanism = BarrierMechanism.Fence;
        if (platform.OperatingSystem == OperatingSystemKind.Windows && platform.CallsFlushProcessWriteBuffers)
        {
            if (platform.ProbeFlushProcessWriteBuffers())
            {
                mechanism = BarrierMechanism.FlushProcessWriteBuffers;
                why = "using kernel32 FlushProcessWriteBuffers";
                return true;
            }

            if (!platform.HasRuntimeProcessWide)
            {
                why = "kernel32 FlushProcessWriteBuffers could not be called";
                return false;
            }
        }

        if (!platform.HasRuntimeProcessWide)
        {
            why = "this runtime has no Interlocked.MemoryBarrierProcessWide";
            return false;
        }

        switch (platform.OperatingSystem)
        {
            case OperatingSystemKind.Windows:
            case OperatingSystemKind.MacOS:
                break;
            case OperatingSystemKind.Linux when IsX86Family(platform.Architecture):
                // Without membarrier the runtime changes the protection of a page of its own, and the
                // kernel's TLB shoot-down interrupts every CPU running the process: a barrier on x86/x64.
                break;
            case OperatingSystemKind.Linux when ForcedRuntimeUsesMembarrier(platform):
                // ARM with a working membarrier: the runtime registered it at start-up and uses it too.
                break;
            case OperatingSystemKind.Linux:
                why = "Interlocked.MemoryBarrierProcessWide is not a barrier on " + platform.Architecture +
                    " Linux without membarrier (TLB invalidation there does not interrupt other cores)";
                return false;
            default:
                why = "Interlocked.MemoryBarrierProcessWide is not known to be sound on this operating system";
                return false;
        }

        mechanism = BarrierMechanism.ProcessWide;
        why = "using Interlocked.MemoryBarrierProcessWide";
        return true;
    }

    private static bool ForcedRuntimeUsesMembarrier(BarrierPlatform platform) =>
        TryMembarrier(platform, out _, out _);

    private static bool IsX86Family(Architecture architecture) =>
        architecture is Architecture.X64 or Architecture.X86;

    private static string Join(List<string> notes) => string.Join("; ", notes);
}

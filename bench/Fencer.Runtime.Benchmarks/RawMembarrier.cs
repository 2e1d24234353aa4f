using System.Runtime.InteropServices;

namespace Fencer.Runtime.Benchmarks;

/// <summary>The bare system call, for comparison with Heavy(): same libc entry point, no bookkeeping.</summary>
internal static class RawMembarrier
{
    private const int PrivateExpedited = 8;

    /// <summary>membarrier on x86-64 Linux (the benchmark machine).</summary>
    private const nint SyscallNumber = 324;

    public static nint PrivateExpeditedCall() => Syscall(SyscallNumber, PrivateExpedited, 0, 0);

    [DllImport("libc", EntryPoint = "syscall")]
    private static extern nint Syscall(nint number, int command, uint flags, int cpuId);
}

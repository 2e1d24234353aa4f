using System.Runtime.InteropServices;

namespace Fencer.Platform;

/// <summary>
/// Linux <c>membarrier(2)</c> through libc's <c>syscall</c>. glibc and musl do not export a
/// <c>membarrier</c> wrapper everywhere, so the system call number is given per architecture.
/// </summary>
internal static class Membarrier
{
    /// <summary><c>MEMBARRIER_CMD_QUERY</c>: returns the mask of supported commands.</summary>
    public const int CommandQuery = 0;

    /// <summary><c>MEMBARRIER_CMD_PRIVATE_EXPEDITED</c>: a full barrier on every CPU running a thread of this process.</summary>
    public const int CommandPrivateExpedited = 8;

    /// <summary><c>MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED</c>: required once before the first <see cref="CommandPrivateExpedited"/>.</summary>
    public const int CommandRegisterPrivateExpedited = 16;

    // MEMBARRIER_CMD_GLOBAL (1) is never used: it waits for an RCU grace period (milliseconds) and
    // disturbs every process on the machine.

    /// <summary>The <c>membarrier</c> system call number for <paramref name="architecture"/>, or -1 if Fencer knows none.</summary>
    public static long SyscallNumber(Architecture architecture) => architecture switch
    {
        Architecture.X64 => 324,
        Architecture.X86 => 375,
        Architecture.Arm64 => 283,
        Architecture.Arm => 389,
        _ => -1,
    };

    /// <summary>The real system call, with <c>errno</c> read after a failure. Throws if libc is missing.</summary>
    public static SyscallResult Invoke(long syscallNumber, int command)
    {
        nint result = SyscallWithErrno((nint)syscallNumber, command, 0, 0);
        return result < 0 ? SyscallResult.Error(Marshal.GetLastWin32Error()) : SyscallResult.Ok(result);
    }

    /// <summary>
    /// <c>MEMBARRIER_CMD_PRIVATE_EXPEDITED</c> for <see cref="AsymmetricBarrier.Heavy"/>: no errno
    /// bookkeeping (a failure is handled the same whatever its cause).
    /// </summary>
    public static bool TryPrivateExpedited(nint syscallNumber) => Syscall(syscallNumber, CommandPrivateExpedited, 0, 0) == 0;

    // long syscall(long number, ...): the variadic arguments are passed like fixed ones on the Linux ABIs
    // of x86-64, x86, arm64 and arm, and `long` is pointer-sized there (nint). All arguments are
    // blittable, so no marshalling stub is generated.
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern nint SyscallWithErrno(nint number, int command, uint flags, int cpuId);

    [DllImport("libc", EntryPoint = "syscall")]
    private static extern nint Syscall(nint number, int command, uint flags, int cpuId);
}

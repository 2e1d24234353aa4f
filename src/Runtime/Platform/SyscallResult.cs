namespace Fencer.Platform;

/// <summary>The return value of one <c>syscall(2)</c> and the <c>errno</c> it left (meaningful only when <see cref="Failed"/>).</summary>
internal readonly struct SyscallResult
{
    public SyscallResult(long value, int errno)
    {
        Value = value;
        Errno = errno;
    }

    public long Value { get; }

    public int Errno { get; }

    public bool Failed => Value < 0;

    public static SyscallResult Ok(long value) => new(value, 0);

    public static SyscallResult Error(int errno) => new(-1, errno);
}

/// <summary>Issues <c>membarrier(number, command, flags = 0, cpu_id = 0)</c>. May throw when libc or its entry point is missing.</summary>
internal delegate SyscallResult MembarrierSyscall(long syscallNumber, int command);

using System;
using System.Collections.Generic;
using Fencer.Platform;

namespace Fencer.Runtime.Tests;

/// <summary>A scripted membarrier system call: a result (or an exception) per command, and a log of the calls made.</summary>
internal sealed class FakeMembarrier
{
    public const long AllCommandsMask = 0x3ff;

    public SyscallResult Query { get; set; } = SyscallResult.Ok(AllCommandsMask);

    public SyscallResult Register { get; set; } = SyscallResult.Ok(0);

    public SyscallResult PrivateExpedited { get; set; } = SyscallResult.Ok(0);

    public Exception? Throws { get; set; }

    public List<(long Number, int Command)> Calls { get; } = new();

    public SyscallResult Invoke(long number, int command)
    {
        Calls.Add((number, command));
        if (Throws is not null)
        {
            throw Throws;
        }

        return command switch
        {
            Membarrier.CommandQuery => Query,
            Membarrier.CommandRegisterPrivateExpedited => Register,
            Membarrier.CommandPrivateExpedited => PrivateExpedited,
            _ => SyscallResult.Error(Errno.EINVAL),
        };
    }
}

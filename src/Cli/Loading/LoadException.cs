using System;

namespace Fencer.Cli.Loading;

/// <summary>An audit target that cannot be read or loaded: reported in one line, exit code 2.</summary>
internal sealed class LoadException : Exception
{
    public LoadException(string message)
        : base(message)
    {
    }
}

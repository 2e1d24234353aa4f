namespace Fencer.Platform;

/// <summary>The Linux <c>errno</c> values that matter to <c>membarrier(2)</c> (same on every architecture Fencer supports).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int EINTR = 4;
    public const int ENOMEM = 12;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        EINTR => "EINTR",
        ENOMEM => "ENOMEM",
        EINVAL => "EINVAL",
        ENOSYS => "ENOSYS",
        _ => "errno " + errno,
    };
}

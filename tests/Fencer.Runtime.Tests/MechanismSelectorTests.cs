using System;
using System.Linq;
using System.Runtime.InteropServices;
using Fencer.Platform;
using Xunit;

namespace Fencer.Runtime.Tests;

/// <summary>Every step of the fallback chain, replayed through the <see cref="BarrierPlatform"/> seam.</summary>
public sealed class MechanismSelectorTests
{
    private readonly FakeMembarrier _membarrier = new();

    [Theory]
    [InlineData(Architecture.X64, 324L)]
    [InlineData(Architecture.X86, 375L)]
    [InlineData(Architecture.Arm64, 283L)]
    [InlineData(Architecture.Arm, 389L)]
    public void Membarrier_WhenQueryRegisterAndFirstCallSucceed(Architecture architecture, long syscallNumber)
    {
        var decision = Decide(Linux(architecture));

        Assert.Equal(BarrierMechanism.Membarrier, decision.Mechanism);
        Assert.Equal(syscallNumber, decision.MembarrierSyscallNumber);
        Assert.Equal(
            new[] { (syscallNumber, 0), (syscallNumber, 16), (syscallNumber, 8) },
            _membarrier.Calls.ToArray());
    }

    [Fact]
    public void NeverUsesMembarrierGlobal()
    {
        Decide(Linux(Architecture.X64));
        Decide(Linux(Architecture.Arm64, forced: "processwide"));

        Assert.DoesNotContain(_membarrier.Calls, call => call.Command == 1);
    }

    [Theory]
    [InlineData(Errno.ENOSYS)]
    [InlineData(Errno.EINVAL)]
    [InlineData(Errno.EPERM)]
    public void ProcessWide_OnX64Linux_WhenQueryFails(int errno)
    {
        _membarrier.Query = SyscallResult.Error(errno);

        var decision = Decide(Linux(Architecture.X64));

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Contains("QUERY failed with " + Errno.Name(errno), decision.Reason);
        Assert.DoesNotContain(_membarrier.Calls, call => call.Command == 16);
    }

    [Theory]
    [InlineData(Architecture.X64, BarrierMechanism.ProcessWide)]
    [InlineData(Architecture.X86, BarrierMechanism.ProcessWide)]
    [InlineData(Architecture.Arm64, BarrierMechanism.Fence)]
    [InlineData(Architecture.Arm, BarrierMechanism.Fence)]
    public void QueryMaskWithoutPrivateExpedited_FallsBackByArchitecture(Architecture architecture, BarrierMechanism expected)
    {
        _membarrier.Query = SyscallResult.Ok(0x1 | 0x2); // GLOBAL and GLOBAL_EXPEDITED only

        var decision = Decide(Linux(architecture));

        Assert.Equal(expected, decision.Mechanism);
        Assert.Contains("lacks PRIVATE_EXPEDITED", decision.Reason);
    }

    [Theory]
    [InlineData(Errno.EPERM)]
    [InlineData(Errno.EINVAL)]
    [InlineData(Errno.ENOSYS)]
    public void FallsBack_WhenRegisterFails(int errno)
    {
        _membarrier.Register = SyscallResult.Error(errno);

        Assert.Equal(BarrierMechanism.ProcessWide, Decide(Linux(Architecture.X64)).Mechanism);
        Assert.Equal(BarrierMechanism.Fence, Decide(Linux(Architecture.Arm64)).Mechanism);
    }

    [Theory]
    [InlineData(Errno.EPERM)]
    [InlineData(Errno.ENOMEM)]
    public void FallsBack_WhenFirstPrivateExpeditedFails(int errno)
    {
        _membarrier.PrivateExpedited = SyscallResult.Error(errno);

        var decision = Decide(Linux(Architecture.X64));

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Contains("first PRIVATE_EXPEDITED failed with " + Errno.Name(errno), decision.Reason);
    }

    [Fact]
    public void FallsBack_WhenLibcEntryPointIsMissing()
    {
        _membarrier.Throws = new EntryPointNotFoundException("syscall");

        var decision = Decide(Linux(Architecture.X64));

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Contains(nameof(EntryPointNotFoundException), decision.Reason);
    }

    [Fact]
    public void FallsBack_WhenLibcIsMissing()
    {
        _membarrier.Throws = new DllNotFoundException("libc");

        Assert.Equal(BarrierMechanism.ProcessWide, Decide(Linux(Architecture.X64)).Mechanism);
        Assert.Equal(BarrierMechanism.Fence, Decide(Linux(Architecture.Arm64)).Mechanism);
    }

    [Fact]
    public void Fence_OnLinux_WhenArchitectureHasNoKnownSyscallNumber()
    {
        var decision = Decide(Linux(Architecture.RiscV64));

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Empty(_membarrier.Calls);
        Assert.Contains("no membarrier syscall number known for RiscV64", decision.Reason);
    }

    [Fact]
    public void NoMembarrier_WhenRuntimeHasNoProcessWideFallbackForAFailingHeavy()
    {
        // netstandard2.0 asset on a runtime without Interlocked.MemoryBarrierProcessWide (e.g. an old Mono):
        // membarrier works, but a Heavy() that failed later would have nothing process-wide to fall back on.
        var platform = Linux(Architecture.X64);
        platform.HasRuntimeProcessWide = false;

        var decision = Decide(platform);

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Empty(_membarrier.Calls);
    }

    [Theory]
    [InlineData(Architecture.X64)]
    [InlineData(Architecture.Arm64)]
    public void ProcessWide_OnWindows_WithTheNet8Asset(Architecture architecture)
    {
        var decision = Decide(Platform(OperatingSystemKind.Windows, architecture));

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Empty(_membarrier.Calls);
    }

    [Fact]
    public void FlushProcessWriteBuffers_OnWindows_WithTheNetStandardAssetUnderNetFramework()
    {
        var platform = Platform(OperatingSystemKind.Windows, Architecture.X64);
        platform.CallsFlushProcessWriteBuffers = true;
        platform.HasRuntimeProcessWide = false;
        platform.ProbeFlushProcessWriteBuffers = () => true;

        Assert.Equal(BarrierMechanism.FlushProcessWriteBuffers, Decide(platform).Mechanism);
    }

    [Fact]
    public void Fence_OnWindows_WhenFlushProcessWriteBuffersCannotBeCalledAndNoRuntimeBarrier()
    {
        var platform = Platform(OperatingSystemKind.Windows, Architecture.X86);
        platform.CallsFlushProcessWriteBuffers = true;
        platform.HasRuntimeProcessWide = false;
        platform.ProbeFlushProcessWriteBuffers = () => false;

        var decision = Decide(platform);

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Contains("FlushProcessWriteBuffers could not be called", decision.Reason);
    }

    [Fact]
    public void ProcessWide_OnWindows_WhenFlushProcessWriteBuffersCannotBeCalledButRuntimeHasIt()
    {
        var platform = Platform(OperatingSystemKind.Windows, Architecture.X64);
        platform.CallsFlushProcessWriteBuffers = true;
        platform.ProbeFlushProcessWriteBuffers = () => false;

        Assert.Equal(BarrierMechanism.ProcessWide, Decide(platform).Mechanism);
    }

    [Theory]
    [InlineData(Architecture.X64)]
    [InlineData(Architecture.Arm64)]
    public void ProcessWide_OnMacOS(Architecture architecture)
    {
        Assert.Equal(BarrierMechanism.ProcessWide, Decide(Platform(OperatingSystemKind.MacOS, architecture)).Mechanism);
        Assert.Empty(_membarrier.Calls);
    }

    [Fact]
    public void Fence_OnMacOS_WhenRuntimeHasNoProcessWideBarrier()
    {
        var platform = Platform(OperatingSystemKind.MacOS, Architecture.X64);
        platform.HasRuntimeProcessWide = false;

        Assert.Equal(BarrierMechanism.Fence, Decide(platform).Mechanism);
    }

    [Fact]
    public void Fence_OnOtherOperatingSystems()
    {
        Assert.Equal(BarrierMechanism.Fence, Decide(Platform(OperatingSystemKind.Other, Architecture.X64)).Mechanism);
    }

    [Theory]
    [InlineData("fence")]
    [InlineData("FENCE")]
    [InlineData(" Fence ")]
    public void EnvironmentVariable_Fence_ForcesFences(string value)
    {
        var decision = Decide(Linux(Architecture.X64, forced: value));

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Empty(_membarrier.Calls);
        Assert.Contains("FENCER_BARRIER=fence requested", decision.Reason);
    }

    [Fact]
    public void EnvironmentVariable_ProcessWide_SkipsMembarrierOnX64Linux()
    {
        var decision = Decide(Linux(Architecture.X64, forced: "processwide"));

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Empty(_membarrier.Calls);
    }

    [Fact]
    public void EnvironmentVariable_ProcessWide_OnArm64Linux_IsHonoredOnlyWhenTheRuntimeCanUseMembarrier()
    {
        Assert.Equal(BarrierMechanism.ProcessWide, Decide(Linux(Architecture.Arm64, forced: "processwide")).Mechanism);

        _membarrier.Query = SyscallResult.Error(Errno.ENOSYS);
        var decision = Decide(Linux(Architecture.Arm64, forced: "processwide"));

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Contains("not a barrier on Arm64 Linux without membarrier", decision.Reason);
    }

    [Fact]
    public void EnvironmentVariable_ProcessWide_UnsupportedFallsBackToFence()
    {
        var platform = Platform(OperatingSystemKind.Other, Architecture.X64);
        platform.ForcedMechanism = "processwide";

        var decision = Decide(platform);

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.Contains("process-wide barrier unavailable", decision.Reason);
    }

    [Fact]
    public void EnvironmentVariable_Membarrier_IsHonoredOnLinux()
    {
        var decision = Decide(Linux(Architecture.Arm, forced: "membarrier"));

        Assert.Equal(BarrierMechanism.Membarrier, decision.Mechanism);
        Assert.Contains("FENCER_BARRIER=membarrier requested", decision.Reason);
    }

    [Fact]
    public void EnvironmentVariable_Membarrier_UnsupportedFallsBackAndSaysSo()
    {
        var platform = Platform(OperatingSystemKind.Windows, Architecture.X64);
        platform.ForcedMechanism = "membarrier";

        var decision = Decide(platform);

        Assert.Equal(BarrierMechanism.ProcessWide, decision.Mechanism);
        Assert.Contains("membarrier unavailable: membarrier(2) exists on Linux only", decision.Reason);
    }

    [Theory]
    [InlineData("mprotect")]
    [InlineData("global")]
    public void EnvironmentVariable_Unrecognized_IsIgnored(string value)
    {
        var decision = Decide(Linux(Architecture.X64, forced: value));

        Assert.Equal(BarrierMechanism.Membarrier, decision.Mechanism);
        Assert.Contains("not recognized", decision.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void EnvironmentVariable_Empty_MeansDefault(string? value)
    {
        Assert.Equal(BarrierMechanism.Membarrier, Decide(Linux(Architecture.X64, forced: value)).Mechanism);
    }

    [Fact]
    public void Fence_WhenEverythingFails_AndNeverThrows()
    {
        _membarrier.Throws = new InvalidOperationException("anything");
        var platform = Linux(Architecture.Arm64);
        platform.ProbeFlushProcessWriteBuffers = () => throw new InvalidOperationException("not called on Linux");

        var decision = Decide(platform);

        Assert.Equal(BarrierMechanism.Fence, decision.Mechanism);
        Assert.False(decision.HeavyIsProcessWide);
    }

    [Fact]
    public void CurrentPlatform_ReadsTheEnvironmentVariable()
    {
        // Initialize the barrier first so that the variable set below cannot influence its decision.
        _ = AsymmetricBarrier.Mechanism;
        string? previous = Environment.GetEnvironmentVariable(BarrierPlatform.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(BarrierPlatform.EnvironmentVariable, "fence");
            var platform = BarrierPlatform.Current();

            Assert.Equal("fence", platform.ForcedMechanism);
            Assert.Equal(BarrierMechanism.Fence, MechanismSelector.Decide(platform).Mechanism);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BarrierPlatform.EnvironmentVariable, previous);
        }
    }

    private BarrierDecision Decide(BarrierPlatform platform) => MechanismSelector.Decide(platform);

    private BarrierPlatform Linux(Architecture architecture, string? forced = null)
    {
        var platform = Platform(OperatingSystemKind.Linux, architecture);
        platform.ForcedMechanism = forced;
        return platform;
    }

    private BarrierPlatform Platform(OperatingSystemKind operatingSystem, Architecture architecture) => new()
    {
        OperatingSystem = operatingSystem,
        Architecture = architecture,
        HasRuntimeProcessWide = true,
        CallsFlushProcessWriteBuffers = false,
        ProbeFlushProcessWriteBuffers = () => throw new InvalidOperationException("the net8.0 asset never calls kernel32"),
        Membarrier = _membarrier.Invoke,
    };
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Runtime.Versioning;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.Runtime.Tests;

/// <summary>
/// The package's netstandard2.0 asset (for .NET Framework, Mono and older .NET Core) is the one the other tests do not
/// run: loaded on its own here, it must find the runtime's process-wide barrier by reflection, choose the same
/// mechanism as the net8.0 asset on this machine, and never throw from a barrier.
/// </summary>
public class NetStandardAssetTests
{
    [Fact]
    public void NetStandardAsset_ChoosesTheMechanismTheNet8AssetChooses_AndItsBarriersRun()
    {
        var path = Path.Combine(RepositoryLayout.Root, "src", "Runtime", "bin", RepositoryLayout.Configuration, "netstandard2.0", "Fencer.Runtime.dll");
        Assert.True(File.Exists(path), $"the netstandard2.0 asset was not built: {path}");
        var context = new AssemblyLoadContext("netstandard2.0 asset", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            Assert.Equal(".NETStandard,Version=v2.0", assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
            Assert.NotSame(typeof(AsymmetricBarrier).Assembly, assembly);

            var barrier = assembly.GetType("Fencer.AsymmetricBarrier", throwOnError: true)!;
            var heavy = barrier.GetMethod("Heavy", BindingFlags.Public | BindingFlags.Static)!;
            var light = barrier.GetMethod("Light", BindingFlags.Public | BindingFlags.Static)!;
            for (var i = 0; i < 100; i++)
            {
                heavy.Invoke(null, null);
                light.Invoke(null, null);
            }

            var mechanism = barrier.GetProperty("Mechanism", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!.ToString();
            Assert.Equal(AsymmetricBarrier.Mechanism.ToString(), mechanism);

            // .NET 10 has Interlocked.MemoryBarrierProcessWide: the asset's reflection must have bound it.
            var processWide = assembly.GetType("Fencer.Platform.RuntimeProcessWideBarrier", throwOnError: true)!;
            Assert.True((bool)processWide.GetProperty("IsAvailable", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
        }
        finally
        {
            context.Unload();
        }
    }
}

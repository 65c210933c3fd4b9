using StyleFarm.Build;

namespace StyleFarm.Kernels.Tests.Build;

/// <summary>infra/msbuild/GlibcxxRequirementPatch.cs on TorchSharp's own libLibTorchSharp.so (copies; the package's file is never written).</summary>
public sealed class GlibcxxRequirementPatchTests : IDisposable
{
    private const string Marker = GlibcxxRequirementPatch.MarkerSymbol;
    private readonly string _folder = Directory.CreateTempSubdirectory("glibcxx-patch-").FullName;

    // Debian 12's libstdc++ stops at GLIBCXX_3.4.30 and its glibc at 2.36: the system the patch is for.
    private static readonly Dictionary<string, HashSet<string>> Debian12 = new()
    {
        ["libstdc++.so.6"] = Enumerable.Range(0, 31).Select(n => $"GLIBCXX_3.4.{n}").Append("GLIBCXX_3.4").Concat(
            Enumerable.Range(0, 14).Select(n => $"CXXABI_1.3.{n}").Append("CXXABI_1.3")).ToHashSet(),
        ["libc.so.6"] = Enumerable.Range(0, 37).Select(n => $"GLIBC_2.{n}").Append("GLIBC_2.2.5").Append("GLIBC_2.3.4").ToHashSet(),
    };

    [Fact]
    public void OnDebian12OnlyTheMarkerIsMissingAndItsRequirementIsRewrittenOnce()
    {
        var library = CopyOfPackageLibrary();
        var missing = GlibcxxRequirementPatch.MissingSymbols(new ElfImage(File.ReadAllBytes(library)), Debian12);
        Assert.Equal([(Marker, "GLIBCXX_3.4.32")], missing.Select(m => (m.Symbol, m.Version)));

        var outcome = GlibcxxRequirementPatch.Apply(library, Debian12);

        Assert.Equal(PatchAction.Patched, outcome.Action);
        var patched = new ElfImage(File.ReadAllBytes(library));
        Assert.Empty(GlibcxxRequirementPatch.MissingSymbols(patched, Debian12));
        Assert.Equal("GLIBCXX_3.4.30", patched.VersionedImports().Single(s => s.Symbol == Marker).Version);
        Assert.Equal(new FileInfo(PackageLibrary).Length, new FileInfo(library).Length);
        // A second build finds nothing to do.
        Assert.Equal(PatchAction.NothingNeeded, GlibcxxRequirementPatch.Apply(library, Debian12).Action);
    }

    [Fact]
    public void ALibraryNeedingGcc13ForAnotherSymbolIsRefusedInOneLineNamingItAndLeftAsItWas()
    {
        var library = CopyOfPackageLibrary();
        var image = new ElfImage(File.ReadAllBytes(library));
        var other = image.VersionedImports().First(s => s.Version == "GLIBCXX_3.4.30").Symbol;
        image.BindImport(other, "GLIBCXX_3.4.32");
        File.WriteAllBytes(library, image.Bytes);
        var before = File.ReadAllBytes(library);

        var outcome = GlibcxxRequirementPatch.Apply(library, Debian12);

        Assert.Equal(PatchAction.Refused, outcome.Action);
        Assert.DoesNotContain('\n', outcome.Message);
        Assert.Contains(other, outcome.Message);
        Assert.Contains("GLIBCXX_3.4.32", outcome.Message);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void WhereTheSystemLibstdcxxIsNewEnoughNothingIsTouched()
    {
        var library = CopyOfPackageLibrary();
        var gcc13 = new Dictionary<string, HashSet<string>>(Debian12)
        {
            ["libstdc++.so.6"] = [.. Debian12["libstdc++.so.6"], "GLIBCXX_3.4.31", "GLIBCXX_3.4.32"],
        };
        var before = File.ReadAllBytes(library);

        Assert.Equal(PatchAction.NothingNeeded, GlibcxxRequirementPatch.Apply(library, gcc13).Action);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void TheBuildOutputsLibraryIsPatchedAndThePackagesIsNot()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.DoesNotContain(new ElfImage(File.ReadAllBytes(output)).VersionedImports(), s => s.Version == "GLIBCXX_3.4.32");
        Assert.Contains(new ElfImage(File.ReadAllBytes(PackageLibrary)).VersionedImports(), s => s.Version == "GLIBCXX_3.4.32");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string PackageLibrary =>
        Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private string CopyOfPackageLibrary()
    {
        var copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.Copy(PackageLibrary, copy);
        return copy;
    }
}

// Makes TorchSharp's libLibTorchSharp.so load on a system whose libstdc++ predates GCC 13 (Debian 12).
// The library declares GLIBCXX_3.4.32 only for std::ios_base_library_init(), a marker symbol GCC 13's
// <iostream> references and never calls; this rewrites that one version requirement to GLIBCXX_3.4.30
// in the build output's copy, after checking nothing else needs a version this system lacks.
// Compiled twice: by MSBuild's RoslynCodeTaskFactory (TorchSharpOnDebian12.targets) and into the tests.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace StyleFarm.Build
{
    /// <summary>MSBuild task: patches <see cref="Library"/> in place (temp file, then rename) when it must.</summary>
    public sealed class PatchGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        /// <summary>The build output's libLibTorchSharp.so (a hard link into the NuGet cache is replaced, never written).</summary>
        [Microsoft.Build.Framework.Required] public string Library { get; set; } = "";

        /// <summary>Folders searched for the system's libstdc++.so.6 and libc.so.6, ';'-separated (default: the usual ones).</summary>
        public string SystemLibraryFolders { get; set; } = "";

        public override bool Execute()
        {
            var folders = SystemLibraryFolders.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            var outcome = GlibcxxRequirementPatch.Apply(Library,
                SystemLibraries.Find(folders.Length > 0 ? folders : SystemLibraries.DefaultFolders));
            if (outcome.Refused) Log.LogError(outcome.Message);
            else Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, outcome.Message);
            return !outcome.Refused;
        }
    }

    /// <summary>What <see cref="GlibcxxRequirementPatch.Apply"/> did: nothing, patched, or refused with a one-line reason.</summary>
    public sealed class PatchOutcome
    {
        public PatchOutcome(PatchAction action, string message) { Action = action; Message = message; }
        public PatchAction Action { get; }
        public string Message { get; }
        public bool Refused => Action == PatchAction.Refused;
    }

    public enum PatchAction { NothingNeeded, Patched, Refused }

    /// <summary>The check and the rewrite; pure functions of the files named.</summary>
    public static class GlibcxxRequirementPatch
    {
        /// <summary>The marker symbol GCC 13's &lt;iostream&gt; binds to GLIBCXX_3.4.32 and never calls.</summary>
        public const string MarkerSymbol = "_ZSt21ios_base_library_initv";

        /// <summary>The version the marker's requirement is rewritten to (Debian 12's libstdc++ defines it).</summary>
        public const string Replacement = "GLIBCXX_3.4.30";

        /// <summary>
        /// Checks <paramref name="library"/> against the versions <paramref name="system"/> defines and, when the
        /// marker's is the only one missing, rewrites its requirement to <see cref="Replacement"/>.
        /// </summary>
        public static PatchOutcome Apply(string library, IReadOnlyDictionary<string, HashSet<string>> system)
        {
            var image = File.ReadAllBytes(library);
            var elf = new ElfImage(image);
            var name = Path.GetFileName(library);
            var missing = MissingSymbols(elf, system);
            if (missing.Count == 0) return new PatchOutcome(PatchAction.NothingNeeded, $"{name}: this system's libraries define every version it needs");
            var others = missing.Where(m => m.Symbol != MarkerSymbol).ToList();
            if (others.Count > 0)
            {
                var symbols = string.Join(", ", others.Take(3).Select(m => m.Symbol)) + (others.Count > 3 ? " and " + (others.Count - 3) + " more" : "");
                return new PatchOutcome(PatchAction.Refused,
                    $"{name} needs {string.Join(", ", others.Select(m => m.Version).Distinct())} (for {symbols}), which this system's " +
                    $"{string.Join(" and ", others.Select(m => m.File).Distinct())} lacks: install a newer libstdc++/glibc or a TorchSharp built for this system");
            }
            var marker = missing.Single();
            if (!system.TryGetValue("libstdc++.so.6", out var defined) || !defined.Contains(Replacement))
                return new PatchOutcome(PatchAction.Refused, $"{name} needs {marker.Version}, and this system's libstdc++.so.6 lacks {Replacement} too: install a newer libstdc++");
            elf.RewriteRequirement(marker.Version, Replacement);
            var temporary = library + ".patching";
            File.WriteAllBytes(temporary, image);
            // Same size and time as the package's file, so MSBuild's incremental copy leaves the patched copy alone.
            File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(library));
            File.Delete(library); // a hard link into the NuGet cache: unlinked, never written through
            File.Move(temporary, library);
            return new PatchOutcome(PatchAction.Patched, $"{name}: {MarkerSymbol}'s requirement {marker.Version} rewritten to {Replacement}");
        }

        /// <summary>The undefined symbols whose version the named system library does not define (libraries not found count as defining all).</summary>
        public static List<VersionedSymbol> MissingSymbols(ElfImage elf, IReadOnlyDictionary<string, HashSet<string>> system) =>
            elf.VersionedImports().Where(s => system.TryGetValue(s.File, out var defined) && !defined.Contains(s.Version)).ToList();
    }

    /// <summary>An imported symbol and the version it is bound to.</summary>
    public sealed class VersionedSymbol
    {
        public VersionedSymbol(string symbol, string file, string version) { Symbol = symbol; File = file; Version = version; }
        public string Symbol { get; }
        public string File { get; }
        public string Version { get; }
    }

    /// <summary>Where the system's libstdc++ and libc are, and which versions they define.</summary>
    public static class SystemLibraries
    {
        public static readonly string[] DefaultFolders =
            { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" };

        /// <summary>File name (libstdc++.so.6, libc.so.6) → versions it defines, from the first folder that has it.</summary>
        public static Dictionary<string, HashSet<string>> Find(IEnumerable<string> folders)
        {
            var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var file in new[] { "libstdc++.so.6", "libc.so.6" })
            {
                var path = folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists);
                if (path != null) result[file] = new ElfImage(File.ReadAllBytes(path)).DefinedVersions();
            }
            return result;
        }
    }

    /// <summary>Just enough of a little-endian ELF64 shared object: dynamic symbols and their version tables.</summary>
    public sealed class ElfImage
    {
        private const uint DynSym = 11, VerDef = 0x6ffffffd, VerNeed = 0x6ffffffe, VerSym = 0x6fffffff;
        private readonly byte[] _image;
        private readonly List<(uint Type, long Offset, long Size, uint Link, uint Info)> _sections = new();

        public ElfImage(byte[] image)
        {
            _image = image;
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1) throw new InvalidDataException("not a little-endian 64-bit ELF file");
            long shoff = I64(0x28);
            int shentsize = U16(0x3A), shnum = U16(0x3C);
            for (var i = 0; i < shnum; i++)
            {
                var h = shoff + (long)i * shentsize;
                _sections.Add((U32(h + 4), I64(h + 0x18), I64(h + 0x20), U32(h + 0x28), U32(h + 0x2C)));
            }
        }

        /// <summary>Every undefined dynamic symbol bound to a needed version, with the file that must define it.</summary>
        public List<VersionedSymbol> VersionedImports()
        {
            var needs = Needs().ToDictionary(n => n.Index);
            var dynsym = _sections.FirstOrDefault(s => s.Type == DynSym);
            var versym = _sections.FirstOrDefault(s => s.Type == VerSym);
            var result = new List<VersionedSymbol>();
            if (dynsym.Size == 0 || versym.Size == 0) return result;
            var strings = _sections[(int)dynsym.Link].Offset;
            for (long i = 0; i < dynsym.Size / 24; i++)
            {
                var entry = dynsym.Offset + i * 24;
                if (U16(entry + 6) != 0) continue; // defined here, not imported
                var index = U16(versym.Offset + i * 2) & 0x7fff;
                if (needs.TryGetValue(index, out var need))
                    result.Add(new VersionedSymbol(Text(strings + U32(entry)), need.File, need.Version));
            }
            return result;
        }

        /// <summary>The version names this library defines (.gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
        public HashSet<string> DefinedVersions()
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            var verdef = _sections.FirstOrDefault(s => s.Type == VerDef);
            if (verdef.Size == 0) return result;
            var strings = _sections[(int)verdef.Link].Offset;
            long at = verdef.Offset;
            for (var n = 0; n < verdef.Info; n++)
            {
                result.Add(Text(strings + U32(at + U32(at + 12))));
                var next = U32(at + 16);
                if (next == 0) break;
                at += next;
            }
            return result;
        }

        /// <summary>Points every requirement of <paramref name="from"/> at <paramref name="to"/>'s name and hash (both in .dynstr already).</summary>
        public void RewriteRequirement(string from, string to)
        {
            var verneed = _sections.First(s => s.Type == VerNeed);
            var strings = _sections[(int)verneed.Link];
            var target = FindString(strings.Offset, strings.Size, to)
                ?? throw new InvalidDataException($"the library's string table has no '{to}' to point the requirement at");
            foreach (var need in Needs().Where(n => n.Version == from))
            {
                W32(need.Aux, ElfHash(to));
                W32(need.Aux + 8, (uint)target);
            }
        }

        /// <summary>Binds the imported <paramref name="symbol"/> to the needed <paramref name="version"/> (the tests make a library that needs more with it).</summary>
        public void BindImport(string symbol, string version)
        {
            var index = Needs().First(n => n.Version == version).Index;
            var dynsym = _sections.First(s => s.Type == DynSym);
            var versym = _sections.First(s => s.Type == VerSym);
            var strings = _sections[(int)dynsym.Link].Offset;
            for (long i = 0; i < dynsym.Size / 24; i++)
            {
                if (U16(dynsym.Offset + i * 24 + 6) == 0 && Text(strings + U32(dynsym.Offset + i * 24)) == symbol)
                    BitConverter.GetBytes((ushort)index).CopyTo(_image, (int)(versym.Offset + i * 2));
            }
        }

        /// <summary>The image's bytes (with any rewrite applied).</summary>
        public byte[] Bytes => _image;

        private IEnumerable<(int Index, string File, string Version, long Aux)> Needs()
        {
            var verneed = _sections.FirstOrDefault(s => s.Type == VerNeed);
            if (verneed.Size == 0) yield break;
            var strings = _sections[(int)verneed.Link].Offset;
            long at = verneed.Offset;
            for (var n = 0; n < verneed.Info; n++)
            {
                var file = Text(strings + U32(at + 4));
                long aux = at + U32(at + 8);
                for (var k = 0; k < U16(at + 2); k++)
                {
                    yield return (U16(aux + 6) & 0x7fff, file, Text(strings + U32(aux + 8)), aux);
                    var nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = U32(at + 12);
                if (next == 0) break;
                at += next;
            }
        }

        /// <summary>The System V ELF hash of a version name, as vna_hash holds it.</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (var c in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + c;
                var g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        private long? FindString(long offset, long size, string value)
        {
            var wanted = Encoding.ASCII.GetBytes(value + "\0");
            for (long i = offset; i + wanted.Length <= offset + size; i++)
            {
                if ((i == offset || _image[i - 1] == 0) && Matches(i, wanted)) return i - offset;
            }
            return null;
        }

        private bool Matches(long at, byte[] wanted)
        {
            for (var k = 0; k < wanted.Length; k++)
                if (_image[at + k] != wanted[k]) return false;
            return true;
        }

        private string Text(long at)
        {
            var end = at;
            while (_image[end] != 0) end++;
            return Encoding.ASCII.GetString(_image, (int)at, (int)(end - at));
        }

        private int U16(long at) => BitConverter.ToUInt16(_image, (int)at);
        private uint U32(long at) => BitConverter.ToUInt32(_image, (int)at);
        private long I64(long at) => BitConverter.ToInt64(_image, (int)at);
        private void W32(long at, uint value) => BitConverter.GetBytes(value).CopyTo(_image, (int)at);
    }
}

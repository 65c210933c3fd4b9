namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Reproducible pseudo-random contents, different for each seed.</summary>
public static class TestBytes
{
    public static byte[] Create(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

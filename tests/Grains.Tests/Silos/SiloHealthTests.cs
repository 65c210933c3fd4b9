using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Tests.Silos;

public class SiloHealthTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WorkerCapabilities Caps = new(0, 0, 1L << 30);

    [Fact]
    public void SiloIsDeadAfterFourMissedHeartbeatsOfFifteenSeconds()
    {
        var health = new SiloHealth(new SiloHealthOptions());
        var silo = new SiloRecord(new SiloId("a"), Caps, T0, T0);
        Assert.False(health.IsDead(silo, T0.AddSeconds(59)));
        Assert.True(health.IsDead(silo, T0.AddSeconds(60)));
    }

    [Fact]
    public void DeadSilosAreThoseSilentTooLong()
    {
        var health = new SiloHealth(new SiloHealthOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), MissedHeartbeats = 2 });
        var silos = new[]
        {
            new SiloRecord(new SiloId("fresh"), Caps, T0, T0.AddSeconds(95)),
            new SiloRecord(new SiloId("stale"), Caps, T0, T0.AddSeconds(90)),
        };
        Assert.Equal([new SiloId("stale")], health.DeadSilos(silos, T0.AddSeconds(100)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void BadSiloNamesAreRejected(string name) => Assert.Throws<ArgumentException>(() => new SiloId(name));

    [Fact]
    public void NoMissedHeartbeatAllowedIsRejected() =>
        Assert.Throws<ArgumentException>(() => new SiloHealth(new SiloHealthOptions { MissedHeartbeats = 0 }));
}

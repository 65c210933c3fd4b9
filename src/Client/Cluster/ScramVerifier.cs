using System.Security.Cryptography;
using System.Text;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677, as pg_authid keeps it):
/// <c>SCRAM-SHA-256$ITERATIONS:SALT$STOREDKEY:SERVERKEY</c>. Sending this instead of the password to
/// ALTER ROLE … PASSWORD keeps the password itself out of SQL text, and so out of PostgreSQL's logs.
/// </summary>
public static class ScramVerifier
{
    /// <summary>PostgreSQL's default iteration count (scram_iterations).</summary>
    public const int Iterations = 4096;

    /// <summary>The verifier of <paramref name="password"/> (ASCII; SASLprep leaves ASCII unchanged) with a fresh 16-byte salt.</summary>
    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}

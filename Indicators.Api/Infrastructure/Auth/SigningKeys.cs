using Microsoft.IdentityModel.Tokens;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// The public keys of <c>Auth:Jwt:SigningKeysFile</c> (a JWKS document), for a closed network where the service
/// cannot reach the provider's discovery document. The file is looked at again at most every
/// <see cref="CheckInterval"/> and re-read when it changed, so a provider's new key is accepted without a restart;
/// a file that becomes unreadable keeps the keys read last (and says so in the log).
/// </summary>
internal sealed class SigningKeys(string path, TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private IList<SecurityKey> keys = [];
    private DateTime loadedVersion = DateTime.MinValue;
    private DateTimeOffset nextCheck = DateTimeOffset.MinValue;

    /// <summary>Reads the file; null when it holds usable keys, else why not (in a sentence for the start-up error).</summary>
    public static string? TryLoad(string path, out IList<SecurityKey> keys)
    {
        keys = [];
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return "it is not a readable JWKS document ({\"keys\": [ … ]}).";
        }
        // Only public keys of asymmetric algorithms: a shared secret in a file others can read would let them sign tokens.
        if (set.Keys.Any(k => k.Kty == JsonWebAlgorithmsKeyTypes.Octet))
        {
            return "it holds a symmetric (oct) key; only the provider's public keys (RSA or EC) belong there.";
        }
        if (set.Keys.Any(k => k.HasPrivateKey))
        {
            return "it holds a private key; only the provider's public keys belong there.";
        }
        keys = set.GetSigningKeys();
        return keys.Count == 0 ? "it holds no RSA or EC signing key." : null;
    }

    public IEnumerable<SecurityKey> Current()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (now < nextCheck)
            {
                return keys;
            }
            nextCheck = now + CheckInterval;
            DateTime version;
            try
            {
                version = File.GetLastWriteTimeUtc(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return keys;
            }
            if (version == loadedVersion)
            {
                return keys;
            }
            if (TryLoad(path, out var fresh) is { } error)
            {
                logger.LogWarning("Auth:Jwt:SigningKeysFile {Path} could not be read again ({Reason}); the keys read before stay in use.", path, error);
                return keys;
            }
            keys = fresh;
            loadedVersion = version;
            logger.LogInformation("Auth:Jwt:SigningKeysFile {Path}: {Count} signing keys", path, keys.Count);
            return keys;
        }
    }
}

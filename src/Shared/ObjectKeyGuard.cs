// Compiled into each storage package (linked source), so the rule is written once and stays internal.
namespace Chat.DataLayer.Storage.Internal;

/// <summary>Checks object keys before they reach a storage SDK (the keys themselves are built by the data layer).</summary>
internal static class ObjectKeyGuard
{
    /// <summary>
    /// Rejects a key that is empty or has a <c>.</c> or <c>..</c> path segment. Such keys are not stored literally
    /// everywhere: URL parsers (System.Uri, every browser) resolve the segments, so a read URL would point at another
    /// key, and some S3-compatible stores resolve them on write, so <c>a/../b</c> would overwrite <c>b</c>.
    /// </summary>
    public static void Validate(string objectKey, string paramName = "objectKey")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectKey, paramName);
        if (HasDotSegment(objectKey))
        {
            throw new ArgumentException(
                $"The object key '{objectKey}' has a '.' or '..' path segment; URLs and some stores would resolve it to a different key.",
                paramName);
        }
    }

    private static bool HasDotSegment(string key)
    {
        var start = 0;
        while (start <= key.Length)
        {
            var end = key.IndexOf('/', start);
            if (end < 0)
            {
                end = key.Length;
            }

            var segment = key.AsSpan(start, end - start);
            if (segment is "." or "..")
            {
                return true;
            }

            start = end + 1;
        }

        return false;
    }
}

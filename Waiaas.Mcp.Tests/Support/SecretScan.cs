using System.Buffers;
using System.Text;
using Waiaas.Mcp.Session;
using Xunit;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// Secret hygiene: a token may appear only in its token file, and anywhere else at most as its
/// first <see cref="TokenRedaction.VisibleCharacters"/> characters. Scan every captured output with this.
/// </summary>
public static class SecretScan
{
    /// <summary>Long enough not to match by chance in base64 or JSON, short enough to catch any partial copy.</summary>
    private const int WindowLength = 12;

    /// <summary>Fails naming the output and the token when any output holds a token beyond its visible prefix.</summary>
    public static void AssertNoToken(IEnumerable<string> tokens, params (string Name, string Text)[] outputs)
    {
        var leaks = (from token in tokens.Distinct()
                     from output in outputs
                     let fragment = FindLeak(token, output.Text)
                     where fragment is not null
                     select $"{output.Name} holds '{fragment}' of token {TokenRedaction.Redact(token)}").ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    /// <summary>As <see cref="AssertNoToken(IEnumerable{string}, (string, string)[])"/> for raw stdout bytes.</summary>
    public static (string Name, string Text) Bytes(string name, byte[] bytes) => (name, Encoding.UTF8.GetString(bytes));

    /// <summary>Every file under <paramref name="folder"/> except the token files, as outputs to scan.</summary>
    public static (string Name, string Text)[] FilesExcept(string folder, params string[] tokenFiles)
    {
        var allowed = tokenFiles.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !allowed.Contains(Path.GetFullPath(file)))
            .Select(file => (file, File.ReadAllText(file)))
            .ToArray();
    }

    /// <summary>The first fragment of <paramref name="token"/> found in <paramref name="text"/> that may not be there, or null.</summary>
    public static string? FindLeak(string token, string text)
    {
        var prefix = token[..Math.Min(token.Length, TokenRedaction.VisibleCharacters + 1)];
        // The header is the same in every token; the payload and the signature are what identify this one.
        var secretStart = Math.Max(token.IndexOf('.', StringComparison.Ordinal) + 1, 0);
        var fragments = Enumerable.Range(secretStart, Math.Max(token.Length - WindowLength - secretStart + 1, 0))
            .Select(start => token.Substring(start, WindowLength))
            .Prepend(prefix)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        // One pass over the text for all fragments at once: captured outputs run to tens of megabytes.
        var at = text.AsSpan().IndexOfAny(SearchValues.Create(fragments, StringComparison.Ordinal));
        return at < 0 ? null : fragments.First(fragment => text.AsSpan(at).StartsWith(fragment, StringComparison.Ordinal));
    }
}

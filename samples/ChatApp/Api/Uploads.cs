using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;

namespace ChatApp.Api;

/// <summary>
/// Reads and checks an uploaded file before anything is stored: a body larger than the limit is refused from its
/// <c>Content-Length</c> without being read, an empty or too large file is refused with a message that says why.
/// </summary>
internal static class Uploads
{
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;

    /// <summary>Room for the multipart framing and the other form fields around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static long MaxUploadBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("ChatApp:MaxUploadBytes") ?? DefaultMaxUploadBytes;

    /// <summary>The form of a multipart request, or the problem to answer (413 for a body over the limit).</summary>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpContext http, long maxUploadBytes,
        CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > maxUploadBytes + FormOverheadBytes)
        {
            return (null, TooLarge(http, maxUploadBytes, http.Request.ContentLength.Value, fileName: null));
        }

        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null);
        }
        catch (InvalidDataException)
        {
            // The multipart limit (FormOptions) was hit while reading a body sent without Content-Length.
            return (null, TooLarge(http, maxUploadBytes, size: null, fileName: null));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(http, maxUploadBytes, size: null, fileName: null));
        }
    }

    /// <summary><see langword="null"/> when the file may be stored; otherwise 400 (empty) or 413 (too large).</summary>
    public static IResult? Check(HttpContext http, IFormFile file, long maxUploadBytes)
    {
        if (file.Length == 0)
        {
            return ThreadAccess.BadRequest($"The file '{FileNameFrom(file.FileName)}' is empty.");
        }

        return file.Length > maxUploadBytes ? TooLarge(http, maxUploadBytes, file.Length, FileNameFrom(file.FileName)) : null;
    }

    public static string FileNameFrom(string? fileName)
    {
        var name = new string(Path.GetFileName(fileName ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            return "file";
        }

        return name.Length <= MaxFileNameLength ? name : name[^MaxFileNameLength..];
    }

    public static string MimeFrom(string? contentType, string fileName) =>
        !string.IsNullOrWhiteSpace(contentType) && contentType != "application/octet-stream" ? contentType
        : ContentTypes.TryGetContentType(fileName, out var guessed) ? guessed
        : "application/octet-stream";

    /// <summary>A size for people: <c>10 MB</c>, <c>512 KB</c>, <c>12 bytes</c>.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static IResult TooLarge(HttpContext http, long maxUploadBytes, long? size, string? fileName)
    {
        // The rest of the body is not read: ask the client to close the connection rather than have Kestrel drain it.
        http.Response.Headers.Connection = "close";
        var what = fileName is null ? "The upload" : $"The file '{fileName}'";
        var has = size is { } bytes ? $" has {Describe(bytes)}:" : " is too large:";
        return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
            detail: $"{what}{has} files may be at most {Describe(maxUploadBytes)}. Nothing was stored.");
    }
}

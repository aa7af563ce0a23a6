namespace ChatApp.Api;

/// <summary>
/// The sample's "login": the user's name is kept in a cookie and the server trusts it. Anyone can set the cookie to
/// any name, so this is NOT authentication; a real app puts its own sign-in (OpenID Connect, cookies issued by an
/// identity provider, ...) here and keeps the per-thread checks of <see cref="ThreadAccess"/> as they are.
/// </summary>
internal static class CurrentUser
{
    public const string CookieName = "chat_user";
    public const int MaxNameLength = 64;

    /// <summary>The logged-in user's identifier, or <see langword="null"/>.</summary>
    public static string? Get(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var name) && Normalize(name) is { } identifier ? identifier : null;

    public static void SignIn(HttpContext context, string identifier) =>
        context.Response.Cookies.Append(CookieName, identifier, new CookieOptions
        {
            HttpOnly = true,
            // Strict: no cross-site request carries the cookie, which is this sample's protection against CSRF.
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(7),
            Path = "/",
        });

    public static void SignOut(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict });

    /// <summary>A trimmed name of 1 to <see cref="MaxNameLength"/> characters without control characters, or <see langword="null"/>.</summary>
    public static string? Normalize(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    /// <summary>Endpoint filter: 401 without a login; otherwise the identifier is in <c>HttpContext.Items</c>.</summary>
    public static async ValueTask<object?> RequireAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Get(context.HttpContext) is not { } identifier)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not logged in",
                detail: "Log in first: POST /auth/login with {\"name\": \"...\"}.");
        }

        context.HttpContext.Items[CookieName] = identifier;
        return await next(context);
    }

    /// <summary>The identifier <see cref="RequireAsync"/> checked.</summary>
    public static string Identifier(this HttpContext context) =>
        context.Items[CookieName] as string ?? throw new InvalidOperationException("The endpoint does not require a login.");
}

using Indicators.Api.Infrastructure;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FastEndpoints;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.Observability;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Kernel.Batches;

/// <summary>A batch request; <c>dryRun</c> comes from the query only, read by <see cref="BatchRequestBinder{TRequest}"/>.</summary>
internal interface IBatchRequest
{
    bool DryRun { get; set; }
}

/// <summary>
/// The default binder, plus two things. It keeps the body's bytes when an <c>Idempotency-Key</c> is sent: the key is
/// bound to the exact request (method, path and query, body bytes), and hashing the bytes is the only exact way to
/// tell a retry from a different request. And it takes <c>dryRun</c> from the query alone: a body field
/// <c>"dryRun": true</c> is refused rather than obeyed or ignored, since either would surprise the client that sent it.
/// </summary>
internal sealed class BatchRequestBinder<TRequest> : RequestBinder<TRequest> where TRequest : notnull, IBatchRequest
{
    public override async ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var request = ctx.HttpContext.Request;
        // A spreadsheet body (SPEC "Spreadsheets") is read whole by the endpoint, so it is always kept; a JSON body only
        // when an Idempotency-Key needs its bytes.
        if (request.Headers.ContainsKey(BatchHttp.KeyHeader) || Spreadsheets.SheetMediaTypes.Of(request.ContentType) is not null)
        {
            var limit = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            var bytes = await ReadBodyAsync(request.Body, limit, ct);
            ctx.HttpContext.Items[BatchHttp.BodyItem] = bytes;
            request.Body = new MemoryStream(bytes, writable: false);
        }
        var bound = await base.BindAsync(ctx, ct);
        var query = request.Query["dryRun"];
        string? error = null;
        if (query.Count == 0)
        {
            error = bound.DryRun ? "dryRun is a query parameter (?dryRun=true), not a field of the body." : null;
            bound.DryRun = false;
        }
        else if (query.Count > 1 || !bool.TryParse(query[0], out var value))
        {
            error = "dryRun must be true or false.";
        }
        else
        {
            bound.DryRun = value;
        }
        if (error is not null)
        {
            ctx.ValidationFailures.Add(new FluentValidation.Results.ValidationFailure("dryRun", error));
            throw new ValidationFailureException(ctx.ValidationFailures, "Binding failed.");
        }
        return bound;
    }

    /// <summary>
    /// The body's bytes, at most <paramref name="limit"/> of them. Kestrel stops a longer body at the same size and
    /// RequestLimits a longer declared one; this also holds where neither does (an undeclared body on another server).
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BadHttpRequestException("The request body is larger than this service accepts.", StatusCodes.Status413PayloadTooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// The HTTP side shared by <c>POST /api/v1/submissions</c> and <c>PUT /api/v1/targets</c>: the Idempotency-Key
/// (claim, replay, 409, 422), and the receipt answer, whose exact bytes are what a replay sends again.
/// </summary>
[Singleton]
internal sealed class BatchHttp(IdempotencyStore store)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Where <see cref="BatchRequestBinder{TRequest}"/> leaves the body's bytes.</summary>
    public const string BodyItem = "Indicators.RequestBody";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Claims the request's Idempotency-Key, if it has one. A dry run writes nothing, so it claims none.</summary>
    public async Task<BatchExchange> BeginAsync(HttpContext http, Caller caller, bool dryRun, CancellationToken ct)
    {
        var headers = http.Request.Headers[KeyHeader];
        if (headers.Count == 0 || dryRun)
        {
            return new BatchExchange(store, http, null, null);
        }
        if (!TryReadKey(headers, out var key, out var error))
        {
            return BatchExchange.Answered(store, http, new ProblemResult(ProblemTypes.Validation, $"{KeyHeader}: {error}",
                new Dictionary<string, string[]> { [KeyHeader] = [error] }));
        }
        var claim = await store.ClaimAsync(caller.KeyId, key, RequestHash(http), ct);
        switch (claim.State)
        {
            case IdempotencyState.Started:
                return new BatchExchange(store, http, caller.KeyId, key);
            case IdempotencyState.Replay:
                var stored = claim.Stored!;
                if (stored.Location is not null)
                {
                    http.Response.Headers.Location = stored.Location;
                }
                http.Response.Headers[ReplayedHeader] = "true";
                return BatchExchange.Answered(store, http, Results.Text(stored.ResponseBody, BatchExchange.JsonContentType, Encoding.UTF8, stored.StatusCode));
            case IdempotencyState.InProgress:
                return BatchExchange.Answered(store, http, new ProblemResult(ProblemTypes.IdempotencyKeyInUse,
                    $"A request with this {KeyHeader} is still being processed. Retry later to get its answer."));
            default:
                return BatchExchange.Answered(store, http, new ProblemResult(ProblemTypes.IdempotencyKeyReused,
                    $"This {KeyHeader} was used for a different request (method, address or body). Use a new key for a new request."));
        }
    }

    /// <summary>1 to 255 visible ASCII characters, bare or as the draft's quoted structured-field string ("abc").</summary>
    public static bool TryReadKey(Microsoft.Extensions.Primitives.StringValues headers, out string key, out string error)
    {
        key = "";
        if (headers.Count > 1)
        {
            error = $"send one {KeyHeader} header, not {headers.Count}.";
            return false;
        }
        var text = headers[0] ?? "";
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
            if (text.Contains('"') || text.Contains('\\'))
            {
                error = "a quoted key may not contain quotes or backslashes.";
                return false;
            }
        }
        if (text.Length is 0 or > MaxKeyLength || text.Any(ch => ch is < '!' or > '~'))
        {
            error = $"must be 1 to {MaxKeyLength} visible ASCII characters (no spaces), e.g. a UUID.";
            return false;
        }
        key = text;
        error = "";
        return true;
    }

    /// <summary>SHA-256 of the method, the path with its query, and the body bytes.</summary>
    private static string RequestHash(HttpContext http)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var r = http.Request;
        hash.AppendData(Encoding.UTF8.GetBytes($"{r.Method}\n{r.PathBase}{r.Path}{r.QueryString}\n"));
        hash.AppendData(http.Items[BodyItem] as byte[] ?? []);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static string Serialize(SubmissionReceipt receipt) => JsonSerializer.Serialize(receipt, Json);
}

/// <summary>One batch request's exchange: either answered already (replay, 409, 422, bad key) or to be run, then
/// answered with <see cref="Receipt"/>.</summary>
internal sealed class BatchExchange
{
    public const string JsonContentType = "application/json; charset=utf-8";

    private readonly IdempotencyStore store;
    private readonly HttpContext http;
    private readonly string? apiKeyId;
    private readonly string? key;
    private string? body;

    internal BatchExchange(IdempotencyStore store, HttpContext http, string? apiKeyId, string? key)
    {
        this.store = store;
        this.http = http;
        this.apiKeyId = apiKeyId;
        this.key = key;
    }

    /// <summary>The answer to send without running the batch, if any.</summary>
    public IResult? Early { get; private init; }

    internal static BatchExchange Answered(IdempotencyStore store, HttpContext http, IResult answer) => new(store, http, null, null) { Early = answer };

    /// <summary>For <see cref="BatchOptions.BeforeCommit"/>: stores the answer with the Idempotency-Key, in the batch's transaction.</summary>
    public Func<DbConnection, DbTransaction, SubmissionReceipt, Task>? BeforeCommit =>
        key is null ? null : (c, tx, receipt) => store.CompleteAsync(c, tx, apiKeyId!, key, Status(receipt), Body(receipt), Location(receipt));

    /// <summary>Frees the key: the batch was refused or failed, and wrote nothing.</summary>
    public Task ReleaseAsync() => key is null ? Task.CompletedTask : store.ReleaseAsync(apiKeyId!, key);

    /// <summary>201 with Location (200 for a dry run) and the receipt, byte for byte what a replay sends.</summary>
    public IResult Receipt(SubmissionReceipt receipt)
    {
        if (!receipt.DryRun)
        {
            BatchTelemetry.Stored(receipt.Kind, receipt.Created, receipt.Updated, receipt.Unchanged);
        }
        if (Location(receipt) is { } location)
        {
            http.Response.Headers.Location = location;
        }
        return Results.Text(Body(receipt), JsonContentType, Encoding.UTF8, Status(receipt));
    }

    private string Body(SubmissionReceipt receipt) => body ??= BatchHttp.Serialize(receipt);

    private static int Status(SubmissionReceipt receipt) => receipt.DryRun ? 200 : 201;

    private static string? Location(SubmissionReceipt receipt) => receipt.Id is null ? null : $"/api/v1/submissions/{receipt.Id}";
}

internal static class BatchDocs
{
    /// <summary>What POST /api/v1/submissions and PUT /api/v1/targets answer, and the headers they read and set.</summary>
    public static RouteHandlerBuilder BatchWriteResponses(this RouteHandlerBuilder b) => b
        .Produces<SubmissionReceipt>(201)
        .Produces<SubmissionReceipt>(200)
        .Problems(400, 409, 413, 415, 422)
        .AuthProblems()
        .WithMetadata(BatchEndpointMetadata.Instance)
        .RequestHeader(BatchHttp.KeyHeader,
            "Optional: 1 to 255 visible ASCII characters naming this request (e.g. a UUID). A retry with the same key and the same " +
            "request within 24 hours is answered with the first answer and writes nothing; the same key with a different request is 422, " +
            "and while the first is still running 409.")
        .ResponseHeader(201, "Location", "The receipt: /api/v1/submissions/{id}.", "/api/v1/submissions/01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10")
        .ResponseHeader(201, BatchHttp.ReplayedHeader, "true when this is the stored answer to an earlier request with the same Idempotency-Key.", "true");
}

namespace Reduct.Client;

/// <summary>
/// Names under which the client publishes its metrics and traces, for subscribing to them with OpenTelemetry
/// (<c>AddMeter(ReductTelemetry.MeterName)</c>, <c>AddSource(ReductTelemetry.ActivitySourceName)</c>) or with a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/> / <see cref="System.Diagnostics.ActivityListener"/>.
/// </summary>
/// <remarks>
/// <para>Instruments of the meter:</para>
/// <list type="table">
/// <listheader><term>Instrument</term><description>Meaning (unit; tags)</description></listheader>
/// <item><term><c>reduct.client.records.written</c></term><description>Counter: records the server stored (<c>{record}</c>; <c>reduct.bucket</c>).</description></item>
/// <item><term><c>reduct.client.bytes.written</c></term><description>Counter: body bytes of the records the server stored (<c>By</c>; <c>reduct.bucket</c>).</description></item>
/// <item><term><c>reduct.client.records.failed</c></term><description>Counter: records that were not stored (<c>{record}</c>; <c>reduct.bucket</c>, <c>error.type</c>: the HTTP status such as <c>409</c>, or <c>timeout</c>, <c>connection_failed</c>, ...).</description></item>
/// <item><term><c>reduct.client.request.records</c></term><description>Histogram: records per write request (<c>{record}</c>; <c>url.template</c>, <c>reduct.bucket</c>).</description></item>
/// <item><term><c>reduct.client.request.duration</c></term><description>Histogram: duration of each HTTP request until its response headers (<c>s</c>; <c>http.request.method</c>, <c>url.template</c>, <c>server.address</c>, <c>server.port</c>, <c>http.response.status_code</c>, <c>error.type</c>).</description></item>
/// <item><term><c>reduct.client.writer.queue_depth</c></term><description>Up-down counter: records accepted by writers and not yet sent (<c>{record}</c>; <c>reduct.bucket</c>).</description></item>
/// </list>
/// <para>
/// The activity source starts one <see cref="System.Diagnostics.ActivityKind.Client"/> activity per HTTP request,
/// named after the method and the route (<c>POST io/{bucket}/write</c>), with the tags <c>http.request.method</c>,
/// <c>url.path</c>, <c>url.template</c>, <c>server.address</c>, <c>server.port</c>, <c>http.response.status_code</c>,
/// <c>error.type</c>, <c>reduct.bucket</c>, <c>reduct.entry</c> (one entry) or <c>reduct.entry_count</c> (a
/// multi-entry batch), and <c>reduct.record_count</c>. The API token is never recorded.
/// </para>
/// </remarks>
public static class ReductTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Reduct.Client</c>.</summary>
    public const string MeterName = "Reduct.Client";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Reduct.Client</c>.</summary>
    public const string ActivitySourceName = "Reduct.Client";
}

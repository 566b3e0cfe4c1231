namespace Reduct.Client.Testing.Http;

/// <summary>Names of the ReductStore-specific headers.</summary>
internal static class ReductHeaders
{
    public const string Api = "x-reduct-api";
    public const string Error = "x-reduct-error";
    public const string ErrorPrefix = "x-reduct-error-";
    public const string Time = "x-reduct-time";
    public const string TimePrefix = "x-reduct-time-";
    public const string LabelPrefix = "x-reduct-label-";
    public const string ContentLength = "x-reduct-content-length";
    public const string Entries = "x-reduct-entries";
    public const string StartTs = "x-reduct-start-ts";
    public const string Labels = "x-reduct-labels";
    public const string Prefix = "x-reduct-";
}

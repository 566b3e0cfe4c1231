using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>How the SDK writes the JSON it sends.</summary>
internal static class JsonText
{
    /// <summary>
    /// Leaves <c>&amp;</c> and other characters as they are: the default escaping (<c>\u0026score</c>) means the same to
    /// the server but is harder to read in logs and tests. The text never goes into HTML.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same for JSON nodes turned into text.</summary>
    public static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

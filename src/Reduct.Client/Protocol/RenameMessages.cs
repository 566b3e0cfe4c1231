using System.Buffers;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The body of an entry or bucket rename (spec §7): <c>{"new_name":"..."}</c>, sent as <c>application/json</c>
/// (the bucket route refuses any other content type with a bare 415).
/// </summary>
internal static class RenameMessages
{
    /// <summary>The UTF-8 JSON body naming the new name.</summary>
    public static byte[] Body(string newName)
    {
        var buffer = new ArrayBufferWriter<byte>(32 + newName.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("new_name", newName);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

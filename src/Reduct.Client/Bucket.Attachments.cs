using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// Attachments (servers 1.19 and newer): small JSON documents kept beside an entry under names (keys), such as a
/// calibration or a schema. They are records of the hidden entry <c>&lt;entry&gt;/$meta</c>, written the way the
/// official SDKs write them, so that each SDK reads what another wrote.
/// </summary>
public partial class Bucket
{
    /// <summary>The label that names an attachment.</summary>
    private const string AttachmentKeyLabel = "key";

    /// <summary>
    /// Writes attachments of an entry, one record each in <c>&lt;entry&gt;/$meta</c>: the value as its JSON text,
    /// content type <c>application/json</c>, label <c>key</c>, timestamps from now on one microsecond apart. An
    /// attachment with a key that exists replaces it (the server removes the older record). Other keys stay as they are.
    /// </summary>
    /// <param name="entry">The entry the attachments belong to (not an attachment entry itself).</param>
    /// <param name="attachments">The attachments by key; nothing is sent when there are none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed, a key is empty or cannot be a label value, or a value is an undefined <see cref="JsonElement"/>.</exception>
    /// <exception cref="ReductException">
    /// The server refused the records (404 when the bucket does not exist; the message names the first key not
    /// written), or <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task WriteAttachmentsAsync(string entry, IReadOnlyDictionary<string, JsonElement> attachments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        return WriteAttachmentBodiesAsync(entry, attachments, static value =>
        {
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                throw new ArgumentException("An attachment value must be a JSON value, not an undefined JsonElement.", nameof(attachments));
            }

            return JsonSerializer.SerializeToUtf8Bytes(value, AttachmentJson.Element);
        }, cancellationToken);
    }

    /// <summary>Writes attachments of an entry, each value serialized with <paramref name="typeInfo"/> (source-generated JSON, trimming and AOT safe).</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="entry">The entry the attachments belong to.</param>
    /// <param name="attachments">The attachments by key.</param>
    /// <param name="typeInfo">How to write a value, for example <c>MyJsonContext.Default.Calibration</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="WriteAttachmentsAsync(string, IReadOnlyDictionary{string, JsonElement}, CancellationToken)"/>
    public virtual Task WriteAttachmentsAsync<T>(string entry, IReadOnlyDictionary<string, T> attachments, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return WriteAttachmentBodiesAsync(entry, attachments, value => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    /// <summary>
    /// Reads the attachments of an entry: every record of <c>&lt;entry&gt;/$meta</c> that is not removed, by its
    /// <c>key</c> label. A JSON body (<c>application/json</c>, <c>text/json</c>, <c>*+json</c>) comes back as its value; any
    /// other body as a JSON string holding its bytes in base64, as the official SDKs read it.
    /// </summary>
    /// <param name="entry">The entry the attachments belong to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The attachments by key; empty when the entry has none (or does not exist).</returns>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket does not exist, a JSON body this SDK cannot read (the message names its key), or another
    /// error; <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual async Task<IReadOnlyDictionary<string, JsonElement>> ReadAttachmentsAsync(string entry, CancellationToken cancellationToken = default)
    {
        string attachmentEntry = AttachmentEntry(entry);
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Attachments, cancellationToken).ConfigureAwait(false);
        var attachments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await foreach (ReductRecord record in QueryAttachmentsAsync(attachmentEntry, metadataOnly: false, cancellationToken).ConfigureAwait(false))
        {
            await using (record.ConfigureAwait(false))
            {
                if (record.Labels.TryGetValue(AttachmentKeyLabel, out string? key))
                {
                    byte[] body = await record.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
                    attachments[key] = AttachmentJson.ReadValue(key, record.ContentType, body);
                }
            }
        }

        return attachments;
    }

    /// <summary>Reads the attachments of an entry, each value read with <paramref name="typeInfo"/>.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="entry">The entry the attachments belong to.</param>
    /// <param name="typeInfo">How to read a value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The attachments by key.</returns>
    /// <exception cref="ReductException">As for the untyped overload, and when a value does not read as <typeparamref name="T"/>.</exception>
    /// <inheritdoc cref="ReadAttachmentsAsync(string, CancellationToken)"/>
    public virtual async Task<IReadOnlyDictionary<string, T?>> ReadAttachmentsAsync<T>(string entry, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        IReadOnlyDictionary<string, JsonElement> values = await ReadAttachmentsAsync(entry, cancellationToken).ConfigureAwait(false);
        var typed = new Dictionary<string, T?>(values.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> value in values)
        {
            typed[value.Key] = AttachmentJson.Deserialize(value.Key, value.Value, typeInfo);
        }

        return typed;
    }

    /// <summary>Lists the keys of an entry's attachments, reading no bodies.</summary>
    /// <param name="entry">The entry the attachments belong to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys in the order the attachments were written; empty when there are none.</returns>
    /// <inheritdoc cref="ReadAttachmentsAsync(string, CancellationToken)"/>
    public virtual async Task<IReadOnlyList<string>> ListAttachmentsAsync(string entry, CancellationToken cancellationToken = default)
    {
        string attachmentEntry = AttachmentEntry(entry);
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Attachments, cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (ReductRecord record in QueryAttachmentsAsync(attachmentEntry, metadataOnly: true, cancellationToken).ConfigureAwait(false))
        {
            await using (record.ConfigureAwait(false))
            {
                if (record.Labels.TryGetValue(AttachmentKeyLabel, out string? key) && !keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    /// <summary>
    /// Removes attachments of an entry: their records in <c>&lt;entry&gt;/$meta</c> get the label <c>remove=true</c>
    /// (the server's way to remove an attachment; it keeps the record but no query returns it), as the official SDKs
    /// do. Writing the key again later brings it back with the new value.
    /// </summary>
    /// <param name="entry">The entry the attachments belong to.</param>
    /// <param name="keys">The keys to remove; null for all. A key that is not there is skipped.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many attachments were removed.</returns>
    /// <exception cref="ArgumentException">The entry name is not allowed, or a key is null.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket does not exist, a record the server did not relabel (the message names its key), or
    /// another error; <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual async Task<int> RemoveAttachmentsAsync(string entry, IEnumerable<string>? keys = null, CancellationToken cancellationToken = default)
    {
        string attachmentEntry = AttachmentEntry(entry);
        HashSet<string>? wanted = null;
        if (keys is not null)
        {
            wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (string? key in keys)
            {
                wanted.Add(key ?? throw new ArgumentException("An attachment key must not be null.", nameof(keys)));
            }

            if (wanted.Count == 0)
            {
                return 0;
            }
        }

        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Attachments, cancellationToken).ConfigureAwait(false);
        var tombstones = new Dictionary<ReductTimestamp, LabelUpdate>();
        var keyOf = new Dictionary<ReductTimestamp, string>();
        await foreach (ReductRecord record in QueryAttachmentsAsync(attachmentEntry, metadataOnly: true, cancellationToken).ConfigureAwait(false))
        {
            await using (record.ConfigureAwait(false))
            {
                if (record.Labels.TryGetValue(AttachmentKeyLabel, out string? key) && (wanted is null || wanted.Contains(key)))
                {
                    var update = new LabelUpdate();
                    update.Labels["remove"] = "true";
                    tombstones[record.Timestamp] = update;
                    keyOf[record.Timestamp] = key;
                }
            }
        }

        if (tombstones.Count == 0)
        {
            return 0;
        }

        IReadOnlyDictionary<ReductTimestamp, ReductException> failures = await UpdateLabelsAsync(attachmentEntry, tombstones, cancellationToken).ConfigureAwait(false);
        foreach (KeyValuePair<ReductTimestamp, ReductException> failure in failures)
        {
            throw new ReductException(failure.Value.Status, $"Attachment '{keyOf[failure.Key]}' of entry '{entry}' was not removed: {failure.Value.ServerMessage}", failure.Value);
        }

        return keyOf.Values.Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Checks the entry name and gives its attachment entry, <c>&lt;entry&gt;/$meta</c>.</summary>
    private static string AttachmentEntry(string entry)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        NameRules.RefuseAttachmentEntry(entry, "attachments belong to a data entry; give the name of that entry", nameof(entry));
        return entry + "/$meta";
    }

    private async Task WriteAttachmentBodiesAsync<T>(string entry, IReadOnlyDictionary<string, T> attachments, Func<T, byte[]> serialize, CancellationToken cancellationToken)
    {
        string attachmentEntry = AttachmentEntry(entry);
        if (attachments.Count == 0)
        {
            return;
        }

        var batch = new Batch();
        var keyOf = new Dictionary<ReductTimestamp, string>(attachments.Count);
        ulong time = ReductTimestamp.Now.Microseconds;
        foreach (KeyValuePair<string, T> attachment in attachments)
        {
            if (string.IsNullOrEmpty(attachment.Key))
            {
                throw new ArgumentException("An attachment key must not be null or empty.", nameof(attachments));
            }

            byte[] body = serialize(attachment.Value);
            try
            {
                batch.Add(time, body, AttachmentJson.ContentType, new Labels { [AttachmentKeyLabel] = attachment.Key });
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"The attachment key '{attachment.Key}' cannot be sent as a label value: {ex.Message}", nameof(attachments), ex);
            }

            keyOf[time] = attachment.Key;
            time++;
        }

        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Attachments, cancellationToken).ConfigureAwait(false);
        BatchWriteResult<ReductTimestamp> result = await WriteBatchAsync(attachmentEntry, batch, cancellationToken).ConfigureAwait(false);
        foreach (KeyValuePair<ReductTimestamp, ReductException> failure in result)
        {
            throw new ReductException(failure.Value.Status, $"Attachment '{keyOf[failure.Key]}' of entry '{entry}' was not written: {failure.Value.ServerMessage}", failure.Value);
        }
    }

    /// <summary>Every visible record of an attachment entry; none when the entry does not exist yet.</summary>
    private async IAsyncEnumerable<ReductRecord> QueryAttachmentsAsync(string attachmentEntry, bool metadataOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ReductRecord> records = QueryAsync(attachmentEntry, options: new QueryOptions { MetadataOnly = metadataOnly }, cancellationToken: cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (records.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await records.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (ReductException ex) when (ServerErrors.IsEntryNotFound(ex, Name, attachmentEntry))
                {
                    yield break;
                }

                yield return records.Current;
            }
        }
    }
}
